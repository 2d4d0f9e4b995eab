"""Logos, and the pictures of news posts and pages, resized at build time
into the sizes the pages use, as WebP with a PNG or JPEG fallback, so phones
on metered data fetch only what they show."""

from pelican import signals

from .generator import ResizedImageGenerator


def get_generators(pelican):
    return ResizedImageGenerator


def register():
    signals.get_generators.connect(get_generators)
