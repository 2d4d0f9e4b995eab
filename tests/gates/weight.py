"""Page weight: the bytes a page makes the browser fetch, uncompressed: HTML,
CSS and JS together, and images on their own budget.

An image counts its largest candidate, over the <source> elements of its
<picture> and its own src and srcset: a dense phone screen fetches the
largest WebP, a browser without WebP the largest fallback; the larger of the
two bounds both, so no page can look lighter than it is."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from .html_scan import scan
from .links import resolve


class _Images(HTMLParser):
    """The candidate URLs of each image of a page, one list per image."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images: list[list[str]] = []
        self.picture: list[str] | None = None  # candidates of the open <picture>'s sources

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        urls = [values["src"]] if values.get("src") else []
        srcset = (values.get("srcset") or "").split(",")
        urls += [candidate.split()[0] for candidate in srcset if candidate.split()]
        if tag == "picture":
            self.picture = []
        elif tag == "source" and self.picture is not None:
            self.picture += urls
        elif tag == "img":
            self.images.append((self.picture or []) + urls)

    def handle_endtag(self, tag):
        if tag == "picture":
            self.picture = None

    handle_startendtag = handle_starttag


def image_candidates(path: Path) -> list[list[str]]:
    parser = _Images()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.images


def page_weight(output: Path, url: str) -> dict:
    """{'html', 'css', 'js', 'images': bytes} for the page at `url`."""
    path, _ = resolve(output, "/", url)
    page = scan(path)
    weight = {"html": path.stat().st_size, "css": 0, "js": 0, "images": 0}
    base = "/" + path.relative_to(output).as_posix()
    for tag, attribute, value, _line in page.urls:
        target, _ = resolve(output, base, value)
        if target is None or not target.is_file():
            continue
        if tag == "link" and target.suffix == ".css":
            weight["css"] += target.stat().st_size
        if tag == "script" and attribute == "src":
            weight["js"] += target.stat().st_size
    for candidates in image_candidates(path):
        targets = [resolve(output, base, candidate)[0] for candidate in candidates]
        sizes = [t.stat().st_size for t in targets if t is not None and t.is_file()]
        weight["images"] += max(sizes, default=0)
    return weight
