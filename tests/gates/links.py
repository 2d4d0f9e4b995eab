"""Crawl the built site from / through every internal link, asset and
#fragment; report what is broken, and pages that nothing links to."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from .html_scan import html_files, scan

EXCEPT_UNLINKED = {"404.html"}


def resolve(output: Path, base_url: str, value: str) -> tuple[Path | None, str]:
    """(file under `output` that serves `value`, fragment); None if external."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None, ""  # another origin, or mailto:/tel:/https: links out
    path = parts.path
    if not path:  # "#fragment" on the same page
        path = base_url
    elif not path.startswith("/"):
        path = base_url.rsplit("/", 1)[0] + "/" + path
    target = output / unquote(path).lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


def check_links(output: Path) -> tuple[list[str], int]:
    """(problems, number of links checked), crawling from /index.html."""
    problems, checked = [], 0
    ids: dict[Path, set] = {}
    queue, seen = [output / "index.html"], {output / "index.html"}
    while queue:
        page_path = queue.pop()
        page = scan(page_path)
        ids[page_path] = page.ids
        base_url = "/" + page_path.relative_to(output).as_posix()
        for tag, attribute, value, line in page.urls:
            for candidate in _split_srcset(value) if attribute == "srcset" else [value]:
                target, fragment = resolve(output, base_url, candidate)
                if target is None:
                    continue
                checked += 1
                where = f"{page_path.relative_to(output)}:{line}: <{tag} {attribute}={candidate!r}>"
                if not target.resolve().is_relative_to(output.resolve()) or not target.is_file():
                    problems.append(f"{where}: broken link")
                    continue
                if fragment and not _has_id(target, fragment, ids):
                    problems.append(f"{where}: no element with id {fragment!r}")
                if target.suffix == ".html" and tag in ("a", "area") and target not in seen:
                    seen.add(target)
                    queue.append(target)
    for path in html_files(output):
        relative = path.relative_to(output).as_posix()
        if path not in seen and relative not in EXCEPT_UNLINKED:
            problems.append(f"{relative}: no page links to it")
    return sorted(set(problems)), checked


def _has_id(target: Path, fragment: str, ids: dict) -> bool:
    if target.suffix != ".html":
        return True
    if target not in ids:
        ids[target] = scan(target).ids
    return fragment in ids[target]


def _split_srcset(value: str) -> list[str]:
    return [item.strip().split(" ")[0] for item in value.split(",") if item.strip()]
