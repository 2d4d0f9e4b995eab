"""On `finalized`, before any other handler: render the pages still waiting."""

from __future__ import annotations

import logging
import os

from atomic_output.staging import leave_in_live
from pelican import signals

from . import placed
from .pages import CACHED, KEPT, WRITTEN
from .placed import PlacedPages
from .release import release_build_data
from .writer import PENDING

log = logging.getLogger(__name__)


class PluginOrderError(RuntimeError):
    """page_writer is not the first plugin to handle `finalized`."""


def write_pending_pages(pelican) -> None:
    check_first(pelican)
    writer = PENDING.pop(os.path.realpath(pelican.output_path), None)
    if writer is None:
        return
    writer.flush(last=True)
    writer.release_context()
    release_build_data(pelican.settings)
    writer.vouch()
    left = writer.batches.left
    placed.publish(pelican.output_path, PlacedPages(writer.root, writer.batches.keys,
                                                     writer.output.live, left))  # fmt: skip
    if left:
        leave_in_live(writer.root, left)
    # The keys of this build's pages, as they are: a set of them would take
    # some 45 MiB at 281,000 exhibitors (by the profile at 50,000).
    used = writer.batches.keys.values()
    pruned = writer.memo.prune_if_due(used) if writer.memo is not None else 0
    log.info(
        "Pages: %s written, %s unchanged (left in the live output), %s from the page "
        "cache (%s unused entries removed); rendering took %.1f s, %.1f s CPU (%s workers)",
        writer.outcomes[WRITTEN], writer.outcomes[KEPT], writer.outcomes[CACHED], pruned,
        writer.seconds, writer.cpu, writer.workers,
    )  # fmt: skip


def check_first(pelican) -> None:
    """Every other `finalized` handler (the search index, publish_pipeline,
    atomic_output) reads the pages, so they must exist by then."""
    first = next(iter(signals.finalized.receivers_for(pelican)), None)
    if first is not write_pending_pages:
        raise PluginOrderError(
            "page_writer must come first in PLUGINS: its `finalized` handler writes "
            f"the pages that the others read (first now: {getattr(first, '__module__', first)})"
        )
