"""The open data step takes each unchanged record's text back from the
files the build before wrote, mapped into memory: the part already read is
let go as it goes, so that the build does not hold the whole files (some
600 MiB at the full membership) at the end of its output steps."""

from __future__ import annotations

import os

from derived_files.cache import FileCache
from open_data import fragments

RECORDS = 100_000
TEXT = 400  # bytes a record: files of 40 MB


def mapped_kib(path: str) -> int:
    """The resident size of this process's mapping of `path`, in KiB."""
    with open("/proc/self/smaps", encoding="utf-8") as smaps:
        lines = smaps.read().splitlines()
    for number, line in enumerate(lines):
        if line.endswith(path):
            rss = next(found for found in lines[number + 1 :] if found.startswith("Rss:"))
            return int(rss.split()[1])
    raise AssertionError(f"{path} is not mapped")


def test_each_text_is_taken_back_and_the_part_read_is_let_go(tmp_path):
    cache = FileCache(tmp_path / "cache", "")
    slugs = [f"usaha-{number:06d}" for number in range(RECORDS)]
    texts = {slug: slug.encode().ljust(TEXT, b".") for slug in slugs}
    index = {}
    for suffix in fragments.SUFFIXES:
        body = b"".join(texts[slug] for slug in slugs)
        cache.store(f"files-key{suffix}", body.upper() if suffix == ".csv" else body)
    for number, slug in enumerate(slugs):
        place = (number * TEXT, (number + 1) * TEXT)
        index[slug] = (slug.encode(), place, place)
    fragments.keep(cache, "peserta", "text-key", "files-key", index, None)

    with fragments.EarlierTexts(cache, "peserta", "text-key") as earlier:
        for slug in slugs:
            assert earlier.texts(slug, slug.encode()) == (texts[slug], texts[slug].upper())
        assert earlier.texts(slugs[5], b"another digest") is None
        assert earlier.texts(slugs[5], slugs[5].encode()) == (texts[slugs[5]],
                                                              texts[slugs[5]].upper())  # fmt: skip
        for suffix in fragments.SUFFIXES:
            path = os.path.realpath(cache.path(f"files-key{suffix}"))
            # Read whole, each file's mapping held 39,063 KiB.
            assert mapped_kib(path) < 20 << 10, suffix
