"""iCalendar files made with the icalendar library: stable UIDs, DTSTAMP from
the build's now (so the same inputs give the same bytes), times in
Asia/Jakarta with its VTIMEZONE."""

from __future__ import annotations

import datetime as dt
import functools

import icalendar

PRODUCT_ID = "-//Jakpreneur Fest//Agenda//ID"
UID_DOMAIN = "jakpreneur-fest"


def calendar_bytes(records, *, lang: str, now: dt.datetime, page_url, name: str) -> bytes:
    """An .ics of `records`; `page_url(slug)` gives each event's absolute URL."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for record in records:
        calendar.add_component(_event(record, lang, now, page_url(record.slug)))
    add_missing_timezones(calendar)
    return calendar.to_ical()


def add_missing_timezones(calendar: icalendar.Calendar) -> None:
    """icalendar's `add_missing_timezones`, with each VTIMEZONE made once per
    process: making one walks the zone's offsets over decades (about 14 ms),
    and the agenda writes a calendar for every event in every language."""
    for tzid in sorted(calendar.get_missing_tzids()):
        timezone = _vtimezone(tzid)
        if timezone is not None:  # a zone icalendar does not know: left out, as it does
            calendar.subcomponents.insert(len(calendar.timezones), timezone)


@functools.cache
def _vtimezone(tzid: str) -> icalendar.Timezone | None:
    """One component shared by every calendar (only ever serialised)."""
    try:
        return icalendar.Timezone.from_tzid(tzid)
    except ValueError:
        return None


def _event(record, lang: str, now: dt.datetime, url: str) -> icalendar.Event:
    data = record.data
    event = icalendar.Event()
    event.add("uid", f"{record.slug}@{UID_DOMAIN}")
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("dtstart", data.start)
    # iCalendar's DTEND of a whole-day event is the day after it ends.
    event.add("dtend", data.end if not data.all_day else data.end + dt.timedelta(days=1))
    event.add("summary", data.title.get(lang)[0])
    event.add("location", data.venue.get(lang)[0])
    if data.description:
        event.add("description", data.description.get(lang)[0])
    event.add("url", url)
    return event
