"""What the home page shows: the edition, the programme's figures with their
source, and the ways into the directory."""

from __future__ import annotations

from directory import urls
from directory.views import Link, local


def home_view(site_data, lang: str) -> dict:
    festival = site_data.festival
    return {
        "festival": {
            "name": festival.name,
            "edition": festival.edition,
            "start": festival.start,
            "end": festival.end,
            "venue": local(festival.venue.name, lang) if festival.venue else None,
            "address": local(festival.venue.address, lang) if festival.venue else None,
            "summary": local(festival.summary, lang),
        },
        "figures": [
            {
                "value": figure.value,
                "qualifier": figure.qualifier,
                "label": local(figure.label, lang),
                "source": festival.sources[figure.source],
            }
            for figure in festival.figures
        ],
        "licence": festival.licence,
        "counts": {
            "exhibitors": Link("", urls.exhibitors(lang), len(site_data.exhibitors)),
            "partners": Link("", urls.partners(lang), len(site_data.partners)),
            "centres": Link("", urls.centres(lang), len(site_data.centres)),
        },
    }
