"""Where each page of a build lies and its page cache key, for the
`finalized` handlers that read the pages after page_writer's: a page's key
names its bytes (memo.py), so the search index's bundle cache finds a bundle
by the keys of its pages instead of reading each page
(search/bundle_cache.py); a page the writer left in the live output is read
there, not in the staging folder (pages.py)."""

from __future__ import annotations

import os


class PlacedPages:
    """Pages of one build's output folder (`root`, absolute): their keys
    (absolute page path -> key; pages rendered without one are absent) and
    the pages `left` in the `live` folder (absolute paths under `root`)."""

    def __init__(self, root: str, keys: dict[str, str], live: str | None = None,
                 left: set[str] | frozenset = frozenset()):  # fmt: skip
        self.root, self.keys, self.live, self.left = root, keys, live, left

    def key_of(self, name: str) -> str | None:
        """The key of the page at `name`, relative to the output folder
        (`peserta/kopi/index.html`), or None if it has none."""
        return self.keys.get(f"{self.root}/{name}")

    def path_of(self, name: str) -> str:
        """The file that holds the page `name` for this build."""
        path = f"{self.root}/{name}"
        return f"{self.live}/{name}" if path in self.left else path


BUILDS: dict[str, PlacedPages] = {}  # real output path -> its last build's pages


def publish(output_path: str, pages: PlacedPages) -> None:
    BUILDS[os.path.realpath(output_path)] = pages


def placed_pages(output_path: str) -> PlacedPages | None:
    """The pages just put in `output_path` (taken: one reader)."""
    return BUILDS.pop(os.path.realpath(output_path), None)
