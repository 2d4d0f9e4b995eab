"""Sitemaps of every page the build wrote: a sitemap index at /sitemap.xml
pointing to files of at most SITEMAP_MAX_URLS URLs each (the protocol's
limit is 50,000, and the full directory has far more pages)."""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def page_urls(output: Path) -> list[str]:
    """Site-relative URLs of the pages in `output` (`x/index.html` -> `x/`)."""
    found = []
    for folder, dirs, names in os.walk(output):
        dirs.sort()
        if "index.html" in names:
            relative = Path(folder).relative_to(output).as_posix()
            found.append("" if relative == "." else relative + "/")
    return sorted(found)


def write_sitemaps(output: Path, absolute_url: str, urls: list[str], per_file: int) -> list[str]:
    """Write the sitemap index and its parts; return the paths written."""
    base = absolute_url.rstrip("/") + "/"
    chunks = [urls[i : i + per_file] for i in range(0, len(urls), per_file)] or [[]]
    written = []
    for number, chunk in enumerate(chunks, start=1):
        name = f"sitemap-{number}.xml"
        entries = "".join(f"<url><loc>{escape(base + url)}</loc></url>\n" for url in chunk)
        _write(output / name, f'<urlset xmlns="{NAMESPACE}">\n{entries}</urlset>\n')
        written.append(name)
    parts = "".join(f"<sitemap><loc>{escape(base + name)}</loc></sitemap>\n" for name in written)
    _write(output / "sitemap.xml", f'<sitemapindex xmlns="{NAMESPACE}">\n{parts}</sitemapindex>\n')
    return ["sitemap.xml", *written]


def _write(path: Path, body: str) -> None:
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + body, encoding="utf-8")
