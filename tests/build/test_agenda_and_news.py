"""The agenda (pages and iCalendar files) and the news (listing, feed), built
from a fixture site under two machine time zones."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import icalendar
import pytest
from conftest import FIXED_NOW, FixtureSite

ATOM = "{http://www.w3.org/2005/Atom}"


def agenda_site(root) -> FixtureSite:
    site = FixtureSite(root)
    site.write(
        "data/events/malam.yaml",
        """
        title: {id: Malam Apresiasi, en: Awards Night}
        start: 2021-10-24
        end: 2021-10-24
        venue: Museum Bank Mandiri
        type: apresiasi
    """,
    )
    site.write(
        "data/events/gelar-wicara.yaml",
        """
        title: Gelar wicara
        start: 2021-10-24 19:30
        end: 2021-10-24 21:00
        venue: Ruang A
        type: talkshow
        sample: true
    """,
    )
    site.write(
        "data/events/masa-depan.yaml",
        """
        title: Lokakarya masa depan
        start: 2026-03-01 09:00
        end: 2026-03-01 11:00
        venue: Ruang B
        type: workshop
        sample: true
    """,
    )
    for number in range(1, 13):
        site.write(
            f"content/news/berita-{number}.md",
            f"""
            Title: Berita {number}
            Date: 2025-01-{number:02d} 10:00
            Slug: berita-{number}

            Isi berita {number}.
        """,
        )
    return site


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The same site built with the machine in two different time zones."""
    built = {}
    for zone in ("UTC", "America/New_York"):
        site = agenda_site(tmp_path_factory.mktemp(zone.replace("/", "-")) / "site")
        site.build(env={"TZ": zone})
        built[zone] = site
    return built


@pytest.fixture(scope="module")
def built(builds):
    return builds["America/New_York"]


def test_calendars_are_identical_whatever_the_machine_zone(builds):
    for name in ("agenda.ics", "agenda/gelar-wicara.ics", "agenda/malam.ics"):
        assert (builds["UTC"].output / name).read_bytes() == (
            builds["America/New_York"].output / name
        ).read_bytes()


def test_event_calendar_parses_back_in_jakarta_time(built):
    calendar = icalendar.Calendar.from_ical((built.output / "agenda/gelar-wicara.ics").read_bytes())
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == "gelar-wicara@jakpreneur-fest"
    start = event.decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(hours=7)
    assert (start.hour, start.minute) == (19, 30)
    assert event.decoded("DTEND") - start == dt.timedelta(minutes=90)
    assert event.decoded("DTSTAMP") == FIXED_NOW
    assert str(event["URL"]) == "http://127.0.0.1:8000/agenda/gelar-wicara/"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]


def test_whole_fest_calendar_holds_every_event(built):
    calendar = icalendar.Calendar.from_ical((built.output / "agenda.ics").read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"gelar-wicara@jakpreneur-fest", "malam@jakpreneur-fest",
                           "masa-depan@jakpreneur-fest"}  # fmt: skip
    whole_day = events["malam@jakpreneur-fest"]
    assert whole_day.decoded("DTSTART") == dt.date(2021, 10, 24)
    assert whole_day.decoded("DTEND") == dt.date(2021, 10, 25)


def test_agenda_page_reads_the_indonesian_way(built):
    page = built.page("agenda")
    assert '<time datetime="2021-10-24T19:30:00+07:00">19.30–21.00 WIB</time>' in page
    assert "Minggu, 24 Oktober 2021" in page
    assert page.index("Malam Apresiasi") < page.index("Gelar wicara")  # whole day first


def test_past_and_sample_events_are_marked(built):
    assert "Acara ini sudah berlangsung." in built.page("agenda/gelar-wicara")
    assert "Contoh: acara ini adalah contoh fiktif" in built.page("agenda/gelar-wicara")
    future = built.page("agenda/masa-depan")
    assert "sudah berlangsung" not in future
    assert (
        "Sudah lewat"
        not in built.page("agenda").split("Lokakarya masa depan")[0].rsplit("<li", 1)[1]
    )


def test_home_shows_what_is_on_next(built):
    home = built.page("")
    assert "Segera" in home and "/agenda/masa-depan/" in home
    assert "/agenda/gelar-wicara/" not in home  # past events are not "next"


def test_home_recaps_the_fest_once_everything_is_over(tmp_path):
    site = agenda_site(tmp_path / "site")
    (site.data / "events" / "masa-depan.yaml").unlink()
    site.build()
    home = site.page("")
    assert "Kilas balik edisi 2021" in home and "/agenda/gelar-wicara/" in home


def test_news_listing_paginates_and_feed_links_are_absolute(built):
    first = built.page("berita")
    assert first.index("Berita 12") < first.index("Berita 3")
    assert 'href="/berita/page/2/" rel="next"' in first
    assert "Berita 1<" in built.page("berita/page/2")
    feed = ET.parse(built.output / "berita/atom.xml").getroot()
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert "http://127.0.0.1:8000/berita/berita-12/" in links
    assert all(link.startswith("http://127.0.0.1:8000/") for link in links)
    assert "1 Januari 2025" in built.page("berita/page/2")


def test_article_body_is_html_not_escaped_text(built):
    page = built.page("berita/berita-12")
    assert "<p>Isi berita 12.</p>" in page and "&lt;p&gt;" not in page
    assert "<p>Isi berita 12.</p>" in built.page("berita")  # the summary in the listing


def test_build_prints_when_the_next_scheduled_change_is_due(tmp_path):
    site = agenda_site(tmp_path / "site")
    site.write(
        "content/news/nanti.md",
        """
        Title: Nanti
        Date: 2026-02-01 08:00
        Slug: nanti

        Nanti.
    """,
    )
    result = site.build()
    assert "Next scheduled change: 2026-02-01 08:00 WIB (" in result.stdout
    assert "nanti.md)" in result.stdout
    (site.content / "news" / "nanti.md").unlink()
    result = site.build()
    assert "Next scheduled change: 2026-03-01 09:00 WIB (" in result.stdout
    assert "masa-depan.yaml)" in result.stdout
