"""Pages for production: references to theme files point at their
fingerprinted names and carry `integrity`; the HTML is minified, keeping the
parts that make it valid HTML: minify-html's defaults already keep the
doctype, spec-compliant attribute quoting and the spaces between attributes."""

from __future__ import annotations

import re

import minify_html

MINIFY_OPTIONS = {
    "keep_closing_tags": True,
    "keep_html_and_head_opening_tags": True,
    "minify_css": True,
    "minify_js": True,
}
# The start tags that load a theme file: stylesheets and scripts.
LOADING_TAG = re.compile(r"<(?:link|script)\b[^>]*>")


class AssetReferences:
    """Rewrites one site's pages for a set of fingerprinted assets."""

    def __init__(self, assets, site_url: str):
        self.by_url = {f"{site_url}/{a.old}": a for a in assets}
        self.url = re.compile("|".join(re.escape(url) for url in sorted(self.by_url, reverse=True)))
        self.site_url = site_url

    def rewrite(self, html: str) -> str:
        html = LOADING_TAG.sub(self._with_integrity, html)
        return self.url.sub(lambda m: f"{self.site_url}/{self.by_url[m.group()].new}", html)

    def _with_integrity(self, match: re.Match) -> str:
        tag = match.group()
        found = self.url.search(tag)
        if not found:
            return tag
        integrity = self.by_url[found.group()].integrity
        return tag[:-1] + f' integrity="{integrity}">'


def minified_page(html: bytes, references: AssetReferences) -> bytes:
    text = html.decode("utf-8")
    if references.by_url:
        text = references.rewrite(text)
    return minify_html.minify(text, **MINIFY_OPTIONS).encode("utf-8")
