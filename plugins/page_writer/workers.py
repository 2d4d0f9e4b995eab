"""Put the recorded pages in place, in forked worker processes or in this one:
each page's key taken (memo.py), the page linked from the page cache if it
holds it, else rendered.

Workers are forked for each batch of recorded pages: they inherit the jobs,
the Jinja environments and the whole build context, so only chunk bounds go
to them and only each page's outcome (written, kept, cached) and key come
back. Taking the keys there puts their cost (spelling the variables and
hashing them, about a third of the build's own time per page when the cache
holds every page) on every core. Chunks are contiguous runs of jobs, several
per worker, handed out as workers free up: neighbouring pages (one
language's listings) share a worker's caches, and a slow chunk does not hold
the others back.
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


Placed = tuple[str, "str | None"]  # a page's outcome and its key in the page cache


def _render_chunk(start: int, stop: int) -> list[Placed] | _Failure:
    """Put jobs[start:stop]; each one's outcome and key, or the first failure."""
    jobs, output, memo = _WORK
    placed = []
    for job in jobs[start:stop]:
        try:
            placed.append(_put(job, output, memo))
        except Exception:
            return _Failure(job, traceback.format_exc())
    return placed


def _put(job, output: PageOutput, memo: PageMemo | None) -> Placed:
    """Link the page from the page cache, or render it and put it (and keep
    it in the page cache if it may be)."""
    if job.cacheable:
        job.key = memo.key(template_label(job.template), job.variables)
    if job.key is not None and job.key in memo.known:
        outcome = output.place(job.path, memo.path(job.key))
        if outcome is not None:  # else the entry is gone: render
            return outcome, job.key
    outcome = output.put(job.path, job.name, job.render())
    if job.key is not None:
        memo.keep(job.key, job.path)
    return outcome, job.key


def template_label(template) -> str:
    return getattr(template, "name", None) or "(unknown)"


def chunks(count: int, workers: int) -> list[tuple[int, int]]:
    size = max(1, -(-count // (workers * CHUNKS_PER_WORKER)))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def render_pages(jobs: list, output: PageOutput, workers: int, memo: PageMemo | None = None
                 ) -> list[Placed]:  # fmt: skip
    """Put every job, from the page cache or rendered; each one's outcome and key."""
    # A few pages (the home pages, agenda, news when the page cache holds the
    # rest) cost less here than forking.
    if workers == 1 or len(jobs) < FORK_FROM_PAGES:
        return _serial(jobs, output, memo)
    if memo is None or len(memo.known) < len(jobs):
        # Many pages to render: compile every template once here, not in
        # every worker (and again in every batch).
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


def _serial(jobs: list, output: PageOutput, memo: PageMemo | None) -> list[Placed]:
    _adopt(jobs, output, memo)
    try:
        result = _render_chunk(0, len(jobs))
    finally:
        _adopt([], output, memo)
    if isinstance(result, _Failure):
        raise result.error()
    return result


def _collect(pool, futures) -> list[Placed]:
    results = {}
    for future in as_completed(futures):
        result = future.result()  # raises BrokenProcessPool if a worker died
        if isinstance(result, _Failure):
            pool.shutdown(wait=False, cancel_futures=True)
            raise result.error()
        results[future] = result
    return [outcome for future in futures for outcome in results[future]]
