"""The page writer's settings, each with its default here."""

from __future__ import annotations

import os

# Pages recorded before a worker takes them (workers.py): their variables are
# held in memory until then (about 1 KB each), and each batch forks a worker,
# which sees every page recorded so far while the build records the next.
DEFAULT_BATCH_PAGES = 5_000


def render_workers(settings) -> int:
    """RENDER_WORKERS: processes rendering pages; 1 renders in the build's own
    process. Default: one per CPU."""
    workers = settings.get("RENDER_WORKERS") or os.cpu_count() or 1
    return positive("RENDER_WORKERS", workers)


def batch_pages(settings) -> int:
    """RENDER_BATCH_PAGES: pages recorded before they are rendered."""
    return positive("RENDER_BATCH_PAGES", settings.get("RENDER_BATCH_PAGES", DEFAULT_BATCH_PAGES))


def positive(name: str, value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name}: expected a whole number from 1, got {value!r}")
    return value


def page_cache_path(settings) -> str | None:
    """PAGE_CACHE_PATH: where pages are kept by their inputs (memo.py); unset:
    no page cache. Publish builds use it too: publish_pipeline replaces the
    staged pages by a rename, never writing through a link into an entry."""
    return settings.get("PAGE_CACHE_PATH")
