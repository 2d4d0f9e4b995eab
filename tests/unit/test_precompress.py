"""The `.br` siblings: a file that fits in 64 KiB is compressed with a
64 KiB window (quality 9 with the default window spent milliseconds a page
clearing memory), a larger one with Brotli's default; both decompress to
the file."""

from __future__ import annotations

import random

import brotli
from publish_pipeline.precompress import brotli_body, gzip_body


def text(size: int) -> bytes:
    words = ["warung", "kopi", "batik", "Jakarta", "usaha", "mikro", "<li>", "</li>"]
    rng = random.Random(size)
    return " ".join(rng.choice(words) for _ in range(size)).encode()[:size]


def window_bits(stream: bytes) -> int:
    """WBITS from a Brotli stream's first bits (RFC 7932, section 9.1)."""
    if not stream[0] & 1:
        return 16
    if (stream[0] >> 1) & 7:
        return 17 + ((stream[0] >> 1) & 7)
    return 17  # (or 8-15, which these files never get)


def test_a_page_gets_a_64_kib_window_and_a_large_file_the_default():
    page, large = text(6_000), text(300_000)
    assert window_bits(brotli_body(page)) == 16
    assert window_bits(brotli_body(large)) == 22
    assert window_bits(brotli_body(text(1 << 16))) == 16
    for body in (page, large, b""):
        assert brotli.decompress(brotli_body(body)) == body


def test_compression_is_deterministic():
    body = text(20_000)
    assert brotli_body(body) == brotli_body(body)
    assert gzip_body(body) == gzip_body(body)
