"""The site's own files: home page, 404 page, robots.txt and the sitemap index."""

from pelican import signals

from .generator import SiteFilesGenerator
from .sitemap import record_written_page


def get_generators(pelican):
    return SiteFilesGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.content_written.connect(record_written_page)
