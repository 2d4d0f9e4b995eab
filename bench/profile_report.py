"""Where a profiled build's time goes, by concern.

    python bench/build_bench.py 10000 --profile        # profiles a clean make html
    python bench/profile_report.py bench/work/10000/profile.prof

Exclusive time (cProfile's tottime) is split by concern, each function by
the file it lives in. The standard library and builtins (file writes, stat,
json, re, subprocess waits...) have no concern of their own: their time goes
to their callers' concerns, up the call graph until a concern is found (see
Attribution.share). The shares add up to the whole run. Then the cumulative
time of the main entry points, and the costliest functions.
"""

from __future__ import annotations

import argparse
import pstats
import re
import sys
import sysconfig
from collections import defaultdict
from pathlib import Path

IMPORTS = "imports (module-level code)"
UNATTRIBUTED = "unattributed (top level)"

# First match wins; patterns apply to the file's path relative to the
# project or to site-packages.
CONCERNS = [
    ("YAML parse", r"^yaml/|^_yaml|data_layer/yaml_source\.py"),
    ("pydantic validation (schema, fields)",
     r"^pydantic|data_layer/(schema|fields|validation|vocab|messages)\.py"),
    ("data loading: files, slugs, cross-checks", r"data_layer/"),
    ("phone numbers", r"^phonenumbers/|directory/contacts\.py"),
    ("Markdown + sanitiser", r"^markdown/|^nh3|safe_markdown/"),
    ("Jinja: template code", r"theme/templates/"),
    ("Jinja: compiling templates",
     r"^jinja2/(lexer|parser|compiler|nodes|visitor|optimizer|idtracking|loaders)\.py"),
    ("Jinja: runtime, escaping", r"^jinja2/|^markupsafe/"),
    ("interface text: gettext, Babel", r"theme_i18n/|^babel/|/gettext\.py$"),
    ("directory views, URLs, pagination", r"directory/"),
    ("share images", r"structured_data/share_images\.py"),
    ("JSON-LD, Open Graph globals", r"structured_data/"),
    ("QR codes", r"booth_cards/qr\.py"),
    ("booth cards, alias redirects", r"booth_cards/"),
    ("logo resizing", r"responsive_images/"),
    ("Pillow: draw, quantise, encode (share images and logos)", r"^PIL/"),
    ("open data", r"open_data/"),
    ("search index (Pagefind) and pages", r"search/|^pagefind"),
    ("sitemap", r"site_files/sitemap\.py"),
    ("home, 404, robots, schedule", r"site_files/"),
    ("agenda, calendars", r"agenda/|^icalendar/"),
    ("news", r"news/"),
    ("atomic_output: compare, move", r"atomic_output/"),
    ("Pelican's writer (file writes)", r"^pelican/writers\.py"),
    ("Pelican: reading content, signals, other", r"^pelican/|^blinker/"),
    ("build_phases (the measurement)", r"build_phases/"),
    ("build_time, other plugins", r"plugins/"),
]  # fmt: skip
# Shared by several concerns: charged to the caller.
SHARED_LIBRARIES = r"^dateutil/|^zoneinfo|^tzdata/|^ordered_set|^typing_extensions"
FILE_SYSTEM = re.compile(
    r"<built-in method (posix\.(stat|lstat|open|mkdir|replace|rename|unlink|rmdir|scandir|"
    r"listdir|sendfile|symlink|link|close|read|write)|_?io\.open)>|"
    r"<method '(write|read|readinto|close|flush)' of '_io\."
)
STDLIB = tuple({sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]})


class Attribution:
    def __init__(self, stats: dict, root: Path):
        self.stats, self.root = stats, str(root) + "/"
        self.shares: dict = {}

    def relative(self, filename: str) -> str:
        if "site-packages/" in filename:
            return filename.split("site-packages/", 1)[1]
        return filename.removeprefix(self.root)

    def concern(self, func) -> str | None:
        """The concern of a function, or None if it is charged to its callers."""
        filename, _line, name = func
        if name == "<module>" or filename.startswith("<frozen importlib"):
            return IMPORTS
        stdlib = filename.startswith(STDLIB) and "site-packages/" not in filename
        if filename == "~" or filename.startswith("<") or stdlib:
            return None
        path = self.relative(filename)
        if re.search(SHARED_LIBRARIES, path):
            return None
        for concern, pattern in CONCERNS:
            if re.search(pattern, path):
                return concern
        return f"other library: {path.split('/', 1)[0]}"

    def share(self, func, visiting=frozenset(), weight=2) -> dict[str, float]:
        """concern -> fraction of `func`'s time. A shared function's own time
        is split by the time it spent for each caller (tottime per edge); a
        caller that is shared too passes it on by the time each of its
        callers spent in it (cumulative time per edge), as gprof does."""
        if (func, weight) in self.shares:
            return self.shares[func, weight]
        own = self.concern(func)
        if own is not None:
            return {own: 1.0}
        callers = self.stats[func][4]
        kept = {c: edge for c, edge in callers.items() if c not in visiting and c != func}
        total = sum(edge[weight] for edge in kept.values())
        if not total:
            return {UNATTRIBUTED: 1.0}
        result: dict[str, float] = defaultdict(float)
        for caller, edge in kept.items():
            for concern, part in self.share(caller, visiting | {func}, weight=3).items():
                result[concern] += part * edge[weight] / total
        # Memoised even when a cycle was cut short: calls among shared
        # functions rarely loop, and without it the walk is exponential.
        self.shares[func, weight] = dict(result)
        return self.shares[func, weight]

    def by_concern(self) -> dict[str, float]:
        seconds: dict[str, float] = defaultdict(float)
        for func, (_cc, _nc, tottime, _ct, _callers) in self.stats.items():
            for concern, part in self.share(func).items():
                seconds[concern] += tottime * part
        return dict(sorted(seconds.items(), key=lambda item: -item[1]))


def label(func, attribution: Attribution) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    return f"{attribution.relative(filename)}:{line} {name}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    rule = ["---"] + ["---:"] * (len(headers) - 1)
    return "\n".join("| " + " | ".join(cells) + " |" for cells in [headers, rule, *rows])


def concern_table(attribution: Attribution, total: float) -> str:
    rows = [[concern, f"{seconds:.1f}", f"{100 * seconds / total:.1f} %"]
            for concern, seconds in attribution.by_concern().items() if seconds >= 0.005 * total]  # fmt: skip
    return table(["concern (exclusive time)", "s", "share"], rows)


ENTRY_POINTS = [
    ("data_layer/loader.py", "load"),
    ("data_layer/yaml_source.py", "read_yaml"),
    ("data_layer/validation.py", "validate_document"),
    ("directory/views.py", "exhibitor_page"),
    ("structured_data/share_images.py", "draw_share_image"),
    ("booth_cards/qr.py", "qr_svg"),
    ("responsive_images/variants.py", "render_variant"),
    ("jinja2/environment.py", "get_template"),
    ("jinja2/environment.py", "render"),
    ("pelican/writers.py", "write_file"),
    ("atomic_output/staging.py", "publish_staging"),
    ("search/generator.py", "build_search_index"),
    ("site_files/sitemap.py", "write_sitemaps"),
]


def entry_table(attribution: Attribution, stats: dict, total: float) -> str:
    rows = []
    for func, (_cc, nc, _tt, cumtime, _callers) in stats.items():
        path, name = attribution.relative(func[0]), func[2]
        wanted = name in ("generate_context", "generate_output") or any(
            path.endswith(file) and name == entry for file, entry in ENTRY_POINTS
        )
        if wanted and cumtime >= 0.001 * total:
            rows.append((cumtime, [f"{path} {name}", f"{nc:,}", f"{cumtime:.1f}",
                                   f"{100 * cumtime / total:.1f} %"]))  # fmt: skip
    rows.sort(key=lambda row: -row[0])
    return table(["entry point (cumulative)", "calls", "s", "share"], [r for _c, r in rows])


def top_table(attribution: Attribution, stats: dict, total: float, top: int) -> str:
    ranked = sorted(stats.items(), key=lambda item: -item[1][2])[:top]
    rows = [[label(func, attribution), f"{nc:,}", f"{tt:.1f}", f"{100 * tt / total:.1f} %",
             f"{ct:.1f}"] for func, (_cc, nc, tt, ct, _callers) in ranked]  # fmt: skip
    return table(["function", "calls", "tottime s", "share", "cumtime s"], rows)


def file_system_seconds(stats: dict) -> float:
    return sum(
        entry[2] for (f, _l, name), entry in stats.items() if f == "~" and FILE_SYSTEM.search(name)
    )


def profile_summary(path: Path, root: Path, top: int = 25, clock: str = "cpu") -> str:
    stats = pstats.Stats(str(path)).stats
    attribution = Attribution(stats, root)
    total = sum(entry[2] for entry in stats.values())
    io = file_system_seconds(stats)
    return "\n\n".join([
        f"## Profile ({path.name}): {total:.1f} s of profiled {clock} time",
        concern_table(attribution, total),
        f"File system calls of every concern together (open, write, stat, mkdir, "
        f"replace, sendfile...): {io:.1f} s, {100 * io / total:.1f} %.",
        entry_table(attribution, stats, total),
        top_table(attribution, stats, total, top),
    ])  # fmt: skip


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path, help="a cProfile output file")
    parser.add_argument("--top", type=int, default=25, help="how many functions to list")
    parser.add_argument(
        "--clock", choices=["cpu", "wall"], default="cpu", help="the profile's clock"
    )
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    print(profile_summary(args.profile, root, args.top, args.clock))
    return 0


if __name__ == "__main__":
    sys.exit(main())
