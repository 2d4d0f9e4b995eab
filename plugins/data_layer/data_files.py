"""The files of data/: which ones a collection holds, in which order, and
how messages name them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from .messages import Problem

CHUNK = 1 << 16  # most data files are read whole by the first read


class DataFile(NamedTuple):
    path: str  # to open
    source: str  # as messages show it
    slug: str  # the file name less .yaml


def display(path: Path) -> str:
    """A path as editors see it: relative to the project when possible."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def data_file(path: Path) -> DataFile:
    return DataFile(str(path), display(path), path.stem)


def collection_files(folder: Path, problems: list) -> list[DataFile]:
    """Every .yaml file under `folder`, in path order; a .yml file is a problem."""
    found = []
    shown = display(folder)
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        below = os.path.relpath(root, folder)
        parts = () if below == "." else tuple(below.split(os.sep))
        # display() of each file, joined rather than worked out again for
        # thousands of files (unless the folder is the working folder, where
        # relpath would take a name starting with ".." for outside).
        prefix = "/".join((shown, *parts, ""))
        for name in sorted(names):
            if name.endswith(".yaml"):
                path = root + os.sep + name
                source = prefix + name if shown != "." else display(Path(path))
                found.append(((*parts, name), DataFile(path, source, _slug(name))))
            elif name.endswith(".yml"):
                problems.append(Problem(display(Path(root, name)), 1, "", "extension"))
    found.sort(key=_first)  # as paths sort: part by part
    return [file for _parts, file in found]


def _first(pair):
    return pair[0]


def _slug(name: str) -> str:
    """Path(name).stem, for a name ending in .yaml."""
    return name[:-5] if len(name) > 5 else name


def read_bytes(path: str) -> bytes:
    """The bytes of a file. For the many small files of data/, os.read is
    about twice as quick as open().read() (no buffer, fstat or isatty)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        chunks = [os.read(descriptor, CHUNK)]
        while chunks[-1]:
            chunks.append(os.read(descriptor, CHUNK))
    finally:
        os.close(descriptor)
    return chunks[0] if len(chunks) == 2 else b"".join(chunks)
