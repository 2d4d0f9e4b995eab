"""Markdown written by editors, rendered and then sanitised before any page
shows it: Python-Markdown passes raw HTML and `javascript:` links through."""

import functools

from pelican import signals

from .render import sanitise_content, sanitise_page_html


def add_filter(generator):
    """`{{ article.content | sanitised }}`: Pelican hands templates its HTML as a
    plain string, which autoescaping would print as text; this marks it safe
    only after passing it through the sanitiser (again), whose page policy
    keeps the resized pictures that name our own images."""
    site_url = generator.settings["SITEURL"]
    generator.env.filters["sanitised"] = functools.partial(sanitise_page_html, site_url=site_url)


def register():
    signals.content_object_init.connect(sanitise_content)
    signals.generator_init.connect(add_filter)
