"""Page weight: the bytes a page makes the browser fetch, uncompressed: HTML,
CSS and JS together, and images on their own budget (for each <img>, its
largest candidate: what a dense screen on a browser without WebP fetches)."""

from __future__ import annotations

from pathlib import Path

from .html_scan import scan
from .links import resolve


def page_weight(output: Path, url: str) -> dict:
    """{'html': bytes, 'css': bytes, 'js': bytes} for the page at `url`."""
    path, _ = resolve(output, "/", url)
    page = scan(path)
    weight = {"html": path.stat().st_size, "css": 0, "js": 0, "images": 0}
    base = "/" + path.relative_to(output).as_posix()
    candidates: dict[int, int] = {}  # line of the <img> -> its largest candidate
    for tag, attribute, value, _line in page.urls:
        target, _ = resolve(output, "/" + path.relative_to(output).as_posix(), value)
        if target is None or not target.is_file():
            continue
        if tag == "link" and target.suffix == ".css":
            weight["css"] += target.stat().st_size
        if tag == "script" and attribute == "src":
            weight["js"] += target.stat().st_size
    for tag, attribute, value, line in page.urls:
        if tag != "img":
            continue
        urls = (
            [item.strip().split(" ")[0] for item in value.split(",")]
            if attribute == "srcset"
            else [value]
        )
        for url in urls:
            target, _ = resolve(output, base, url)
            if target is not None and target.is_file():
                candidates[line] = max(candidates.get(line, 0), target.stat().st_size)
    weight["images"] = sum(candidates.values())
    return weight
