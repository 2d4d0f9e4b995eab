"""Read the build's `_headers` and `_redirects` the way Netlify and
Cloudflare Pages do, so that the test server answers with the headers and
redirects production sends (a page the CSP would break fails here)."""

from __future__ import annotations

import re
from pathlib import Path


def _pattern_regex(pattern: str) -> re.Pattern:
    parts = re.split(r"(\*|:[A-Za-z]+)", pattern)
    pieces = {"*": ".*"}
    body = "".join(pieces.get(p, "[^/]+" if p.startswith(":") else re.escape(p)) for p in parts)
    return re.compile(f"^{body}$")


def load_header_rules(path: Path) -> list[tuple[re.Pattern, dict]]:
    rules: list[tuple[re.Pattern, dict]] = []
    if not path.is_file():
        return rules
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((_pattern_regex(line.strip()), {}))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(rules, url_path: str) -> dict:
    """Every matching rule's headers; a later rule's value for the same
    header is appended, as those hosts do (so a clash would show)."""
    found: dict[str, str] = {}
    for regex, headers in rules:
        if regex.match(url_path):
            for name, value in headers.items():
                found[name] = f"{found[name]}, {value}" if name in found else value
    return found


def load_redirects(path: Path) -> dict[str, tuple[str, int]]:
    table = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                source, target, status = line.split()
                table[source] = (target, int(status))
    return table
