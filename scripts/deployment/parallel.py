"""A bounded thread pool: uploads, copies and hashes are waits on the network
or the disk, so threads overlap them well."""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def in_parallel(action, items, workers: int) -> None:
    """Run `action(item)` on a thread pool; the first failure stops the rest.

    At most a few items per worker are queued at a time, so hundreds of
    thousands of uploads do not mean hundreds of thousands of futures."""
    window = workers * 4
    with ThreadPoolExecutor(max_workers=workers) as pool:
        running = set()
        for item in items:
            running.add(pool.submit(action, item))
            if len(running) >= window:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                raise_first(done, running)
        done, running = wait(running)
        raise_first(done, running)


def raise_first(done, running) -> None:
    for future in done:
        if future.exception() is not None:
            for other in running:
                other.cancel()
            raise future.exception()
