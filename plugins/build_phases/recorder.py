"""The figures of one build, collected in the build's process and saved as
JSON when it exits.

Times are `time.monotonic()`: on Linux one clock for every process of the
machine (CLOCK_MONOTONIC), so the bench can place the memory samples it
takes from outside into these phases.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict

ENVIRONMENT_VARIABLE = "BUILD_PHASES_FILE"


def phase_clock() -> tuple[float, float]:
    """(wall, CPU) for phase boundaries. The CPU is this process's and that
    of the children it has waited for (the Pagefind runs); os.times() counts
    in ticks of 10 ms, fine for phases, too coarse for one page."""
    times = os.times()
    return time.monotonic(), times.user + times.system + times.children_user + times.children_system


def page_clock() -> tuple[float, float]:
    """(wall, CPU) at nanosecond resolution, for the cost of one page."""
    return time.monotonic(), time.process_time()


class Cost:
    """How many times something happened, and its wall and CPU seconds."""

    __slots__ = ("count", "wall", "cpu")

    def __init__(self):
        self.count, self.wall, self.cpu = 0, 0.0, 0.0

    def add(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        self.count += 1
        self.wall += end[0] - start[0]
        self.cpu += end[1] - start[1]

    def as_dict(self) -> dict:
        return {"count": self.count, "wall": self.wall, "cpu": self.cpu}


class Recorder:
    def __init__(self):
        self.marks: dict[str, tuple[float, float]] = {}
        self.generators: dict[str, dict[str, Cost]] = defaultdict(lambda: defaultdict(Cost))
        self.templates: dict[str, Cost] = defaultdict(Cost)
        self.writes: dict[str, Cost] = defaultdict(Cost)  # "html", "other"
        self.pages_written: dict[str, int] = defaultdict(int)  # every content_written
        self.current_generator = "(none)"
        self.rendering = False
        self.render_end: tuple[float, float] | None = None
        self.finalized: list[tuple[str, tuple[float, float]]] = []  # (plugin, end)
        self.split_writes = True
        self.markers: list = []
        self.plugins: list[str] = []

    def mark(self, name: str) -> None:
        self.marks[name] = phase_clock()

    def rendered(self, template: str, start: tuple[float, float]) -> None:
        end = page_clock()
        self.templates[template].add(start, end)
        self.generators[self.current_generator]["render"].add(start, end)
        self.render_end = end

    def written(self, path: str) -> None:
        """Pelican's writer sends `content_written` right after closing the
        file it rendered: the time since the render ended is the write."""
        kind = "html" if path.endswith(".html") else "other"
        self.pages_written[kind] += 1
        if self.render_end is None or not self.split_writes:
            return
        end = page_clock()
        self.writes[kind].add(self.render_end, end)
        self.generators[self.current_generator]["write"].add(self.render_end, end)
        self.render_end = None

    def as_dict(self) -> dict:
        return {
            "pid": os.getpid(),
            "plugins": self.plugins,
            "finalized": self.finalized,
            "split_writes": self.split_writes,
            "marks": self.marks,
            "generators": {
                name: {step: cost.as_dict() for step, cost in steps.items()}
                for name, steps in self.generators.items()
            },
            "templates": {name: cost.as_dict() for name, cost in sorted(self.templates.items())},
            "writes": {kind: cost.as_dict() for kind, cost in self.writes.items()},
            "pages_written": self.pages_written,
        }

    def save(self, path: str) -> None:
        self.mark("exit")
        with open(path, "w", encoding="utf-8") as file:
            json.dump(self.as_dict(), file, indent=1)


RECORDER = Recorder()
