"""What a generator calls: every derived file placed into the output, the
missing ones made first."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from atomic_output.staging import leave_in_live, published_token
from atomic_output.vouched import fingerprint, vouch, vouched_in

from .cache import FileCache
from .placing import place, same_file
from .production import Make, produce_missing
from .workers import Workers, done_with_workers, workers_for


@dataclass(frozen=True, slots=True)
class DerivedFile:
    path: str  # where it goes, relative to the output folder
    key: str  # its cache key (cache.content_key of everything it is made from)
    args: tuple  # the arguments of the function that makes its bytes


@dataclass(frozen=True)
class Written:
    """What write_derived_files did, for the build's log."""

    files: int
    made: int
    left: int  # unchanged, left in the live output (not staged)
    wall: float  # seconds
    cpu: float  # seconds, this process's and the workers'

    def __str__(self) -> str:
        return (
            f"{self.made} made, {self.files - self.made} from the cache, of which "
            f"{self.left} unchanged (left in the live output) "
            f"({self.wall:.1f} s, CPU {self.cpu:.1f} s)"
        )


def place_all(files: list[DerivedFile], cache: FileCache, output: str,
              live: str | None = None) -> set[str]:  # fmt: skip
    """Put each file at its path in `output`, unless the `live` output holds
    its bytes there, as the last publish vouched (atomic_output/vouched.py)
    or as its cache entry itself (the same inode: the same bytes, as entries
    are only replaced by a rename); return the paths (in `output`) of the
    files left in the live output. Each file is vouched for."""
    # Plain strings, not Path objects: this runs for every file of every build.
    folders, left = set(), set()
    vouched = None if live is None else vouched_in(live, published_token(Path(live)))
    # No live output yet (a clean build): nothing to find there, and no stat.
    compare = live is not None and os.path.isdir(live)
    marks = []
    for file in files:
        target, entry = os.path.join(output, file.path), cache.path(file.key)
        if live is not None:
            marks.append(mark := fingerprint(file.path, file.key))
            if compare and held_live(mark, vouched, entry, os.path.join(live, file.path)):
                left.add(target)
                continue
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        place(entry, target)
    if marks:
        vouch(output, marks)
    return left


def held_live(mark: int, vouched, entry: str, live_path: str) -> bool:
    """The live output holds the file: as the last publish vouched, or as its
    cache entry itself."""
    return (vouched is not None and mark in vouched) or same_file(entry, live_path)


def write_derived_files(
    files: Iterable[DerivedFile],
    cache: FileCache,
    make: Make,
    output: Path,
    workers: Workers | None = None,
    live: str | None = None,
) -> Written:
    """Make the files the cache lacks (in `workers` if given), then place
    each one at its path in `output`, or leave it in the `live` output
    (atomic_output.staged_live_output) where that already holds it."""
    wall, cpu = time.monotonic(), time.process_time()
    files = list(files)
    produced = produce_missing(cache, {file.key: file.args for file in files}, make, workers)
    output = os.path.abspath(output)  # atomic_output matches left files by absolute path
    left = place_all(files, cache, output, live)
    if left:
        leave_in_live(output, left)
    return Written(
        len(files),
        produced.made,
        len(left),
        time.monotonic() - wall,
        time.process_time() - cpu + produced.worker_cpu,
    )


def write_with_shared_workers(user: str, files: Iterable[DerivedFile], cache: FileCache,
                              make: Make, output: Path, live: str | None = None) -> Written:  # fmt: skip
    """`write_derived_files` on the pool shared by the plugins (workers.py),
    which `user` is done with afterwards, whether or not it failed."""
    try:
        return write_derived_files(files, cache, make, output, workers_for(user), live)
    finally:
        done_with_workers(user)
