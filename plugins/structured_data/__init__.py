"""What search engines and chat apps read: JSON-LD, Open Graph and Twitter
card tags, canonical URLs, and a 1200x630 share image per exhibitor."""

import sys
from pathlib import Path

from pelican import signals

# derived_files is a helper package beside the plugins, not a plugin: Pelican
# makes only the plugins it loads importable, so its folder joins the path.
if (plugins := str(Path(__file__).resolve().parent.parent)) not in sys.path:
    sys.path.append(plugins)

from derived_files.workers import use_workers  # noqa: E402

from .generator import WORKERS_USER, ShareImageGenerator  # noqa: E402
from .jinja_globals import install_globals  # noqa: E402


def get_generators(pelican):
    return ShareImageGenerator


def register():
    use_workers(WORKERS_USER)
    signals.generator_init.connect(install_globals)
    signals.get_generators.connect(get_generators)
