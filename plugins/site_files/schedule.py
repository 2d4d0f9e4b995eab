"""When the site next needs a rebuild. A static site only changes when it is
rebuilt: an event becomes past, a future-dated post falls due, the fest ends
and the home page turns into a recap. The build prints the earliest of these
after its "now", so the operator knows (and the daily rebuild catches it)."""

from __future__ import annotations

import datetime as dt

from theme_i18n.formatting import JAKARTA


def _moment(value) -> dt.datetime:
    """Whole-day values change at midnight after the day, Jakarta time."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=JAKARTA)
    return dt.datetime.combine(value + dt.timedelta(days=1), dt.time(), JAKARTA)


def scheduled_changes(context):
    site_data = context["site_data"]
    for record in site_data.events.values():
        start = record.data.start
        yield _moment(start) if isinstance(start, dt.datetime) else None, record.source
        yield _moment(record.data.end), record.source
    yield _moment(site_data.festival.end), "data/festival.yaml"
    for content in [*context.get("drafts", []), *context.get("draft_pages", [])]:
        if getattr(content, "status", None) == "draft" and getattr(content, "date", None):
            yield _moment(content.date), content.source_path


def next_change(context, now: dt.datetime):
    """(moment, source) of the next scheduled change after `now`, or None."""
    upcoming = [(moment, source) for moment, source in scheduled_changes(context)
                if moment is not None and moment > now]  # fmt: skip
    return min(upcoming, default=None)


def announce_next_change(context, now: dt.datetime) -> str:
    found = next_change(context, now)
    if found is None:
        return "Tidak ada perubahan terjadwal / No scheduled change ahead."
    moment, source = found
    when = moment.astimezone(JAKARTA).strftime("%Y-%m-%d %H:%M WIB")
    return (
        f"Perubahan terjadwal berikutnya / Next scheduled change: {when} ({source}); "
        "bangun ulang situs saat itu / rebuild the site then."
    )


def record_next_change(context, now: dt.datetime, path: str) -> None:
    """Write the next change's moment (ISO 8601, empty for none) to `path`:
    scripts/build.py skips a rebuild of a clock build only until then."""
    found = next_change(context, now)
    with open(path, "w", encoding="utf-8") as file:
        file.write(found[0].isoformat() if found else "")
