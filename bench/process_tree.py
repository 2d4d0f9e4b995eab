"""Run a command and watch its whole process tree: resident memory sampled
with psutil from a thread of the bench process, and the CPU seconds of the
tree once it has exited.

`getrusage` and `/usr/bin/time` give the largest single process; the build
runs Pagefind in child processes, so the tree is summed at each sample.
Forked workers share most of their pages with the build's process: the sum
of RSS counts those pages once per process (an upper bound), the largest
process's RSS misses the others (a lower bound), and the sum of PSS (each
shared page divided among the processes that share it, from
/proc/PID/smaps_rollup) is the memory the tree really holds.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

INTERVAL = 0.05  # seconds between samples, at least
# A sample reads every process's smaps_rollup, which the kernel makes by
# walking its page tables: 1 ms for a small build, tens of ms for a build of
# several GiB with forked workers. The wait after a sample is stretched so
# that sampling takes at most this share of one core from the build.
SAMPLER_SHARE = 0.05
FRESH_FORK = 0.5  # seconds


@dataclass
class Run:
    command: list[str]
    started: float  # time.monotonic(), the clock the build_phases plugin uses
    ended: float = 0.0
    returncode: int = 0
    cpu: float = 0.0  # user + system seconds of the whole tree
    # (time, resident bytes of the tree, of its largest process, proportional bytes of the tree)
    samples: list[tuple[float, int, int, int]] = field(default_factory=list)
    sampler_cpu: float = 0.0  # seconds the bench's sampling thread used

    @property
    def wall(self) -> float:
        return self.ended - self.started

    def peak(self, start: float | None = None, end: float | None = None) -> int:
        """Peak resident bytes of the tree between two times (the whole run
        by default); the sample just before `start` is included, because
        memory held then is still held at `start`."""
        start = self.started if start is None else start
        end = self.ended if end is None else end
        before = [tree for t, tree, *_ in self.samples if t <= start][-1:]
        within = [tree for t, tree, *_ in self.samples if start < t <= end]
        return max(before + within, default=0)

    def peak_largest(self) -> int:
        """Peak resident bytes of the largest single process: with forked
        workers, a lower bound of the tree's memory, as the sum is an upper one."""
        return max((sample[2] for sample in self.samples), default=0)

    def peak_pss(self) -> int:
        """Peak of the tree's summed PSS: shared pages counted once."""
        return max((sample[3] for sample in self.samples), default=0)


def tree_rss(root: psutil.Process, root_cmdline: list[str]) -> tuple[int, int, int]:
    """Resident bytes of `root` and all its descendants, of the largest, and
    the PSS of them all. A child that was
    forked moments ago and still runs the build's command line has not
    exec'd yet: its pages are the build's, already counted. (A pool of forked
    workers is counted once older than FRESH_FORK; the sum of RSS then
    counts their shared pages twice, an upper bound.)"""
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0, 0
    total = largest = pss = 0
    now = time.time()
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            fresh = process is not root and now - process.create_time() < FRESH_FORK
            if fresh and process.cmdline() == root_cmdline:
                continue
            rss = process.memory_info().rss
            total, largest = total + rss, max(largest, rss)
            pss += proportional_bytes(process.pid, rss)
    return total, largest, pss


def proportional_bytes(pid: int, rss: int) -> int:
    """Pss from /proc/PID/smaps_rollup (RSS where the kernel lacks it)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as file:
            for line in file:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss


class _Sampler(threading.Thread):
    def __init__(self, process: psutil.Popen, run: Run):
        super().__init__(daemon=True)
        self.process, self.run_record = process, run
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            cmdline = self.process.cmdline()
        except psutil.Error:
            return
        while not self.stop.is_set():
            started = time.thread_time()
            self.run_record.samples.append((time.monotonic(), *tree_rss(self.process, cmdline)))
            cost = time.thread_time() - started
            self.run_record.sampler_cpu += cost
            self.stop.wait(max(INTERVAL, cost / SAMPLER_SHARE))


def children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def run_measured(command: list[str], *, cwd: Path, env: dict, log: Path) -> Run:
    """Run `command` to its end, its output into `log`, watching its tree.

    The tree's CPU is what this process's reaped children used: it includes
    grandchildren (Pagefind) because the build waits for them."""
    cpu_before = children_cpu()
    with open(log, "w", encoding="utf-8") as output:
        run = Run(command, started=time.monotonic())
        process = psutil.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)
        sampler = _Sampler(process, run)
        sampler.start()
        run.returncode = process.wait()
        run.ended = time.monotonic()
        sampler.stop.set()
        sampler.join()
    run.cpu = children_cpu() - cpu_before
    return run
