"""Run Pelican under cProfile timed by this process's CPU clock.

    python bench/profiled_pelican.py OUT.prof CONTENT -s SETTINGS --fatal errors

On a machine shared with other builds, a wall-clock profile charges the
time spent waiting for a core to whatever ran just before, system calls
most of all; a CPU clock does not. The Pagefind runs are other processes and
do not appear here: the bench's phase table gives their time.
"""

from __future__ import annotations

import cProfile
import sys
import time

from pelican import main


def run(output: str, arguments: list[str]) -> int:
    profiler = cProfile.Profile(time.process_time)
    sys.argv = ["pelican", *arguments]
    code = 0
    try:
        profiler.runcall(main)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        profiler.dump_stats(output)
    return code


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], sys.argv[2:]))
