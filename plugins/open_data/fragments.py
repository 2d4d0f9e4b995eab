"""Each record's JSON and CSV text from the build before, taken back when
the record did not change.

When one exhibitor changes, its collection's files are written again, but
the text of every other record is the same bytes: this build copies it
from the files the build before left in the cache instead of flattening
and encoding each record again (at 50,000 exhibitors that was 4 of the 23 s
a one-change build spent on its output steps). An index beside the cache's
files gives, per slug, the record's digest and where its text lies in each
file; it is kept per collection, with the key of what else a record's text
is made of (the site's other inputs and the absolute URL): when that
changed, nothing is taken back.

The cache keeps the files of each collection's last build only: each data
change would otherwise add a copy of the whole download (110 MB at 50,000
exhibitors).
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle

from derived_files.cache import FileCache

INDEX_FOLDER = "index"
SUFFIXES = (".json", ".csv")

# slug -> (record digest, (start, end) in the JSON file, (start, end) in the CSV file)
Index = dict[str, tuple[bytes, tuple[int, int], tuple[int, int]]]


def index_cache(cache: FileCache) -> FileCache:
    """Where each collection's index is kept, under the collection's name."""
    return FileCache(os.path.join(cache.folder, INDEX_FOLDER), ".pickle")


class EarlierTexts:
    """The texts a collection's last build wrote (none if its index, its
    files or its text key are not those of this build)."""

    def __init__(self, cache: FileCache, name: str, text_key: str):
        self.records: Index = {}
        self.files_key = None
        self.views: list[mmap.mmap] = []
        with contextlib.suppress(OSError, EOFError, ValueError, pickle.UnpicklingError):
            with open(index_cache(cache).path(name), "rb") as file:
                saved = pickle.load(file)
            self.files_key = saved["files"]
            if saved["texts"] == text_key:
                self.views = [_mapped(cache.path(self.files_key + s)) for s in SUFFIXES]
                self.records = saved["records"]

    def __enter__(self):
        return self

    def __exit__(self, *_exception):
        for view in self.views:
            view.close()

    def texts(self, slug: str, digest: bytes) -> tuple[bytes, bytes] | None:
        """The record's JSON and CSV text, if it had this digest last time."""
        earlier = self.records.get(slug)
        if earlier is None or earlier[0] != digest:
            return None
        (json_start, json_end), (csv_start, csv_end) = earlier[1], earlier[2]
        return self.views[0][json_start:json_end], self.views[1][csv_start:csv_end]


def _mapped(path: str) -> mmap.mmap:
    with open(path, "rb") as file:
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)


def keep(cache: FileCache, name: str, text_key: str, files_key: str, records: Index,
         earlier_files: str | None) -> None:  # fmt: skip
    """Record where this build's texts lie in the files stored under
    `files_key`, and drop the collection's earlier files."""
    saved = {"texts": text_key, "files": files_key, "records": records}
    index_cache(cache).store(name, pickle.dumps(saved, protocol=pickle.HIGHEST_PROTOCOL))
    if earlier_files and earlier_files != files_key:
        for suffix in SUFFIXES:
            with contextlib.suppress(FileNotFoundError):
                os.remove(cache.path(earlier_files + suffix))
