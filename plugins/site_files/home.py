"""What the home page shows: the edition, what is on next (or, once the fest
is over, a recap), the programme's figures with their source, featured
exhibitors, partners, the latest news, and how to join."""

from __future__ import annotations

from directory import urls
from directory.views import Link, local
from news.generator import articles_in
from theme_i18n.catalogs import N_
from theme_i18n.formatting import JAKARTA, format_number
from theme_i18n.jinja_setup import gettext_for

# How the programme's figures read: "over 281,000", "about 155,000".
QUALIFIERS = {
    "over": N_("over %(number)s"),
    "at-least": N_("at least %(number)s"),
    "about": N_("about %(number)s"),
    "exactly": "%(number)s",
}


def home_view(context, lang: str) -> dict:
    site_data, settings = context["site_data"], context  # settings live in the context
    festival = site_data.festival
    index = context["directory_indexes"][lang]
    events = context["agenda_events"][lang]
    upcoming = [event for event in events if not event.past]
    over = festival.end < settings["BUILD_NOW"].astimezone(JAKARTA).date()
    return {
        "festival": {
            "name": festival.name,
            "edition": festival.edition,
            "start": festival.start,
            "end": festival.end,
            "venue": local(festival.venue.name, lang) if festival.venue else None,
            "address": local(festival.venue.address, lang) if festival.venue else None,
            "summary": local(festival.summary, lang),
            "over": over,
        },
        "next_events": upcoming[: settings["HOME_EVENTS_COUNT"]],
        "recap_events": [] if upcoming else events,
        "agenda": Link("", urls.agenda(lang), len(events)),
        "figures": [
            {
                "value": figure_text(figure, lang, settings),
                "label": local(figure.label, lang),
                "source": festival.sources[figure.source],
            }
            for figure in festival.figures
        ],
        "sources": [
            festival.sources[key] for key in dict.fromkeys(f.source for f in festival.figures)
        ],
        "featured": [index.card(site_data.exhibitors[slug]) for slug in festival.featured or []],
        "partners": [partner for _type, group in index.partner_groups() for partner in group],
        "news": articles_in(context, lang)[: settings["HOME_NEWS_COUNT"]],
        "links": {
            "exhibitors": Link("", urls.exhibitors(lang), len(site_data.exhibitors)),
            "partners": Link("", urls.partners(lang), len(site_data.partners)),
            "centres": Link("", urls.centres(lang), len(site_data.centres)),
            "news": Link("", urls.news(lang)),
            "join": Link("", urls.page(lang, "bergabung")),
        },
    }


def figure_text(figure, lang: str, settings) -> str:
    number = format_number(figure.value, lang)
    return gettext_for(settings, lang)(QUALIFIERS[figure.qualifier]) % {"number": number}
