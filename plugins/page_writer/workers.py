"""Render the recorded pages in forked worker processes, or in this one.

Workers are forked for each batch of recorded pages: they inherit the jobs,
the Jinja environments and the whole build context, so only chunk bounds go
to them and only each page's outcome (written or kept) comes back. Chunks
are contiguous runs of jobs, several per worker, handed out as workers free
up: neighbouring pages (one language's listings) share a worker's caches,
and a slow chunk does not hold the others back.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed

from jinja2 import TemplateError

from .memo import PageMemo
from .pages import PageOutput

CHUNKS_PER_WORKER = 8
FORK_FROM_PAGES = 500  # fewer pages are rendered in this process


class PageRenderError(RuntimeError):
    """A page's template failed; the message carries the worker's traceback."""


class _Failure:
    """A failed page, as text: the exception itself may not cross processes."""

    def __init__(self, job, error_text: str):
        self.template = getattr(job.template, "name", None) or "(unknown template)"
        self.path, self.error_text = job.path, error_text

    def error(self) -> PageRenderError:
        return PageRenderError(
            f"rendering {self.path} from {self.template} failed:\n{self.error_text}"
        )


# What a worker renders: set in the worker by _adopt (inherited through fork),
# or in this process for a serial run.
_WORK: tuple[list, PageOutput, PageMemo | None] | None = None


def _adopt(jobs: list, output: PageOutput, memo: PageMemo | None) -> None:
    global _WORK
    _WORK = (jobs, output, memo)


def _render_chunk(start: int, stop: int) -> list[str] | _Failure:
    """Render jobs[start:stop]; each one's outcome, or the first failure."""
    jobs, output, memo = _WORK
    outcomes = []
    for job in jobs[start:stop]:
        try:
            outcomes.append(_put(job, output, memo))
        except Exception:
            return _Failure(job, traceback.format_exc())
    return outcomes


def _put(job, output: PageOutput, memo: PageMemo | None) -> str:
    """Render the page and put it; keep it in the page cache if it may be."""
    outcome = output.put(job.path, job.name, job.render())
    if job.key is not None:
        memo.keep(job.key, job.path)
    return outcome


def chunks(count: int, workers: int) -> list[tuple[int, int]]:
    size = max(1, -(-count // (workers * CHUNKS_PER_WORKER)))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def render_pages(jobs: list, output: PageOutput, workers: int, memo: PageMemo | None = None
                 ) -> list[str]:  # fmt: skip
    """Put every job, from the page cache or rendered; the outcomes."""
    placed, jobs = place_cached(jobs, output, memo)
    return placed + _render(jobs, output, workers, memo)


def place_cached(jobs: list, output: PageOutput, memo: PageMemo | None) -> tuple[list, list]:
    """Link the pages the page cache holds, here: a link is two system calls,
    cheaper than forking for (and a forked worker copies the pages of this
    process that it touches); the outcomes, and the jobs left to render."""
    if memo is None:
        return [], jobs
    outcomes, rest = [], []
    for job in jobs:
        outcome = None
        if job.key is not None and job.key in memo.known:
            outcome = output.place(job.path, memo.path(job.key))
        if outcome is None:
            rest.append(job)
        else:
            outcomes.append(outcome)
    return outcomes, rest


def _render(jobs: list, output: PageOutput, workers: int, memo: PageMemo | None) -> list[str]:
    # A few pages (the home pages, agenda, news when the page cache holds the
    # rest) cost less here than forking and compiling every template first.
    if workers == 1 or len(jobs) < FORK_FROM_PAGES:
        return _serial(jobs, output, memo)
    compile_templates({job.template.environment for job in jobs})
    bounds = chunks(len(jobs), workers)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_adopt,
                             initargs=(jobs, output, memo)) as pool:  # fmt: skip
        futures = [pool.submit(_render_chunk, start, stop) for start, stop in bounds]
        return _collect(pool, futures)


def compile_templates(environments) -> None:
    """Compile every template of the theme here, once: workers would each
    compile the partials they include, again in every batch. A template this
    environment cannot compile (a filter another generator's environment
    has) is left to fail, as before, only if a page uses it."""
    for env in environments:
        if getattr(env, "page_writer_compiled", False):
            continue
        for name in env.list_templates(filter_func=lambda name: not name.startswith("!")):
            with contextlib.suppress(TemplateError):
                env.get_template(name)
        env.page_writer_compiled = True


def _serial(jobs: list, output: PageOutput, memo: PageMemo | None) -> list[str]:
    _adopt(jobs, output, memo)
    try:
        result = _render_chunk(0, len(jobs))
    finally:
        _adopt([], output, memo)
    if isinstance(result, _Failure):
        raise result.error()
    return result


def _collect(pool, futures) -> list[str]:
    results = {}
    for future in as_completed(futures):
        result = future.result()  # raises BrokenProcessPool if a worker died
        if isinstance(result, _Failure):
            pool.shutdown(wait=False, cancel_futures=True)
            raise result.error()
        results[future] = result
    return [outcome for future in futures for outcome in results[future]]
