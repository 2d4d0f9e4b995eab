"""The record cache never changes what a load gives: the same records in the
same order, the same problems with the same lines, whether each record was
validated now or taken from the cache; and what a record depends on (its
file, the vocabularies, the data layer's code, the build's year, the images
it names) invalidates it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXED_NOW, ROOT
from data_layer import record_cache
from data_layer.loader import DataLoader
from data_layer.messages import DataError

EXTRA = """\
description:
  id: Kopi dari kebun sendiri.
  en: Coffee from our own garden.
products:
  - Kopi bubuk
  - Kopi susu
marketplaces:
  - platform: tokopedia
    url: https://www.tokopedia.com/kopi-senja
whatsapp: "0812-3456-7890"
established: "2019"
tags: [pesan-antar, oleh-oleh]
aliases:
  - kopi-lama
"""


@pytest.fixture
def data(site, monkeypatch):
    monkeypatch.chdir(site.root)  # messages name files relative to the project
    site.exhibitor("kopi-senja", extra=EXTRA)
    site.exhibitor("batik-tirta", category="fesyen", kecamatan="palmerah")
    site.exhibitor("berlogo", logo="logos/berlogo.png")
    write_logo(site, 1000)
    return site


def write_logo(site, size: int) -> None:
    path = site.content / "images" / "logos" / "berlogo.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG" + bytes(size - 4))


def load(site, cache=None, now=FIXED_NOW):
    """(records of every collection, or None; the problems in English)."""
    loader = DataLoader(site.data, site.content / "images", now, cache_path=cache)
    try:
        loaded = loader.load()
    except DataError as error:
        return None, error.report("en").splitlines()
    collections = ("exhibitors", "partners", "centres", "events")
    return {name: snapshot(getattr(loaded, name)) for name in collections}, []


def snapshot(records: dict) -> list:
    """Everything a record is, in order: slug, source, data, and the fields written."""
    return [
        (slug, r.slug, r.source, r.data, r.data.model_fields_set) for slug, r in records.items()
    ]


def cache_size(site, cache, now=FIXED_NOW) -> int:
    loader = DataLoader(site.data, site.content / "images", now)
    version = record_cache.cache_version(site.data / "vocab", loader.context_key())
    return len(record_cache.RecordCache(cache, version).entries)


def assert_same_uncached_cold_and_warm(site, cache) -> tuple:
    """The uncached load, and proof that the cache's first and second load equal it."""
    expected = load(site)
    assert load(site, cache) == expected  # whatever the cache held before
    assert load(site, cache) == expected  # the cache as that load left it
    return expected


def test_cached_load_equals_uncached_load(data, tmp_path, monkeypatch):
    cache = tmp_path / "records"
    records, problems = load(data)
    assert problems == [] and len(records["exhibitors"]) == 3
    assert load(data, cache) == (records, [])
    validated = []
    original = DataLoader.validate
    monkeypatch.setattr(DataLoader, "validate", lambda *a: validated.append(a) or original(*a))
    assert load(data, cache) == (records, [])
    assert validated == []  # every record came from the cache
    assert cache_size(data, cache) == 1 + sum(len(r) for r in records.values())  # + festival
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_bad_file_reports_the_same_problems_and_is_never_cached(data, tmp_path):
    cache = tmp_path / "records"
    load(data, cache)
    valid = cache_size(data, cache)  # every record, and the festival
    data.exhibitor("salah", category="kulinerr", extra="sumary: typo\nsummary: dua\n")
    data.write("data/exhibitors/rusak.yaml", "name: [Rusak\n")
    records, problems = assert_same_uncached_cold_and_warm(data, cache)
    assert records is None
    assert problems == [
        "data/exhibitors/rusak.yaml:2:1: invalid YAML: did not find expected ',' or ']'; "
        "check the indentation and the colons",
        "data/exhibitors/salah.yaml:7: summary: this field is written twice (first at line 4); "
        "remove one",
    ]
    (data.data / "exhibitors" / "rusak.yaml").unlink()
    data.exhibitor("salah", category="kulinerr", extra="sumary: typo\n")
    assert assert_same_uncached_cold_and_warm(data, cache)[1] == [
        "data/exhibitors/salah.yaml:2: category: 'kulinerr' is not a known category "
        "(did you mean 'kuliner'?)",
        "data/exhibitors/salah.yaml:6: sumary: unknown field ('summary'?); allowed fields: "
        "name, category, kecamatan, summary, description, products, booth, whatsapp, phone, "
        "instagram, website, marketplaces, contact_public, logo, established, halal, tags, "
        "aliases, sample",
    ]
    assert cache_size(data, cache) == valid


def test_checks_across_records_run_on_cached_records(data, tmp_path):
    cache = tmp_path / "records"
    assert load(data, cache)[1] == []
    data.exhibitor("kopi-lama")  # claims the slug first, then kopi-senja's alias clashes
    shutil.copy(data.data / "centres" / "tebet.yaml", data.data / "centres" / "tebet-dua.yaml")
    records, problems = assert_same_uncached_cold_and_warm(data, cache)
    assert problems == [
        "data/centres/tebet.yaml:6: kecamatan: kecamatan 'tebet' already has a mentoring centre "
        "in data/centres/tebet-dua.yaml; there must be exactly one",
        "data/exhibitors/kopi-senja.yaml:19: aliases[0]: 'kopi-lama' is already used by "
        "data/exhibitors/kopi-lama.yaml; two records would write the same page",
    ]


def test_a_changed_file_is_validated_again(data, tmp_path):
    cache = tmp_path / "records"
    load(data, cache)
    data.exhibitor("batik-tirta", category="fesyen", kecamatan="palmerah", summary="Baru.")
    records, _ = assert_same_uncached_cold_and_warm(data, cache)
    batik = next(r for r in records["exhibitors"] if r[0] == "batik-tirta")
    assert batik[3].summary.id == "Baru."
    data.exhibitor("batik-tirta", category="fesyen", kecamatan="palmerah", booth="12")
    assert assert_same_uncached_cold_and_warm(data, cache)[1] == [
        "data/exhibitors/batik-tirta.yaml:6: booth: '12' is not a booth number; write a letter, "
        "a hyphen and digits, like A-12"
    ]


def test_a_file_gone_leaves_the_cache(data, tmp_path):
    cache = tmp_path / "records"
    load(data, cache)
    before = cache_size(data, cache)
    (data.data / "exhibitors" / "batik-tirta.yaml").unlink()
    assert_same_uncached_cold_and_warm(data, cache)
    assert cache_size(data, cache) == before - 1


def test_a_vocabulary_change_invalidates_the_cache(data, tmp_path):
    cache = tmp_path / "records"
    load(data, cache)
    vocab = data.data / "vocab" / "categories.yaml"
    fesyen = "fesyen:\n  label:\n    id: Fesyen\n    en: Fashion\n"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace(fesyen, ""), encoding="utf-8")
    assert assert_same_uncached_cold_and_warm(data, cache)[1] == [
        "data/exhibitors/batik-tirta.yaml:2: category: 'fesyen' is not a known category; "
        "see data/vocab/categories.yaml"
    ]


def test_the_code_and_the_build_year_are_part_of_the_version(data, tmp_path, monkeypatch):
    context = DataLoader(data.data, data.content / "images", FIXED_NOW).context_key()
    version = record_cache.cache_version(data.data / "vocab", context)
    code = tmp_path / "data_layer"
    shutil.copytree(ROOT / "plugins" / "data_layer", code)
    monkeypatch.setattr(record_cache, "CODE_FOLDER", code)
    assert record_cache.cache_version(data.data / "vocab", context) == version
    fields = code / "fields.py"
    fields.write_text(fields.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert record_cache.cache_version(data.data / "vocab", context) != version
    monkeypatch.undo()
    next_year = FIXED_NOW.replace(year=FIXED_NOW.year + 1)
    later = DataLoader(data.data, data.content / "images", next_year).context_key()
    assert record_cache.cache_version(data.data / "vocab", later) != version


def test_a_new_year_validates_again(data, tmp_path):
    cache = tmp_path / "records"
    data.exhibitor("baru", established="2026")
    assert load(data, cache)[1] == []  # 2026 is the build's year
    earlier = FIXED_NOW.replace(year=2025)
    assert load(data, cache, earlier) == load(data, None, earlier)
    assert load(data, cache, earlier)[1] == [
        "data/exhibitors/baru.yaml:6: established: '2026' is not a year; write four digits "
        "between 1900 and 2025"
    ]


def test_a_changed_or_removed_logo_is_checked_again(data, tmp_path):
    cache = tmp_path / "records"
    load(data, cache)
    write_logo(data, 3 * 1024 * 1024)
    assert assert_same_uncached_cold_and_warm(data, cache)[1] == [
        "data/exhibitors/berlogo.yaml:6: logo: 'logos/berlogo.png' is 3.0 MB; the limit is 2 MB, "
        "make the image smaller first"
    ]
    (data.content / "images" / "logos" / "berlogo.png").unlink()
    assert assert_same_uncached_cold_and_warm(data, cache)[1] == [
        "data/exhibitors/berlogo.yaml:6: logo: file 'logos/berlogo.png' does not exist in "
        "content/images/"
    ]
    write_logo(data, 1000)
    assert assert_same_uncached_cold_and_warm(data, cache)[1] == []


def test_a_damaged_shard_is_an_empty_one(data, tmp_path):
    cache = tmp_path / "records"
    expected = load(data, cache)
    for shard in cache.iterdir():
        shard.write_bytes(shard.read_bytes()[:-7])
    assert load(data, cache) == expected
    assert load(data, cache) == expected


def reads_of_records(monkeypatch) -> list[str]:
    """The record files (not vocabularies) the loads read from now on."""
    from data_layer import loader as loader_module

    reads, original = [], loader_module.read_bytes
    monkeypatch.setattr(
        loader_module, "read_bytes", lambda path: reads.append(str(path)) or original(path)
    )
    return reads


def record_reads(reads: list[str]) -> list[str]:
    return sorted(Path(path).name for path in reads if "vocab" not in Path(path).parts)


def test_a_file_whose_signature_holds_is_not_read_again(data, tmp_path, monkeypatch):
    monkeypatch.setattr(record_cache, "SETTLED_NS", 0)  # the fixture's files count as settled
    cache = tmp_path / "records"
    expected = load(data)
    reads = reads_of_records(monkeypatch)
    assert load(data, cache) == expected
    assert len(record_reads(reads)) == 1 + sum(len(r) for r in expected[0].values())
    reads.clear()
    assert load(data, cache) == expected
    assert record_reads(reads) == []  # every record found by its file's signature
    # Other bytes of the same size, the modification time set back (as `cp -p`
    # or `rsync -t` would): the change time gives it away.
    path = data.data / "exhibitors" / "batik-tirta.yaml"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Batik", "Betik"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    reads.clear()
    records, problems = load(data, cache)
    assert problems == [] and record_reads(reads) == ["batik-tirta.yaml"]
    assert records == load(data)[0] != expected[0]


def test_a_file_changed_just_before_the_load_is_read_on_every_load(data, tmp_path, monkeypatch):
    cache = tmp_path / "records"
    reads = reads_of_records(monkeypatch)
    for _ in range(2):
        reads.clear()
        load(data, cache)
        assert "kopi-senja.yaml" in record_reads(reads)  # written less than SETTLED_NS ago


def test_a_record_found_by_its_signature_still_names_its_lines(data, tmp_path, monkeypatch):
    monkeypatch.setattr(record_cache, "SETTLED_NS", 0)
    cache = tmp_path / "records"
    load(data, cache)
    data.exhibitor("kopi-lama")  # kopi-senja's alias now clashes; kopi-senja is not read
    assert load(data, cache)[1] == [
        "data/exhibitors/kopi-senja.yaml:19: aliases[0]: 'kopi-lama' is already used by "
        "data/exhibitors/kopi-lama.yaml; two records would write the same page",
    ]
