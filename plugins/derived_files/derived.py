"""What a generator calls: every derived file placed into the output, the
missing ones made first."""

from __future__ import annotations

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


def write_derived_files(
    files: Iterable[DerivedFile],
    cache: FileCache,
    make: Make,
    output: Path,
    workers: int | None = None,
) -> int:
    """Make the files the cache lacks, then place each one at its path in
    `output`; return how many were made."""
    files = list(files)
    made = produce_missing(cache, {file.key: file.args for file in files}, make, workers)
    folders = set()
    for file in files:
        target = output / file.path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        place(cache.path(file.key), target)
    return made
