"""News (Markdown in content/news/): a paginated listing and an Atom feed per
language, and the links between an article or page and its translations.
The article and page files themselves are written by Pelican."""

from pelican import signals

from .generator import NewsGenerator
from .translations import content_alternates


def get_generators(pelican):
    return NewsGenerator


def expose_alternates(generator):
    generator.env.globals["content_alternates"] = content_alternates


def register():
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(expose_alternates)
