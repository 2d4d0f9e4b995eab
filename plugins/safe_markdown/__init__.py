"""Markdown written by editors, rendered and then sanitised before any page
shows it: Python-Markdown passes raw HTML and `javascript:` links through."""

from pelican import signals

from .render import sanitise_content


def register():
    signals.content_object_init.connect(sanitise_content)
