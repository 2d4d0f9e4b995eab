"""The folder Pagefind indexes for one bundle: the bundle's pages under their
site paths (Pagefind derives each result's URL from the path), each cut down
to what Pagefind reads of it (trim.py), and nothing else.

Each page is read from the file that holds it in this build: the staged
one, or the live one for a page the build left in the live output
(page_writer/pages.py).

With the bundle cache, a bundle's farm is kept beside it between builds and
brought up to date: a build that changed one exhibitor writes and removes
only the pages that came, went or changed. A page is known by its page
cache key where it has one (the key names its bytes, wherever the page
lies), else by its file's path, inode, size and time (a page is always
written as a new file).

A farm's `.pages` file names each page it holds and that page's stamp; it
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

from .trim import pagefind_view

MANIFEST = ".pages"
VERSION = "trimmed 1"  # the manifest's first line: one "page TAB stamp" line follows per page


@contextlib.contextmanager
def farm(targets: dict[str, str], kept_in: str | None, key_of=None) -> Iterator[Path]:
    """A folder holding each page of `targets` (site-relative page -> the
    file holding it), cut for Pagefind: a temporary one, or the one kept in
    the folder `kept_in`, made or brought up to date. `key_of(page)`: the
    page's page cache key, or None."""
    if kept_in is None:
        with tempfile.TemporaryDirectory(prefix="search-shard-") as folder:
            write_pages(Path(folder), targets)
            yield Path(folder)
        return
    folder = Path(kept_in)
    update(folder, targets, key_of or (lambda page: None))
    yield folder


def update(folder: Path, targets: dict[str, str], key_of) -> None:
    manifest = folder / MANIFEST
    held = _held(manifest)
    if held is None:
        shutil.rmtree(folder, ignore_errors=True)
        held = {}
    else:
        manifest.unlink()
    stamps = {page: _stamp(page, target, key_of) for page, target in targets.items()}
    remove_pages(folder, [page for page in held if page not in stamps])
    changed = {page: target for page, target in targets.items() if held.get(page) != stamps[page]}
    write_pages(folder, changed, replacing=held.keys())
    partial = manifest.with_name(f"{MANIFEST}.{os.getpid()}.tmp")
    lines = [VERSION, *(f"{page}\t{stamp}" for page, stamp in sorted(stamps.items()))]
    partial.write_text("\n".join(lines), encoding="utf-8")
    os.replace(partial, manifest)


def _stamp(page: str, target: str, key_of) -> str:
    """What the page's bytes are known by: its key, or its file."""
    key = key_of(page)
    if key is not None:
        return f"key {key}"
    stat = os.stat(target)
    return f"file {stat.st_ino} {stat.st_size} {stat.st_mtime_ns} {target}"


def _held(manifest: Path) -> dict[str, str] | None:
    """What a kept farm holds, or None if it must be made again."""
    try:
        lines = manifest.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:
        return None
    if lines[0] != VERSION:
        return None
    return dict(line.split("\t", 1) for line in lines[1:])


def write_pages(folder: Path, targets: dict[str, str], replacing=frozenset()) -> None:
    """Put each page, cut for Pagefind, in `folder`: a new file ("x": never
    through a link an older farm left), or, for a page in `replacing`, a
    new file renamed over the one there."""
    made: set[str] = set()
    for page, target in targets.items():
        parent = os.path.dirname(page)
        if parent not in made:
            os.makedirs(folder / parent, exist_ok=True)
            made.add(parent)
        with open(target, "rb") as source:
            view = pagefind_view(source.read())
        path = folder / page
        if page not in replacing:
            with open(path, "xb") as copy:
                copy.write(view)
            continue
        partial = path.with_name(f".{path.name}.new")
        with open(partial, "wb") as copy:
            copy.write(view)
        os.replace(partial, path)


def remove_pages(folder: Path, pages) -> None:
    for page in pages:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / page)
        with contextlib.suppress(OSError):  # the page's own folder, once empty
            os.rmdir(folder / os.path.dirname(page))
