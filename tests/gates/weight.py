"""Page weight: the bytes a page makes the browser fetch (HTML, CSS, JS;
images aside), uncompressed."""

from __future__ import annotations

from pathlib import Path

from .html_scan import scan
from .links import resolve


def page_weight(output: Path, url: str) -> dict:
    """{'html': bytes, 'css': bytes, 'js': bytes} for the page at `url`."""
    path, _ = resolve(output, "/", url)
    page = scan(path)
    weight = {"html": path.stat().st_size, "css": 0, "js": 0}
    for tag, attribute, value, _line in page.urls:
        target, _ = resolve(output, "/" + path.relative_to(output).as_posix(), value)
        if target is None or not target.is_file():
            continue
        if tag == "link" and target.suffix == ".css":
            weight["css"] += target.stat().st_size
        if tag == "script" and attribute == "src":
            weight["js"] += target.stat().st_size
    return weight
