"""Search bundles kept by the pages they index: a bundle whose pages (paths
and bytes) did not change since some earlier build is linked from the cache
instead of indexed again.

Pagefind costs about 1.7 CPU ms a page (bench/RESULTS.md), while reading and
hashing a page costs a few microseconds; a build that changed one exhibitor
re-indexes only the bundles (one a language) that hold its pages, and a
clean build with the cache kept indexes nothing.

The key is a hash of the Pagefind version, this plugin's code, the bundle's
name and language, and each page's path and bytes. Reading every page back
took 6 of the 41 CPU s of the build's own process at 50,000 exhibitors, so
the key is first looked up by an alias: a hash of the pages' page cache keys
(page_writer/placed.py), which name their bytes, kept in a small file
that gives the bytes key those pages had. The alias only saves the reading:
the entry is still named by the bytes, since page keys change with more
than the bytes (any setting, a theme file's time), and a bundle indexed
again is not byte for byte the one before (Pagefind's filter files vary
between runs).

An entry is a folder of the bundle's files, filled under a temporary name
and renamed into place, so that an interrupted build leaves no partial
entry; entries are never written into afterwards, so the hard links to them
in the output never change.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import shutil
import subprocess
import time
from functools import cache, partial
from importlib.metadata import version
from pathlib import Path

from .farm import MANIFEST

log = logging.getLogger(__name__)
CODE_FOLDER = Path(__file__).parent
ENTRY_FILE = "pagefind-entry.json"  # linked into the output by every build that uses the bundle
UNUSED_FOR = 7 * 24 * 3600  # seconds a bundle no build used is kept
SHARD_LENGTH = 2  # entries in folders named by their key's first two hex digits
ALIAS_SUFFIX = ".alias"  # beside the entries: a file holding the bundle key an alias stands for
FARMS = "farms"  # the folders Pagefind indexes, one a bundle, kept between builds (farm.py)


def code_version(engine: str) -> bytes:
    digest = hashlib.sha256(f"pagefind={version('pagefind')}\0{engine}".encode())
    for path in sorted(CODE_FOLDER.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def bundle_key(name: str, pages: list[str], code: bytes, digest_of) -> str:
    """`digest_of(page)`: the digest of the page's path and bytes (page_digest)."""
    digest = hashlib.sha256(code + name.encode())
    for page in sorted(pages):
        digest.update(digest_of(page))
    return digest.hexdigest()


def alias_key(name: str, pages: list[str], code: bytes, key_of, digest_of) -> str:
    """The bundle's pages by their page cache keys (`key_of(page)`), the
    pages without one (news, the agenda) by their bytes (`digest_of`)."""
    digest = hashlib.sha256(code + b"\0alias\0" + name.encode())
    for page in sorted(pages):
        key = key_of(page)
        digest.update(f"\0{page}\0{key}".encode() if key else digest_of(page))
    return digest.hexdigest()


def page_digest(path_of, page: str) -> bytes:
    """The digest of `page` (site-relative), read from `path_of(page)`."""
    with open(path_of(page), "rb") as file:
        body = file.read()
    return f"\0{page}\0{len(body)}\0".encode() + hashlib.sha256(body).digest()


class BundleCache:
    def __init__(self, folder: str | os.PathLike):
        self.folder = os.fspath(folder)
        self.used: set[str] = set()

    def entry(self, key: str) -> str:
        return os.path.join(self.folder, key[:SHARD_LENGTH], key)

    def key(self, name: str, pages: list[str], code: bytes, path_of, key_of=None) -> str:
        """The bundle's key: found by its pages' keys (`key_of`) where an
        alias is known, else by reading the pages (each from `path_of(page)`)
        and the alias noted."""
        digest_of = cache(partial(page_digest, path_of))  # each page read once at most
        alias = alias_key(name, pages, code, key_of, digest_of) if key_of is not None else None
        key = self.aliased(alias) if alias is not None else None
        if key is None:
            key = bundle_key(name, pages, code, digest_of)
            if alias is not None:
                self.add_alias(alias, key)
        return key

    def aliased(self, alias: str) -> str | None:
        """The bundle key that `alias` stands for, or None if unknown."""
        path = self.entry(alias) + ALIAS_SUFFIX
        try:
            with open(path, encoding="ascii") as file:
                key = file.read()
        except FileNotFoundError:
            return None
        os.utime(path)  # used: kept by `prune`
        return key

    def add_alias(self, alias: str, key: str) -> None:
        """Note that the pages keyed by `alias` are the ones hashed to `key`
        (true whether or not an entry is kept under `key`)."""
        path = self.entry(alias) + ALIAS_SUFFIX
        os.makedirs(os.path.dirname(path), exist_ok=True)
        partial = f"{path}.{os.getpid()}.tmp"
        with open(partial, "w", encoding="ascii") as file:
            file.write(key)
        os.replace(partial, path)

    def farm(self, name: str) -> str:
        """Where the bundle `name`'s pages are linked for Pagefind (farm.py)."""
        return os.path.join(self.folder, FARMS, name.strip("/").replace("/", "_"))

    def held_in(self, key: str, folder: str) -> list[str] | None:
        """The entry's files (paths relative to it) if `folder` holds
        exactly those files, each the entry's own (a hard link: the same
        inode, so the same bytes); None otherwise, or if there is no entry.
        Listed by their directory entries alone (no file stated): a few
        milliseconds for a bundle of 10,000 exhibitors, where linking it
        into the staging folder made 8,000 links and folders."""
        self.used.add(key)
        entry = self.entry(key)
        try:
            if os.stat(entry).st_dev != os.stat(folder).st_dev:
                return None
        except FileNotFoundError:
            return None
        files = _file_inodes(entry)
        return sorted(files) if files and files == _file_inodes(folder) else None

    def start_placing(self, key: str, output: Path) -> Placing | None:
        """Start linking the entry's files into `output` (replaced); None if
        there is no entry. The links are made by `cp -al` beside this
        process, which goes on hashing the next bundle's pages meanwhile."""
        self.used.add(key)
        entry = self.entry(key)
        if not os.path.isdir(entry):
            return None
        shutil.rmtree(output, ignore_errors=True)
        os.makedirs(os.path.dirname(os.fspath(output)), exist_ok=True)
        return Placing(entry, os.fspath(output))

    def place(self, key: str, output: Path) -> bool:
        """Link the entry's files into `output` (replaced); False if there is none."""
        placing = self.start_placing(key, output)
        if placing is not None:
            placing.wait()
        return placing is not None

    def keep(self, key: str, bundle: Path, elsewhere: dict[str, str] | None = None) -> None:
        """Keep the files of `bundle`, and those `elsewhere` (relative path
        -> file: the live bundle's, left in the live output), as the entry."""
        entry = self.entry(key)
        if os.path.isdir(entry):
            return
        partial = f"{entry}.{os.getpid()}.tmp"
        shutil.rmtree(partial, ignore_errors=True)
        os.makedirs(os.path.dirname(entry), exist_ok=True)
        shutil.copytree(bundle, partial, copy_function=_link_or_copy)
        for name, file in (elsewhere or {}).items():
            os.makedirs(os.path.dirname(os.path.join(partial, name)), exist_ok=True)
            _link_or_copy(file, os.path.join(partial, name))
        try:
            os.rename(partial, entry)
        except OSError:  # another build kept the same bundle meanwhile
            shutil.rmtree(partial, ignore_errors=True)

    def prune(self, unused_for: float = UNUSED_FOR) -> int:
        """Remove the bundles this build did not use and no build has linked
        for `unused_for` seconds (a link changes a file's ctime, here the
        entry file's): a bundle is tens of megabytes at the full membership.
        The number removed."""
        limit, removed = time.time() - unused_for, 0
        for entry in glob.glob(os.path.join(glob.escape(self.folder), "*", "*")):
            key = os.path.basename(entry)
            if key in self.used or key.endswith(".tmp"):
                continue
            if key.endswith(ALIAS_SUFFIX):
                if os.stat(entry).st_mtime < limit:
                    os.unlink(entry)
                continue
            if os.path.basename(os.path.dirname(entry)) == FARMS:
                if _mtime(os.path.join(entry, MANIFEST)) < limit:
                    shutil.rmtree(entry, ignore_errors=True)
                continue
            try:
                stale = os.stat(os.path.join(entry, ENTRY_FILE)).st_ctime < limit
            except FileNotFoundError:
                stale = True
            if stale:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        return removed


def _file_inodes(folder: str, prefix: str = "") -> dict[str, int]:
    """Every file under `folder` (relative path -> inode), from its
    directory entries."""
    found = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found |= _file_inodes(entry.path, f"{prefix}{entry.name}/")
            else:
                found[prefix + entry.name] = entry.inode()
    return found


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except FileNotFoundError:
        return 0


class Placing:
    """A bundle being linked into the output by coreutils' `cp -al` (a link
    per file at C speed: 101,000 files at 50,000 exhibitors); where links
    cannot be made (another file system) or there is no such `cp`, `wait`
    places the files from Python, copying what it cannot link."""

    def __init__(self, entry: str, output: str):
        self.entry, self.output = entry, output
        try:
            self.process = subprocess.Popen(
                ["cp", "-al", "--", entry, output],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )  # fmt: skip
        except OSError as error:
            log.debug("cp: %s", error)
            self.process = None

    def wait(self) -> None:
        if self.process is not None:
            _out, error = self.process.communicate()
            if self.process.returncode == 0:
                return
            log.debug("cp -al %s: %s", self.entry, error.decode(errors="replace"))
        shutil.rmtree(self.output, ignore_errors=True)
        shutil.copytree(self.entry, self.output, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
