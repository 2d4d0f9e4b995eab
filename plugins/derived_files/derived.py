"""What a generator calls: every derived file placed into the output, the
missing ones made first."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .cache import FileCache
from .placing import place
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
    wall: float  # seconds
    cpu: float  # seconds, this process's and the workers'

    def __str__(self) -> str:
        return (
            f"{self.made} made, {self.files - self.made} from the cache "
            f"({self.wall:.1f} s, CPU {self.cpu:.1f} s)"
        )


def place_all(files: list[DerivedFile], cache: FileCache, output: str) -> None:
    # Plain strings, not Path objects: this runs for every file of every build.
    folders = set()
    for file in files:
        target = os.path.join(output, file.path)
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        place(cache.path(file.key), target)


def write_derived_files(
    files: Iterable[DerivedFile],
    cache: FileCache,
    make: Make,
    output: Path,
    workers: Workers | None = None,
) -> Written:
    """Make the files the cache lacks (in `workers` if given), then place
    each one at its path in `output`."""
    wall, cpu = time.monotonic(), time.process_time()
    files = list(files)
    produced = produce_missing(cache, {file.key: file.args for file in files}, make, workers)
    place_all(files, cache, os.fspath(output))
    return Written(
        len(files),
        produced.made,
        time.monotonic() - wall,
        time.process_time() - cpu + produced.worker_cpu,
    )


def write_with_shared_workers(user: str, files: Iterable[DerivedFile], cache: FileCache,
                              make: Make, output: Path) -> Written:  # fmt: skip
    """`write_derived_files` on the pool shared by the plugins (workers.py),
    which `user` is done with afterwards, whether or not it failed."""
    try:
        return write_derived_files(files, cache, make, output, workers_for(user))
    finally:
        done_with_workers(user)
