"""Sitemaps of every page the build wrote: a sitemap index at /sitemap.xml
pointing to files of at most SITEMAP_MAX_URLS URLs each (the protocol's
limit is 50,000, and the full directory has far more pages), each URL with
its hreflang alternates.

Pages are recorded as Pelican's writer writes them (`content_written`), with
the alternates their template was given, so the sitemap and the pages' own
`<link rel="alternate">` can never disagree.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from news.translations import content_alternates

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
# What XML's text or a quoted attribute would change: absent from nearly every URL.
_ESCAPED = re.compile("[&<>\"'\n\r\t]")


class PageRecorder:
    """Collects (url, alternates) of each page written during one build."""

    def __init__(self):
        self.pages: dict[str, dict] = {}

    def reset(self) -> None:
        self.pages.clear()

    def record(self, path: str, context: dict) -> None:
        url = context.get("page_url")
        content = context.get("article") or context.get("page")
        if content is not None and hasattr(content, "translations"):
            url, alternates = content.url, content_alternates(content)
        else:
            alternates = context.get("alternates") or {}
        if url is None or not str(path).endswith("index.html"):
            return  # not a page of the URL table (404.html)
        self.pages[url] = alternates


RECORDER = PageRecorder()


def record_written_page(path, context=None):
    RECORDER.record(path, context or {})


def write_sitemaps(output: Path, absolute_url: str, pages: dict, per_file: int) -> list[str]:
    """Write the sitemap index and its parts; return the paths written."""
    base = absolute_url.rstrip("/") + "/"
    urls = twins_together(pages)
    links = AlternateLinks(base)
    written = []
    # Each file streamed line by line: a part's text whole would be some 10 MB.
    for number, start in enumerate(range(0, len(urls) or 1, per_file), start=1):
        name = f"sitemap-{number}.xml"
        with _xml_file(output / name) as out:
            out.write(f'<urlset xmlns="{SITEMAP}" xmlns:xhtml="{XHTML}">\n')
            out.writelines(
                f"<url><loc>{_text(base + url)}</loc>{links(pages[url])}</url>\n"
                for url in urls[start : start + per_file]
            )
            out.write("</urlset>\n")
        written.append(name)
    with _xml_file(output / "sitemap.xml") as out:
        out.write(f'<sitemapindex xmlns="{SITEMAP}">\n')
        out.writelines(f"<sitemap><loc>{escape(base + name)}</loc></sitemap>\n" for name in written)
        out.write("</sitemapindex>\n")
    return ["sitemap.xml", *written]


def twins_together(pages: dict) -> list[str]:
    """Every URL, each set of twins side by side: sets in the order of their
    first URL, the twins of a set in theirs (a page without twins is a set
    of its own)."""
    urls = sorted(pages)
    # Stable: within a set the URLs stay sorted. The key is a URL already held.
    urls.sort(key=lambda url: min(pages[url].values(), default=url))
    return urls


class AlternateLinks:
    """A page's `<xhtml:link>`s to itself in each language (none for a page
    in one language). Every page of a set of twins has the same ones, and
    the twins come one after the other (`twins_together`): the last set's
    are kept for the next page (half the sitemap's time went into them; kept
    for every set they took 41 MiB at 50,000 exhibitors)."""

    def __init__(self, base: str):
        self.base = base
        self.last: tuple[dict, str] = ({}, "")

    def __call__(self, alternates: dict) -> str:
        if len(alternates) < 2:
            return ""
        if alternates != self.last[0]:
            self.last = (alternates, self._links(alternates))
        return self.last[1]

    def _links(self, alternates: dict) -> str:
        targets = sorted(alternates.items())
        if "id" in alternates:
            targets.append(("x-default", alternates["id"]))
        return "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href={_attribute(self.base + target)}/>'
            for lang, target in targets
        )


def _text(value: str) -> str:
    """`escape(value)`, looked for first (160,000 URLs at 50,000 exhibitors)."""
    return escape(value) if _ESCAPED.search(value) else value


def _attribute(value: str) -> str:
    """`quoteattr(value)`, looked for first."""
    return quoteattr(value) if _ESCAPED.search(value) else f'"{value}"'


def _xml_file(path: Path):
    out = path.open("w", encoding="utf-8")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    return out
