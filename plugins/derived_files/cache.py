"""A cache folder of files named by a hash of what determines their bytes.

The key covers every input, including a version string of the code that
makes the bytes, so an entry never goes stale: a change makes a new key.
Entries are written to a temporary name and renamed into place, so a build
that is interrupted leaves no partial entry under a real name (a leftover
temporary file is ignored). Entries are never rewritten in place, so a hard
link to one (see placing.py) never changes under a reader.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
from collections.abc import Iterable

# Two hex digits of the key name a subfolder: 256 folders of a few thousand
# entries each at the full membership, instead of one of 281,000.
SHARD_LENGTH = 2
PRUNE_EVERY = 24 * 3600  # seconds between two prunings of one cache


def content_key(*parts: str | bytes) -> str:
    """The sha256 of `parts`, each prefixed by its length so that no two
    different lists of parts can run together into the same bytes."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class FileCache:
    """Entries `FOLDER/ab/abcdef….SUFFIX`, one per key."""

    def __init__(self, folder: str | os.PathLike, suffix: str):
        self.folder = os.fspath(folder)
        self.suffix = suffix

    def path(self, key: str) -> str:
        return os.path.join(self.folder, key[:SHARD_LENGTH], key + self.suffix)

    def keys(self) -> set[str]:
        """The keys of every complete entry: one listing per subfolder,
        cheaper than a `stat` per entry."""
        found = set()
        if not os.path.isdir(self.folder):
            return found
        with os.scandir(self.folder) as shards:
            for shard in shards:
                if shard.is_dir() and len(shard.name) == SHARD_LENGTH:
                    found.update(_entry_keys(shard.path, self.suffix))
        return found

    def store(self, key: str, body: bytes) -> str:
        """Write the entry atomically; a concurrent writer of the same key
        writes the same bytes, so whichever rename lands last is right."""
        path, partial = self._paths(key)
        with open(partial, "wb") as file:
            file.write(body)
        os.replace(partial, path)
        return path

    def store_copy(self, key: str, source: str) -> str:
        """`store` of the file `source`'s bytes, copied by the kernel: a file
        of hundreds of megabytes is never held in memory."""
        path, partial = self._paths(key)
        shutil.copyfile(source, partial)
        os.replace(partial, path)
        return path

    def link(self, key: str, source: str) -> bool:
        """Make the existing file `source` the entry of `key` by a hard link,
        atomically as `store`; False where it cannot be linked (another file
        system), which leaves the entry as it was."""
        path, partial = self._paths(key)
        try:
            os.link(source, partial)
        except FileExistsError:
            os.unlink(partial)
            os.link(source, partial)
        except OSError:
            return False
        os.replace(partial, path)
        return True

    def prune(self, used: Iterable[str], unused_for: float) -> int:
        """Remove the entries not in `used` that nothing has linked for
        `unused_for` seconds (a new link changes an entry's ctime): the
        cache does not grow with every edit, and an entry taken back within
        that time is still there. The number removed."""
        limit, removed = time.time() - unused_for, 0
        for key in self.keys().difference(used):
            path = self.path(key)
            with contextlib.suppress(FileNotFoundError):
                if os.stat(path).st_ctime < limit:
                    os.remove(path)
                    removed += 1
        return removed

    def prune_if_due(
        self, used: Iterable[str], unused_for: float, every: float = PRUNE_EVERY
    ) -> int:
        """`prune`, unless it ran less than `every` seconds ago: it states
        every unused entry, and after a change to the code every entry of
        the build before is unused for a week (0.4 s a build at 10,000
        exhibitors)."""
        marker = os.path.join(self.folder, f".pruned-{self.suffix.lstrip('.') or 'entries'}")
        with contextlib.suppress(FileNotFoundError):
            if os.stat(marker).st_mtime > time.time() - every:
                return 0
        removed = self.prune(used, unused_for)
        os.makedirs(self.folder, exist_ok=True)
        with open(marker, "w", encoding="utf-8"):
            pass
        return removed

    def _paths(self, key: str) -> tuple[str, str]:
        """The entry's path, and the temporary name it is made under (its
        folder made): a dot first, so `keys` never takes it for an entry."""
        path = self.path(key)
        folder, name = os.path.split(path)
        os.makedirs(folder, exist_ok=True)
        return path, os.path.join(folder, f".{name}.{os.getpid()}.tmp")


def _entry_keys(folder: str, suffix: str) -> list[str]:
    # Temporary files start with a dot and end otherwise: never taken for entries.
    return [
        name[: -len(suffix)]
        for name in os.listdir(folder)
        if name.endswith(suffix) and not name.startswith(".")
    ]
