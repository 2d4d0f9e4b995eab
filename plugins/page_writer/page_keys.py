"""The page cache key of each page a build put in place, for the `finalized`
handlers that read the pages after page_writer's: a page's key names its
bytes (memo.py), so the search index's bundle cache finds a bundle by the
keys of its pages instead of reading each page (search/bundle_cache.py)."""

from __future__ import annotations

import os


class PageKeys:
    """Pages of one build's output folder (`root`, absolute) by their key."""

    def __init__(self, root: str, keys: dict[str, str]):
        self.root = root
        self.keys = keys  # absolute page path -> key; pages rendered without one are absent

    def key_of(self, name: str) -> str | None:
        """The key of the page at `name`, relative to the output folder
        (`peserta/kopi/index.html`), or None if it has none."""
        return self.keys.get(f"{self.root}/{name}")


BUILDS: dict[str, PageKeys] = {}  # real output path -> the keys of its last build's pages


def publish(output_path: str, keys: PageKeys) -> None:
    BUILDS[os.path.realpath(output_path)] = keys


def page_keys(output_path: str) -> PageKeys | None:
    """The keys of the pages just put in `output_path` (taken: one reader)."""
    return BUILDS.pop(os.path.realpath(output_path), None)
