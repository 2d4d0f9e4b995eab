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
    cpu: float  # seconds, the workers' included

    def __str__(self) -> str:
        return (
            f"{self.made} made, {self.files - self.made} from the cache "
            f"({self.wall:.1f} s, CPU {self.cpu:.1f} s)"
        )


def write_derived_files(
    files: Iterable[DerivedFile],
    cache: FileCache,
    make: Make,
    output: Path,
    workers: int | None = None,
) -> Written:
    """Make the files the cache lacks, then place each one at its path in
    `output`."""
    started = _clock()
    files = list(files)
    made = produce_missing(cache, {file.key: file.args for file in files}, make, workers)
    folders = set()
    for file in files:
        target = output / file.path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        place(cache.path(file.key), target)
    ended = _clock()
    return Written(len(files), made, ended[0] - started[0], ended[1] - started[1])


def _clock() -> tuple[float, float]:
    # os.times() counts the CPU of children the build has waited for: the workers.
    times = os.times()
    cpu = times.user + times.system + times.children_user + times.children_system
    return time.monotonic(), cpu
