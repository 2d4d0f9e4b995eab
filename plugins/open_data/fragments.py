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

The index is kept in flat lists and an array (`TextIndex`), not a dict of
tuples: a build holds the earlier index and its own at once, and as dicts at
the full membership they came to some 200 MiB of the build's peak at the
end of its output steps (bench/RESULTS.md).
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
from array import array
from bisect import bisect_left

from derived_files.cache import FileCache

# Not "index", where the code before TextIndex kept dicts: a build of that code
# (a rollback) must not meet an index it cannot read.
INDEX_FOLDER = "text-index"
SUFFIXES = (".json", ".csv")


class TextIndex:
    """Per record, in the order written (by slug): its slug, its digest and
    where its text lies in the JSON and the CSV file."""

    def __init__(self):
        self.slugs: list[str] = []
        self.digests: list[bytes] = []
        self.places = array("Q")  # JSON start, end, CSV start, end: four per record
        self.next = 0  # where the next lookup looks first (`find`)

    def add(self, slug: str, digest: bytes, json_place: tuple[int, int],
            csv_place: tuple[int, int]) -> None:  # fmt: skip
        if self.slugs and slug <= self.slugs[-1]:
            raise ValueError(f"open data index: {slug!r} after {self.slugs[-1]!r}, not in order")
        self.slugs.append(slug)
        self.digests.append(digest)
        self.places.extend((*json_place, *csv_place))

    def find(self, slug: str) -> int | None:
        """The record's place in the index: where the last one found was
        followed, as a build asks for them in order, else by bisection."""
        slugs, at = self.slugs, self.next
        if not (at < len(slugs) and slugs[at] == slug):
            at = bisect_left(slugs, slug)
            if at == len(slugs) or slugs[at] != slug:
                return None
        self.next = at + 1
        return at

    def __getstate__(self):
        return (self.slugs, self.digests, self.places)

    def __setstate__(self, state):
        self.slugs, self.digests, self.places = state
        self.next = 0


def index_cache(cache: FileCache) -> FileCache:
    """Where each collection's index is kept, under the collection's name."""
    return FileCache(os.path.join(cache.folder, INDEX_FOLDER), ".pickle")


class EarlierTexts:
    """The texts a collection's last build wrote (none if its index, its
    files or its text key are not those of this build)."""

    def __init__(self, cache: FileCache, name: str, text_key: str):
        self.records = TextIndex()
        self.files_key = None
        self.views: list[_ReadOnce] = []
        # An index of another version of this module (its class renamed or
        # gone, a dict of tuples before TextIndex) is not taken back.
        with contextlib.suppress(OSError, EOFError, ValueError, pickle.UnpicklingError,
                                 AttributeError, ImportError):  # fmt: skip
            with open(index_cache(cache).path(name), "rb") as file:
                saved = pickle.load(file)
            self.files_key = saved["files"]
            if saved["texts"] == text_key and isinstance(saved["records"], TextIndex):
                self.views = [_ReadOnce(cache.path(self.files_key + s)) for s in SUFFIXES]
                self.records = saved["records"]

    def __enter__(self):
        return self

    def __exit__(self, *_exception):
        for view in self.views:
            view.close()

    def texts(self, slug: str, digest: bytes) -> tuple[bytes, bytes] | None:
        """The record's JSON and CSV text, if it had this digest last time."""
        at = self.records.find(slug)
        if at is None or self.records.digests[at] != digest:
            return None
        json_start, json_end, csv_start, csv_end = self.records.places[4 * at : 4 * at + 4]
        return self.views[0].text(json_start, json_end), self.views[1].text(csv_start, csv_end)


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


def keep(cache: FileCache, name: str, text_key: str, files_key: str, records: TextIndex,
         earlier_files: str | None) -> None:  # fmt: skip
    """Record where this build's texts lie in the files stored under
    `files_key`, and drop the collection's earlier files."""
    saved = {"texts": text_key, "files": files_key, "records": records}
    index_cache(cache).store(name, pickle.dumps(saved, protocol=pickle.HIGHEST_PROTOCOL))
    if earlier_files and earlier_files != files_key:
        for suffix in SUFFIXES:
            with contextlib.suppress(FileNotFoundError):
                os.remove(cache.path(earlier_files + suffix))
