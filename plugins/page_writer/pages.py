"""Put one rendered page into the output folder: written, hard-linked from
the page cache, or, when the live output already holds these exact bytes,
left there and not staged at all.

A page left in the live output costs no folder and no link in the staging
folder (making the 160,000 page folders of a build at 50,000 exhibitors
took 14.5 of the 67 CPU s of a one-change build, bench/RESULTS.md): the
writer tells atomic_output which pages it left, and atomic_output keeps
their live files as they are (mtime and inode unchanged). New files are
created with O_EXCL: a page is never written through an existing link,
which would change a cache entry in place.
"""

from __future__ import annotations

import errno
import logging
import os

from derived_files.placing import same_file

log = logging.getLogger(__name__)

WRITTEN, KEPT, CACHED = "written", "kept", "cached"


class PageOutput:
    """Where pages go (`staging`, the writer's output folder) and where
    unchanged pages are left (`live`, or None to write every page). A page
    KEPT is the live file as it stands: not staged (the writer tells
    atomic_output), or, without atomic_output, not rewritten."""

    def __init__(self, staging: str, live: str | None):
        self.staging = os.path.abspath(staging)
        self.live = None if live is None else os.path.abspath(live)
        # Without atomic_output the writer writes into the live folder itself.
        self.in_place = live is not None and os.path.realpath(live) == os.path.realpath(staging)
        # A staged build with no live output yet (a clean build): no page can
        # be found there, and looking costs two `stat`s a page (12 µs on a
        # slow disk: 2 s of the build's process at 50,000 exhibitors, as much
        # again in the workers).
        self.compares_live = self.live is not None and (self.in_place or os.path.isdir(self.live))
        self.folders: set[str] = set()  # made by this process

    def live_of(self, path: str) -> str:
        """The live twin of the staged `path` (the writer's paths all lie
        under the staging folder: writer._path_of)."""
        return self.live + path[len(self.staging) :]

    def put(self, path: str, text: str) -> str:
        """Put the page at `path`, unless the live output holds its bytes."""
        data = text.encode("utf-8")
        if self.compares_live and same_bytes(self.live_of(path), data):
            return KEPT
        self._write(path, data)
        log.debug('Writing "%s"', path)
        return WRITTEN

    def place(self, path: str, entry: str) -> str | None:
        """Put the page cache's `entry` at `path` by a hard link, unless it
        is the live file; None if the entry is gone (the page is then
        rendered)."""
        if self.compares_live and same_file(entry, self.live_of(path)):
            return KEPT
        try:
            linked = self._link(entry, path)
        except FileNotFoundError:
            return None
        return CACHED if linked else None

    def _link(self, live: str, path: str) -> bool:
        self._make_folder(path)
        try:
            os.link(live, path)
        except FileExistsError:
            os.unlink(path)
            os.link(live, path)
        except OSError as error:
            if error.errno in (errno.EXDEV, errno.EPERM, errno.EMLINK):
                return False  # another file system, or no links here: write
            raise
        return True

    def _write(self, path: str, data: bytes) -> None:
        self._make_folder(path)
        try:
            file = open(path, "xb")  # noqa: SIM115 - closed below
        except FileExistsError:
            os.unlink(path)
            file = open(path, "xb")  # noqa: SIM115
        with file:
            file.write(data)

    def _make_folder(self, path: str) -> None:
        folder = os.path.dirname(path)
        if folder in self.folders:
            return
        # Its parent is usually there: one mkdir, where makedirs first asks
        # whether the parent exists (a stat for each of the 160,000 page
        # folders at 50,000 exhibitors).
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        self.folders.add(folder)


def same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except FileNotFoundError:
        return False
