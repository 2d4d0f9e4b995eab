"""Time whole builds of the site with N generated exhibitors, phase by phase.

    python bench/build_bench.py 10000                   # or: make bench N=10000
    python bench/build_bench.py 10000 --scenarios html-clean,html-one-change
    python bench/build_bench.py 10000 --profile         # the clean build under cProfile
    python bench/build_bench.py 50000 --reuse --scenarios html-no-change   # on what a run left
    python bench/build_bench.py 50000 --reuse --set SEARCH_WORKERS=1 --set SEARCH_SHARD_EXHIBITORS=8000

It copies data/ and content/ into a work folder (bench/work/N/ unless
--work is given; the theme and plugins are used in place), adds N
exhibitors with bench/generate_exhibitors.py (seed 2021, 2 % with a logo),
and runs `scripts/build.py` (what `make html` and `make publish` run, which
skips a build whose inputs and output did not change, else runs Pelican) in
a child process for each scenario, in this order:

  html-clean       (a) `make html` from clean: output, staging folder and
                       caches (share images, resized logos) removed
  html-no-change   (c) `make html` again, nothing changed, caches kept
  html-one-change  (d) `make html` after one exhibitor's summary is edited
  html-clean-warm  (e) `make html` from clean but with the caches kept
  publish-clean    (b) `make publish` (publishconf.py, `--fatal warnings`)
                       from clean, caches removed (its own output and caches)
  publish-clean-warm (f) `make publish` from clean, its caches kept

For each scenario it prints, per phase, wall and CPU seconds, pages
written, pages per second and the peak resident memory of the whole process
tree, sampled with psutil every 50 ms. The phase marks come from the
build_phases plugin, enabled by the bench's settings files only; its
docstring says how render and write, which Pelican interleaves, are split.
Figures also go to WORK/results.json, build logs to WORK/logs/. The build's
"now" is fixed (SOURCE_DATE_EPOCH, as in the tests). The machine is shared:
the load average before each scenario is printed with it.

--profile runs only the clean `make html` (or the first, in the order above,
of --scenarios) under cProfile, timed by CPU time
(bench/profiled_pelican.py; --profile-clock wall for `python -m cProfile`),
writes WORK/profile.prof and prints its costs by concern
(bench/profile_report.py).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import output_tree
import report
from bench_site import ROOT, SEED, BenchSite
from machine import describe, load_average
from process_tree import run_measured
from profile_report import profile_summary

FIXED_EPOCH = "1767225600"  # the tests' "now", 2026-01-01


@dataclass(frozen=True)
class Profile:
    path: Path
    clock: str  # "cpu" (bench/profiled_pelican.py) or "wall" (python -m cProfile)


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    config: str  # "html" or "publish"
    clean: bool = False
    wipe_caches: bool = False
    edit: bool = False


SCENARIOS = [
    Scenario("html-clean", "(a) clean `make html`: output, staging and caches removed",
             "html", clean=True, wipe_caches=True),
    Scenario("html-no-change", "(c) no-change rebuild (`make html`), caches kept", "html"),
    Scenario("html-one-change", "(d) one exhibitor's summary changed (`make html`), caches kept",
             "html", edit=True),
    Scenario("html-clean-warm", "(e) clean `make html`, caches kept (output and staging removed)",
             "html", clean=True),
    Scenario("publish-clean", "(b) clean `make publish`: output, staging and caches removed",
             "publish", clean=True, wipe_caches=True),
    Scenario("publish-clean-warm", "(f) clean `make publish`, caches kept (output and staging removed)",
             "publish", clean=True),
]  # fmt: skip


def pelican_command(site: BenchSite, config: str, profile: Profile | None) -> list[str]:
    fatal = "warnings" if config == "publish" else "errors"  # as the Makefile's targets
    if profile is None:
        return [sys.executable, str(ROOT / "scripts" / "build.py"), "-s", str(site.settings(config)),
                "-o", str(site.output(config)), "--fatal", fatal, "--state", str(site.state)]  # fmt: skip
    arguments = [str(site.content), "-s", str(site.settings(config)), "--fatal", fatal]
    if profile.clock == "wall":
        return [sys.executable, "-m", "cProfile", "-o", str(profile.path), "-m", "pelican",
                *arguments]  # fmt: skip
    return [sys.executable, str(ROOT / "bench" / "profiled_pelican.py"), str(profile.path),
            *arguments]  # fmt: skip


def run_scenario(site: BenchSite, scenario: Scenario, profile: Profile | None = None) -> dict:
    config = scenario.config
    if scenario.clean:
        site.clean(config, caches=scenario.wipe_caches)
    if scenario.edit:
        edited = site.change_one_summary()
        print(f"edited: {edited.relative_to(site.work)}")
    output = site.output(config)
    before = output_tree.snapshot(output) if output.exists() else {}
    phases_file = site.work / "phases" / f"{scenario.key}.json"
    log = site.work / "logs" / f"{scenario.key}.log"
    for path in (phases_file, log):
        path.parent.mkdir(parents=True, exist_ok=True)
    phases_file.unlink(missing_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "BUILD_PHASES_FILE": str(phases_file)}
    loadavg = load_average()
    command = pelican_command(site, config, profile)
    if profile:
        print(f"\nprofiled: {' '.join(command)}")
    run = run_measured(command, cwd=site.work, env=env, log=log)
    if run.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        sys.exit(f"{scenario.key}: the build failed (exit {run.returncode}), {log}:\n{tail}")
    after = output_tree.snapshot(output)
    counts, changed = output_tree.counts(after), output_tree.changes(before, after)
    if phases_file.exists():
        phases = json.loads(phases_file.read_text(encoding="utf-8"))
        rows = report.phase_rows(run, phases, counts, changed)
    else:  # scripts/build.py found nothing changed: Pelican did not run
        phases = None
        rows = report.skipped_rows(run, counts)
    print_scenario(scenario, loadavg, rows, run, phases, counts, changed)
    return {"load_average_before": loadavg, **report.as_record(run, rows, counts, changed)}


def print_scenario(scenario, loadavg, rows, run, phases, counts, changed) -> None:
    print(f"\n## {scenario.title}\n")
    print(f"load average before: {loadavg}\n")
    print(report.phase_table(rows) + "\n")
    print(report.summary(run, counts, changed) + "\n", flush=True)
    if phases is not None:
        print(report.generator_table(phases) + "\n")
        print(report.template_table(phases), flush=True)


def choose(keys: str) -> list[Scenario]:
    wanted = keys.split(",")
    unknown = set(wanted) - {s.key for s in SCENARIOS}
    if unknown:
        sys.exit(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    return [s for s in SCENARIOS if s.key in wanted]


def prepare(site: BenchSite, count: int, without: list[str], overrides: dict[str, str]) -> None:
    started = time.monotonic()
    site.prepare(count, without, overrides)
    print(f"work folder: {site.work} ({site.exhibitor_count():,} exhibitors, "
          f"prepared in {time.monotonic() - started:.1f} s)", flush=True)  # fmt: skip


def setting_overrides(parser, pairs: list[str]) -> dict[str, str]:
    overrides = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        try:
            ast.literal_eval(value)
        except (ValueError, SyntaxError):
            parser.error(f"--set {pair}: expected NAME=VALUE, VALUE a Python literal")
        if not name.isidentifier() or not name.isupper():
            parser.error(f"--set {pair}: {name!r} is not a setting's name")
        overrides[name] = value
    return overrides


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="exhibitors to generate")
    parser.add_argument("--work", type=Path, help="work folder (default: bench/work/COUNT)")
    parser.add_argument("--scenarios",
                        help="comma-separated, from: " + ", ".join(s.key for s in SCENARIOS))  # fmt: skip
    parser.add_argument("--profile", action="store_true",
                        help="profile one scenario: the first of --scenarios given, else the clean make html")  # fmt: skip
    parser.add_argument("--profile-clock", choices=["cpu", "wall"], default="cpu",
                        help="cProfile's clock (default: CPU time, see profiled_pelican.py)")  # fmt: skip
    parser.add_argument("--reuse", action="store_true",
                        help="keep the work folder as an earlier run left it (its data, caches, output)")  # fmt: skip
    parser.add_argument("--without-plugin", action="append", default=[], metavar="NAME",
                        help="leave out a plugin still being written in the working tree")  # fmt: skip
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", dest="overrides",
                        help="a setting for every build, VALUE a Python literal: SEARCH_WORKERS=1")  # fmt: skip
    args = parser.parse_args(argv)
    overrides = setting_overrides(parser, args.overrides)
    scenarios = choose(args.scenarios) if args.scenarios else SCENARIOS
    if args.profile:
        scenarios = scenarios[:1]
    site = BenchSite(args.work or ROOT / "bench" / "work" / str(args.count))

    print(f"# Build benchmark: N = {args.count:,} generated exhibitors (seed {SEED})\n")
    print("\n".join(describe(ROOT)))
    if args.reuse and site.work.is_dir():
        site.write_all_settings(args.without_plugin, overrides)
        print(f"work folder: {site.work} (reused: {site.exhibitor_count():,} exhibitors)")
    else:
        prepare(site, args.count, args.without_plugin, overrides)
    if overrides:
        print("settings: " + ", ".join(f"{name} = {value}" for name, value in overrides.items()))
    profile = Profile(site.work / "profile.prof", args.profile_clock) if args.profile else None
    results = {"count": args.count, "machine": describe(ROOT), "scenarios": {}}
    for scenario in scenarios:
        results["scenarios"][scenario.key] = run_scenario(site, scenario, profile)
    (site.work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    if profile:
        print("\n" + profile_summary(profile.path, ROOT, clock=profile.clock))
    return 0


if __name__ == "__main__":
    sys.exit(main())
