"""Which file of content/images/ an image in a news post or page names, and
what is wrong with it, located at the line of the Markdown file that names it.

Editors write `![alt](/images/berita/foto.jpg)` or, Pelican's way,
`{static}/images/berita/foto.jpg` (docs/EDITORS.md). Other sources (another
site's picture, a path elsewhere) are not ours to resize and are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from data_layer.fields import IMAGE_FORMATS, IMAGE_MAX_BYTES
from data_layer.messages import Problem
from PIL import Image

from .variants import image_size

SITE_IMAGES = "/images/"
STATIC_LINK = re.compile(r"^[{|]static[|}](?P<path>.*)$")
SVG = ".svg"
CONTENT_IMAGE_FORMATS = (*IMAGE_FORMATS, SVG)


@dataclass(frozen=True)
class ImageFile:
    relative: str  # under content/images/, e.g. berita/foto.jpg
    path: Path
    size: tuple[int, int] | None  # pixels; None for an SVG that does not say

    @property
    def resizable(self) -> bool:
        return not self.relative.lower().endswith(SVG)


class Located:
    """Where a content file names each image: the n-th reference to a source
    is on the n-th line that holds it (the first line when not found)."""

    def __init__(self, source_path: str, display: str):
        self.display = display
        try:
            self.lines = Path(source_path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            self.lines = []
        self.seen: dict[str, int] = {}

    def line_of(self, src: str) -> int:
        numbers = [n for n, text in enumerate(self.lines, start=1) if src in text] or [1]
        index = self.seen.get(src, 0)
        self.seen[src] = index + 1
        return numbers[min(index, len(numbers) - 1)]

    def problem(self, src: str, key: str, **params) -> Problem:
        return Problem(self.display, self.line_of(src), "image", key, **params)


def resolve(src: str, images_root: Path, content_root: Path, source_dir: Path) -> Path | None:
    """The file `src` names if it is one of ours (it may not exist), else None."""
    static = STATIC_LINK.match(src)
    if static:
        path = unquote(static["path"])
        base = content_root if path.startswith("/") else source_dir
        target = (base / path.lstrip("/")).resolve()
        return target if target.is_relative_to(images_root) else None
    if src.startswith(SITE_IMAGES):
        return (images_root / unquote(src[len(SITE_IMAGES) :])).resolve()
    return None


def check(target: Path, images_root: Path) -> tuple[ImageFile | None, str | None, dict]:
    """(the image, None, {}) or (None, the key of a data_layer message, its params)."""
    inside = target.is_relative_to(images_root)
    relative = target.relative_to(images_root).as_posix() if inside else target.name
    if not (inside and target.is_file()):
        return None, "logo_missing", {"value": relative}
    unsupported = {"value": relative, "formats": ", ".join(CONTENT_IMAGE_FORMATS)}
    if not relative.lower().endswith(CONTENT_IMAGE_FORMATS):
        return None, "image_format", unsupported
    size = target.stat().st_size
    if size > IMAGE_MAX_BYTES:
        return None, "image_too_large", {"value": relative, "size": round(size / 1048576, 1),
                                        "limit": IMAGE_MAX_BYTES // 1048576}  # fmt: skip
    if relative.lower().endswith(SVG):
        return ImageFile(relative, target, svg_size(target)), None, {}
    try:
        return ImageFile(relative, target, image_size(target)), None, {}
    except (OSError, Image.DecompressionBombError):  # not the image its name says
        return None, "image_format", unsupported


SVG_LENGTH = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:px)?\s*$")
SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)
SVG_ATTRIBUTE = re.compile(r"""\s([\w:-]+)\s*=\s*["']([^"']*)["']""")


def svg_size(path: Path) -> tuple[int, int] | None:
    """An SVG's own width and height, or its viewBox's, when they are plain numbers."""
    root = SVG_ROOT.search(path.read_text(encoding="utf-8", errors="replace"))
    attributes = dict(SVG_ATTRIBUTE.findall(root.group(0))) if root else {}
    lengths = [SVG_LENGTH.match(attributes.get(name, "")) for name in ("width", "height")]
    numbers = [m.group(1) for m in lengths if m]
    if len(numbers) != 2:
        numbers = attributes.get("viewBox", "").replace(",", " ").split()[2:]
    try:
        width, height = (max(1, round(float(n))) for n in numbers)
    except ValueError:  # not two numbers
        return None
    return width, height
