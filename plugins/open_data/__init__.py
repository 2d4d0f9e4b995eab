"""Open data: the exhibitors, partners and mentoring centres as JSON and CSV
downloads under /data/ (DESIGN.md, URLs; the schema is docs/OPEN-DATA.md)."""

import sys
from pathlib import Path

from pelican import signals

# derived_files and page_writer's memo are helpers beside the plugins: their
# folder joins the path (as in booth_cards).
if (plugins := str(Path(__file__).resolve().parent.parent)) not in sys.path:
    sys.path.append(plugins)

from .generator import OpenDataGenerator  # noqa: E402


def get_generators(pelican):
    return OpenDataGenerator


def register():
    signals.get_generators.connect(get_generators)
