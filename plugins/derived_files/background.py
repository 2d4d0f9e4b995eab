"""Cached files placed by a process of their own while the build goes on.

Placing is a hard link a file (placing.py): at 50,000 exhibitors the QR
codes and share images are 100,000 links, some 2.5 s of the build's own
time, most of it in the kernel, while the other core had room. A small
Python process started for the purpose (not forked: a fork of the build
kept the pages the build changed meanwhile, 50 to 90 MiB more at its peak)
reads the list of (cached file, target) pairs from a temporary file and
makes the links. page_writer's `finalized` handler, the first one, waits
for every such process before any other handler reads the output
(`wait_for_background`), and fails the build with the process's error if
one failed.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .placing import place_all

# Files: fewer are placed at once, in this process (starting a process costs
# about as much as 1,000 links; a site of a few dozen exhibitors still runs
# the way large ones do).
BACKGROUND_FROM = 50
PLACER = Path(__file__).with_name("placing.py")

_RUNNING: list[tuple[str, subprocess.Popen]] = []


class BackgroundError(RuntimeError):
    """Files placed in the background could not be; the message names them."""


def place_in_background(what: str, pairs: Sequence[tuple[str, str]]) -> None:
    """Put each cached file at its target (placing.place_all), in a process
    of its own; `what` names the files in an error."""
    if len(pairs) < BACKGROUND_FROM:
        place_all(pairs)
        return
    with tempfile.TemporaryFile() as listing:  # the process reads it from its stdin
        for cached, target in pairs:
            listing.write(f"{cached}\0{target}\0".encode("utf-8", "surrogateescape"))
        listing.seek(0)
        process = subprocess.Popen([sys.executable, "-I", str(PLACER)], stdin=listing,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    _RUNNING.append((what, process))


def wait_for_background() -> None:
    """Every file given to place_in_background is in place; BackgroundError
    names those that could not be placed."""
    running, failures = list(_RUNNING), []
    _RUNNING.clear()
    for what, process in running:
        _out, error = process.communicate()
        if process.returncode != 0:
            text = error.decode("utf-8", "replace").strip() or f"exit code {process.returncode}"
            failures.append(f"placing the {what} failed:\n{text}")
    if failures:
        raise BackgroundError("\n".join(failures))
