"""A persistent cache of validated records: a build parses and validates
only the files that changed since the last one.

A record is found by a hash of its file's bytes and of the model that
validates it. The cache as a whole holds for one version (`cache_version`):
the data layer's code, the vocabularies, the libraries that parse and
validate, and what validation takes from the build besides the file; a
new version starts from an empty cache. What a record's validation read
outside its file and the vocabularies (the images it names) is stored with
it, for the loader to check again before using it. Only valid records are
stored; the checks across records run on every load, over all records.

On disk: SHARDS pickle files, by the first byte of the key, each written to
a temporary file and renamed, so that a build stopped halfway leaves whole
shards. A shard is rewritten only when it gained records or holds records
that no file has any more.

Beside them, FILES: each data file's key with the signature its file had
(size, times, inode), as git's index keeps a file's hash: a file whose
signature still holds is not read again (at 50,000 exhibitors reading
them took 1.2 of a one-change build's seconds, the files no longer in the
kernel's cache). A signature is kept only for a file unchanged for
SETTLED_NS before the load began: a change after the load then gives
the file a later change time (ctime, which no tool sets back), even where
the file system's clock is coarse.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import struct
import sys
import tempfile
import time
from importlib.metadata import version as installed_version
from pathlib import Path

import yaml

from . import compact

SHARDS = 64
SUFFIX = ".pickle"
FILES = "files" + SUFFIX  # data file path -> its signature and key
SETTLED_NS = 2_000_000_000  # longer than any file system's time step (FAT's: 2 s)
_SIGNATURE = struct.Struct("<5q")
CODE_FOLDER = Path(__file__).parent  # the data layer: its source is part of the version
# Libraries whose behaviour decides what a file's record is.
LIBRARIES = ("PyYAML", "pydantic", "pydantic_core", "phonenumbers")


def cache_version(vocab_folder: Path, context_key: str) -> bytes:
    """A hash of everything, besides the file itself, that a record depends on."""
    digest = hashlib.blake2b(digest_size=16)
    parts = [sys.version, __package__, context_key, f"libyaml={yaml.__with_libyaml__}"]
    parts += [f"{name}={installed_version(name)}" for name in LIBRARIES]
    digest.update("\n".join(parts).encode())
    for folder in (CODE_FOLDER, Path(vocab_folder)):
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix in (".py", ".yaml"):
                digest.update(f"\n{folder.name}/{path.name}\n".encode() + path.read_bytes())
    return digest.hexdigest().encode()


def record_key(model, raw: bytes) -> bytes:
    # SHA-256: done in hardware by most processors, the quickest hash here.
    return hashlib.sha256(model.__name__.encode() + b"\n" + raw).digest()


class RecordCache:
    """key -> entry (a record's data and what else it depended on), in `folder`."""

    def __init__(self, folder, version: bytes):
        self.folder = Path(folder)
        self.version = version
        self.entries: dict = {}
        self.kept: set = set()  # keys this load used
        self.dirty: set[int] = set()  # shards to write
        for number in range(SHARDS):
            self.entries.update(self.read_shard(number))
        self.started_ns = time.time_ns()
        self.files: dict[str, bytes] = self.read_files()  # as the last load left them
        self.seen: dict[str, bytes] = {}  # as this load found them

    def shard_path(self, number: int) -> Path:
        return self.folder / f"{number:02x}{SUFFIX}"

    def read_shard(self, number: int) -> dict:
        try:
            with open(self.shard_path(number), "rb") as file:
                if file.readline().rstrip(b"\n") == self.version:
                    return compact.loads(file.read())
        except FileNotFoundError:
            return {}
        except Exception:  # noqa: BLE001 - a damaged shard is an empty one
            pass
        self.dirty.add(number)  # another version's, or damaged: replace it
        return {}

    def read_files(self) -> dict[str, bytes]:
        try:
            with open(self.folder / FILES, "rb") as file:
                if file.readline().rstrip(b"\n") == self.version:
                    return pickle.load(file)
        except Exception:  # noqa: BLE001 - none yet, or damaged: every file is read
            pass
        return {}

    def known_key(self, path: str, stat: os.stat_result) -> bytes | None:
        """The key of the file at `path` if its signature is as recorded:
        its bytes need not be read."""
        recorded = self.files.get(path)
        if recorded is None:
            return None
        signature = signature_of(stat)
        if recorded[: len(signature)] != signature:
            return None
        self.seen[path] = recorded
        return recorded[len(signature) :]

    def note_file(self, path: str, stat: os.stat_result, key: bytes) -> None:
        """Record that the file at `path`, as `stat` found it (before it was
        read), has `key`: kept for the next load if it had settled."""
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < self.started_ns - SETTLED_NS:
            self.seen[path] = signature_of(stat) + key

    def take(self, key: bytes):
        """The entry stored under `key` (kept for the next load), or None."""
        entry = self.entries.get(key)
        if entry is not None:
            self.kept.add(key)
        return entry

    def discard(self, key: bytes) -> None:
        """Forget a taken entry that turned out not to hold any more."""
        del self.entries[key]
        self.kept.discard(key)
        self.dirty.add(key[0] % SHARDS)

    def put(self, key: bytes, entry) -> None:
        self.entries[key] = entry
        self.kept.add(key)
        self.dirty.add(key[0] % SHARDS)

    def save(self) -> None:
        """Write the shards that changed, with only the entries this load
        used, and the files' signatures if they changed."""
        if self.seen != self.files:
            self.write_file(FILES, lambda file: pickle.dump(self.seen, file, protocol=5))
            self.files = self.seen
        if len(self.kept) < len(self.entries):  # some file changed or went away
            self.dirty.update(key[0] % SHARDS for key in self.entries.keys() - self.kept)
        if not self.dirty:
            return
        keys: dict[int, list] = {number: [] for number in self.dirty}
        for key in self.kept:
            shard = keys.get(key[0] % SHARDS)
            if shard is not None:
                shard.append(key)
        for number, shard in keys.items():
            self.write_shard(number, {key: self.entries[key] for key in shard})
        self.dirty.clear()

    def write_shard(self, number: int, entries: dict) -> None:
        self.write_file(self.shard_path(number).name,
                        lambda file: file.write(compact.dumps(entries)))  # fmt: skip

    def write_file(self, name: str, write) -> None:
        """Write the version, then `write(file)`, into `name`, replaced whole."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".shard-", dir=self.folder)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(self.version + b"\n")
                write(file)
            os.replace(temporary, self.folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def signature_of(stat: os.stat_result) -> bytes:
    """What changes whenever a file's bytes may have: its size, its
    modification and change times, its inode and device."""
    return _SIGNATURE.pack(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino,
                           stat.st_dev)  # fmt: skip
