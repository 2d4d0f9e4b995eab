"""Markdown to HTML, then through nh3 (the Ammonia sanitiser): only the tags,
attributes and URL schemes that a description or a news post needs survive."""

from __future__ import annotations

import threading

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "s", "del", "sub", "sup", "small",
    "a", "ul", "ol", "li", "blockquote", "code", "pre", "abbr", "mark",
    "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "img", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "th": {"align", "scope"},
    "td": {"align"},
    "ol": {"start"},
    "*": {"lang", "id"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
EXTENSIONS = [
    "markdown.extensions.tables",
    "markdown.extensions.fenced_code",
    "markdown.extensions.def_list",
    "markdown.extensions.abbr",
    "markdown.extensions.sane_lists",
]
EXTENSION_CONFIGS = {"markdown.extensions.tables": {"use_align_attribute": True}}

_local = threading.local()


def _markdown() -> markdown.Markdown:
    # One converter per thread: building one costs far more than reset().
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = markdown.Markdown(
            extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
        )
        _local.converter = converter
    return converter.reset()


def sanitise_html(html: str) -> Markup:
    return Markup(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer",
        )
    )


def render_markdown(text: str) -> Markup:
    return sanitise_html(_markdown().convert(text))


def sanitise_content(content) -> None:
    """Pelican's Markdown output for articles and pages, sanitised in place:
    the body, and the summary (Markdown too, as a FORMATTED_FIELD)."""
    if getattr(content, "_content", None):
        content._content = str(sanitise_html(content._content))
    if getattr(content, "_summary", None):
        content._summary = str(sanitise_html(content._summary))
        content.metadata["summary"] = content._summary
