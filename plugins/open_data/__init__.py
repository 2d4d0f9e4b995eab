"""Open data: the exhibitors, partners and mentoring centres as JSON and CSV
downloads under /data/ (DESIGN.md, URLs; the schema is docs/OPEN-DATA.md)."""

from pelican import signals

from .generator import OpenDataGenerator


def get_generators(pelican):
    return OpenDataGenerator


def register():
    signals.get_generators.connect(get_generators)
