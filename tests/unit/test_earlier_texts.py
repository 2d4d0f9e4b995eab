"""The open data step takes each unchanged record's text back from the
files the build before wrote, mapped into memory: the part already read is
let go as it goes, so that the build does not hold the whole files (some
600 MiB at the full membership) at the end of its output steps; and the
index of where each text lies is kept small."""

from __future__ import annotations

import os
import pickle
import tracemalloc

import pytest
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


def stored(tmp_path) -> tuple[FileCache, list[str], dict[str, bytes]]:
    """A collection's files and index as a build leaves them in the cache:
    RECORDS records, each one's digest its slug."""
    cache = FileCache(tmp_path / "cache", "")
    slugs = [f"usaha-{number:06d}" for number in range(RECORDS)]
    texts = {slug: slug.encode().ljust(TEXT, b".") for slug in slugs}
    index = fragments.TextIndex()
    for suffix in fragments.SUFFIXES:
        body = b"".join(texts[slug] for slug in slugs)
        cache.store(f"files-key{suffix}", body.upper() if suffix == ".csv" else body)
    for number, slug in enumerate(slugs):
        place = (number * TEXT, (number + 1) * TEXT)
        index.add(slug, slug.encode(), place, place)
    fragments.keep(cache, "peserta", "text-key", "files-key", index, None)
    return cache, slugs, texts


def test_each_text_is_taken_back_and_the_part_read_is_let_go(tmp_path):
    cache, slugs, texts = stored(tmp_path)

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


def test_a_record_is_found_in_or_out_of_order_and_a_missing_one_is_not(tmp_path):
    cache, slugs, texts = stored(tmp_path)
    with fragments.EarlierTexts(cache, "peserta", "text-key") as earlier:
        for slug in (slugs[7], slugs[3], slugs[4], slugs[-1], slugs[0]):
            assert earlier.texts(slug, slug.encode()) == (texts[slug], texts[slug].upper())
        assert earlier.texts("usaha-0000035", b"usaha-0000035") is None  # between two
        assert earlier.texts("zzz", b"zzz") is None  # after the last
        assert earlier.texts("a", b"a") is None  # before the first


def test_the_index_taken_back_is_small(tmp_path):
    cache, _slugs, _texts = stored(tmp_path)
    tracemalloc.start()
    try:
        earlier = fragments.EarlierTexts(cache, "peserta", "text-key")
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    earlier.__exit__(None, None, None)
    # 100,000 records: a dict of tuples took 31.3 MiB; flat lists and an array, 15.0.
    assert held < 20 << 20, held


def test_an_index_out_of_order_is_refused():
    index = fragments.TextIndex()
    index.add("usaha-b", b"d", (0, 1), (0, 1))
    with pytest.raises(ValueError, match="not in order"):
        index.add("usaha-a", b"d", (1, 2), (1, 2))


def test_an_index_of_the_earlier_form_is_not_taken_back(tmp_path):
    cache, slugs, _texts = stored(tmp_path)
    earlier_form = {"texts": "text-key", "files": "files-key",
                    "records": {slugs[0]: (slugs[0].encode(), (0, TEXT), (0, TEXT))}}  # fmt: skip
    fragments.index_cache(cache).store("peserta", pickle.dumps(earlier_form))
    with fragments.EarlierTexts(cache, "peserta", "text-key") as earlier:
        assert earlier.texts(slugs[0], slugs[0].encode()) is None
