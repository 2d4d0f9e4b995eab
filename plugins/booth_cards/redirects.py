"""Old slugs keep working: every alias of an exhibitor or partner becomes a
redirect, so that printed QR codes and shared links survive a rename.

Each old URL gets, in each language, a tiny page that sends the visitor on
(meta refresh, no script, so it works under a strict CSP and without
JavaScript); host_config turns the same list into `_redirects` lines and
CloudFront and nginx rules, where hosts answer with a real 301 instead. Centres have no aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from directory import urls

# collection of site_data -> the URL of one of its records, (lang, slug) -> url
REDIRECTED = {"exhibitors": urls.exhibitor, "partners": urls.partner}


@dataclass(frozen=True, order=True)
class Redirect:
    old: str  # site-relative URL of the old slug, `peserta/lama/`
    new: str  # the record's URL now, `peserta/baru/`
    lang: str
    name: str  # the record's name, for the page's text


def find_redirects(site_data, languages) -> list[Redirect]:
    """Every alias of every record, in each language, sorted by old URL."""
    found = []
    for collection, url_of in REDIRECTED.items():
        for record in getattr(site_data, collection).values():
            for alias in record.data.aliases or []:
                found += [
                    Redirect(url_of(lang, alias), url_of(lang, record.slug), lang, record.data.name)
                    for lang in languages
                ]
    return sorted(found)


def redirect_page(redirect: Redirect, *, settings, gettext) -> str:
    """The page at the old URL: valid HTML, noindex, canonical to the new URL."""
    href = escape(f"{settings['SITEURL']}/{redirect.new}")
    canonical = escape(f"{settings['SITE_ABSOLUTE_URL'].rstrip('/')}/{redirect.new}")
    link = f'<a href="{href}">{escape(redirect.name)}</a>'
    title = escape(gettext("{name} has moved").format(name=redirect.name))
    # Escape the sentence first, then put the link markup into its slot.
    sentence = escape(gettext("This page is now at {link}.")).replace("{link}", link)
    return f"""<!DOCTYPE html>
<html lang="{redirect.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={href}">
<link rel="canonical" href="{canonical}">
<title>{title} · {escape(settings["SITENAME"])}</title>
</head>
<body>
<main>
<p>{sentence}</p>
</main>
</body>
</html>
"""
