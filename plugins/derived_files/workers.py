"""Worker processes that make derived files, forked while the build is small.

A worker forked late, from a build that holds every record, shares all of
the build's pages, and the resident size of each worker counts them again
(the bench sums the process tree). Forked at Pelican's `initialized` signal,
before any data is read, each worker holds little more than the imported
modules. The pool runs no helper threads (chunks go over pipes, handed out
as workers free up), so no lock is held by a thread whenever this or another
plugin forks.

Each plugin that uses the workers says so when it registers; the workers are
started once, and stopped when every user's generator is done with them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
import traceback
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection, wait

from pelican import signals


class WorkerError(RuntimeError):
    """A chunk failed in a worker; the message carries the worker's traceback."""


class Workers:
    def __init__(self):
        self.connections: list[Connection] = []
        self.processes: list[multiprocessing.Process] = []

    @property
    def started(self) -> bool:
        return bool(self.processes)

    def start(self, count: int) -> None:
        context = multiprocessing.get_context("fork")
        for _ in range(count):
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs,), daemon=True)
            process.start()
            theirs.close()
            self.connections.append(ours)
            self.processes.append(process)

    def run(self, function: Callable, chunks: list[tuple]) -> tuple[list, float]:
        """`function(*chunk)` for every chunk, in the workers; the results in
        the order they came, and the workers' CPU seconds."""
        waiting, idle, busy = deque(chunks), list(self.connections), set()
        results, cpu, failure = [], 0.0, None
        while busy or (waiting and failure is None):
            while idle and waiting and failure is None:
                connection = idle.pop()
                connection.send((function, waiting.popleft()))
                busy.add(connection)
            for connection in wait(busy):
                busy.discard(connection)
                idle.append(connection)
                outcome, value, seconds = _receive(connection)
                cpu += seconds
                if outcome == "error":
                    failure = failure or value
                else:
                    results.append(value)
        if failure:
            raise WorkerError(failure)
        return results, cpu

    def stop(self) -> None:
        for connection in self.connections:
            with contextlib.suppress(OSError):  # a worker that died
                connection.send(None)
            connection.close()
        for process in self.processes:
            process.join()
        self.connections, self.processes = [], []


def _receive(connection: Connection) -> tuple[str, object, float]:
    try:
        return connection.recv()
    except EOFError:
        return "error", "a worker process died (killed, or out of memory?)", 0.0


def _serve(connection: Connection) -> None:
    """A worker's loop: run what comes, until told to stop."""
    while True:
        try:
            message = connection.recv()
        except EOFError:  # the build is gone
            return
        if message is None:
            return
        function, args = message
        started = time.process_time()
        try:
            outcome, value = "done", function(*args)
        except Exception:
            outcome, value = "error", traceback.format_exc()
        connection.send((outcome, value, time.process_time() - started))


# -- one pool for the build, shared by the plugins that use it ----------------------

POOL = Workers()
_USERS: set[str] = set()  # plugins whose generators use the pool
_PENDING: set[str] = set()  # those not yet done with it in this build


def use_workers(user: str) -> None:
    """Called by a plugin's `register()`: the pool starts at `initialized`."""
    _USERS.add(user)
    signals.initialized.connect(_start_when_initialized)


def _start_when_initialized(pelican) -> None:
    _start(worker_count())


def _start(count: int) -> None:
    if not POOL.started and count > 1 and can_fork():
        POOL.start(count)
        _PENDING.update(_USERS)


def workers_for(user: str) -> Workers | None:
    """The pool, for one generator's run; started now if it was not (a
    rebuild in the same process), None on a single core."""
    if user not in _USERS:
        return None
    _start(worker_count())
    return POOL if POOL.started else None


def done_with_workers(user: str) -> None:
    """A generator is done: the last one stops the pool, so that the
    workers' CPU is counted within the generators' output step."""
    _PENDING.discard(user)
    if not _PENDING and POOL.started:
        POOL.stop()


def worker_count() -> int:
    """The cores this process may run on (a container's CPU set included)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
