"""Build into a staging folder; move changed files into OUTPUT_PATH at the end.

Pelican writes wherever `pelican.output_path` points. We point it at a
staging folder beside OUTPUT_PATH (same file system, so moves are atomic
renames), which Pelican empties at the start of each run. Only when every
generator has finished does `finalized` fire; then the staging tree is
compared with the live one: files whose bytes changed are moved in, files no
longer produced are removed, and untouched files keep their bytes and mtime,
so incremental deploys and caches see only real changes. A run that fails
never reaches `finalized`, and the live output stays exactly as it was.

A staged file may be a hard link to its live twin (page_writer links pages
whose bytes did not change instead of writing them): the same inode is
known unchanged without reading either file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)


def staging_path_for(output_path: str) -> str:
    output = Path(output_path).resolve()
    return str(output.parent / f".{output.name}.staging")


def redirect_to_staging(pelican) -> None:
    settings = pelican.settings
    staging = settings.get("ATOMIC_OUTPUT_STAGING_PATH") or staging_path_for(
        settings["OUTPUT_PATH"]
    )
    settings["ATOMIC_OUTPUT_STAGING_PATH"] = staging
    pelican.output_path = staging
    # Pelican empties its output folder, now the staging one, before each run.
    pelican.delete_outputdir = True
    pelican.output_retention = []


def publish_staging(pelican) -> None:
    staging = Path(pelican.output_path)
    live = Path(pelican.settings["OUTPUT_PATH"])
    if take_whole(staging, live):
        log.info("Published the staging folder as a whole: there was no live output")
        return
    changed, removed = publish_tree(staging, live)
    log.info("Published %s changed files, removed %s stale ones", changed, removed)


def take_whole(staging: Path, live: Path) -> bool:
    """With no live output yet (a clean build), the staging folder becomes
    the output by one rename instead of one per file; True if it did."""
    if live.is_symlink() or (live.exists() and (not live.is_dir() or any(live.iterdir()))):
        return False
    with contextlib.suppress(FileNotFoundError):
        live.rmdir()
    live.parent.mkdir(parents=True, exist_ok=True)
    os.rename(staging, live)
    return True


def publish_tree(staging: Path, live: Path) -> tuple[int, int]:
    """Make `live` hold exactly the files of `staging`; return (changed, removed).
    Paths are plain strings here: the trees hold one file per page."""
    live.mkdir(parents=True, exist_ok=True)
    produced: set[str] = set()
    changed = 0
    for folder, _dirs, names in os.walk(staging):
        relative_folder = os.path.relpath(folder, staging)
        target_folder = os.path.normpath(os.path.join(live, relative_folder))
        prefix = "" if relative_folder == "." else relative_folder + os.sep
        made = False
        for name in names:
            produced.add(prefix + name)
            source, target = os.path.join(folder, name), os.path.join(target_folder, name)
            if unchanged(source, target):
                continue
            if not made:
                os.makedirs(target_folder, exist_ok=True)
                made = True
            os.replace(source, target)
            changed += 1
    return changed, remove_stale(live, produced)


def unchanged(staged: str, target: str) -> bool:
    """`target` exists and holds the bytes of `staged` (or is the same file)."""
    try:
        live = os.stat(target)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(live.st_mode):
        return False
    new = os.stat(staged)
    if (new.st_dev, new.st_ino) == (live.st_dev, live.st_ino):
        return True
    return new.st_size == live.st_size and same_contents(staged, target)


def same_contents(first: str, second: str, block: int = 1 << 16) -> bool:
    with open(first, "rb") as one, open(second, "rb") as other:
        while True:
            chunk = one.read(block)
            if chunk != other.read(block):
                return False
            if not chunk:
                return True


def remove_stale(live: Path, produced: set[str]) -> int:
    """Remove the files of `live` not in `produced`, then the folders left empty."""
    removed = 0
    emptied: set[str] = set()
    for folder, dirs, names in os.walk(live, topdown=False):
        relative_folder = os.path.relpath(folder, live)
        prefix = "" if relative_folder == "." else relative_folder + os.sep
        stale = [name for name in names if prefix + name not in produced]
        for name in stale:
            os.remove(os.path.join(folder, name))
        removed += len(stale)
        left = len(names) - len(stale) + sum(os.path.join(folder, d) not in emptied for d in dirs)
        if not left and relative_folder != ".":
            os.rmdir(folder)
            emptied.add(folder)
    return removed
