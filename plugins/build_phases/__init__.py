"""Where a build's time goes, for bench/build_bench.py: wall and CPU seconds
at Pelican's signals, per generator, per template rendered and per file
Pelican's writer writes, saved as JSON to the file named by the
BUILD_PHASES_FILE environment variable when the build process exits.

Without that variable it connects nothing. The bench enables it from its own
settings file, before `atomic_output`.
"""

import os

from pelican import signals

from .instruments import instrument_generator, mark_context_done, note_written, start_recording
from .recorder import ENVIRONMENT_VARIABLE


def register():
    if not os.environ.get(ENVIRONMENT_VARIABLE):
        return
    signals.initialized.connect(start_recording)
    signals.generator_init.connect(instrument_generator)
    signals.all_generators_finalized.connect(mark_context_done)
    signals.content_written.connect(note_written)
