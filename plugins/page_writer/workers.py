"""Put the recorded pages in place, in forked worker processes or in this one:
each page's key taken (memo.py), the page linked from the page cache if it
holds it, else rendered.

A worker is forked for each batch of recorded pages, and the build goes on
recording the next batch meanwhile: the worker inherits the jobs, the Jinja
environments and the whole build context, so nothing goes to it and only
each page's outcome (written, kept, cached) and key come back. Taking the
keys there puts their cost on the other core: spelling and hashing the
variables took 5.5 of the 13.1 profiled seconds the build spent recording
pages at 10,000 exhibitors with the page cache full, linking them 2.1. The last batch is shared among workers, in runs of
neighbouring pages (one language's listings share a worker's caches).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import pickle
import tempfile
import traceback
import typing
from collections import Counter, deque

from jinja2 import TemplateError

from .memo import PageMemo
from .pages import KEPT, WRITTEN, PageOutput

CHUNK = 250  # jobs dealt to one worker in turn, in the last batch
FORK_FROM_PAGES = 500  # a last batch of fewer pages is put in this process


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
    if job.key is not None:
        outcome = output.place(job.path, memo.path(job.key))
        if outcome is not None:  # else there is no such entry: render
            return outcome, job.key
    outcome = output.put(job.path, job.render())
    if job.key is not None:
        # A page left in the live output is kept by its live file, which
        # the next build then finds to be its entry (PageOutput.place).
        memo.keep(job.key, output.live_of(job.path) if outcome == KEPT else job.path)
    return outcome, job.key


def template_label(template) -> str:
    return getattr(template, "name", None) or "(unknown)"


class Batches:
    """Batches of recorded pages put in place by forked workers while this
    process records the next ones: one worker per batch, at most `limit` at
    once (then the oldest is waited for); the last batch is shared among
    `limit` workers, and this process waits for them all. A small last
    batch (the home pages, agenda and news when the page cache holds the
    rest), and every batch when one worker is allowed, are put here."""

    def __init__(self, output: PageOutput, memo: PageMemo | None, limit: int):
        self.output, self.memo, self.limit = output, memo, limit
        # Each worker, the file its result comes in, and the paths of its pages.
        self.running: deque[tuple[multiprocessing.Process, typing.IO, list[str]]] = deque()
        self.outcomes: Counter = Counter()  # "written", "kept", "cached": pages so far
        self.keys: dict[str, str] = {}  # page path -> its key in the page cache, so far
        # Pages not staged, their live files left as they are (staged paths).
        self.left: set[str] = set()
        self.staged = output.live is not None and not output.in_place
        # Pages rendered (not from a cache) by the batches collected so far.
        self.rendered = memo is None

    def put(self, jobs: list, *, last: bool = False) -> None:
        if self.limit == 1 or (last and len(jobs) < FORK_FROM_PAGES):
            self._add([job.path for job in jobs], _serial(jobs, self.output, self.memo))
            return
        if self.rendered:
            # Pages to render: compile every template once here, not again in
            # every worker (until a batch has rendered one, each worker
            # compiles what it renders; a build from the page cache, none).
            compile_templates({job.template.environment for job in jobs})
        for share in interleaved(jobs, self.limit) if last else [jobs]:
            while len(self.running) >= self.limit and not last:
                self._collect_oldest()
            self._fork(share)

    def finish(self) -> None:
        """Wait for every worker (their pages' outcomes and keys are then in
        `outcomes` and `keys`)."""
        while self.running:
            self._collect_oldest()

    def keep(self, path: str, key: str) -> None:
        """The page at `path` is its live file, the page cache's entry of
        `key`: left there, as a worker leaves it (writer._kept_live); as
        `_add` of that one outcome, for 150,000 pages at 50,000 exhibitors."""
        self.outcomes[KEPT] += 1
        self.keys[path] = key
        if self.staged:
            self.left.add(path)

    def stop(self) -> None:
        """Stop the workers still running (after a failure)."""
        while self.running:
            worker, result_file, _paths = self.running.popleft()
            worker.terminate()
            worker.join()
            result_file.close()

    def _fork(self, jobs: list) -> None:
        # What the build holds now lives as long as it: out of the cyclic
        # collector's sight, its full collections in this process no longer
        # scan it again and again (data_layer/collector.py), nor do the
        # worker's touch it (copy-on-write).
        gc.freeze()
        context = multiprocessing.get_context("fork")
        # A file, not a pipe: a worker blocked on a full pipe until this
        # process reads its result (when it next needs a worker, a batch
        # later) keeps its memory meanwhile, and all that this process
        # changes of the memory they shared is then held twice.
        result_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed once collected
        worker = context.Process(target=_work, args=(jobs, self.output, self.memo, result_file),
                                 daemon=True)  # fmt: skip
        worker.start()
        self.running.append((worker, result_file, [job.path for job in jobs]))

    def _collect_oldest(self) -> None:
        worker, result_file, paths = self.running.popleft()
        worker.join()
        with result_file:
            result_file.seek(0)
            try:
                result = pickle.load(result_file) if worker.exitcode == 0 else _Died()
            except (EOFError, pickle.UnpicklingError):
                result = _Died()
        if isinstance(result, (_Failure, _Died)):
            self.stop()
            raise result.error()
        self._add(paths, result)
        self.rendered = self.rendered or any(outcome == WRITTEN for outcome, _key in result)

    def _add(self, paths: list[str], placed: list[Placed]) -> None:
        self.outcomes.update(outcome for outcome, _key in placed)
        # The same path twice (a page overridden): the later page's key, or none.
        for path, (outcome, key) in zip(paths, placed, strict=True):
            if key is not None:
                self.keys[path] = key
            elif path in self.keys:
                del self.keys[path]
            if not self.staged:
                continue
            if outcome == KEPT:
                self.left.add(path)
            elif path in self.left:
                self.left.discard(path)


class _Died:
    def error(self) -> PageRenderError:
        return PageRenderError("a page worker died (killed, or out of memory?)")


def _work(jobs: list, output: PageOutput, memo: PageMemo | None, result_file) -> None:
    """A worker: put its jobs, leave their outcomes and keys (or the failure)
    in `result_file`, and end."""
    _adopt(jobs, output, memo)
    pickle.dump(_render_chunk(0, len(jobs)), result_file)
    result_file.flush()


def interleaved(jobs: list, parts: int) -> list[list]:
    """`jobs` in `parts` shares of about equal work: runs of CHUNK jobs dealt
    out in turn, so that neighbouring pages (one language's listings) stay
    together and each share holds some of every kind."""
    shares: list[list] = [[] for _ in range(parts)]
    for number, start in enumerate(range(0, len(jobs), CHUNK)):
        shares[number % parts] += jobs[start : start + CHUNK]
    return [share for share in shares if share]


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
