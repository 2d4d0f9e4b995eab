"""Pages kept by what they are made of: a page whose inputs did not change
since some earlier build is linked from the page cache instead of rendered.

A page is cached only when its generator says it may be (`write_file(...,
memo=True)`) and every variable it is given can be spelled out here
(`spell`): text, numbers, dates, lists, dicts, dataclasses, and values
computed later whose inputs are declared (`Later.inputs`). Its key is a hash
of that spelling, the template's name and the build's `site_key`: the
files of the theme, the plugins, the content and the data other than the
exhibitors' own files (whose records reach a page only through its
variables), the settings, the installed packages and Python. Any change
there renders every cached kind of page again.

The build's now is not part of the key: cached pages are rendered without
`BUILD_NOW` in their context, so a template that read it would fail the
build rather than be served stale (the Python behind the views does not read
it either; only the agenda, home page, news, open data and publish steps do,
and they are not cached).

Entries are hard links to the page files of the build that rendered them
(cache.py of derived_files: named by key, replaced only by a rename).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import site
import sys

from derived_files.cache import FileCache, content_key

from .jobs import Later

SUFFIX = ".html"
# Data files that reach a cached page only through its spelt-out variables.
RECORD_FOLDERS = ("exhibitors",)
SKIPPED_NAMES = {"__pycache__", ".git"}
# Settings that no cached page reads (BUILD_NOW is taken out of their context).
UNKEYED_SETTINGS = {"BUILD_NOW", "ATOMIC_OUTPUT_STAGING_PATH"}


class UnspellableError(TypeError):
    """A value whose content this module cannot spell: the page is rendered."""


class PageMemo:
    def __init__(self, folder: str, site_key: str):
        self.cache = FileCache(folder, SUFFIX)
        self.site_key = site_key
        self.known = self.cache.keys()  # complete entries, listed once per build

    def key(self, template_name: str, variables: dict) -> str | None:
        try:
            spelling = spell(variables)
        except UnspellableError:
            return None
        return content_key(self.site_key, template_name, spelling)

    def path(self, key: str) -> str:
        return self.cache.path(key)

    def keep(self, key: str, page_path: str) -> None:
        """Make the page file just put at `page_path` the entry of `key`."""
        entry = self.cache.path(key)
        folder = os.path.dirname(entry)
        os.makedirs(folder, exist_ok=True)
        partial = os.path.join(folder, f".{key}.{os.getpid()}.tmp")
        try:
            os.link(page_path, partial)
        except OSError:
            return  # another file system, or no links: this page is not cached
        os.replace(partial, entry)


# -- spelling a page's variables --------------------------------------------------------

_spelt: dict[int, tuple[object, str]] = {}  # id -> (the frozen value, its spelling)


def spell(value) -> str:
    """A text that differs whenever `value` would render differently."""
    kind = type(value)
    if kind is str:
        return "s" + str(len(value)) + ":" + value
    if value is None or kind in (bool, int, float):
        return "v" + repr(value)
    if kind in (list, tuple):
        return kind.__name__[0] + "[" + ",".join(map(spell, value)) + "]"
    if kind is dict:
        return "d{" + ",".join(spell(k) + ":" + spell(v) for k, v in value.items()) + "}"
    if isinstance(value, str):  # Markup, or text knowing its language
        return f"{kind.__qualname__}({spell(str(value))},{spell(getattr(value, '__dict__', {}))})"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _spell_dataclass(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return kind.__name__ + value.isoformat()
    if kind is Later and value.inputs is not None:
        name = function_name(value.function)
        return f"later({name},{spell(value.args)},{spell(value.inputs)})"
    raise UnspellableError(f"{kind.__module__}.{kind.__qualname__}")


def function_name(function) -> str:
    """A Later's function by its name: the object a method or partial is bound
    to is the site's (an index of one language), made from the keyed inputs."""
    while isinstance(function, functools.partial):
        function = function.func
    name = getattr(function, "__qualname__", None)
    if name is None:
        raise UnspellableError(type(function).__qualname__)
    return f"{function.__module__}.{name}"


def _spell_dataclass(value) -> str:
    frozen = type(value).__dataclass_params__.frozen
    if frozen:  # spelt once: cards appear on many listing pages
        found = _spelt.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
    fields = ",".join(spell(getattr(value, f.name)) for f in dataclasses.fields(value))
    spelling = f"{type(value).__qualname__}({fields})"
    if frozen:
        _spelt[id(value)] = (value, spelling)  # keeps the value, so its id stays its own
    return spelling


# -- the site's part of every key ------------------------------------------------------


def site_key(settings: dict) -> str:
    """Everything besides a page's variables that a cached page is made from."""
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
        return spell(value)
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
