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
        self.views: list[_ReadOnce] = []
        with contextlib.suppress(OSError, EOFError, ValueError, pickle.UnpicklingError):
            with open(index_cache(cache).path(name), "rb") as file:
                saved = pickle.load(file)
            self.files_key = saved["files"]
            if saved["texts"] == text_key:
                self.views = [_ReadOnce(cache.path(self.files_key + s)) for s in SUFFIXES]
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
        return self.views[0].text(*earlier[1]), self.views[1].text(*earlier[2])


class _ReadOnce:
    """A file mapped to be read from start to end (this build takes the
    records in the order the last one wrote them): the pages behind the
    part read are let go as it goes. The kernel keeps them in its cache,
    but while mapped they counted in the build's memory: at the full
    membership some 600 MiB at the end of the output steps
    (bench/RESULTS.md)."""

    LET_GO_EVERY = 16 << 20  # bytes

    def __init__(self, path: str):
        with open(path, "rb") as file:
            self.view = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        self.kept_from = 0  # the pages before this offset are let go

    def text(self, start: int, end: int) -> bytes:
        if start - self.kept_from >= self.LET_GO_EVERY:
            upto = start - start % mmap.PAGESIZE
            self.view.madvise(mmap.MADV_DONTNEED, self.kept_from, upto - self.kept_from)
            self.kept_from = upto
        return self.view[start:end]

    def close(self) -> None:
        self.view.close()


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
