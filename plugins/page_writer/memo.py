"""Pages kept by what they are made of: a page whose inputs did not change
since some earlier build is linked from the page cache instead of rendered.

A page is cached only when its generator says it may be (`write_file(...,
memo=True)`) and every variable it is given can be spelled out here
(`spell`, a restricted pickle): text, numbers, dates, lists, dicts, frozen
dataclasses (by their fields, or by the inputs they name:
`spelling_inputs()`), and values computed later whose inputs are declared
(`Later.inputs`). Its key is a hash
of that spelling, the template's name and the build's `site_key`: the
files of the theme, the plugins, the content and the data other than the
exhibitors' own files (whose records reach a page only through its
variables), the settings, the installed packages and Python. Any change
there renders every cached kind of page again.

A generator that knows what a page is made of besides the site's inputs
may say so instead (`write_file(..., memo_inputs=...)`: an exhibitor's page
is made of its record alone, named by its slug and digest): the key is then
made of those, in the build's own process, and a page whose entry the live
output already holds is left there without being recorded for a worker.

The build's now is not part of the key: cached pages are rendered without
`BUILD_NOW` in their context, so a template that read it would fail the
build rather than be served stale (the Python behind the views does not read
it either; only the agenda, home page, news, open data and publish steps do,
and they are not cached).

Entries are hard links to the page files of the build that rendered them
(cache.py of derived_files: named by key, replaced only by a rename).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import os
import pickle
import site
import sys
import types
from collections.abc import Iterable

from derived_files.cache import FileCache, content_key

from .jobs import Later

SUFFIX = ".html"
UNUSED_FOR = 7 * 24 * 3600  # seconds an entry no build used is kept
# Data files that reach a cached page only through its spelt-out variables.
RECORD_FOLDERS = ("exhibitors",)
SKIPPED_NAMES = {"__pycache__", ".git"}
# Settings that no cached page reads (BUILD_NOW is taken out of their context)
# or that change how pages are made, not what they hold.
UNKEYED_SETTINGS = {
    "BUILD_NOW",
    "ATOMIC_OUTPUT_STAGING_PATH",
    "RENDER_WORKERS",
    "RENDER_BATCH_PAGES",
}


class UnspellableError(TypeError):
    """A value whose content this module cannot spell: the page is rendered."""


class PageMemo:
    def __init__(self, folder: str, site_key: str):
        # Entries are not listed: a page's entry is looked up by linking it
        # (workers.py). After changes to the code the cache holds a version of
        # every page per change for a week; at 50,000 exhibitors, nine of them
        # made a listing of 1.4 million names, 2 s and 250 MiB in the build.
        self.cache = FileCache(folder, SUFFIX)
        self.site_key = site_key
        # Every declared key starts so (declared_key): hashed once, copied for each page.
        self._declared = hashlib.sha256(f"{site_key}\0declared\0".encode())

    def key(self, template_name: str, variables: dict) -> str | None:
        try:
            spelling = spell(variables)
        except UnspellableError:
            return None
        return content_key(self.site_key, template_name, spelling)

    def declared_key(self, template_name: str, name: str, inputs) -> str:
        """The key of a page its generator says is made only of the site's
        inputs and `inputs` (writer.write_file's `memo_inputs`), which need
        not be spelled: a record's slug and digest, say, for every page made
        of that record alone."""
        digest = self._declared.copy()
        # repr of a tuple of texts: no two lists of them share one spelling.
        digest.update(repr((template_name, name, *inputs)).encode())
        return digest.hexdigest()

    def prune(self, used: Iterable[str], unused_for: float = UNUSED_FOR) -> int:
        """Remove the entries no page of this build has (`used`: its pages'
        keys), unused for `unused_for` seconds (FileCache.prune); the number
        removed."""
        return self.cache.prune(used, unused_for)

    def prune_if_due(self, used: Iterable[str]) -> int:
        """`prune`, at most once a day (FileCache.prune_if_due)."""
        return self.cache.prune_if_due(used, UNUSED_FOR)

    def path(self, key: str) -> str:
        return self.cache.path(key)

    def keep(self, key: str, page_path: str) -> None:
        """Make the page file just put at `page_path` the entry of `key` (not
        cached where the page cannot be linked: another file system)."""
        self.cache.link(key, page_path)


# -- spelling a page's variables --------------------------------------------------------


class _Spelling(pickle.Pickler):
    """Pickle, C-fast for plain values, that refuses what it cannot vouch for:
    only text (Markup, text knowing its language), frozen dataclasses (a
    mutable object could change after the key is taken, or be a whole
    index), dates and Later values that name their inputs pass."""

    def reducer_override(self, value):
        kind = type(value)
        allowed = _ALLOWED.get(kind)
        if allowed is None:
            allowed = _ALLOWED[kind] = _allowed(kind)
        if allowed is _BY_INPUTS:
            inputs = value.spelling_inputs()
            if inputs is not None:
                return _made_of, (f"{kind.__module__}.{kind.__qualname__}", inputs)
            return NotImplemented
        if allowed:
            return NotImplemented  # pickled as usual: class name and state, or by name
        if kind is Later and value.inputs is not None:
            return _later, (function_name(value.function), value.args, value.inputs)
        raise UnspellableError(f"{kind.__module__}.{kind.__qualname__}")


_BY_INPUTS = "by inputs"
_ALLOWED: dict[type, bool | str] = {}  # type -> pickled as usual (decided once per type)


def _allowed(kind: type) -> bool | str:
    if issubclass(kind, str) or kind in DATES:
        return True
    if issubclass(kind, (type, types.FunctionType, types.BuiltinFunctionType)):
        return True  # by name (the classes in a reduce; their code is keyed)
    params = getattr(kind, "__dataclass_params__", None)
    if params is None or not params.frozen:
        return False
    # A frozen dataclass that names what it is made of besides the site's
    # inputs (`spelling_inputs()`, None if it cannot) is spelled by that: a
    # few bytes, where its fields took 15 µs to pickle, for each card on
    # every page that shows it.
    return _BY_INPUTS if hasattr(kind, "spelling_inputs") else True


def _made_of(*parts):
    """Stands for a value spelled by its inputs (its class and what
    `spelling_inputs()` gave); only hashed, never called."""
    return parts


DATES = (dt.date, dt.datetime, dt.time)


def _later(*parts):
    """Stands for a Later value in a spelling (its function's name, arguments
    and inputs); spellings are only hashed, so it is only named, not called."""
    return parts


def spell(value) -> bytes:
    """Bytes that differ whenever `value` would render differently (equal
    values may differ too, in how they share objects: then the page is
    rendered again, never served stale)."""
    buffer = io.BytesIO()
    try:
        _Spelling(buffer, protocol=5).dump(value)
    except (pickle.PicklingError, AttributeError, TypeError) as error:
        raise UnspellableError(str(error)) from error
    return buffer.getvalue()


def function_name(function) -> str:
    """A Later's function by its name: the object a method or partial is bound
    to is the site's (an index of one language), made from the keyed inputs."""
    while isinstance(function, functools.partial):
        function = function.func
    name = getattr(function, "__qualname__", None)
    if name is None:
        raise UnspellableError(type(function).__qualname__)
    return f"{function.__module__}.{name}"


# -- the site's part of every key ------------------------------------------------------


_site_keys: dict[int, tuple[dict, str]] = {}  # id(settings) -> (settings, key): once a build


def site_key(settings: dict) -> str:
    """Everything besides a page's variables that a cached page is made from
    (computed once per build: the open data files use it too)."""
    found = _site_keys.get(id(settings))
    if found is None or found[0] is not settings:
        found = _site_keys[id(settings)] = (settings, _site_key(settings))
    return found[1]


def _site_key(settings: dict) -> str:
    digest = hashlib.sha256()
    for folder in input_folders(settings):
        digest.update(b"\0folder " + folder.encode())
        skip = {os.path.join(folder, name) for name in RECORD_FOLDERS}
        skip = skip if folder == os.path.abspath(settings["DATA_PATH"]) else set()
        for line in file_signatures(folder, skip):
            digest.update(line.encode())
    for name in sorted(settings):
        if name not in UNKEYED_SETTINGS:
            digest.update(f"\0{name}={_setting_text(settings[name])}".encode())
    digest.update(f"\0{sys.version}\0{installed_packages()}".encode())
    return digest.hexdigest()


def input_folders(settings: dict) -> list[str]:
    folders = [settings["PATH"], settings["DATA_PATH"], settings["THEME"],
               *settings.get("PLUGIN_PATHS", [])]  # fmt: skip
    return sorted({os.path.abspath(folder) for folder in folders})


def file_signatures(folder: str, skip: set[str]):
    """Path, size and modification time of every file under `folder`: a file
    that changes changes its time (a copy that keeps the time keeps its bytes)."""
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_NAMES
                         and os.path.join(current, d) not in skip)  # fmt: skip
        for name in sorted(names):
            stat = os.stat(os.path.join(current, name))
            yield f"\0{current}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}"


def _setting_text(value, depth: int = 0) -> str:
    """Like `spell`, but any value is described: functions, classes and other
    objects by their names (their code is in the plugin files keyed above)."""
    if depth > 20:
        return "…"
    kind = type(value)
    if kind is dict:
        items = (f"{_setting_text(k, depth + 1)}:{_setting_text(v, depth + 1)}"
                 for k, v in value.items())  # fmt: skip
        return "d{" + ",".join(items) + "}"
    if kind in (list, tuple):
        return kind.__name__[0] + "[" + ",".join(_setting_text(v, depth + 1) for v in value) + "]"
    if kind in (set, frozenset):
        return "set[" + ",".join(sorted(_setting_text(v, depth + 1) for v in value)) + "]"
    if isinstance(value, os.PathLike):
        return "path:" + os.fspath(value)
    try:
        return spell(value).hex()
    except UnspellableError:
        described = value if isinstance(value, type) or callable(value) else kind
        name = getattr(described, "__qualname__", None) or kind.__qualname__
        return f"{getattr(described, '__module__', kind.__module__)}.{name}"


def installed_packages() -> str:
    """The names of the installed distributions (name-version.dist-info)."""
    names = []
    for folder in {*site.getsitepackages(), site.getusersitepackages(), *sys.path}:
        if os.path.isdir(folder) and folder.endswith("-packages"):
            names += [name for name in os.listdir(folder) if name.endswith(".dist-info")]
    return ",".join(sorted(names))
