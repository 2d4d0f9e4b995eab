"""Run Pagefind over a built site, one bundle (language and shard) at a time.

Each run sees only its own pages, cut to what Pagefind reads, in a folder of
their own (farm.py), and the bundle is written straight into the site. At
most `workers` runs go at once (SEARCH_WORKERS): the peak memory is that many
times the largest shard's, which SEARCH_SHARD_EXHIBITORS bounds.

Pagefind writes more than our search page uses; each bundle keeps only its
index and, in a language's first bundle, the script, worker and WebAssembly
that the search page loads (the other bundles are merged into that one and
reuse its WebAssembly). The default UI (about 120 KB) is never shipped.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import stat
import subprocess
import tempfile
import threading
import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from atomic_output.staging import leave_in_live, same_contents

from .bundle_cache import BundleCache, code_version
from .consistency import bundle_problems
from .farm import farm
from .shards import BUNDLES

log = logging.getLogger(__name__)

ENTRY = "pagefind-entry.json"
INDEX_FOLDERS = ("index", "fragment", "filter")
RUNTIME = ("pagefind.js", "pagefind-worker.js")


class SearchIndexError(Exception):
    """The search index could not be built as planned."""


@dataclass(frozen=True)
class BundleReport:
    bundle: str
    pages: int
    seconds: float
    cached: bool = False  # linked from the bundle cache, not indexed


def pagefind_executable() -> str:
    from pagefind_bin import get_executable  # the pinned `pagefind[bin]`

    return str(get_executable())


def build_index(site: Path, shards: dict[str, list[str]], engine: str = "binary",
                cache: BundleCache | None = None, workers: int = 1, key_of=None,
                path_of=None, live: str | None = None,
                scratch: str | None = None) -> list:  # fmt: skip
    """Write every bundle of `shards` (bundle -> site-relative page files)
    into `site`, from `cache` when it holds the bundle of these very pages;
    return a BundleReport for each, in the order of `shards`.
    `path_of(page)`: the file holding a page (default: the one in `site`).

    A bundle that the `live` output (atomic_output.live_output, when `site`
    is its staging folder) already holds as the cache entry is left there,
    not staged. A bundle from the cache is otherwise linked into place by a
    `cp` of its own while this process reads and hashes the next bundle's
    pages (placing and hashing in two threads of this process was slower,
    for the GIL: 5.3 against 4.4 s at 50,000 exhibitors). The others are
    indexed by `workers` Pagefind runs at once, each waited on by a thread
    of its own, begun as soon as the bundle is known to be missing, while
    the keys of the next bundles are taken (at 50,000 exhibitors 0.8 s for
    the 26 bundles). `key_of(page)`: the page cache's key of a page, if it
    has one (alias_key). A bundle the live output has is indexed into a folder
    under `scratch` (SEARCH_SCRATCH_PATH), if given, and only its files the
    live bundle lacks staged (`index_bundle`)."""
    for name, pages in shards.items():
        if not pages:
            raise SearchIndexError(f"{name}: no page falls in this shard; lower the shard count")
    root = os.path.abspath(site)  # the staged paths of files left (atomic_output)
    site = Path(site).resolve()
    path_of = path_of or partial(os.path.join, site)
    code = code_version(engine) if cache is not None else b""
    reports, placing, left = {}, [], set()
    run = {"binary": run_binary, "api": run_api}[engine]
    index = partial(index_bundle, Placement(site, root, live, scratch), path_of, key_of, run, cache)
    with IndexRuns(index, workers) as runs:
        for name, pages in shards.items():
            started = time.monotonic()
            key = cache.key(name, pages, code, path_of, key_of) if cache is not None else None
            files = cache.held_in(key, os.path.join(live, name)) if key and live else None
            if files is not None:
                left.update(f"{root}/{name}{file}" for file in files)
                reports[name] = cached_report(name, len(pages), started)
                continue
            bundle = cache.start_placing(key, site / name) if key is not None else None
            if bundle is not None:
                placing.append((name, len(pages), started, bundle))
            else:
                runs.begin(name, pages, key)
        if left:
            leave_in_live(root, left)
        for name, count, started, bundle in placing:
            bundle.wait()
            reports[name] = cached_report(name, count, started)
        reports |= runs.results()
    if cache is not None:
        cache.prune()
    return [reports[name] for name in shards]


def cached_report(name: str, pages: int, started: float) -> BundleReport:
    return BundleReport(name, pages, time.monotonic() - started, cached=True)


class IndexRuns:
    """`index(name, pages, key)` for each bundle begun, `workers` at once;
    `results()` waits for them, and the first failure stops the bundles
    not yet begun and is raised."""

    def __init__(self, index, workers: int):
        self.index = index
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pagefind")
        self.futures = {}

    def __enter__(self) -> IndexRuns:
        return self

    def __exit__(self, *_exception) -> None:
        self.pool.shutdown(cancel_futures=True)  # runs under way finish

    def begin(self, name: str, pages: list[str], key: str | None) -> None:
        self.futures[name] = self.pool.submit(self.index, name, pages, key)

    def results(self) -> dict[str, BundleReport]:
        done, _running = wait(self.futures.values(), return_when=FIRST_EXCEPTION)
        failures = [future.exception() for future in done if future.exception()]
        if failures:
            raise failures[0]
        return {name: future.result() for name, future in self.futures.items()}


@dataclass(frozen=True)
class Placement:
    """Where a build's bundles go: `site` (resolved) and `root` (as given:
    atomic_output names the files left in the live output by it), the
    `live` output or None, and the `scratch` folder or None."""

    site: Path
    root: str
    live: str | None
    scratch: str | None

    def live_bundle(self, name: str) -> str | None:
        """The live output's folder of the bundle `name`, if it has one."""
        folder = os.path.join(self.live, name) if self.live is not None else None
        return folder if folder is not None and os.path.isdir(folder) else None


def index_bundle(where: Placement, path_of, key_of, run, cache: BundleCache | None,
                 name: str, pages: list[str], key: str | None) -> BundleReport:  # fmt: skip
    """Index `pages` (each read from `path_of(page)`) into the bundle `name`
    of the site, check it, prune it to what the search page loads, and keep
    it in `cache` under `key`. Of a bundle the live output has, Pagefind
    writes every file anew though a change touches a few: with a scratch
    folder it writes them there and only those the live bundle lacks are
    staged (`stage_changed`), else into the staging folder, where the
    files the live bundle has become links to its files (`share_live_files`)."""
    lang = name.removeprefix(f"{BUNDLES}/").rsplit("-", 1)[0]
    output, live_bundle = where.site / name, where.live_bundle(name)
    started = time.monotonic()
    targets = {page: path_of(page) for page in pages}
    scratch = _scratch_folder(where.scratch) if live_bundle is not None else None
    try:
        made = Path(scratch) / "bundle" if scratch is not None else output
        with farm(targets, cache.farm(name) if cache is not None else None, key_of) as folder:
            shutil.rmtree(output, ignore_errors=True)
            try:
                run(folder, made, lang)
            except (SearchIndexError, OSError) as error:
                if scratch is None:
                    raise
                # A scratch folder too small (Docker's /dev/shm is 64 MB): as without one.
                log.warning("%s: Pagefind failed in %s (%s); indexing into the output", name,
                            where.scratch, str(error).splitlines()[0])  # fmt: skip
                shutil.rmtree(scratch, ignore_errors=True)
                scratch, made = None, output
                run(folder, made, lang)
        # One bundle at a time: these steps make thousands of small system calls,
        # and two threads making them at once wait for the GIL at each (two
        # bundles at 50,000 exhibitors: 1.24 s, where one alone takes 0.12).
        with _FINISHING:
            finish_bundle(name, made, lang, len(pages))
            shared = {}
            if scratch is not None:
                shared = stage_changed(made, output, live_bundle)
                leave_in_live(where.root, {f"{where.root}/{name}{file}" for file in shared})
            elif live_bundle is not None:
                share_live_files(output, live_bundle)
            if key is not None:
                cache.keep(key, output, shared)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return BundleReport(name, len(pages), time.monotonic() - started)


_FINISHING = threading.Lock()


def _scratch_folder(parent: str | None) -> str | None:
    """A new folder under `parent` for one Pagefind run, or None (no
    scratch folder set, or none can be made there)."""
    if parent is None:
        return None
    try:
        return tempfile.mkdtemp(prefix="pagefind-", dir=parent)
    except OSError as error:
        log.warning("No scratch folder in %s (%s): Pagefind writes into the output", parent, error)
        return None


def finish_bundle(name: str, output: Path, lang: str, pages: int) -> None:
    """Check the bundle Pagefind wrote and prune it."""
    wasm = check_bundle(name, output, lang, pages)
    prune_bundle(output, primary=name.endswith("-1/"), wasm=wasm)
    problems = bundle_problems(output)
    if problems:
        raise SearchIndexError(f"{name}: the index is not whole: " + "; ".join(problems[:5]))


def stage_changed(made: Path, output: Path, live_bundle: str) -> dict[str, str]:
    """Copy into `output` each file of the bundle `made` whose bytes the live
    bundle lacks under its name; the others (relative path -> live file)
    stay as the live output has them. Bytes are compared, not only names: a
    fragment's name is 28 bits of its hash."""
    shared = {}
    os.makedirs(output, exist_ok=True)
    for folder, _dirs, names in os.walk(made):
        relative = os.path.relpath(folder, made)
        for name in names:
            file = name if relative == "." else f"{relative}/{name}"
            new, old = os.path.join(folder, name), os.path.join(live_bundle, file)
            if same_bytes(new, old, to_link=False):
                shared[file] = old
                continue
            os.makedirs(os.path.join(output, relative), exist_ok=True)
            shutil.copyfile(new, os.path.join(output, file))
    return shared


def share_live_files(bundle: Path, live_bundle: str) -> None:
    """Make each file of the new `bundle` whose bytes the live output's
    bundle holds under the same name a hard link to that live file. A bundle indexed again for one changed page differs from
    the live one in a few files of thousands (each page's fragment is a file
    of its own): the publish then finds the others to be the live files
    themselves, where it compared and replaced each of them (1.6 s for two
    bundles at 50,000 exhibitors), and the live ones keep their times.
    Bytes are compared, not only names: a fragment's name is 28 bits of its
    hash. Live files are never written in place (atomic_output), so a link
    to one stays what it is."""
    if not os.path.isdir(live_bundle):
        return  # a new bundle, or a clean build
    for folder, _dirs, names in os.walk(bundle):
        live_folder = os.path.join(live_bundle, os.path.relpath(folder, bundle))
        for name in names:
            new, old = os.path.join(folder, name), os.path.join(live_folder, name)
            if same_bytes(new, old):
                temporary = f"{new}.live"
                os.link(old, temporary)
                os.replace(temporary, new)


def same_bytes(new: str, old: str, *, to_link: bool = True) -> bool:
    """`old` exists, is another regular file than `new`, and has its bytes;
    `to_link`: and lies on its file system, so that `new` may become a link
    to it."""
    try:
        new_stat, old_stat = os.stat(new), os.stat(old)
    except (FileNotFoundError, NotADirectoryError):
        return False
    if not stat.S_ISREG(old_stat.st_mode) or os.path.samestat(new_stat, old_stat):
        return False
    if new_stat.st_size != old_stat.st_size:
        return False
    if to_link and new_stat.st_dev != old_stat.st_dev:
        return False  # another file system: no link across
    return same_contents(new, old)


def run_binary(farm: Path, output: Path, lang: str) -> None:
    command = [pagefind_executable(), "--site", str(farm), "--output-path", str(output),
               "--force-language", lang, "--quiet"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"pagefind failed ({result.returncode}):\n{result.stdout}")


def run_api(farm: Path, output: Path, lang: str) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    async def index() -> None:
        config = IndexConfig(force_language=lang, output_path=str(output))
        async with PagefindIndex(config=config) as pagefind:
            await pagefind.add_directory(str(farm))

    asyncio.run(index())


def check_bundle(name: str, output: Path, lang: str, expected: int) -> str:
    """The bundle indexes exactly its pages, in its language; return the name
    of its WebAssembly build."""
    try:
        entry = json.loads((output / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"{name}: Pagefind wrote no readable {ENTRY}: {error}") from None
    languages = entry.get("languages", {})
    found = languages.get(lang, {}).get("page_count", 0)
    if set(languages) != {lang} or found != expected:
        raise SearchIndexError(
            f"{name}: Pagefind indexed {found} of {expected} pages ({sorted(languages)}); "
            "every searchable page must mark its text with data-pagefind-body"
        )
    return languages[lang].get("wasm") or "unknown"


def prune_bundle(output: Path, *, primary: bool, wasm: str) -> None:
    keep = {ENTRY, *INDEX_FOLDERS}
    if primary:
        keep |= {*RUNTIME, f"wasm.{wasm}.pagefind"}
    for path in output.iterdir():
        is_meta = path.name.startswith("pagefind.") and path.name.endswith(".pf_meta")
        if path.name in keep or is_meta:
            continue
        shutil.rmtree(path) if path.is_dir() else path.unlink()
