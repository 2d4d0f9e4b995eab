"""Make the cache entries that are missing: in the build's own process when
they are few, else in chunks across the workers (workers.py).

Each worker stores the bytes it makes in the cache itself: only keys and
arguments cross between processes. `make` must be a module-level function
whose bytes depend on its arguments only; then serial, parallel and cached
production give the same bytes (tests/build/test_derived_files.py checks it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .cache import FileCache
from .workers import Workers

# Fewer missing entries than this are made in the build's own process: a
# rebuild after a small edit needs no worker.
SERIAL_BELOW = 32
# Chunks per worker: enough to even out the load, few enough that the cost
# of handing a chunk over stays small.
CHUNKS_PER_WORKER = 8
MAX_CHUNK = 256

Make = Callable[..., bytes]
Jobs = list[tuple[str, tuple]]  # (key, arguments of make)


@dataclass(frozen=True)
class Produced:
    made: int
    worker_cpu: float  # seconds the workers spent on them


def produce_missing(
    cache: FileCache, jobs: Mapping[str, tuple], make: Make, workers: Workers | None = None
) -> Produced:
    """Make every job (key -> arguments of `make`) whose key the cache lacks."""
    present = cache.keys()
    missing = [(key, jobs[key]) for key in sorted(jobs) if key not in present]
    if workers is None or len(missing) < SERIAL_BELOW:
        make_serially(cache, missing, make)
        return Produced(len(missing), 0.0)
    return Produced(len(missing), make_in_pool(cache, missing, make, workers))


def make_serially(cache: FileCache, jobs: Jobs, make: Make) -> int:
    for key, args in jobs:
        cache.store(key, make(*args))
    return len(jobs)


def make_in_pool(cache: FileCache, jobs: Jobs, make: Make, workers: Workers) -> float:
    """The jobs in chunks across the workers; return the workers' CPU seconds."""
    count = len(workers.processes)
    size = max(1, min(MAX_CHUNK, len(jobs) // (count * CHUNKS_PER_WORKER)))
    chunks = [(cache, jobs[start : start + size], make) for start in range(0, len(jobs), size)]
    _results, cpu = workers.run(make_serially, chunks)
    return cpu
