"""What search engines and chat apps read: JSON-LD, Open Graph and Twitter
card tags, canonical URLs, and a 1200x630 share image per exhibitor."""

from pelican import signals

from .jinja_globals import install_globals
from .share_images import ShareImageGenerator


def get_generators(pelican):
    return ShareImageGenerator


def register():
    signals.generator_init.connect(install_globals)
    signals.get_generators.connect(get_generators)
