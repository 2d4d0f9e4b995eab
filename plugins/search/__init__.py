"""Search: the search pages, and a Pagefind index of the exhibitors,
partners, centres, events, news and pages, one per language (sharded for
large directories), built once every page is written."""

from pelican import signals

from .generator import SearchGenerator, build_search_index, record_written_file


def get_generators(pelican):
    return SearchGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.content_written.connect(record_written_file)
    # Before atomic_output's handler (registered later): it publishes the
    # staging folder that the index is written into.
    signals.finalized.connect(build_search_index)
