"""Time the search index step, and its peak memory, on the shipped data or on
a copy of the site with N generated exhibitors added.

    python bench/search_index.py                  # the shipped data
    python bench/search_index.py 50000            # plus 50,000 generated exhibitors
    python bench/search_index.py 50000 --engine api --shard-exhibitors 1000000

It copies data/ and content/ into a work folder, adds N exhibitors
(bench/generate_exhibitors.py), builds the site with Pelican with the search
index switched off (SEARCH_INDEX = False), then runs the index step exactly
as the search plugin does, in this process, and prints for that step alone:
wall seconds, and the peak resident memory of the whole process tree (this
process and every Pagefind process it starts), sampled from /proc by a
thread every 20 ms. Results go in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from generate_exhibitors import generate  # noqa: E402
from search import shards  # noqa: E402
from search.indexer import build_index  # noqa: E402
from search.settings import DEFAULTS  # noqa: E402

FIXED_EPOCH = "1767225600"  # the tests' "now", 2026-01-01
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


class TreeMemory:
    """Samples the resident memory of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.02):
        self.pid, self.interval = pid, interval
        self.name = comm(pid)
        self.peak_total = self.peak_child = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            own, *children = [rss(pid) for pid in self.tree()]
            self.peak_total = max(self.peak_total, own + sum(children))
            self.peak_child = max(self.peak_child, max(children, default=0))
            self._stop.wait(self.interval)

    def tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                        parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(parent, []).append(int(entry))
        # A child forked but not yet exec'd still shows this process's pages
        # (and its name): it is not counted twice.
        found, queue = [self.pid], list(children.get(self.pid, ()))
        while queue:
            pid = queue.pop()
            if comm(pid) != self.name:
                found.append(pid)
            queue.extend(children.get(pid, ()))
        return found


def comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as name:
            return name.read().strip()
    except OSError:
        return ""


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def prepare(work: Path, count: int, settings: dict, without: list[str]) -> Path:
    """Copy the project's data and content, add `count` exhibitors, write settings."""
    shutil.copytree(ROOT / "data", work / "data")
    shutil.copytree(ROOT / "content", work / "content")
    if count:
        generate(count, work / "data", images=work / "content" / "images")
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT)!r})",
        "from pelicanconf import *  # noqa",
        f"PATH = {str(work / 'content')!r}",
        f"DATA_PATH = {str(work / 'data')!r}",
        f"CONTENT_IMAGES_PATH = {str(work / 'content' / 'images')!r}",
        f"OUTPUT_PATH = {str(work / 'output')!r}",
        f"THEME = {str(ROOT / 'theme')!r}",
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]",
        "SEARCH_INDEX = False",
        *(f"{key} = {value!r}" for key, value in settings.items()),
    ]
    if without:  # plugins still being written elsewhere in a working tree
        lines.append(f"PLUGINS = [p for p in PLUGINS if p not in {without!r}]")
    (work / "settings.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return work / "settings.py"


def build_site(work: Path, settings: Path) -> float:
    pelican = Path(sys.executable).with_name("pelican")
    started = time.monotonic()
    result = subprocess.run(
        [str(pelican), str(work / "content"), "-s", str(settings), "--fatal", "errors"],
        cwd=work, env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        sys.exit(f"the site did not build:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return time.monotonic() - started


def written_pages(output: Path) -> list[str]:
    """The pages Pelican's writer wrote. The plugin notes them as they are
    written; here, after the fact, a page is taken if it carries the search
    marking (alias redirects, written beside Pelican, look like records by
    their URL but have no text to index)."""
    found = []
    for folder, _dirs, files in os.walk(output):
        page = Path(folder) / "index.html"
        if "index.html" in files and b"data-pagefind-body" in page.read_bytes():
            found.append(page.relative_to(output).as_posix())
    return found


def index_step(output: Path, exhibitors: int, per_shard: int, engine: str, workers: int) -> dict:
    """The search plugin's `finalized` step, measured."""
    shutil.rmtree(output / shards.BUNDLES, ignore_errors=True)
    pages = written_pages(output)
    count = shards.shard_count(exhibitors, per_shard)
    planned = shards.plan(pages, ["id", "en"], {"id": count, "en": count})
    baseline = rss(os.getpid())
    started = time.monotonic()
    with TreeMemory(os.getpid()) as memory:
        reports = build_index(output, planned, engine, workers=workers)
    seconds = time.monotonic() - started
    size = sum(p.stat().st_size for p in (output / shards.BUNDLES).rglob("*") if p.is_file())
    return {
        "engine": engine,
        "workers": workers,
        "pages": shards.summary(planned),
        "bundles": len(reports),
        "largest_bundle_pages": max(r.pages for r in reports),
        "seconds": round(seconds, 2),
        "peak_tree_mib": round(memory.peak_total / 2**20),
        "peak_pagefind_mib": round(memory.peak_child / 2**20),
        "bench_process_before_mib": round(baseline / 2**20),
        "index_files_mib": round(size / 2**20, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=0, help="exhibitors to generate")
    parser.add_argument("--engine", choices=["binary", "api", "both"], default="binary")
    parser.add_argument(
        "--shard-exhibitors", type=int, default=DEFAULTS["SEARCH_SHARD_EXHIBITORS"],
        help="exhibitors per shard (a large number gives one index per language)",
    )  # fmt: skip
    parser.add_argument(
        "--workers", type=int, default=DEFAULTS["SEARCH_WORKERS"], help="Pagefind runs at once",
    )  # fmt: skip
    parser.add_argument("--work", type=Path, help="work folder (default: a new temporary one)")
    parser.add_argument("--reuse", action="store_true", help="index the site already in --work")
    parser.add_argument("--without-plugin", action="append", default=[], metavar="NAME")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="search-bench-"))
    if not args.reuse:
        if work.exists() and any(work.iterdir()):
            parser.error(f"{work} is not empty (use --reuse to index the site there)")
        settings = prepare(work, args.count, {}, args.without_plugin)
        build = build_site(work, settings)
        print(f"site built in {build:.1f} s ({work / 'output'})", flush=True)
    if args.engine == "both":  # each in a fresh process, so that peaks do not mix
        for engine in ("binary", "api"):
            command = [sys.executable, __file__, "--work", str(work), "--reuse",
                       "--engine", engine, "--shard-exhibitors", str(args.shard_exhibitors),
                       "--workers", str(args.workers)]  # fmt: skip
            subprocess.run(command, check=True)
        return 0
    exhibitors = sum(1 for _ in (work / "data" / "exhibitors").rglob("*.yaml"))
    result = index_step(
        work / "output", exhibitors, args.shard_exhibitors, args.engine, args.workers
    )
    result["exhibitors"] = exhibitors
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
