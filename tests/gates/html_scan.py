"""Parse built pages once into what the gates need: links, ids, and the
attributes a strict Content-Security-Policy or hostile data would care about."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Attributes that hold a URL the browser may follow or fetch.
URL_ATTRIBUTES = {
    "a": ("href",), "link": ("href",), "img": ("src", "srcset"), "script": ("src",),
    "source": ("src", "srcset"), "iframe": ("src",), "form": ("action",),
    "button": ("formaction",), "object": ("data",), "embed": ("src",), "area": ("href",),
    "video": ("src", "poster"), "audio": ("src",), "use": ("href",),
}  # fmt: skip
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


@dataclass
class ScannedPage:
    path: Path
    urls: list = field(default_factory=list)  # (tag, attribute, value, line)
    ids: set = field(default_factory=set)
    inline_scripts: list = field(default_factory=list)  # line numbers
    event_handlers: list = field(default_factory=list)  # (attribute, line)
    style_attributes: list = field(default_factory=list)  # line numbers
    style_elements: list = field(default_factory=list)
    script_sources: list = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self, page: ScannedPage):
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.page.event_handlers.append((name, line))
            if name == "style":
                self.page.style_attributes.append(line)
            if name == "id" and value:
                self.page.ids.add(value)
        for name in URL_ATTRIBUTES.get(tag, ()):
            if values.get(name) is not None:
                self.page.urls.append((tag, name, values[name], line))
        if tag == "script":
            if values.get("src"):
                self.page.script_sources.append(values["src"])
            elif (values.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.page.inline_scripts.append(line)
        if tag == "style":
            self.page.style_elements.append(line)

    handle_startendtag = handle_starttag


def scan(path: Path) -> ScannedPage:
    page = ScannedPage(path)
    scanner = _Scanner(page)
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    return page


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))
