"""News (Markdown in content/news/): a paginated listing and an Atom feed per
language. The article pages themselves are Pelican's."""

from pelican import signals

from .generator import NewsGenerator


def get_generators(pelican):
    return NewsGenerator


def register():
    signals.get_generators.connect(get_generators)
