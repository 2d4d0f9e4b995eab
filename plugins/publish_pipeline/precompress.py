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
# Brotli's window for a file that fits in 64 KiB (every page): with the
# default window (22) quality 9 allocates and clears megabytes for each
# file, 4.4 ms of a 5.9 KB page's 4.6 (most of it in the kernel), against
# 0.1-0.2 ms with this one, the output within 0.5 % (bench/RESULTS.md).
SMALL_FILE_WINDOW = 16


def is_compressed(name: str) -> bool:
    """Whether the file `name` (relative to the output) gets siblings: text,
    and not the host's own files (`_headers`, `_redirects`, `_cloudfront/`)."""
    return posixpath.splitext(name)[1] in COMPRESSED_SUFFIXES and not name.startswith("_")


def gzip_body(body: bytes) -> bytes:
    return gzip.compress(body, GZIP_LEVEL, mtime=0)


def brotli_body(body: bytes) -> bytes:
    if len(body) <= 1 << SMALL_FILE_WINDOW:
        return brotli.compress(body, quality=BROTLI_QUALITY, lgwin=SMALL_FILE_WINDOW)
    return brotli.compress(body, quality=BROTLI_QUALITY)
