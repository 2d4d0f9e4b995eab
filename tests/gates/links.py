"""Crawl the built site from / through every internal link, asset and
#fragment; report what is broken, and pages that nothing links to."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .html_scan import html_files, scan

EXCEPT_UNLINKED = {"404.html"}


def resolve(output: Path, base_url: str, value: str, site_url: str = "") -> tuple[Path | None, str]:
    """(file under `output` that serves `value`, fragment); None if external.

    `site_url` is the published origin and path (https://example.org/fest) of
    a publish build: links to it are internal, and root-relative ones must
    start with its path."""
    site = urlsplit(site_url)
    parts = urlsplit(value)
    own_origin = site_url and (parts.scheme, parts.netloc) == (site.scheme, site.netloc)
    if (parts.scheme or parts.netloc) and not own_origin:
        return None, ""  # another origin, or mailto:/tel:/https: links out
    path = parts.path
    if not path:  # "#fragment" on the same page
        path = base_url
    elif not path.startswith("/"):
        path = base_url.rsplit("/", 1)[0] + "/" + path
    elif site.path.rstrip("/"):
        path = _within_base_path(path, site.path.rstrip("/"))
    target = output / unquote(path).lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


def _within_base_path(path: str, base: str) -> str:
    """`/fest/peserta/` -> `/peserta/`; a path outside the base stays as it
    is and so resolves to nothing in the output."""
    if path == base or path.startswith(base + "/"):
        return path[len(base) :] or "/"
    return "/__outside_the_site__" + path


def check_links(output: Path, site_url: str = "") -> tuple[list[str], int]:
    """(problems, number of links checked), crawling from /index.html;
    `site_url` for a publish build's absolute links (see resolve)."""
    problems, checked = [], 0
    ids: dict[Path, set] = {}
    queue, seen = [output / "index.html"], {output / "index.html"}
    while queue:
        page_path = queue.pop()
        links, count = _check_page(output, page_path, scan(page_path), ids, problems, site_url)
        checked += count
        for target in links:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    for path in html_files(output):
        relative = path.relative_to(output).as_posix()
        if path in seen or relative in EXCEPT_UNLINKED:
            continue
        # An old slug's redirect page (booth_cards) is reached from outside, by a
        # printed QR code or a shared link, never from the site itself: it is a
        # legitimate unlinked page when it says so (noindex + meta refresh).
        # Its own links, the refresh target included, must still resolve; what
        # it links to does not count as linked (an orphan stays an orphan).
        refresh = redirect_target(path)
        if refresh is None:
            problems.append(f"{relative}: no page links to it")
            continue
        page = scan(path)
        page.urls.append(("meta", "http-equiv=refresh", refresh, 0))
        checked += _check_page(output, path, page, ids, problems, site_url)[1]
    return sorted(set(problems)), checked


def _check_page(output: Path, page_path: Path, page, ids: dict, problems: list, site_url=""):
    """Check one page's URLs into `problems`; return (pages it links to, count checked)."""
    ids[page_path] = page.ids
    base_url = "/" + page_path.relative_to(output).as_posix()
    links, checked = [], 0
    for tag, attribute, value, line in page.urls:
        for candidate in _split_srcset(value) if attribute == "srcset" else [value]:
            target, fragment = resolve(output, base_url, candidate, site_url)
            if target is None:
                continue
            checked += 1
            where = f"{page_path.relative_to(output)}:{line}: <{tag} {attribute}={candidate!r}>"
            if not target.resolve().is_relative_to(output.resolve()) or not target.is_file():
                problems.append(f"{where}: broken link")
                continue
            if fragment and not _has_id(target, fragment, ids):
                problems.append(f"{where}: no element with id {fragment!r}")
            if target.suffix == ".html" and tag in ("a", "area"):
                links.append(target)
    return links, checked


class _MetaScanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.metas: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            self.metas.append({name.lower(): value or "" for name, value in attrs})

    handle_startendtag = handle_starttag


def redirect_target(path: Path) -> str | None:
    """The URL a redirect page sends visitors to, or None when `path` is not
    one: a redirect page carries `<meta name="robots" content="noindex">`
    and `<meta http-equiv="refresh" content="0; url=...">`."""
    scanner = _MetaScanner()
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    metas = scanner.metas
    noindex = any(
        m.get("name", "").lower() == "robots" and "noindex" in m.get("content", "").lower()
        for m in metas
    )
    refreshes = [
        m.get("content", "") for m in metas if m.get("http-equiv", "").lower() == "refresh"
    ]
    if not noindex or not refreshes:
        return None
    _delay, _, target = refreshes[0].partition(";")
    name, _, url = target.strip().partition("=")
    return url.strip().strip("'\"") if name.strip().lower() == "url" else None


def _has_id(target: Path, fragment: str, ids: dict) -> bool:
    if target.suffix != ".html":
        return True
    if target not in ids:
        ids[target] = scan(target).ids
    return fragment in ids[target]


def _split_srcset(value: str) -> list[str]:
    return [item.strip().split(" ")[0] for item in value.split(",") if item.strip()]
