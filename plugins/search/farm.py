"""The folder Pagefind indexes for one bundle: the bundle's pages as symbolic
links under their site paths (Pagefind follows the links and derives each
result's URL from the path), and nothing else.

Each link points at the file that holds the page in this build: the staged
one, or the live one for a page the build left in the live output
(page_writer/pages.py), so a page's target may change from one build to the
next.

Making a folder and a link for each page, and removing them after the run,
took about 0.5 CPU ms a page (4.4 s for a bundle of 8,400 pages, at 50,000
exhibitors: bench/RESULTS.md). With the bundle cache, a bundle's farm is
kept beside it between builds and brought up to date: a build that changed
one exhibitor links and unlinks only the pages that came, went or moved.

A farm's `.pages` file names each page it links and the link's target; it
is removed before the farm is changed and written back after, so that a
farm left half changed (a stopped build) has none and is made again from
empty.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

MANIFEST = ".pages"
VERSION = "targets 1"  # the manifest's first line: one "page TAB target" line follows per page


@contextlib.contextmanager
def farm(targets: dict[str, str], kept_in: str | None) -> Iterator[Path]:
    """A folder linking each page of `targets` (site-relative page -> the
    file holding it): a temporary one, or the one kept in the folder
    `kept_in`, made or brought up to date."""
    if kept_in is None:
        with tempfile.TemporaryDirectory(prefix="search-shard-") as folder:
            link(Path(folder), targets)
            yield Path(folder)
        return
    folder = Path(kept_in)
    update(folder, targets)
    yield folder


def update(folder: Path, targets: dict[str, str]) -> None:
    manifest = folder / MANIFEST
    linked = _linked(manifest)
    if linked is None:
        shutil.rmtree(folder, ignore_errors=True)
        linked = {}
    else:
        manifest.unlink()
    unlink(folder, [page for page, target in linked.items() if targets.get(page) != target])
    link(folder, {page: target for page, target in targets.items()
                  if linked.get(page) != target})  # fmt: skip
    partial = manifest.with_name(f"{MANIFEST}.{os.getpid()}.tmp")
    lines = [VERSION, *(f"{page}\t{target}" for page, target in sorted(targets.items()))]
    partial.write_text("\n".join(lines), encoding="utf-8")
    os.replace(partial, manifest)


def _linked(manifest: Path) -> dict[str, str] | None:
    """What a kept farm links, or None if it must be made again."""
    try:
        lines = manifest.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:
        return None
    if lines[0] != VERSION:
        return None
    return dict(line.split("\t", 1) for line in lines[1:])


def link(folder: Path, targets: dict[str, str]) -> None:
    made: set[str] = set()
    for page, target in targets.items():
        parent = os.path.dirname(page)
        if parent not in made:
            os.makedirs(folder / parent, exist_ok=True)
            made.add(parent)
        os.symlink(target, folder / page)


def unlink(folder: Path, pages) -> None:
    for page in pages:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / page)
        with contextlib.suppress(OSError):  # the page's own folder, once empty
            os.rmdir(folder / os.path.dirname(page))
