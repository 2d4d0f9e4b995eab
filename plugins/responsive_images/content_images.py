"""Pictures in news posts and pages: each <img> that names a file of
content/images/ becomes a <picture> of resized WebP and PNG/JPEG copies with
`srcset`, `sizes`, `width` and `height` (no layout shift) and lazy loading.

It works on the HTML that safe_markdown has already sanitised, so whatever an
editor wrote is gone or tamed before this markup, built here from our own
paths, is added; the templates sanitise the result once more.
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from data_layer.messages import Problem
from markupsafe import escape

from .references import SITE_IMAGES, ImageFile, Located, check, resolve
from .variants import CONTENT_WIDTHS, Picture, content_picture, site_path

# nh3's output: double-quoted attributes; a `>` may sit inside one.
IMG = re.compile(r'<img(?:\s+[\w:-]+(?:="[^"]*")?)*\s*/?>')
ATTRIBUTE = re.compile(r'([\w:-]+)(?:="([^"]*)")?')
KEPT_ATTRIBUTES = ("alt", "title", "id", "lang")  # the editor's; the rest is ours
LAZY = (("loading", "lazy"), ("decoding", "async"))


def display(path) -> str:
    """A path as editors see it: relative to the project when possible."""
    relative = os.path.relpath(path)
    return Path(path).as_posix() if relative.startswith("..") else Path(relative).as_posix()


def tag(name: str, attributes) -> str:
    return f"<{name}" + "".join(f' {key}="{escape(value)}"' for key, value in attributes) + ">"


def picture_markup(picture: Picture, kept: list) -> str:
    source = [("type", "image/webp"), ("srcset", picture.webp_srcset), ("sizes", picture.sizes)]
    img = [("src", picture.fallback_src), ("srcset", picture.fallback_srcset),
           ("sizes", picture.sizes), ("width", str(picture.width)),
           ("height", str(picture.height)), *kept, *LAZY]  # fmt: skip
    return f"<picture>{tag('source', source)}{tag('img', img)}</picture>"


def plain_markup(src: str, size, kept: list) -> str:
    """An image used as it is (small already, or SVG), sized when we know how."""
    dimensions = [("width", str(size[0])), ("height", str(size[1]))] if size else []
    return tag("img", [("src", src), *dimensions, *kept, *LAZY])


class ContentImages:
    """Every picture the news posts and pages show, and what is wrong with them."""

    def __init__(self, settings):
        self.images_root = Path(settings["CONTENT_IMAGES_PATH"]).resolve()
        self.content_root = Path(settings["PATH"]).resolve()
        self.prefix = settings["SITEURL"] + "/"
        self.base_path = urlsplit(settings["SITEURL"]).path.rstrip("/")
        self.pictures: dict[str, Picture] = {}  # relative path -> its resized copies
        self.problems: list[Problem] = []
        self.checked: dict[Path, tuple] = {}

    def rewrite(self, content) -> None:
        """The content's body (and summary, when written by hand) rewritten in place."""
        located = Located(content.source_path, display(content.source_path))
        source_dir = Path(content.source_path).resolve().parent
        # The metadata (Summary:) comes first in the file, then the body.
        if content.metadata.get("summary"):
            summary = self.rewrite_html(content.metadata["summary"], located, source_dir)
            content.metadata["summary"] = content._summary = summary
        if getattr(content, "_content", None):
            content._content = self.rewrite_html(content._content, located, source_dir)

    def rewrite_html(self, html: str, located: Located, source_dir: Path) -> str:
        def replace(match) -> str:
            attributes = {k: unescape(v) for k, v in ATTRIBUTE.findall(match.group(0)[4:])}
            src = self.as_written(attributes.get("src", ""))
            target = resolve(src, self.images_root, self.content_root, source_dir)
            if target is None:
                return match.group(0)
            if target not in self.checked:
                self.checked[target] = check(target, self.images_root)
            image, key, params = self.checked[target]
            if image is None:
                self.problems.append(located.problem(src, key, **params))
                return match.group(0)
            kept = [(name, attributes[name]) for name in KEPT_ATTRIBUTES if name in attributes]
            return self.markup(image, kept)

        return IMG.sub(replace, html)

    def as_written(self, src: str) -> str:
        """`src` as the editor wrote it: on a site under a sub-path, content_links
        has put SITEURL's path before root-relative links."""
        if self.base_path and src.startswith(self.base_path + SITE_IMAGES):
            return src[len(self.base_path) :]
        return src

    def markup(self, image: ImageFile, kept: list) -> str:
        if not image.resizable or image.size[0] <= min(CONTENT_WIDTHS):
            return plain_markup(
                self.prefix + site_path(f"images/{image.relative}"), image.size, kept
            )
        if image.relative not in self.pictures:
            self.pictures[image.relative] = content_picture(image.relative, image.size, self.prefix)
        return picture_markup(self.pictures[image.relative], kept)
