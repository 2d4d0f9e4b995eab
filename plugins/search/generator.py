"""Write the search pages (`/cari/`, `/en/search/`), note every page the
build writes, and once all are written build the Pagefind index into the
staging folder, before atomic_output publishes it."""

from __future__ import annotations

import logging
import os
import time
from urllib.parse import urlsplit

from atomic_output.staging import staged_live_output
from directory import urls
from directory.generator import alternates
from directory.views import Link
from page_writer.placed import placed_pages
from page_writer.settings import positive
from pelican.generators import Generator
from theme_i18n.catalogs import N_
from theme_i18n.jinja_setup import gettext_for

from . import shards
from .bundle_cache import BundleCache
from .indexer import build_index
from .settings import scratch_path, setting

log = logging.getLogger(__name__)

# The filters of the search form: Pagefind filter name, label, "any" choice.
FILTERS = [
    ("category", N_("Category"), N_("All categories")),
    ("kecamatan", N_("Kecamatan"), N_("All kecamatan")),
    ("kota", N_("Kota"), N_("All kota")),
    ("kind", N_("Page type"), N_("All page types")),
]
# The kinds of page in the index, as the record templates name them
# (partials/search_data.html); tests/browser/test_search.py checks that the
# form offers exactly the values the index holds.
KINDS = [N_("Exhibitor"), N_("Partner"), N_("Mentoring centre"), N_("Event"), N_("News"),
         N_("Page")]  # fmt: skip


class BuildRecord:
    """What one build's search needs between writing and `finalized`: the
    shard counts the search pages announced, and the pages written."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.output_path = None
        self.counts: dict[str, int] = {}
        # Each page as the writer gave it, the object its own records hold:
        # a site-relative copy of each took some 90 MiB at 281,000 exhibitors
        # (by the profile at 50,000).
        self.written: list[str] = []

    def site_paths(self):
        """The pages written, relative to the output folder, `/`-separated."""
        # A prefix cut where the writer gave the path under the output folder
        # (every page: os.path.relpath cost more than the rest of this step).
        prefix = self.output_path.rstrip(os.sep) + os.sep
        start = len(prefix)
        for path in self.written:
            if path.startswith(prefix) and os.sep == "/":
                yield path[start:]
            else:
                yield os.path.relpath(path, self.output_path).replace(os.sep, "/")


RECORD = BuildRecord()


def record_written_file(path, context=None) -> None:
    path = str(path)  # the same object for a text: the writer's own
    if RECORD.output_path and path.endswith("index.html"):
        RECORD.written.append(path)


class SearchGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        RECORD.reset()  # a new build

    def generate_context(self):
        per_shard = setting(self.settings, "SEARCH_SHARD_EXHIBITORS")
        count = shards.shard_count(len(self.context["site_data"].exhibitors), per_shard)
        RECORD.output_path = self.output_path
        RECORD.counts = {lang: count for lang in self.settings["SITE_LANGUAGES"]}

    def generate_output(self, writer):
        languages = self.settings["SITE_LANGUAGES"]
        for lang in languages:
            _ = gettext_for(self.settings, lang)
            url = urls.search(lang)
            writer.write_file(
                urls.save_as(url), self.get_template("search"), self.context,
                lang=lang, page_url=url, alternates=alternates(url, languages),
                title=_("Search"), heading=_("Search the directory"),
                breadcrumbs=[Link(_("Home"), urls.home(lang))],
                view=self.search_view(lang, _),
            )  # fmt: skip

    def search_view(self, lang: str, _) -> dict:
        siteurl = self.settings["SITEURL"]
        choices = self.filter_choices(lang, _)
        return {
            # Where the index lives, and the path that Pagefind's result URLs
            # (`/peserta/...`) sit under when the site is not at the root.
            "bundles": " ".join(
                f"{siteurl}/{b}" for b in shards.bundles(lang, RECORD.counts[lang])
            ),
            "script": f"{siteurl}/theme/js/search.js",
            "base_url": urlsplit(siteurl).path.rstrip("/") + "/",
            "filters": [
                {"name": name, "label": _(label), "any": _(any_value), "groups": choices[name]}
                for name, label, any_value in FILTERS
            ],
        }

    def filter_choices(self, lang: str, _) -> dict:
        """Each filter's values, grouped ([(group label or None, [values])]).

        They are the labels the pages give the index (data-pagefind-filter),
        written into the form rather than asked of the index: Pagefind's
        `filters()` fetches every filter of every shard (449 KB for 50,000
        exhibitors, bench/RESULTS.md), while a search that uses one filter
        fetches that filter alone."""
        index = self.context["directory_indexes"][lang]
        return {
            "category": [(None, [link.label for link in index.category_links.values()])],
            "kecamatan": [
                (kota.label, [link.label for link in index.kecamatan_of_kota(key)])
                for key, kota in index.kota_links.items()
            ],
            "kota": [(None, [link.label for link in index.kota_links.values()])],
            "kind": [(None, [_(kind) for kind in KINDS])],
        }


def build_search_index(pelican) -> None:
    """On `finalized`: every page is in the staging folder; index them."""
    if not setting(pelican.settings, "SEARCH_INDEX") or not RECORD.counts:
        return
    if os.path.realpath(RECORD.output_path) != os.path.realpath(pelican.output_path):
        return  # not the build this record belongs to
    planned = shards.plan(RECORD.site_paths(), list(RECORD.counts), RECORD.counts)
    started = time.monotonic()
    cache_path = setting(pelican.settings, "SEARCH_CACHE_PATH")
    cache = BundleCache(cache_path) if cache_path else None
    engine = setting(pelican.settings, "SEARCH_ENGINE")
    workers = positive("SEARCH_WORKERS", setting(pelican.settings, "SEARCH_WORKERS"))
    placed = placed_pages(pelican.output_path)  # where each page lies, and its key
    key_of, path_of = (placed.key_of, placed.path_of) if placed is not None else (None, None)
    reports = build_index(pelican.output_path, planned, engine, cache, workers, key_of, path_of,
                          staged_live_output(pelican.settings, pelican.output_path),
                          scratch_path(pelican.settings))  # fmt: skip
    log.info(
        "Search index: %s pages in %s bundles (%s from the cache), %.1f s",
        sum(r.pages for r in reports), len(reports), sum(r.cached for r in reports),
        time.monotonic() - started,
    )  # fmt: skip
