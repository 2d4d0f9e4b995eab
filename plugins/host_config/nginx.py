"""nginx: the same rules for a server of one's own. Two snippets, because a
`map` may only stand in the `http` block: nginx-http.conf (the Cache-Control
map) and nginx-server.conf (types, headers, redirects, 404, precompressed
files), included in the site's `server` block after `root`."""

from __future__ import annotations

import re

from .policy import CONTENT_TYPES, DEPLOY_RECORDS, IMMUTABLE, SHORT_LIVED
from .rules import IMMUTABLE_PATTERNS

HEADER = "# Generated from plugins/host_config: edit policy.py or the data, not this file.\n"


def _regex(pattern: str) -> str:
    """A `_headers` pattern as an nginx regular expression."""
    parts = re.split(r"(\*|:[a-z]+)", pattern)
    pieces = {"*": ".*"}
    return "^" + "".join(
        pieces.get(p, "[^/]+" if p.startswith(":") else re.escape(p)) for p in parts
    )


def http_snippet(base: str, *, fingerprinted: bool) -> str:
    immutable = IMMUTABLE_PATTERNS if fingerprinted else IMMUTABLE_PATTERNS[1:]
    lines = [f'    "~{_regex(f"{base}/{pattern}")}" "{IMMUTABLE}";' for pattern in immutable]
    return (
        HEADER
        + "# Include inside `http { }`.\n"
        + "map $uri $jakpreneur_cache_control {\n"
        + f'    default "{SHORT_LIVED}";\n'
        + "\n".join(lines)
        + "\n}\n"
    )


def server_snippet(base: str, headers: dict, redirects) -> str:
    add_headers = "".join(
        f'        add_header {name} "{value}" always;\n' for name, value in headers.items()
    )
    moves = "".join(
        f"    location = {r.source} {{ return {r.status} {r.target}; }}\n" for r in redirects
    )
    return (
        HEADER
        + "# Include inside the site's `server { }`, after `root`.\n"
        + _types()
        + "    gzip_static on;  # serves the .gz siblings the publish build writes\n"
        + "    # brotli_static on;  # with the ngx_brotli module: the .br siblings\n"
        + f"    error_page 404 {base}/404.html;\n"
        + f"    location {base}/{DEPLOY_RECORDS} {{ return 404; }}  # the deploy's records\n"
        + f"    location {base}/ {{\n"
        + "        try_files $uri $uri/index.html =404;\n"
        + "        add_header Cache-Control $jakpreneur_cache_control always;\n"
        + add_headers
        + "    }\n"
        + moves
    )


def _types() -> str:
    by_type: dict[str, list[str]] = {}
    for suffix, full_type in CONTENT_TYPES.items():
        if suffix.startswith("."):  # nginx maps extensions only
            by_type.setdefault(full_type.split(";")[0], []).append(suffix[1:])
    lines = "".join(f"        {kind} {' '.join(exts)};\n" for kind, exts in sorted(by_type.items()))
    charset_types = " ".join(
        sorted(t.split(";")[0] for t in CONTENT_TYPES.values() if "charset" in t)
    )
    return f"    types {{\n{lines}    }}\n    charset utf-8;\n    charset_types {charset_types};\n"
