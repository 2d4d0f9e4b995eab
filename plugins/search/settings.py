"""The search plugin's settings, each with its default here (override in
pelicanconf.py or a fixture site's settings file)."""

from __future__ import annotations

import os

DEFAULTS = {
    # Build the Pagefind index when Pelican has written every page. The
    # benchmark (bench/search_index.py) turns it off to time the step alone.
    "SEARCH_INDEX": True,
    # Exhibitors per shard and language: one Pagefind run holds a whole shard
    # in memory (about 57 KB a page, whatever the page's length), so this and
    # SEARCH_WORKERS bound the build's peak memory, and a changed exhibitor
    # indexes its shard again. 4,000: two runs at once beside the build of
    # 50,000 exhibitors stay under 1 GiB (bench/RESULTS.md).
    "SEARCH_SHARD_EXHIBITORS": 4_000,
    # Pagefind runs at once (each mostly on one core): two fill this site's
    # two-core build machines.
    "SEARCH_WORKERS": 2,
    # "binary" (the pagefind executable) or "api" (the Python API): both are
    # kept so that bench/search_index.py can compare them; the binary won.
    "SEARCH_ENGINE": "binary",
    # Bundles kept by the pages they index (bundle_cache.py); None: always index.
    "SEARCH_CACHE_PATH": None,
    # Where Pagefind writes a bundle indexed again that the live output holds
    # (after a change): a folder in memory, as Pagefind creates a file for
    # each page and creating them on disk was most of a run on one build
    # machine (bench/RESULTS.md); only the files that differ from the live
    # bundle's are then copied into the staging folder. None: /dev/shm where
    # there is one; "": write into the staging folder.
    "SEARCH_SCRATCH_PATH": None,
}

MEMORY_FOLDER = "/dev/shm"


def scratch_path(settings) -> str | None:
    """SEARCH_SCRATCH_PATH, or its default; None: no scratch folder."""
    chosen = setting(settings, "SEARCH_SCRATCH_PATH")
    if chosen is None:
        usable = os.path.isdir(MEMORY_FOLDER) and os.access(MEMORY_FOLDER, os.W_OK | os.X_OK)
        return MEMORY_FOLDER if usable else None
    return chosen or None


def setting(settings, name: str):
    return settings.get(name, DEFAULTS[name])
