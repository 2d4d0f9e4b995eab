"""Pages rendered on every core: Pelican's writer calls are recorded as jobs
while the generators run (writer.py), then rendered in worker processes
(workers.py), the last of them before any other plugin's `finalized` handler
reads the output (flush.py), which then lets go of the data the pages were
made from (release.py). Pages whose bytes equal the live output's are
hard-linked from it instead of written (pages.py); pages whose inputs did
not change come from the page cache (memo.py). Templates get
`fragment()`, markup rendered once and reused (fragments.py)."""

import sys
from pathlib import Path

from pelican import signals

# The page cache (memo.py) is a derived_files cache: that helper package is
# not a plugin, so its folder joins the path (as in booth_cards).
if (plugins := str(Path(__file__).resolve().parent.parent)) not in sys.path:
    sys.path.append(plugins)

from .environment import prepare_environment  # noqa: E402
from .flush import write_pending_pages  # noqa: E402
from .release import note_shared_context  # noqa: E402
from .writer import get_writer  # noqa: E402


def register():
    signals.get_writer.connect(get_writer)
    signals.generator_init.connect(prepare_environment)
    signals.all_generators_finalized.connect(note_shared_context)
    # Connected first (page_writer leads PLUGINS): search, publish_pipeline and
    # atomic_output read the pages this handler writes. It checks that it is.
    signals.finalized.connect(write_pending_pages)
