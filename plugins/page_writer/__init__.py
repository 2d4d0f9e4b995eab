"""Pages rendered on every core: Pelican's writer calls are recorded as jobs
while the generators run (writer.py), then rendered in worker processes
(workers.py), the last of them before any other plugin's `finalized` handler
reads the output (flush.py). Pages whose bytes equal the live output's are
hard-linked from it instead of written (pages.py). Templates get
`fragment()`, markup rendered once and reused (fragments.py)."""

from pelican import signals

from .environment import prepare_environment
from .flush import write_pending_pages
from .writer import get_writer


def register():
    signals.get_writer.connect(get_writer)
    signals.generator_init.connect(prepare_environment)
    # Connected first (page_writer leads PLUGINS): search, publish_pipeline and
    # atomic_output read the pages this handler writes. It checks that it is.
    signals.finalized.connect(write_pending_pages)
