"""What the build keeps of each page, kept once: the twins of an exhibitor's
pages, the paths the search step reads, the writer's paths and templates."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest


def _index(*slugs, lang):
    cards = [SimpleNamespace(slug=slug, url=f"{lang}/{slug}/") for slug in slugs]
    return SimpleNamespace(cards=cards)


def test_an_exhibitors_pages_share_one_dict_of_its_cards_urls():
    from directory.generator import exhibitor_twins

    indexes = {"id": _index("kopi", "teh", lang="id"), "en": _index("kopi", "teh", lang="en")}
    twins = exhibitor_twins(indexes)
    assert twins == [{"id": "id/kopi/", "en": "en/kopi/"}, {"id": "id/teh/", "en": "en/teh/"}]
    assert twins[0]["en"] is indexes["en"].cards[0].url  # the card's own URL, not a copy


def test_languages_listing_exhibitors_in_different_orders_are_refused():
    from directory.generator import exhibitor_twins

    indexes = {"id": _index("kopi", "teh", lang="id"), "en": _index("teh", "kopi", lang="en")}
    with pytest.raises(RuntimeError, match="different orders"):
        exhibitor_twins(indexes)


def test_the_search_step_keeps_the_writers_paths_and_reads_them_site_relative():
    from search.generator import RECORD, record_written_file

    RECORD.reset()
    RECORD.output_path = "/site/output"
    page = "/site/output/peserta/kopi/index.html"
    record_written_file(page)
    record_written_file(Path("/site/output/en/exhibitors/kopi/index.html"))
    record_written_file("/site/output/404.html")  # not a page of the URL table
    assert RECORD.written[0] is page
    assert list(RECORD.site_paths()) == ["peserta/kopi/index.html",
                                         "en/exhibitors/kopi/index.html"]  # fmt: skip
    RECORD.reset()


def test_the_writers_paths_answer_pelicans_set_and_keep_each_template():
    from page_writer.writer import WrittenPaths

    written = WrittenPaths()
    written.add("/out/feed.xml")  # as Pelican's own writer adds a path
    written["/out/index.html"] = "index.html"
    written.add("/out/index.html")  # a template already known is kept
    assert "/out/feed.xml" in written and "/out/other.html" not in written
    assert written["/out/feed.xml"] == "(unknown)" and written["/out/index.html"] == "index.html"
