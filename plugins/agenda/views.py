"""Ready-made fields for the agenda's templates, one language at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from directory import urls
from directory.views import LocalMarkup, LocalText, local, local_markdown
from theme_i18n.formatting import JAKARTA, format_time

ISO_MINUTES = "%Y-%m-%dT%H:%M:%S%z"


@dataclass(frozen=True)
class EventView:
    slug: str
    title: LocalText
    url: str
    calendar_url: str
    day: dt.date  # the Jakarta date it starts on
    end_day: dt.date
    all_day: bool
    time_label: str | None  # "19.30–21.00 WIB"; None for a whole day
    start_iso: str  # machine-readable, with +07:00
    end_iso: str
    type_label: LocalText
    venue: LocalText
    speakers: list
    description: LocalMarkup | None
    sample: bool
    past: bool


def jakarta_day(value) -> dt.date:
    return value.astimezone(JAKARTA).date() if isinstance(value, dt.datetime) else value


def is_past(event, now: dt.datetime) -> bool:
    """Over by the build's now: timed events by the minute, whole days by the date."""
    if isinstance(event.end, dt.datetime):
        return event.end <= now
    return event.end < now.astimezone(JAKARTA).date()


def iso(value) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(JAKARTA).isoformat()
    return value.isoformat()


def time_label(event, lang: str) -> str | None:
    if not isinstance(event.start, dt.datetime):
        return None
    start, end = format_time(event.start, lang), format_time(event.end, lang)
    return f"{start.removesuffix(' WIB')}–{end}"


def event_view(record, lang: str, vocab, now: dt.datetime) -> EventView:
    event = record.data
    return EventView(
        slug=record.slug,
        title=local(event.title, lang),
        url=urls.event(lang, record.slug),
        calendar_url=urls.event_calendar(lang, record.slug),
        day=jakarta_day(event.start),
        end_day=jakarta_day(event.end),
        all_day=event.all_day,
        time_label=time_label(event, lang),
        start_iso=iso(event.start),
        end_iso=iso(event.end),
        type_label=local(vocab.event_types[event.type].label, lang),
        venue=local(event.venue, lang),
        speakers=event.speakers or [],
        description=local_markdown(event.description, lang),
        sample=event.sample,
        past=is_past(event, now),
    )


def sort_key(view: EventView):
    # Whole-day events first on their day, then by time, then by slug.
    return (view.day, not view.all_day, view.start_iso, view.slug)


def agenda_views(site_data, lang: str, now: dt.datetime) -> list[EventView]:
    views = [event_view(r, lang, site_data.vocab, now) for r in site_data.events.values()]
    return sorted(views, key=sort_key)


def by_day(views: list[EventView]) -> list[tuple[dt.date, list[EventView]]]:
    return [(day, list(events)) for day, events in groupby(views, key=lambda v: v.day)]
