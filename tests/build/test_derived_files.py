"""Derived files (QR codes, share images): the same bytes whether made in
the build's process, in worker processes or taken from the cache; cache
entries written atomically; cached files linked into the output, never
written through."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from atomic_output.staging import LEFT_IN_LIVE, live_output
from booth_cards.qr import qr_key, qr_svg_bytes
from conftest import ROOT, FixtureSite
from derived_files import production
from derived_files.cache import FileCache, content_key
from derived_files.derived import DerivedFile, write_derived_files
from derived_files.placing import place
from derived_files.workers import WorkerError, Workers
from PIL import Image
from structured_data.share_images import share_image_key, share_image_png

LOGO = ROOT / "content" / "images" / "logos" / "kopi-senja-tebet.png"
CAPTION = "Jakpreneur Fest 2026"
JOBS = 40  # enough for many chunks across two workers


@pytest.fixture
def workers():
    pool = Workers()
    pool.start(2)
    yield pool
    pool.stop()


def qr_jobs() -> dict[str, tuple]:
    jobs = {}
    for number in range(JOBS):
        url = f"https://fest.example/peserta/usaha-{number}-{'x' * number}/"
        title = f"Usaha {number}: {url}"
        jobs[qr_key(url, title)] = (url, title)
    return jobs


def share_image_jobs(logo: Path) -> dict[str, tuple]:
    jobs = {}
    for number in range(JOBS):
        title = f"Dapur Betawi Nomor {number} " + "Warisan Resep " * (number % 4)
        subtitle = "Kuliner · Tebet" if number % 2 else "Fesyen · Gambir"
        with_logo = logo if number % 5 == 0 else None
        digest = content_key(with_logo.read_bytes()) if with_logo else ""
        jobs[share_image_key(title, subtitle, CAPTION, digest)] = (
            title, subtitle, CAPTION, with_logo,
        )  # fmt: skip
    return jobs


def cached_bytes(cache: FileCache, keys) -> dict[str, bytes]:
    return {key: Path(cache.path(key)).read_bytes() for key in keys}


@pytest.mark.parametrize(
    ("make", "jobs"),
    [(qr_svg_bytes, qr_jobs), (share_image_png, lambda: share_image_jobs(LOGO))],
    ids=["qr-codes", "share-images"],
)
def test_serial_parallel_and_cached_files_are_byte_identical(tmp_path, workers, make, jobs):
    jobs = jobs()
    serial, parallel = FileCache(tmp_path / "serial", ".x"), FileCache(tmp_path / "parallel", ".x")
    production.make_serially(serial, list(jobs.items()), make)
    production.make_in_pool(parallel, list(jobs.items()), make, workers)
    expected = {key: make(*args) for key, args in jobs.items()}
    assert cached_bytes(serial, jobs) == expected
    assert cached_bytes(parallel, jobs) == expected

    files = [DerivedFile(f"{number}/file.png", key, args)
             for number, (key, args) in enumerate(jobs.items())]  # fmt: skip
    output = tmp_path / "output"
    assert write_derived_files(files, parallel, make, output).made == 0  # all from the cache
    assert {file.key: (output / file.path).read_bytes() for file in files} == expected


def process_id() -> bytes:
    return str(os.getpid()).encode()


def test_the_pool_makes_files_in_other_processes(tmp_path, workers):
    cache = FileCache(tmp_path, ".txt")
    jobs = [(content_key(str(number)), ()) for number in range(JOBS)]
    production.make_in_pool(cache, jobs, process_id, workers)
    makers = set(cached_bytes(cache, [key for key, _ in jobs]).values())
    assert makers == {str(process.pid).encode() for process in workers.processes}


def fail(number: int) -> bytes:
    if number == 7:
        raise ValueError("cannot draw number 7")
    return b"drawn"


def test_an_error_in_a_worker_fails_the_build(tmp_path, workers):
    jobs = [(content_key(str(number)), (number,)) for number in range(JOBS)]
    with pytest.raises(WorkerError, match="ValueError: cannot draw number 7"):
        production.make_in_pool(FileCache(tmp_path, ".txt"), jobs, fail, workers)
    # The workers are still there for the next job.
    assert production.make_in_pool(FileCache(tmp_path, ".txt"), jobs[:7], fail, workers) >= 0


def die(number: int) -> bytes:
    if number == 7:
        os._exit(1)
    return b"drawn"


def test_a_worker_that_dies_fails_the_build(tmp_path, workers):
    jobs = [(content_key(str(number)), (number,)) for number in range(JOBS)]
    with pytest.raises(WorkerError, match="worker process died"):
        production.make_in_pool(FileCache(tmp_path, ".txt"), jobs, die, workers)


def test_only_missing_entries_are_made(tmp_path, workers):
    cache = FileCache(tmp_path, ".svg")
    jobs = qr_jobs()
    first = dict(list(jobs.items())[:5])
    assert production.produce_missing(cache, first, qr_svg_bytes, workers).made == 5
    assert production.produce_missing(cache, jobs, qr_svg_bytes, workers).made == JOBS - 5
    assert production.produce_missing(cache, jobs, qr_svg_bytes, workers).made == 0
    assert cache.keys() == set(jobs)


def test_content_key_keeps_parts_apart():
    assert content_key("ab", "c") != content_key("a", "bc")
    assert content_key("a", "") != content_key("a")
    assert content_key("a", b"b") == content_key("a", "b")


def test_an_interrupted_store_leaves_no_entry(tmp_path, monkeypatch):
    cache = FileCache(tmp_path, ".png")
    key = content_key("picture")

    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.store(key, b"bytes")
    monkeypatch.undo()
    assert not Path(cache.path(key)).exists()
    assert list(Path(cache.path(key)).parent.iterdir())  # the temporary file, left over
    assert cache.keys() == set()
    cache.store(key, b"bytes")
    assert cache.keys() == {key} and Path(cache.path(key)).read_bytes() == b"bytes"


def test_images_are_linked_and_other_files_copied(tmp_path):
    cache = FileCache(tmp_path / "cache", ".png")
    entry = Path(cache.store(content_key("picture"), b"picture"))
    place(entry, tmp_path / "share.png")
    assert (tmp_path / "share.png").stat().st_ino == entry.stat().st_ino
    place(entry, tmp_path / "page.html")
    assert (tmp_path / "page.html").stat().st_ino != entry.stat().st_ino
    assert (tmp_path / "page.html").read_bytes() == b"picture"


def test_placing_over_a_file_never_writes_through_it(tmp_path):
    cache = FileCache(tmp_path / "cache", ".png")
    old = Path(cache.store(content_key("old"), b"old"))
    new = Path(cache.store(content_key("new"), b"new"))
    for name in ("share.png", "page.html"):
        target = tmp_path / name
        os.link(old, target)
        place(new, target)
        assert target.read_bytes() == b"new"
    assert old.read_bytes() == b"old"


def test_files_the_live_output_holds_are_left_there_and_changed_ones_staged(tmp_path):
    cache = FileCache(tmp_path / "cache", ".svg")
    live, staging = tmp_path / "output", tmp_path / "staging"
    jobs = qr_jobs()
    files = [DerivedFile(f"peserta/{number}/qr.svg", key, args)
             for number, (key, args) in enumerate(jobs.items())]  # fmt: skip
    write_derived_files(files, cache, qr_svg_bytes, live)  # the build before, published
    LEFT_IN_LIVE.clear()

    changed = DerivedFile(files[1].path, qr_key("https://fest.example/baru/", "Baru"),
                          ("https://fest.example/baru/", "Baru"))  # fmt: skip
    written = write_derived_files([files[0], changed, *files[2:]], cache, qr_svg_bytes,
                                  staging, live=str(live))  # fmt: skip
    assert (written.made, written.left) == (1, JOBS - 1)
    # Only the changed file is staged (a link to its new entry), in its folder alone.
    assert [path for path in staging.rglob("*") if path.is_file()] == [staging / changed.path]
    assert os.path.samefile(staging / changed.path, cache.path(changed.key))
    left = {str(staging / file.path) for file in files if file is not files[1]}
    assert LEFT_IN_LIVE.pop(os.path.realpath(staging)) == left
    assert not LEFT_IN_LIVE


def test_files_the_last_publish_vouched_for_are_left_without_a_stat(tmp_path):
    """A file whose name and key the last publish recorded is left in the live
    output even where it is a copy of its cache entry (found otherwise only by
    stating both); each file placed is vouched for, for the next build."""
    from atomic_output.staging import mark_published
    from atomic_output.vouched import VOUCHED, discard_vouched, fingerprint, record

    cache = FileCache(tmp_path / "cache", ".svg")
    live, staging = tmp_path / "output", tmp_path / "staging"
    jobs = qr_jobs()
    files = [DerivedFile(f"peserta/{number}/qr.svg", key, args)
             for number, (key, args) in enumerate(jobs.items())]  # fmt: skip
    write_derived_files(files, cache, qr_svg_bytes, staging)
    shutil.copytree(staging, live)  # copies, not the cache's entries
    shutil.rmtree(staging)
    marks = [fingerprint(file.path, file.key) for file in files]
    record(live, "token-1", marks[1:])  # the first one not vouched for
    mark_published(live, "token-1")
    written = write_derived_files(files, cache, qr_svg_bytes, staging, live=str(live))
    assert written.left == JOBS - 1
    assert [path for path in staging.rglob("*") if path.is_file()] == [staging / files[0].path]
    assert sorted(discard_vouched(str(staging))) == sorted(marks)
    LEFT_IN_LIVE.clear()
    VOUCHED.clear()


def test_a_clean_build_stats_no_live_file_and_still_vouches(tmp_path, monkeypatch):
    """With no live output yet, nothing can be left there: no file is looked
    for in it (two stats each), and each file placed is still vouched for."""
    from atomic_output.vouched import VOUCHED, discard_vouched, fingerprint
    from derived_files import derived

    def no_stat(*paths):
        raise AssertionError(f"looked for {paths} in a live output that does not exist")

    monkeypatch.setattr(derived, "same_file", no_stat)
    cache = FileCache(tmp_path / "cache", ".svg")
    live, staging = tmp_path / "output", tmp_path / "staging"
    files = [DerivedFile(f"peserta/{number}/qr.svg", key, args)
             for number, (key, args) in enumerate(qr_jobs().items())]  # fmt: skip
    written = write_derived_files(files, cache, qr_svg_bytes, staging, live=str(live))
    assert written.left == 0
    assert len([path for path in staging.rglob("*") if path.is_file()]) == JOBS
    marks = [fingerprint(file.path, file.key) for file in files]
    assert sorted(discard_vouched(str(staging))) == sorted(marks)
    LEFT_IN_LIVE.clear()
    VOUCHED.clear()


def test_a_publish_build_stages_every_file():
    settings = {"OUTPUT_PATH": "output"}
    assert live_output(settings) == os.path.abspath("output")
    # publish_pipeline minifies, compresses and lists the staged files only.
    assert live_output({**settings, "PUBLISH_PIPELINE": True}) is None


# -- in a build ---------------------------------------------------------------------


def cache_entries(cache: Path) -> dict[Path, int]:
    """Share images and QR codes in the cache, and their inodes."""
    found = [*cache.glob("share-images/*/*.png"), *cache.glob("qr-codes/*/*.svg")]
    return {path: path.stat().st_ino for path in found}


def test_a_build_from_the_cache_equals_a_cold_build(tmp_path):
    site = FixtureSite(tmp_path / "site")
    for number in range(3):
        site.exhibitor(f"usaha-{number}", booth=f"A-{number}")
    (site.content / "images" / "logos").mkdir()
    Image.open(LOGO).save(site.content / "images" / "logos" / "logo.png")
    site.exhibitor("dengan-logo", logo="logos/logo.png")
    site.build()
    derived = ["images/share/*.png", "peserta/*/qr.svg"]
    cold = {path: path.read_bytes() for pattern in derived for path in site.output.glob(pattern)}
    assert len(cold) == 2 * 4 + 1  # a share image and a QR code each, the default image
    entries = cache_entries(site.root / "cache")
    assert sorted(path.suffix for path in entries) == [".png"] * 5 + [".svg"] * 4
    for path in cold:
        assert path.stat().st_ino in entries.values()  # linked from the cache

    for folder in (site.output, site.root / ".output.staging"):
        shutil.rmtree(folder, ignore_errors=True)  # a clean build leaves no staging folder
    site.build()
    assert {path: path.read_bytes() for path in cold} == cold
    # Nothing made again: every entry is the same file as before.
    assert cache_entries(site.root / "cache") == entries
