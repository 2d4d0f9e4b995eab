"""What a build left in its output folder: HTML pages, search index files
and other files with their bytes, and which files a build changed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SEARCH_FOLDER = "pagefind/"  # the search plugin's bundles (plugins/search/shards.py)

# relative path -> (inode, mtime in ns, size): atomic_output moves a changed
# file in (a new inode) and leaves an unchanged one alone.
Snapshot = dict[str, tuple[int, int, int]]


def snapshot(output: Path) -> Snapshot:
    files: Snapshot = {}
    for folder, _dirs, names in os.walk(output):
        for name in names:
            path = os.path.join(folder, name)
            stat = os.stat(path)
            relative = os.path.relpath(path, output).replace(os.sep, "/")
            files[relative] = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    return files


@dataclass(frozen=True)
class OutputCounts:
    html: int  # pages, as the issue counts them: HTML files, search index aside
    search: int
    other: int
    bytes: int

    @property
    def files(self) -> int:
        return self.html + self.search + self.other


def counts(files: Snapshot) -> OutputCounts:
    search = sum(1 for path in files if path.startswith(SEARCH_FOLDER))
    html = sum(1 for path in files if path.endswith(".html") and not path.startswith(SEARCH_FOLDER))
    size = sum(entry[2] for entry in files.values())
    return OutputCounts(html, search, len(files) - html - search, size)


@dataclass(frozen=True)
class Changes:
    added: int
    replaced: int
    removed: int

    @property
    def total(self) -> int:
        return self.added + self.replaced + self.removed


def changes(before: Snapshot, after: Snapshot) -> Changes:
    added = sum(1 for path in after if path not in before)
    replaced = sum(1 for path, entry in after.items() if path in before and before[path] != entry)
    removed = sum(1 for path in before if path not in after)
    return Changes(added, replaced, removed)
