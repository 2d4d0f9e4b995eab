"""The folder Pagefind indexes for one bundle: the bundle's pages as symbolic
links under their site paths (Pagefind follows the links and derives each
result's URL from the path), and nothing else.

Making a folder and a link for each page, and removing them after the run,
took about 0.5 CPU ms a page (4.4 s for a bundle of 8,400 pages, at 50,000
exhibitors: bench/RESULTS.md). With the bundle cache, a bundle's farm is
kept beside it between builds and brought up to date: a build that changed
one exhibitor links and unlinks only the pages that came or went.

A farm's `.pages` file names the site and the pages it links; it is removed
before the farm is changed and written back after, so that a farm left half
changed (a stopped build) has none and is made again from empty.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

MANIFEST = ".pages"


@contextlib.contextmanager
def farm(site: Path, pages: list[str], kept_in: str | None) -> Iterator[Path]:
    """A folder of `pages` (site-relative) linked from `site`: a temporary
    one, or the one kept in the folder `kept_in`, made or brought up to date."""
    if kept_in is None:
        with tempfile.TemporaryDirectory(prefix="search-shard-") as folder:
            link(site, Path(folder), pages)
            yield Path(folder)
        return
    folder = Path(kept_in)
    update(site, folder, pages)
    yield folder


def update(site: Path, folder: Path, pages: list[str]) -> None:
    manifest = folder / MANIFEST
    linked = _linked(site, manifest)
    if linked is None:
        shutil.rmtree(folder, ignore_errors=True)
        linked = set()
    else:
        manifest.unlink()
    wanted = set(pages)
    unlink(folder, linked - wanted)
    link(site, folder, wanted - linked)
    partial = manifest.with_name(f"{MANIFEST}.{os.getpid()}.tmp")
    partial.write_text("\n".join([str(site), *sorted(wanted)]), encoding="utf-8")
    os.replace(partial, manifest)


def _linked(site: Path, manifest: Path) -> set[str] | None:
    """The pages a kept farm of `site` links, or None if it must be made again."""
    try:
        lines = manifest.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:
        return None
    return set(lines[1:]) if lines[0] == str(site) else None


def link(site: Path, folder: Path, pages) -> None:
    made: set[str] = set()
    for page in pages:
        parent = os.path.dirname(page)
        if parent not in made:
            os.makedirs(folder / parent, exist_ok=True)
            made.add(parent)
        os.symlink(site / page, folder / page)


def unlink(folder: Path, pages) -> None:
    for page in pages:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / page)
        with contextlib.suppress(OSError):  # the page's own folder, once empty
            os.rmdir(folder / os.path.dirname(page))
