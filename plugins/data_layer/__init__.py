"""Load and validate data/, and hand typed records to the other generators."""

from pelican import signals

from .generator import DataGenerator


def get_generators(pelican):
    return DataGenerator


def register():
    signals.get_generators.connect(get_generators)
