"""Which pages the search covers, and how they are split into indexes.

One Pagefind index per language and shard, each a bundle of its own under
`pagefind/<lang>-<n>/`; the search page loads the first and merges the
others in the browser (`mergeIndex`).

The shard rule: a language has N = ceil(exhibitors / SEARCH_SHARD_EXHIBITORS)
shards (at least one), and every searchable page of that language goes to
shard 1 + crc32(url) mod N. Hashing spreads pages evenly whatever their names
or districts, so each shard holds about the same number of pages (the largest
shard sets the build's peak memory), and each shard's word statistics look
like the whole site's, which keeps scores comparable when the browser merges
results. N depends only on the data, so the search page, written before the
index, already knows its bundles.

Searchable pages are found by their URL in the site's URL table: one
exhibitor, partner, mentoring centre, event or news item, and the Markdown
pages. Their templates mark the indexed text with `data-pagefind-body`; the
indexer checks that Pagefind found it on every page given.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import defaultdict

from directory import urls

BUNDLES = "pagefind"
# Sections whose `<section>/<slug>/` pages are records.
RECORD_SECTIONS = ("exhibitors", "partners", "centres", "agenda", "news")
# Folders under those sections that are listings, not records (facets, A-Z,
# pagination). Record slugs may not take these words (data_layer's
# RESERVED_SLUGS); news slugs avoid `page` the same way.
NOT_RECORDS = frozenset(
    {urls.A_Z, urls.PAGE, *(word for words in urls.FACETS.values() for word in words.values())}
)


def shard_count(exhibitors: int, per_shard: int) -> int:
    return max(1, math.ceil(exhibitors / per_shard))


def bundle(lang: str, number: int) -> str:
    """`pagefind/id-1/`: shard `number` of `lang`'s index."""
    return f"{BUNDLES}/{lang}-{number}/"


def bundles(lang: str, count: int) -> list[str]:
    return [bundle(lang, number) for number in range(1, count + 1)]


def shard_of(url: str, count: int) -> int:
    return 1 + zlib.crc32(url.encode("utf-8")) % count


class SearchablePages:
    """Tells a searchable page's language from its URL (None if the page is
    not searchable)."""

    def __init__(self, languages):
        self.patterns = []
        for lang in languages:
            sections = "|".join(re.escape(urls.section(name, lang)) for name in RECORD_SECTIONS)
            pages = "|".join(re.escape(urls.page(lang, key)) for key in urls.PAGES)
            pattern = re.compile(rf"(?:(?:{sections})(?P<slug>[a-z0-9-]+)/|{pages})")
            self.patterns.append((lang, pattern))

    def language(self, url: str) -> str | None:
        for lang, pattern in self.patterns:
            match = pattern.fullmatch(url)
            if match and match["slug"] not in NOT_RECORDS:
                return lang
        return None


def plan(paths, languages, counts: dict) -> dict[str, list[str]]:
    """bundle -> the site-relative files of its pages, for every bundle of
    every language (`counts`: lang -> number of shards). `paths` are the
    site-relative files the build wrote."""
    searchable = SearchablePages(languages)
    shards = {b: [] for lang in languages for b in bundles(lang, counts[lang])}
    for path in paths:
        if not path.endswith("/index.html"):
            continue
        url = path[: -len("index.html")]
        lang = searchable.language(url)
        if lang is not None:
            shards[bundle(lang, shard_of(url, counts[lang]))].append(path)
    return {name: sorted(files) for name, files in shards.items()}


def summary(shards: dict[str, list[str]]) -> dict[str, int]:
    """lang -> searchable pages, for logs and benchmarks."""
    pages = defaultdict(int)
    for name, files in shards.items():
        pages[name.removeprefix(f"{BUNDLES}/").rsplit("-", 1)[0]] += len(files)
    return dict(pages)
