"""Booth cards: an SVG QR code per exhibitor pointing at its page, a printable
A6 card for every exhibitor with a booth, and redirects from old slugs."""

from pelican import signals

from .generator import BoothCardGenerator


def get_generators(pelican):
    return BoothCardGenerator


def register():
    signals.get_generators.connect(get_generators)
