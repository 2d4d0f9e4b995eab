"""schema.org JSON-LD for each kind of page, built from the views the
templates already receive, with absolute URLs."""

from __future__ import annotations

import json

from markupsafe import Markup

SCHEMA = "https://schema.org"


def script_tag(data: dict) -> Markup:
    """A JSON-LD data block; `<`, `>` and `&` escaped so text cannot end it."""
    text = json.dumps({"@context": SCHEMA, **data}, ensure_ascii=False, sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def place(name: str, locality: str | None = None) -> dict:
    address = {"@type": "PostalAddress", "addressRegion": "DKI Jakarta", "addressCountry": "ID"}
    if locality:
        address["addressLocality"] = locality
    return {"@type": "Place", "name": name, "address": address}


def organizer(absolute: str) -> dict:
    """The programme itself."""
    return {
        "@type": "Organization",
        "name": "Jakpreneur",
        "url": absolute + "/",
        "logo": f"{absolute}/images/share/jakpreneur-fest.png",
    }


def local_business(view: dict, absolute: str, share_image: str) -> dict:
    card = view["card"]
    data = {
        "@type": "LocalBusiness",
        "name": card.name,
        "url": f"{absolute}/{card.url}",
        "description": str(card.summary),
        "image": share_image,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": str(card.kecamatan.label),
            "addressRegion": "DKI Jakarta",
            "addressCountry": "ID",
        },
    }
    phones = [c.href.removeprefix("tel:") for c in view["contacts"] if c.kind == "phone"]
    if phones:  # only present when the owner agreed to publish it
        data["telephone"] = phones[0]
    if view.get("logo"):
        data["logo"] = _absolute(view["logo"].fallback_src, absolute)
    same_as = [
        c.href for c in view["contacts"] if c.kind in ("instagram", "website", "marketplace")
    ]
    if same_as:
        data["sameAs"] = same_as
    return data


def organization(view: dict, absolute: str) -> dict:
    data = {
        "@type": "Organization",
        "name": view["name"],
        "url": view["website"] or f"{absolute}/{view['url']}",
    }
    logo = view.get("logo")
    data["logo"] = _absolute(logo.fallback_src, absolute) if logo else organizer(absolute)["logo"]
    return data


def event(view, absolute: str) -> dict:
    return {
        "@type": "Event",
        "name": str(view.title),
        "startDate": view.start_iso,
        "endDate": view.end_iso,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place(str(view.venue), "Jakarta"),
        "organizer": organizer(absolute),
        "url": f"{absolute}/{view.url}",
    }


def festival_event(view: dict, absolute: str, page_url: str) -> dict:
    festival = view["festival"]
    venue = str(festival["venue"]) if festival["venue"] else "Jakarta"
    return {
        "@type": "Event",
        "name": f"{festival['name']} {festival['edition']}",
        "startDate": festival["start"].isoformat(),
        "endDate": festival["end"].isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place(venue, str(festival["address"]) if festival["address"] else None),
        "organizer": organizer(absolute),
        "url": f"{absolute}/{page_url}",
        "description": str(festival["summary"]),
    }


def breadcrumb_list(breadcrumbs, heading: str, page_url: str, absolute: str) -> dict:
    items = [_label_and_url(crumb) for crumb in breadcrumbs] + [(heading, page_url)]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": f"{absolute}/{url}",
            }
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def _label_and_url(crumb) -> tuple:
    """Breadcrumbs are Link objects, or mappings in Pelican's own templates."""
    if isinstance(crumb, dict):
        return crumb["label"], crumb["url"]
    return crumb.label, crumb.url


def _absolute(src: str, absolute: str) -> str:
    """A page's image address (root-relative, or absolute in production) made absolute."""
    return src if src.startswith(("http://", "https://")) else absolute + "/" + src.lstrip("/")
