"""A Pelican writer that records pages and renders them in batches.

`write_file` keeps Pelican's rules (a path is written once, unless one call
says `override_output`) and sends `content_written` at once with the page's
local context, as Pelican's writer does after writing. The page is rendered
later, in worker processes (workers.py): when RENDER_BATCH_PAGES pages are
waiting a worker takes them while the build goes on, and the rest when the
build reaches `finalized` (flush.py), which waits for every page. Paginated
templates (none in this site: PAGINATED_TEMPLATES is empty) are written at
once by Pelican's own code.

Each writer registers itself in PENDING under its output folder, where the
`finalized` handler, which is given the Pelican object, finds it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import Counter

from atomic_output.staging import live_output, published_token
from atomic_output.vouched import fingerprint, vouch, vouched_in
from blinker import ANY
from derived_files.placing import same_file
from pelican.plugins import signals
from pelican.utils import get_relative_path, path_to_url, posixize_path
from pelican.writers import FileOverwriteFailedError, Writer

from .jobs import Job
from .memo import PageMemo, site_key
from .pages import PageOutput
from .settings import batch_pages, page_cache_path, render_workers
from .workers import Batches, template_label

log = logging.getLogger(__name__)

PENDING: dict[str, PageWriter] = {}  # real output path -> the writer of this build


def get_writer(pelican):
    return PageWriter


class PageWriter(Writer):
    renders_later = True

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.jobs: dict[str, Job] = {}  # path -> page waiting to be rendered
        self._written_files = WrittenPaths()  # Pelican's set, with each page's template
        self.seconds = self.cpu = 0.0  # rendering, over every batch
        self.workers = render_workers(self.settings)
        self.batch = batch_pages(self.settings)
        # None in a publish build, whose live pages (minified) no rendered page equals.
        self.output = PageOutput(output_path, live_output(self.settings))
        self.memo = page_memo(self.settings)
        self.batches = Batches(self.output, self.memo, self.workers)
        # What the last publish vouched the live output holds: a page found
        # there is known unchanged without a stat (atomic_output/vouched.py).
        self.vouched = (
            vouched_in(self.output.live, published_token(self.output.live))
            if self.batches.staged and self.memo is not None
            else None
        )
        self._context_source: dict | None = None
        self._snapshot: dict = {}
        self._receivers = content_written_receivers()
        self.root = posixize_path(os.path.abspath(output_path))
        PENDING[os.path.realpath(output_path)] = self

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, memo=False,
                   memo_inputs=None, **kwargs):  # fmt: skip
        """`memo=True`: the page is made only of the site's inputs and these
        variables, and may come from the page cache (memo.py); its key is
        taken where it is placed, in the workers. `memo_inputs` (texts): the
        page is made only of the site's inputs and these, which its
        generator vouches for (a record's slug and digest), and its key is
        made of them here; a page the live output already holds from the
        page cache is then left there at once, never recorded as a job."""
        if not name:
            return
        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            return super().write_file(name, template, context, relative_urls, paginated,
                                      template_name, override_output, url, **kwargs)  # fmt: skip
        path = self._path_of(name)
        if self._claim(path, template, override_output):
            variables = page_variables(context, name, kwargs, relative_urls)
            key = self._declared_key(template, name, memo_inputs)
            if key is not None and self._kept_live(path, key):
                self._notify(context, variables, path, frozen=False)
                return
            self._record(path, name, template, context, variables, memo, key)

    @property
    def outcomes(self) -> Counter:
        """Pages "written", "kept" and "cached" so far."""
        return self.batches.outcomes

    def flush(self, last: bool = False) -> None:
        """Hand the waiting pages to a worker; `last`: to every worker, and
        wait until every page is in place."""
        jobs = list(self.jobs.values())
        self.jobs.clear()
        with self._rendering():
            self.batches.put(jobs, last=last)
            if last:
                self.batches.finish()
                self._unstage_overridden()

    def release_context(self) -> None:
        """Every page is in place: let go of the context's snapshot (and so
        of the data the pages were made from: release.py)."""
        self._context_source, self._snapshot = None, {}

    def settle(self) -> None:
        """Wait for the workers now rendering (the pages still waiting stay
        waiting). For a step about to go through much of this process's
        memory (the sitemap): each worker keeps the pages of memory it
        shares with this process as they were when it was forked, so that
        every page this process changes meanwhile is held twice."""
        with self._rendering():
            self.batches.finish()

    @contextlib.contextmanager
    def _rendering(self):
        """Count the time within as rendering time (the build's log)."""
        started, cpu = time.monotonic(), cpu_seconds()
        try:
            yield
        finally:
            self.seconds += time.monotonic() - started
            self.cpu += cpu_seconds() - cpu

    def _unstage_overridden(self) -> None:
        """A page written twice whose last version was left in the live
        output: the earlier version must not stay staged."""
        for path in self._overridden_files & self.batches.left:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)

    def _record(self, path, name, template, context, variables, memo: bool,
                key: str | None) -> None:  # fmt: skip
        cacheable = memo and self.memo is not None and key is None
        snapshot = self._notify(context, variables, path)
        job = Job(path, name, template, context, snapshot, variables, cacheable, key)
        self.jobs[path] = job
        if len(self.jobs) >= self.batch:
            self.flush()

    def _notify(self, context: dict, variables: dict, path: str, *, frozen: bool = True) -> dict:
        """Send `content_written` for the page at `path`, as Pelican's writer
        does after writing it; the context's snapshot, if `frozen` (the page
        is rendered later), else the context itself (no snapshot taken: its
        comparison with the last one, 3 µs a page, is for pages rendered
        later)."""
        # As Pelican's writer: Content objects read `localsiteurl` to adjust links.
        if variables["localsiteurl"]:
            context["localsiteurl"] = variables["localsiteurl"]
        source = self._snapshot_of(context) if frozen else context
        # A merged copy, dropped at once: 1 µs, where a ChainMap's lookups by
        # the receivers (the sitemap's four) took 3.
        merged = {**source, **variables}
        for receiver in self._receivers:
            receiver(path, context=merged)
        return source

    def _declared_key(self, template, name: str, inputs) -> str | None:
        if inputs is None or self.memo is None:
            return None
        return self.memo.declared_key(template_label(template), name, inputs)

    def _kept_live(self, path: str, key: str) -> bool:
        """The live output holds this page's bytes, as the last publish
        vouched or as its page-cache entry itself (a hard link): the page is
        left there, as a worker would leave it."""
        if not self.output.compares_live:
            return False
        if not self._vouched_for(path, key) and not same_file(
            self.memo.path(key), self.output.live_of(path)
        ):
            return False
        self.batches.keep(path, key)
        return True

    def _vouched_for(self, path: str, key: str) -> bool:
        return self.vouched is not None and (
            fingerprint(path[len(self.root) + 1 :], key) in self.vouched
        )

    def vouch(self) -> None:
        """Once every page is in place: each keyed page will be in the live
        output with its key's bytes once this build publishes."""
        if self.batches.staged:
            start = len(self.root) + 1
            vouch(self.root, (fingerprint(path[start:], key)
                              for path, key in self.batches.keys.items()))  # fmt: skip

    def _path_of(self, name: str) -> str:
        """pelican.utils.sanitised_join(self.output_path, name), the output
        folder's absolute path taken once rather than for every page, and a
        plain relative name (no part empty or starting with a dot: the usual
        case) joined without normalising it."""
        if os.sep == "/" and not name.startswith("/") and not name.endswith("/") and (
            "//" not in name and "/." not in name and not name.startswith(".")
        ):  # fmt: skip
            return f"{self.root}/{name}"
        path = posixize_path(os.path.normpath(os.path.join(self.root, name)))
        if not path.startswith(self.root):
            raise RuntimeError(f"Attempted to break out of output directory to {path}")
        return path

    def _snapshot_of(self, context: dict) -> dict:
        """A copy of `context`, shared by the pages written while it stays
        equal (compared key by key, values by identity first: cheap), so that
        each page need not hold a copy of the settings."""
        if context is not self._context_source or context != self._snapshot:
            self._context_source, self._snapshot = context, context.copy()
        return self._snapshot

    def _claim(self, path: str, template, override: bool) -> bool:
        """Pelican's rule for writing one path twice; False: skip this page."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            log.info('Skipping "%s", not overwriting', path)
            return False
        if path in self._written_files and override:
            log.info('Overwriting "%s"', path)
        elif path in self._written_files:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}": it is written from template '
                f"{self._written_files[path]} and again from "
                f"{template_label(template)} (set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(path)
        self._written_files[path] = template_label(template)
        return True


class WrittenPaths(dict):
    """Pelican's writer's set of the paths written (`in`, `add`), which
    also keeps each page's template name for the error on a path written
    twice: one table rather than two of a million entries each at 281,000
    exhibitors."""

    def add(self, path: str) -> None:
        self.setdefault(path, "(unknown)")


def content_written_receivers() -> list:
    """What `content_written.send` would call for any page: the receivers
    connected for any sender (plugins connect no other kind), looked up once.
    blinker's `send` looks them up and asks whether each is a coroutine on
    every call: 0.1 ms a page, 3 of the 25 profiled seconds of a build of
    10,000 exhibitors with the caches kept (bench/RESULTS.md)."""
    signal = signals.content_written
    if signal.is_muted:
        return []
    return list(signal.receivers_for(ANY))


def page_memo(settings) -> PageMemo | None:
    folder = page_cache_path(settings)
    return None if folder is None else PageMemo(folder, site_key(settings))


def cpu_seconds() -> float:
    """This process's and its finished children's (the workers')."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def page_variables(context: dict, name: str, kwargs: dict, relative_urls: bool) -> dict:
    """What Pelican's writer adds to the context for one page."""
    variables = {"localsiteurl": context.get("localsiteurl")}
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        variables["SITEURL"] = variables["localsiteurl"] = relative_url
    variables["output_file"] = name
    variables.update(kwargs)
    return variables
