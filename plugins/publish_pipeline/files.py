"""Every file of the staging folder made ready for production, on every core:
pages rewritten for the fingerprinted theme and minified, text files given
their `.gz` and `.br` siblings, and each file's SHA-256 and size taken for
the manifest while its bytes are at hand.

What a file becomes depends only on its bytes, the theme's renames and the
code (the minifier's and compressors' versions and settings: `CODE`), so
the results are kept in a cache named by a hash of those (derived_files' FileCache, in
PUBLISH_CACHE_PATH): a publish after a small change makes only what
changed and links the rest. A file is read only when its digest is not
known from an earlier publish (digests.py) or its results must be made.
Results are put in place by a link (or a copy)
under a temporary name and a rename, never written into an existing file:
a staged page may be a hard link to a page cache entry.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import zlib
from dataclasses import dataclass
from importlib import metadata
from typing import NamedTuple

import brotli
from derived_files.cache import FileCache, content_key
from derived_files.workers import Workers, can_fork, worker_count

from . import digests
from .digests import KnownDigests, digests_for_a_chunk
from .pages import MINIFY_OPTIONS, AssetReferences, minified_page
from .precompress import (
    BROTLI_QUALITY,
    GZIP_LEVEL,
    SMALL_FILE_WINDOW,
    brotli_body,
    gzip_body,
    is_compressed,
)

# Part of every key: VERSION changes when what a file becomes changes in
# code that the rest does not name.
VERSION = "2"  # 2: keyed by the SHA-256 of a file's bytes
CODE = (
    f"{VERSION} minify-html {metadata.version('minify-html')} {sorted(MINIFY_OPTIONS.items())} "
    f"gzip {GZIP_LEVEL} zlib {zlib.ZLIB_VERSION} brotli {brotli.__version__} {BROTLI_QUALITY} "
    f"window {SMALL_FILE_WINDOW} to 64 KiB"
)
CHUNK = 256  # files per hand-over to a worker
SERIAL_BELOW = 2 * CHUNK  # fewer files are done in this process


@dataclass(frozen=True)
class Recipe:
    """What every file's result depends on besides its own bytes."""

    cache_folder: str
    site_url: str
    assets: tuple  # fingerprint.Asset of every theme file

    @functools.cached_property
    def references(self) -> AssetReferences:
        return AssetReferences(self.assets, self.site_url)

    @functools.cached_property
    def page_part(self) -> str:
        """The part of a page's key that the theme's renames make."""
        return repr(sorted((a.old, a.new, a.integrity) for a in self.assets)) + self.site_url


class Prepared(NamedTuple):  # a tuple: quick to send back from the workers
    name: str  # relative to the output folder
    sha256: str  # of the bytes served
    size: int
    key: str | None  # its cache entries' key; None: used as built
    made: bool  # not found in the cache


def prepare_all(output: str, recipe: Recipe, workers: int | None = None) -> list[Prepared]:
    """Prepare every file under `output`, in `workers` processes (by default
    one per core) when there are many."""
    names = sorted(_files_under(output))
    chunks = [(output, names[start : start + CHUNK], recipe)
              for start in range(0, len(names), CHUNK)]  # fmt: skip
    digests.create(recipe.cache_folder)
    count = workers or worker_count()
    if count < 2 or len(names) < SERIAL_BELOW or not can_fork():
        return [item for chunk in chunks for item in prepare_chunk(*chunk)]
    pool = Workers()
    pool.start(count)
    try:
        results, _cpu = pool.run(prepare_chunk, chunks)
    finally:
        pool.stop()
    return [item for chunk in results for item in chunk]


def prepare_chunk(output: str, names: list[str], recipe: Recipe) -> list[Prepared]:
    caches = _caches(recipe.cache_folder)
    with digests_for_a_chunk(recipe.cache_folder) as known:
        return [prepare(output, name, recipe, caches, known) for name in names]


@functools.cache
def _caches(folder: str) -> dict[str, FileCache]:
    return {suffix: FileCache(folder, suffix) for suffix in (".html", ".gz", ".br")}


class _File:
    """A file's size, digest and bytes, the bytes read only when needed: the
    digest comes from the table of known digests while the file is the one
    it was taken from."""

    __slots__ = ("path", "stat", "known", "_body", "_sha256")

    def __init__(self, path: str, known: KnownDigests, body: bytes | None = None):
        self.path, self.known, self._body = path, known, body
        self.stat = os.stat(path)
        self._sha256 = known.get(self.stat)

    @property
    def size(self) -> int:
        return self.stat.st_size

    @property
    def body(self) -> bytes:
        if self._body is None:
            with open(self.path, "rb") as file:
                self._body = file.read()
        return self._body

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            self._sha256 = hashlib.sha256(self.body).hexdigest()
            self.known.add(self.stat, self._sha256)
        return self._sha256


def prepare(output: str, name: str, recipe: Recipe, caches: dict[str, FileCache],
            known: KnownDigests) -> Prepared:  # fmt: skip
    path = os.path.join(output, name)
    staged = _File(path, known)
    page, compress = name.endswith(".html"), is_compressed(name)
    if not (page or compress):
        return Prepared(name, staged.sha256, staged.size, None, False)
    key = (
        content_key(CODE, "page", recipe.page_part, staged.sha256)
        if page
        else content_key(CODE, "text", staged.sha256)
    )
    made, served = False, staged
    if page:
        served, made = _entry_or_make(
            caches[".html"], key, lambda: minified_page(staged.body, recipe.references), known
        )
        _put(served.path, path, replacing=True)  # the staged page
    if compress:
        for suffix, make in ((".gz", gzip_body), (".br", brotli_body)):
            made |= _put_made(caches[suffix], key, lambda make=make: make(served.body),
                              path + suffix)  # fmt: skip
    return Prepared(name, served.sha256, served.size, key, made)


def _entry_or_make(cache: FileCache, key: str, make, known: KnownDigests) -> tuple[_File, bool]:
    """The cache entry of `key`, made and stored first if the cache lacks it."""
    try:
        return _File(cache.path(key), known), False
    except FileNotFoundError:
        body = make()
        return _File(cache.store(key, body), known, body), True


def _put_made(cache: FileCache, key: str, make, target: str) -> bool:
    """The entry of `key` at `target` (`_put`), made and stored first if the
    cache lacks it; whether it was made."""
    try:
        _put(cache.path(key), target)
        return False
    except FileNotFoundError:
        cache.store(key, make())
        _put(cache.path(key), target)
        return True


def _put(entry: str, target: str, *, replacing: bool = False) -> None:
    """The entry at `target` by a hard link (a copy on another file system);
    a file already there (always, if `replacing`) is replaced by a rename,
    never written into."""
    if not replacing:
        try:
            _link_or_copy(entry, target)
            return
        except FileExistsError:
            pass
    partial = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.publish")
    try:
        _link_or_copy(entry, partial)
    except FileExistsError:  # left by a publish that was stopped
        os.unlink(partial)
        _link_or_copy(entry, partial)
    os.replace(partial, target)


def _link_or_copy(entry: str, target: str) -> None:
    try:
        os.link(entry, target)
    except (FileExistsError, FileNotFoundError):
        raise
    except OSError:  # another file system, or no hard links there
        with open(target, "xb") as file, open(entry, "rb") as source:
            shutil.copyfileobj(source, file)


def _files_under(output: str):
    for folder, _dirs, names in os.walk(output):
        relative = os.path.relpath(folder, output)
        for name in names:
            yield name if relative == "." else f"{relative}/{name}"


def prune(recipe: Recipe, used: set[str], unused_for: float, files: int) -> int:
    """Remove the entries no file of this publish used and none has been
    linked for `unused_for` seconds (at most once a day), and the table of
    digests if it outgrew a publish of `files` files."""
    caches = _caches(recipe.cache_folder).values()
    removed = sum(cache.prune_if_due(used, unused_for) for cache in caches)
    digests.prune(recipe.cache_folder, files)
    return removed
