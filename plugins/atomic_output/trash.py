"""Folders the build no longer needs, removed by a process it does not wait for.

A folder is renamed to a hidden sibling (`<name>.trash-<hex>`) at once and
handed to an `rm` that goes on after the build: at 50,000 exhibitors a
publish leaves 362,000 names staged. Each trash folder has a lock file
beside it (`<name>.trash-<hex>.lock`), locked (`flock`) by the build that
made it and held by its `rm` until the folder and the lock file are gone.
The next build removes trash a stopped machine left behind, but not trash
whose lock is held: an `rm` is still at it, and a second `rm` over the same
folder only doubles a slow disk's work (four were seen at once after builds
that each staged every page).
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import shutil
import subprocess
import uuid
from pathlib import Path

LOCK_SUFFIX = ".lock"


def discard(folder: Path) -> subprocess.Popen | None:
    """Rename `folder` out of the way and remove it in the background."""
    trash, lock = set_aside(folder)
    return remove_in_background({trash: lock})


def discard_leftovers(folder: Path) -> subprocess.Popen | None:
    """Before a build: `folder` as a failed build left it, and its trash that
    no `rm` is removing any more (the machine stopped), go the same way."""
    claimed = dict([set_aside(folder)]) if folder.is_dir() else {}
    for trash in leftover_trash(folder) - claimed.keys():
        lock = claim(trash)
        if lock is not None:
            claimed[trash] = lock
    return remove_in_background(claimed) if claimed else None


def set_aside(folder: Path) -> tuple[Path, int]:
    """Rename `folder` to a new trash name, claimed before the rename so
    that no sweep finds it unclaimed: that name and the lock's descriptor."""
    trash = folder.with_name(f"{folder.name}.trash-{uuid.uuid4().hex}")
    lock = claim(trash)
    os.rename(folder, trash)
    return trash, lock


def leftover_trash(folder: Path) -> set[Path]:
    """Trash folders of `folder`, and their lock files, by the folder's name."""
    names = glob.glob(f"{glob.escape(str(folder))}.trash-*")
    return {Path(name.removesuffix(LOCK_SUFFIX)) for name in names}


def claim(trash: Path) -> int | None:
    """A descriptor holding the trash folder's lock, or None if a removal
    still holds it. The lock lives as long as the descriptor is open in any
    process: the `rm` it is passed to keeps it until it exits."""
    descriptor = os.open(f"{trash}{LOCK_SUFFIX}", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def remove_in_background(claimed: dict[Path, int]) -> subprocess.Popen | None:
    """Remove each claimed trash folder, then its lock file, in one `rm`
    that holds the locks until it exits; here, if there is no `rm`."""
    names = [name for trash in sorted(claimed) for name in (trash, f"{trash}{LOCK_SUFFIX}")]
    try:
        return subprocess.Popen(
            ["rm", "-rf", "--", *map(str, names)], start_new_session=True,
            pass_fds=tuple(claimed.values()),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
    except OSError:  # no rm to run
        for trash in claimed:
            shutil.rmtree(trash, ignore_errors=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{trash}{LOCK_SUFFIX}")
        return None
    finally:
        for descriptor in claimed.values():
            os.close(descriptor)
