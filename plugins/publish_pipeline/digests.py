"""The SHA-256 of files a publish has read before, by inode, so that the next
one need not read them again.

Most files a publish prepares are hard links to cache entries that the
publish before prepared too (pages from the page cache, search bundles,
share images, its own minified pages), and reading a file back was most of
a publish from the caches: at 50,000 exhibitors 40 of its 62 s, a read from
disk per file (56 CPU µs, against 3 for a `stat`). A digest is reused while
the file's device, inode, size and modification time are those it was
taken at, as git's index does; cache entries are replaced by a rename,
never rewritten in place.

The table is an SQLite file in the publish cache, in WAL mode: the
workers read it and add to it at once, each opening it for a chunk of
files (its lookups in one read transaction, its new rows in one write
transaction), so that no connection crosses a fork. It is a cache: a
table that cannot be read is started afresh, and one that has grown past
GROWTH times the files of a publish is emptied when the publish cache is
pruned.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3

NAME = "digests.sqlite3"
GROWTH = 4  # rows kept per file of the last publish, at most (old inodes accumulate)
SCHEMA = """CREATE TABLE IF NOT EXISTS digests (
    inode INTEGER PRIMARY KEY, device INTEGER, size INTEGER, mtime INTEGER, sha256 BLOB)"""


class KnownDigests:
    def __init__(self, folder: str):
        self.path = os.path.join(folder, NAME)
        self.new: list[tuple] = []  # rows to add at the next `save`
        os.makedirs(folder, exist_ok=True)
        try:
            self.db = _connect(self.path)
        except sqlite3.OperationalError:  # locked, or the disk: not the table's fault
            raise
        except sqlite3.DatabaseError:  # damaged (a crash while writing): start again
            _remove(self.path)
            self.db = _connect(self.path)

    def get(self, stat: os.stat_result) -> str | None:
        """The hex SHA-256 of the file `stat` describes, if known and current."""
        row = self.db.execute(
            "SELECT device, size, mtime, sha256 FROM digests WHERE inode = ?", (stat.st_ino,)
        ).fetchone()
        if row is None or row[:3] != (stat.st_dev, stat.st_size, stat.st_mtime_ns):
            return None
        return row[3].hex()

    def add(self, stat: os.stat_result, sha256: str) -> None:
        self.new.append(
            (stat.st_ino, stat.st_dev, stat.st_size, stat.st_mtime_ns, bytes.fromhex(sha256))
        )

    def save(self) -> None:
        """Write the rows added since the last save, in one transaction."""
        if not self.new:
            return
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO digests VALUES (?, ?, ?, ?, ?)", self.new)
        self.new.clear()

    def close(self) -> None:
        self.db.close()


@contextlib.contextmanager
def digests_for_a_chunk(folder: str):
    """The table, open for one chunk of files: their lookups in one read
    transaction (a lookup each in a transaction of its own took twice as
    long, 14 against 7 µs), then the rows they added written."""
    known = KnownDigests(folder)
    try:
        known.db.execute("BEGIN")
        yield known
        known.db.commit()
        known.save()
    finally:
        known.close()


def create(folder: str) -> None:
    """Make the table (WAL mode, the schema) before the workers start: two
    workers making a new table at once could find it locked."""
    KnownDigests(folder).close()


def _connect(path: str) -> sqlite3.Connection:
    # Workers write at once: each waits for the other's write to end.
    db = sqlite3.connect(path, timeout=120)
    db.execute("PRAGMA journal_mode = WAL")  # readers and a writer do not wait for each other
    # A cache: a crash of the machine mid-write loses it, nothing more (above).
    db.execute("PRAGMA synchronous = OFF")
    db.execute(SCHEMA)
    return db


def _remove(path: str) -> None:
    for name in (path, f"{path}-wal", f"{path}-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(name)


def prune(folder: str, files: int) -> bool:
    """Remove the table if it holds more than GROWTH rows per file of a
    publish of `files` files (rows of inodes long gone); True if removed."""
    path = os.path.join(folder, NAME)
    if not os.path.exists(path):
        return False
    db = sqlite3.connect(path)
    try:
        (rows,) = db.execute("SELECT count(*) FROM digests").fetchone()
    except sqlite3.DatabaseError:
        rows = None
    finally:
        db.close()
    if rows is not None and rows <= GROWTH * max(files, 1):
        return False
    _remove(path)
    return True
