"""Once every page is written, let go of the data the pages were made from.

Pelican holds its generators, and the context they share, until the build
ends. But once page_writer's `finalized` handler has put every page in
place, the handlers after it (the search index, publish_pipeline,
atomic_output) read files, the settings and their own records only: the
records, the directory's cards and indexes and the rest of what the
generators put in the context are no longer read. They are let go of then,
so that the search step and the publish reuse their memory: more than half
of the build's objects (1.5 million of 2.7 million at 50,000 exhibitors,
`sys.getallocatedblocks`). They make no cycles, so reference counting
frees them, frozen or not (data_layer/collector.py).

A generator that keeps its data beyond the context must not hold it in an
attribute (Pelican keeps the generators): it reads it from the context.
"""

from __future__ import annotations

# The context the build's generators share, from `all_generators_finalized`
# until the pages are written: one build at a time in a process.
_shared: dict | None = None


def note_shared_context(generators) -> None:
    """On `all_generators_finalized`: the context every generator shares."""
    global _shared
    _shared = generators[0].context if generators else None


def release_build_data(settings: dict) -> None:
    """Drop from the shared context every entry that is not a setting (what
    the generators added)."""
    global _shared
    if _shared is not None:
        for key in [key for key in _shared if key not in settings]:
            del _shared[key]
    _shared = None
