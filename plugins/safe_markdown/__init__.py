"""Markdown written by editors, rendered and then sanitised before any page
shows it: Python-Markdown passes raw HTML and `javascript:` links through."""

from pelican import signals

from .render import sanitise_content, sanitise_html


def add_filter(generator):
    """`{{ article.content | sanitised }}`: Pelican hands templates its HTML as a
    plain string, which autoescaping would print as text; this marks it safe
    only after passing it through the sanitiser (again)."""
    generator.env.filters["sanitised"] = sanitise_html


def register():
    signals.content_object_init.connect(sanitise_content)
    signals.generator_init.connect(add_filter)
