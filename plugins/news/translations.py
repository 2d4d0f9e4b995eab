"""Markdown articles and pages and their translations (Pelican links them by
slug: the same `Slug:` with another `Lang:`)."""

from __future__ import annotations


def content_alternates(content) -> dict:
    """{lang: url} of an article or page and each of its translations."""
    found = {content.lang: content.url}
    for translation in getattr(content, "translations", []):
        found.setdefault(translation.lang, translation.url)
    return found
