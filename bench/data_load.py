"""Time loading and validating data/ alone, without the rest of a build.

    python bench/data_load.py DATA [--images IMAGES] [--runs nocache,cold,warm]
                              [--cache DIR] [--profile OUT.prof]

DATA is a data folder (e.g. one filled by bench/generate_exhibitors.py),
IMAGES its content/images folder (DATA/../content/images unless given).
Each run is a child process, so that each has its own peak memory:

  nocache  DataLoader without a record cache
  cold     with the record cache (DIR, or a temporary folder), emptied first
  warm     with the record cache as the previous run left it

Per run it prints wall and CPU seconds of `DataLoader.load()`, records per
second of wall time, the garbage collector's share, the process's resident
memory after loading (what the build keeps) and its peak (ru_maxrss, which
covers this single process). The "now" is the tests' fixed one.

--profile runs one more load of the first run's kind under cProfile, timed
by CPU (the machine is shared), writes OUT.prof and prints its exclusive
time by concern of the data layer.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import json
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from machine import describe, load_average
from profile_report import FILE_SYSTEM, Attribution, table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from data_layer.loader import DataLoader  # noqa: E402

NOW = dt.datetime.fromtimestamp(1767225600, dt.UTC)  # the tests' "now", 2026-01-01
RUNS = ("nocache", "cold", "warm")

# First match wins: (concern, pattern on the file relative to the project or
# site-packages, or on a builtin's name).
CONCERNS = [
    ("file I/O: read, walk, stat", FILE_SYSTEM.pattern),
    ("PyYAML's tag resolver (Python, every node)", r"^yaml/resolver\.py"),
    ("libyaml: scan, parse, compose (C)", r"_yaml\.|^_yaml|^yaml/"),
    ("nodes to plain data (yaml_source.py)", r"data_layer/yaml_source\.py"),
    ("record cache, shared field sets", r"data_layer/(record_cache|compact)\.py|_pickle|_hashlib"),
    ("pydantic core", r"^pydantic|pydantic_core"),
    ("field parsers (fields, vocab, phonenumbers)", r"data_layer/(fields|vocab)\.py|^phonenumbers/"),
    ("errors to located problems", r"data_layer/(validation|messages)\.py"),
    ("loader: files, slugs, cross-record checks", r"data_layer/"),
]  # fmt: skip


class DataAttribution(Attribution):
    """profile_report's attribution, with the data layer's own concerns."""

    def concern(self, func) -> str | None:
        filename, _line, name = func
        text = name if filename == "~" else self.relative(filename)
        for concern, pattern in CONCERNS:
            if re.search(pattern, text):
                return concern
        return super().concern(func)


def loader(data: Path, images: Path, cache: Path | None) -> DataLoader:
    return DataLoader(data, images, NOW, cache_path=cache)


def measure(data: Path, images: Path, cache: Path | None) -> dict:
    """One load in this process: times, memory, and the garbage collector's time."""
    gc_seconds, started = [0.0], [0.0]

    def on_gc(phase, _info):
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            gc_seconds[0] += time.perf_counter() - started[0]

    process = psutil.Process()
    rss_before = process.memory_info().rss
    gc.callbacks.append(on_gc)
    wall, cpu = time.perf_counter(), time.process_time()
    site = loader(data, images, cache).load()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    gc.callbacks.remove(on_gc)
    return {
        "records": len(site.exhibitors) + len(site.partners) + len(site.centres) + len(site.events),
        "wall": wall,
        "cpu": cpu,
        "gc": gc_seconds[0],
        "rss_before": rss_before,
        "rss_after": process.memory_info().rss,
        "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def profile(data: Path, images: Path, cache: Path | None, output: Path) -> str:
    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(loader(data, images, cache).load)
    profiler.dump_stats(str(output))
    stats = pstats.Stats(profiler).stats
    attribution = DataAttribution(stats, ROOT)
    total = sum(entry[2] for entry in stats.values())
    rows = [[concern, f"{seconds:.2f}", f"{100 * seconds / total:.1f} %"]
            for concern, seconds in attribution.by_concern().items() if seconds >= 0.002 * total]  # fmt: skip
    return f"profile: {total:.2f} s of CPU time\n\n" + table(["concern", "s", "share"], rows)


def child(args) -> int:
    if args.profile:
        print(profile(args.data, args.images, args.cache, args.profile))
        return 0
    print(json.dumps(measure(args.data, args.images, args.cache)))
    return 0


def run_child(args, run: str, cache: Path, profile_to: Path | None = None) -> str:
    command = [sys.executable, __file__, str(args.data), "--images", str(args.images),
               "--child"]  # fmt: skip
    if run != "nocache":
        command += ["--cache", str(cache)]
    if profile_to:
        command += ["--profile", str(profile_to)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{run}: the load failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result.stdout


def mib(size: int) -> str:
    return f"{size / 1048576:,.0f}"


def row(run: str, figures: dict) -> list[str]:
    return [run, f"{figures['records']:,}", f"{figures['wall']:.2f}", f"{figures['cpu']:.2f}",
            f"{figures['records'] / figures['wall']:,.0f}", f"{figures['gc']:.2f}",
            mib(figures["rss_before"]), mib(figures["rss_after"]), mib(figures["peak"])]  # fmt: skip


def parent(args) -> int:
    runs = args.runs.split(",")
    unknown = set(runs) - set(RUNS)
    if unknown:
        sys.exit(f"unknown runs: {', '.join(sorted(unknown))}; choose from {', '.join(RUNS)}")
    print("\n".join(describe(ROOT)) + "\n")
    temporary = None if args.cache else Path(tempfile.mkdtemp(prefix="record-cache-"))
    cache = args.cache or temporary
    rows = []
    try:
        for run in runs:
            if run == "cold":
                shutil.rmtree(cache, ignore_errors=True)
            print(f"{run}: load average before {load_average()}", file=sys.stderr)
            rows.append(row(run, json.loads(run_child(args, run, cache).splitlines()[-1])))
        print(table(["run", "records", "wall s", "CPU s", "records/s (wall)", "gc s",
                     "RSS start MiB", "RSS after MiB", "peak RSS MiB"], rows))  # fmt: skip
        if args.profile:
            print("\n" + run_child(args, runs[0], cache, args.profile))
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the data folder")
    parser.add_argument("--images", type=Path, help="its content/images folder")
    parser.add_argument("--runs", default="nocache", help=f"comma-separated: {', '.join(RUNS)}")
    parser.add_argument("--cache", type=Path, help="the record cache folder (a temporary one)")
    parser.add_argument("--profile", type=Path, help="also profile one load into this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.images = args.images or args.data.parent / "content" / "images"
    return child(args) if args.child else parent(args)


if __name__ == "__main__":
    sys.exit(main())
