"""Cached files into the output folder: hard-linked when the cache and the
output share a file system (no bytes copied, no second copy on disk),
copied otherwise.

A link is safe only if nothing writes into the placed file in place, which
would change the cache entry (and every other link to it) as well. That
holds for the kinds linked here, images and SVG:
- atomic_output compares each staged file with the live one byte for byte
  and moves changed files in with a rename; live files that did not change
  keep their bytes and mtime (a changed one takes the cache entry's mtime);
- publish_pipeline rewrites only *.html and theme/ files in place; it reads
  the others, and precompress writes new .gz/.br files beside them;
- cache entries are only ever replaced by a rename (cache.py), and a target
  that already exists is unlinked first, never written through.
Every other kind of file is copied, so that a later step may rewrite it.
"""

from __future__ import annotations

import contextlib
import os
import shutil

LINKED_SUFFIXES = frozenset({".png", ".svg"})


def place(cached: str, target: str) -> None:
    """Put the cached file at `target` (whose folder exists)."""
    if os.path.splitext(target)[1] in LINKED_SUFFIXES and _link(cached, target):
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    shutil.copyfile(cached, target)


def _link(cached: str, target: str) -> bool:
    try:
        os.link(cached, target)
    except FileExistsError:
        os.unlink(target)
        return _link(cached, target)
    except OSError:
        # Another file system (EXDEV), no hard links there (EPERM), or too
        # many links to one entry (EMLINK): copy instead.
        return False
    return True


def same_file(first: str, second: str) -> bool:
    """Both paths name one file (a hard link); False if either is missing."""
    try:
        return os.path.samefile(first, second)
    except FileNotFoundError:
        return False
