"""The meta file's chunk names, read as its CBOR says: a large index names
some chunks with 8 or more hex digits where the first 7 collide."""

from __future__ import annotations

from search.consistency import chunk_names


def text(value: str) -> bytes:
    return bytes([0x60 + len(value)]) + value.encode()


def test_names_of_seven_and_more_digits_are_read_whole():
    meta = (b"pagefind_dcd\x86" + text("1.5.2") + b"\x82" + text("id_3c2e6ac") + b"\x18\x84"
            + b"\x82" + text("id_3c2e6ac7") + b"\x18." + b"\x82" + text("id_eb8546f")
            + text("abc") + text("en_1234567"))  # fmt: skip
    assert chunk_names(meta, "id") == {"id_3c2e6ac", "id_3c2e6ac7", "id_eb8546f"}
    assert chunk_names(meta, "en") == {"en_1234567"}


def test_a_following_header_that_looks_like_hex_is_not_taken_into_the_name():
    # 0x61 ('a') is the CBOR header of a one-character text.
    meta = text("id_1234567") + text("x") + b"\x82" + text("id_89abcde") + b"a"
    assert chunk_names(meta, "id") == {"id_1234567", "id_89abcde"}
