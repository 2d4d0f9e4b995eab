"""The cyclic garbage collector and what lives as long as the build.

The data, and the indexes and cards made from it, are millions of objects
that live until the build ends and make no cycles: the collector would scan
them again and again for nothing while they are made, and in every full
collection after (at 281,000 exhibitors 40 full collections took 29 CPU s
of a 195 s build with nothing changed). So it pauses while they are made, and then they are
moved out of its sight (frozen). The page writer freezes what the build
holds again before it forks each worker (page_writer/workers.py).
"""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def kept_for_the_build():
    """Objects made inside this block live as long as the build: no
    collection while they are made, frozen afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
