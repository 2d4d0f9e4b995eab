"""Make the cache entries that are missing, on every core.

Workers are forked (Linux), so they start at once with the build's modules
already imported. Each takes a chunk of jobs, calls `make(*args)` and stores
the bytes in the cache itself: only keys and arguments cross between
processes. `make` must be a module-level function whose bytes depend on its
arguments only; then serial, parallel and cached production give the same
bytes (tests/build/test_derived_files.py checks it).
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor

from .cache import FileCache

# Fewer missing entries than this are made in the build's own process: a
# rebuild after a small edit costs less than forking a large build.
SERIAL_BELOW = 32
# Chunks per worker: enough to even out the load, few enough that the cost
# of handing a chunk over stays small.
CHUNKS_PER_WORKER = 8
MAX_CHUNK = 256

Make = Callable[..., bytes]


def worker_count() -> int:
    """The cores this process may run on (a container's CPU set included)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def produce_missing(
    cache: FileCache, jobs: Mapping[str, tuple], make: Make, workers: int | None = None
) -> int:
    """Make every job (key -> arguments of `make`) whose key the cache
    lacks; return how many were made."""
    present = cache.keys()
    missing = [(key, jobs[key]) for key in sorted(jobs) if key not in present]
    workers = workers or worker_count()
    if workers < 2 or len(missing) < SERIAL_BELOW or not can_fork():
        make_serially(cache, missing, make)
    else:
        make_in_pool(cache, missing, make, workers)
    return len(missing)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def make_serially(cache: FileCache, jobs: list[tuple[str, tuple]], make: Make) -> int:
    for key, args in jobs:
        cache.store(key, make(*args))
    return len(jobs)


def make_in_pool(cache: FileCache, jobs: list[tuple[str, tuple]], make: Make, workers: int) -> None:
    """The jobs in chunks across `workers` forked processes; the first
    exception of any chunk is raised here."""
    size = max(1, min(MAX_CHUNK, len(jobs) // (workers * CHUNKS_PER_WORKER)))
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    task = functools.partial(make_serially, cache, make=make)
    # Frozen objects are left alone by the workers' garbage collector, so the
    # pages they share with the build are not copied on a collection.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(min(workers, len(chunks)), mp_context=context)
        try:
            for _ in pool.map(task, chunks):
                pass
        finally:
            # After an error, the chunks not yet started are dropped.
            pool.shutdown(cancel_futures=True)
    finally:
        gc.unfreeze()
