"""Work the build need not wait for until the output is read: placing the
cached files (a hard link each) goes on in a forked process while the
generators go on in this one.

At 50,000 exhibitors the QR codes and share images are 100,000 links, some
2.5 s of this process's time, most of it in the kernel, while the other core
had room. The child inherits what it places through the fork: nothing is
sent to it, and only an error comes back. page_writer's `finalized` handler,
the first one, waits for every child before any other handler reads the
output (`wait_for_background`), and fails the build with the child's
traceback if one failed.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection

from .workers import can_fork

# Items: fewer are done at once, in this process (the fork would cost more
# than the links; a site of a few dozen exhibitors runs as it did before).
FORK_FROM = 50

_RUNNING: list[tuple[str, multiprocessing.Process, Connection]] = []


class BackgroundError(RuntimeError):
    """Work done in the background failed; the message names it."""


def run_in_background(what: str, function: Callable, items: list, *args) -> None:
    """`function(items, *args)` in a forked process (at once here for fewer
    than FORK_FROM items, or where processes cannot fork); `what` names the
    work in an error."""
    if len(items) < FORK_FROM or not can_fork():
        function(items, *args)
        return
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(theirs, function, items, *args), daemon=True)
    process.start()
    theirs.close()
    _RUNNING.append((what, process, ours))


def _run(connection: Connection, function: Callable, *args) -> None:
    try:
        function(*args)
    except BaseException:
        connection.send(traceback.format_exc())
    else:
        connection.send(None)


def wait_for_background() -> None:
    """Every background run finished; BackgroundError for those that failed."""
    running, failures = list(_RUNNING), []
    _RUNNING.clear()
    for what, process, connection in running:
        try:
            error = connection.recv()
        except EOFError:
            error = f"its process died (exit code {process.exitcode}: killed, or out of memory?)"
        process.join()
        connection.close()
        if error:
            failures.append(f"{what} failed in the background:\n{error}")
    if failures:
        raise BackgroundError("\n".join(failures))
