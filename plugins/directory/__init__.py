"""The directory: exhibitors, facets, A-Z, partners and mentoring centres."""

from pelican import signals

from . import urls
from .generator import DirectoryGenerator


def get_generators(pelican):
    return DirectoryGenerator


def expose_urls(generator):
    """Templates build links with the same URL table as the generators."""
    generator.env.globals["urls"] = urls


def register():
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(expose_urls)
