"""Tables of one measured build, in Markdown (readable in a terminal and
ready for bench/RESULTS.md): the phases, the generators, the templates."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from output_tree import Changes, OutputCounts
from process_tree import Run

MIB = 2**20


@dataclass
class Row:
    phase: str
    wall: float
    cpu: float
    count: int | None = None  # pages or files, as `unit` says
    unit: str = "pages"
    peak: int | None = None  # bytes

    def cells(self) -> list[str]:
        rate = f"{self.count / self.wall:,.0f}" if self.count and self.wall > 0 else ""
        count = f"{self.count:,} {self.unit}" if self.count is not None else ""
        peak = f"{self.peak / MIB:,.0f}" if self.peak is not None else ""
        rate = rate if self.unit == "pages" else ""
        return [self.phase, f"{self.wall:.2f}", f"{self.cpu:.2f}", count, rate, peak]


def cost(entries) -> tuple[int, float, float]:
    """(count, wall, cpu) summed over the recorder's cost entries."""
    entries = list(entries)
    return (
        sum(e["count"] for e in entries),
        sum(e["wall"] for e in entries),
        sum(e["cpu"] for e in entries),
    )


# What each plugin's `finalized` handler does, for the phase table.
FINALIZED_STEPS = {
    "search": "search index",
    "page_writer": "pages rendered in workers",
    "publish_pipeline": "post-build: fingerprint, minify, compress",
    "atomic_output": "post-build: staging published into output",
}


def phase_rows(run: Run, phases: dict, output: OutputCounts, changed: Changes) -> list[Row]:
    marks = phases["marks"]
    init, context, done, exit_ = (
        marks[name] for name in ("initialized", "context_done", "output_done", "exit")
    )
    return [
        Row("startup (imports, settings, plugins)", init[0] - run.started, init[1],
            peak=run.peak(run.started, init[0])),
        Row("load + validate (generators' contexts)", context[0] - init[0], context[1] - init[1],
            peak=run.peak(init[0], context[0])),
        *output_rows(run, phases, context, done),
        *finalized_rows(run, phases, output, changed),
        Row("exit (interpreter shutdown)", run.ended - exit_[0], run.cpu - exit_[1],
            peak=run.peak(exit_[0], run.ended)),
        Row("**total**", run.wall, run.cpu, output.html, peak=run.peak()),
    ]  # fmt: skip


def skipped_rows(run: Run, output: OutputCounts) -> list[Row]:
    return [
        Row("scripts/build.py: inputs and output checked, nothing changed", run.wall, run.cpu,
            peak=run.peak()),
        Row("**total**", run.wall, run.cpu, output.html, peak=run.peak()),
    ]  # fmt: skip


def output_rows(run: Run, phases: dict, start, end) -> list[Row]:
    """The generators' output steps, split into render, write and the rest."""
    renders, render_wall, render_cpu = cost(phases["templates"].values())
    writes, write_wall, write_cpu = cost(phases["writes"].values())
    wall, cpu = end[0] - start[0], end[1] - start[1]
    write_label = "— write (Pelican's writer: files of rendered pages)"
    if not phases.get("split_writes", True):
        write_label = "— write (not split out: the site's own writer renders later)"
    return [
        Row("output (generators' output steps)", wall, cpu, phases["pages_written"].get("html", 0),
            peak=run.peak(start[0], end[0])),
        Row("— render (Jinja templates, in this process)", render_wall, render_cpu, renders),
        Row(write_label, write_wall, write_cpu, writes),
        Row("— other (views, images, QR codes, open data, sitemaps, copies)",
            wall - render_wall - write_wall, cpu - render_cpu - write_cpu),
    ]  # fmt: skip


def finalized_rows(run: Run, phases: dict, output: OutputCounts, changed: Changes) -> list[Row]:
    """One row per `finalized` handler, in the order they ran."""
    rows, start = [], phases["marks"]["output_done"]
    for plugin, end in phases["finalized"]:
        count, unit = None, "pages"
        if plugin == "search":
            count, unit = output.search, "index files"
        elif plugin == "atomic_output":
            count, unit = changed.total, "files changed in output"
        label = f"{FINALIZED_STEPS.get(plugin, 'finalized step')} (finalized: {plugin})"
        rows.append(Row(label, end[0] - start[0], end[1] - start[1], count, unit,
                        peak=run.peak(start[0], end[0])))  # fmt: skip
        start = end
    return rows


def markdown(headers: list[str], rows: list[list[str]], right_from: int = 1) -> str:
    rule = ["---" if i < right_from else "---:" for i in range(len(headers))]
    lines = [headers, rule, *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def phase_table(rows: list[Row]) -> str:
    headers = ["phase", "wall s", "CPU s", "pages / files", "pages/s", "peak RSS MiB"]
    return markdown(headers, [row.cells() for row in rows])


def summary(run: Run, output: OutputCounts, changed: Changes) -> str:
    return (
        f"{output.html:,} HTML pages, **{output.html / run.wall:,.0f} pages/s** of wall "
        f"({run.wall:.1f} s, CPU {run.cpu:.1f} s, peak RSS {run.peak() / MIB:,.0f} MiB, "
        f"largest process {run.peak_largest() / MIB:,.0f} MiB, "
        f"peak PSS of the tree {run.peak_pss() / MIB:,.0f} MiB); "
        f"search index {output.search:,} files; other files {output.other:,}; "
        f"output {output.files:,} files, {output.bytes / MIB:,.1f} MiB; "
        f"changed in output: {changed.added:,} added, {changed.replaced:,} replaced, "
        f"{changed.removed:,} removed; the bench's memory sampling took "
        f"{run.sampler_cpu:.1f} CPU s beside the build ({len(run.samples):,} samples)"
    )


def generator_table(phases: dict) -> str:
    """Each generator's steps; render and write are part of its output step."""
    empty = {"count": 0, "wall": 0.0, "cpu": 0.0}
    rows = []
    for name, steps in phases["generators"].items():
        context, output = steps.get("context", empty), steps.get("output", empty)
        render, write = steps.get("render", empty), steps.get("write", empty)
        rows.append((context["cpu"] + output["cpu"], [
            name, f"{context['wall']:.2f}", f"{context['cpu']:.2f}", f"{output['wall']:.2f}",
            f"{output['cpu']:.2f}", f"{render['cpu']:.2f}", f"{write['cpu']:.2f}",
            f"{render['count']:,}",
        ]))  # fmt: skip
    rows.sort(key=lambda row: -row[0])
    headers = ["generator", "context wall s", "context CPU s", "output wall s", "output CPU s",
               "of which render CPU s", "write CPU s", "pages"]  # fmt: skip
    return markdown(headers, [cells for _cpu, cells in rows])


def template_table(phases: dict, top: int = 10) -> str:
    entries = sorted(phases["templates"].items(), key=lambda item: -item[1]["cpu"])[:top]
    rows = [
        [name, f"{e['count']:,}", f"{e['wall']:.2f}", f"{e['cpu']:.2f}",
         f"{1000 * e['cpu'] / e['count']:.2f}"]
        for name, e in entries
    ]  # fmt: skip
    return markdown(["template", "renders", "wall s", "CPU s", "CPU ms per render"], rows)


def as_record(run: Run, rows: list[Row], output: OutputCounts, changed: Changes) -> dict:
    """The figures of one scenario, for results.json."""
    return {
        "wall": run.wall,
        "cpu": run.cpu,
        "peak_rss": run.peak(),
        "peak_rss_largest_process": run.peak_largest(),
        "peak_pss": run.peak_pss(),
        "sampler_cpu": run.sampler_cpu,
        "phases": [asdict(row) for row in rows],
        "output": asdict(output),
        "changed": asdict(changed),
    }
