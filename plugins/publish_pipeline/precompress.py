"""`.gz` and `.br` siblings of the text files, for hosts that serve them
(nginx's gzip_static/brotli_static). Deterministic: gzip without a name or
time stamp, Brotli at a fixed quality. Object storage does not get them
(policy.is_uploaded): CDNs compress on their own. files.py writes them."""

from __future__ import annotations

import gzip
import posixpath

import brotli

COMPRESSED_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".ics", ".csv"}
GZIP_LEVEL = 9
BROTLI_QUALITY = 9  # 11 is 5-10 times slower for about 3 % less on these pages


def is_compressed(name: str) -> bool:
    """Whether the file `name` (relative to the output) gets siblings: text,
    and not the host's own files (`_headers`, `_redirects`, `_cloudfront/`)."""
    return posixpath.splitext(name)[1] in COMPRESSED_SUFFIXES and not name.startswith("_")


def gzip_body(body: bytes) -> bytes:
    return gzip.compress(body, GZIP_LEVEL, mtime=0)


def brotli_body(body: bytes) -> bytes:
    return brotli.compress(body, quality=BROTLI_QUALITY)
