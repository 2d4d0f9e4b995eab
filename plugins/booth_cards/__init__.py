"""Booth cards: an SVG QR code per exhibitor pointing at its page, a printable
A6 card for every exhibitor with a booth, and redirects from old slugs."""

import sys
from pathlib import Path

from pelican import signals

# derived_files is a helper package beside the plugins, not a plugin: Pelican
# makes only the plugins it loads importable, so its folder joins the path.
if (plugins := str(Path(__file__).resolve().parent.parent)) not in sys.path:
    sys.path.append(plugins)

from derived_files.workers import use_workers  # noqa: E402

from .generator import WORKERS_USER, BoothCardGenerator  # noqa: E402


def get_generators(pelican):
    return BoothCardGenerator


def register():
    use_workers(WORKERS_USER)
    signals.get_generators.connect(get_generators)
