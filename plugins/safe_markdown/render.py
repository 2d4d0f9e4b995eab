"""Markdown to HTML, then through nh3 (the Ammonia sanitiser): only the tags,
attributes and URL schemes that a description or a news post needs survive.

Two policies. What editors write passes the narrow one: no <picture>, no
srcset. The resized pictures of content/images/ are added after that
(responsive_images), and pages pass the wider one, which lets them through
only when every srcset candidate is an image of our own site: Ammonia checks
the URL schemes of `src` and `href` but not of `srcset`.
"""

from __future__ import annotations

import functools
import re
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
PAGE_TAGS = ALLOWED_TAGS | {"picture", "source"}
PAGE_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "img": ALLOWED_ATTRIBUTES["img"] | {"srcset", "sizes", "decoding"},
    "source": {"type", "srcset", "sizes", "media"},
}
SRCSET_DESCRIPTOR = re.compile(r"^(?:[0-9]+w|[0-9]+(?:\.[0-9]+)?x)$")
PATH_SEGMENT = re.compile(r"^[A-Za-z0-9_~%+-][A-Za-z0-9._~%+-]*$")  # no `.` or `..`
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


def own_image(url: str, site_url: str) -> bool:
    """`url` names a file under our own /images/ (SITEURL may prefix it)."""
    prefix = site_url + "/images/"
    if not url.startswith(prefix):
        return False
    return all(PATH_SEGMENT.match(segment) for segment in url[len(prefix) :].split("/"))


def own_srcset(value: str, site_url: str) -> bool:
    """Every candidate is `URL` or `URL descriptor`, URL one of our images."""
    for candidate in value.split(","):
        url, *descriptor = candidate.split() or [""]
        if not own_image(url, site_url) or len(descriptor) > 1:
            return False
        if descriptor and not SRCSET_DESCRIPTOR.match(descriptor[0]):
            return False
    return True


def _page_attribute(site_url: str, element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: a srcset naming anything else is dropped whole."""
    if attribute == "srcset" and not own_srcset(value, site_url):
        return None
    return value


def sanitise_page_html(html: str, site_url: str = "") -> Markup:
    """A page's Markdown HTML with its resized pictures: `site_url` is SITEURL."""
    return Markup(
        nh3.clean(
            html,
            tags=PAGE_TAGS,
            attributes=PAGE_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer",
            attribute_filter=functools.partial(_page_attribute, site_url),
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
