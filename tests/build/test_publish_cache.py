"""Publish builds from their caches: the same bytes as a publish with no
cache, the steps' results (minified pages, .gz, .br) made once and then
linked, and no cache entry ever rewritten through a link: the page cache
keeps the pages as rendered, for `make html` builds."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import publish_pipeline.files as files_module
from conftest import FixtureSite
from publish_pipeline import digests
from publish_pipeline.files import Recipe, prepare_all

SITE_URL = "https://fest.example"


def published(site: FixtureSite, caches: Path) -> FixtureSite:
    site.write_settings(
        SITEURL=SITE_URL, SITE_ABSOLUTE_URL=SITE_URL, RELATIVE_URLS=False,
        PUBLISH_PIPELINE=True, PAGE_CACHE_PATH=str(caches / "pages"),
        PUBLISH_CACHE_PATH=str(caches / "publish"),
    )  # fmt: skip
    return site


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def entries(folder: Path) -> dict[str, int]:
    """Each cache entry and its inode: a rewritten entry would be a new file."""
    return {p.name: p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_a_publish_from_its_caches_equals_one_without(site, tmp_path):
    for number in range(3):
        site.exhibitor(f"usaha-{number}", name=f"Usaha {number}")
    published(site, tmp_path / "caches").build()
    first = tree(site.output)
    assert first["peserta/usaha-0/index.html"].startswith(b"<!doctype html><html lang=id><head>")
    assert "peserta/usaha-0/index.html.br" in first
    pages, publish = tmp_path / "caches" / "pages", tmp_path / "caches" / "publish"
    kept, made = entries(pages), entries(publish)
    assert kept and made
    # The page cache holds the pages as rendered, not their minified versions.
    for entry in pages.rglob("*.html"):
        assert entry.read_bytes().count(b"\n") > 20, entry

    published(site, tmp_path / "caches").build()
    assert tree(site.output) == first
    assert entries(publish) == made  # nothing made again, no entry rewritten
    assert entries(pages) == kept

    published(site, tmp_path / "fresh").build()
    assert tree(site.output) == first


def test_workers_and_one_process_prepare_the_same_bytes(tmp_path):
    source = tmp_path / "source"
    for number in range(700):  # more than one process takes alone
        page = source / f"halaman-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<!doctype html>\n<html lang=id>\n<p>  Halaman   {number} </p>\n</html>\n")
        (page.parent / "data.json").write_text(f'{{"nomor": {number}}}')
        (page.parent / "logo.png").write_bytes(os.urandom(64))
    results = {}
    for workers in (1, 2):
        output = tmp_path / f"output-{workers}"
        shutil.copytree(source, output)
        recipe = Recipe(str(tmp_path / f"cache-{workers}"), SITE_URL, ())
        prepared = prepare_all(str(output), recipe, workers=workers)
        results[workers] = (tree(output), sorted((p.name, p.sha256, p.size) for p in prepared))
        assert all(p.made for p in prepared if p.key)
    assert results[1] == results[2]
    files, digests = results[2]
    assert files["halaman-5/index.html"] == b"<!doctype html><html lang=id><p>Halaman 5</p></html>"
    assert "halaman-5/data.json.gz" in files and "halaman-5/logo.png.gz" not in files
    assert len(digests) == 3 * 700


def staged_site(folder: Path, pages: int = 3) -> None:
    for number in range(pages):
        page = folder / f"halaman-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<!doctype html>\n<html lang=id>\n<p>  Halaman   {number} </p>\n</html>\n")
        (page.parent / "logo.png").write_bytes(os.urandom(64))


def reads_of(monkeypatch) -> list[str]:
    """The files publish_pipeline.files opens from now on (in this process)."""
    opened = []

    def counting_open(path, *args, **kwargs):
        opened.append(os.fspath(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(files_module, "open", counting_open, raising=False)
    return opened


def test_a_publish_reads_no_file_whose_digest_it_knows(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    recipe = Recipe(str(cache), SITE_URL, ())
    built, first, second = tmp_path / "built", tmp_path / "first", tmp_path / "second"
    staged_site(built)
    # Two publishes stage the same files (hard links, as from the build's caches).
    for staging in (first, second):
        shutil.copytree(built, staging, copy_function=os.link)
    before = prepare_all(str(first), recipe, workers=1)
    assert (cache / digests.NAME).is_file()
    # The second reads none of them, nor any result of the first.
    opened = reads_of(monkeypatch)
    after = prepare_all(str(second), recipe, workers=1)
    assert opened == []
    assert not any(item.made for item in after)
    assert {(p.name, p.sha256, p.size, p.key) for p in after} == {
        (p.name, p.sha256, p.size, p.key) for p in before
    }
    assert tree(second) == tree(first)


def test_a_file_changed_in_place_is_read_again(tmp_path, monkeypatch):
    recipe = Recipe(str(tmp_path / "cache"), SITE_URL, ())
    built = tmp_path / "built"
    staged_site(built)
    shutil.copytree(built, tmp_path / "first", copy_function=os.link)
    prepare_all(str(tmp_path / "first"), recipe, workers=1)
    logo = built / "halaman-1" / "logo.png"
    inode = logo.stat().st_ino
    with logo.open("r+b") as file:  # same inode and size, other bytes and time
        file.write(b"\x89PNG" + bytes(60))
    os.utime(logo, ns=(logo.stat().st_atime_ns, logo.stat().st_mtime_ns + 10**9))
    assert logo.stat().st_ino == inode
    second = tmp_path / "second"
    shutil.copytree(built, second, copy_function=os.link)
    opened = reads_of(monkeypatch)
    prepared = {item.name: item for item in prepare_all(str(second), recipe, workers=1)}
    assert opened == [str(second / "halaman-1" / "logo.png")]
    assert prepared["halaman-1/logo.png"].sha256 == hashlib.sha256(logo.read_bytes()).hexdigest()


def test_a_damaged_or_outgrown_table_is_started_afresh(tmp_path):
    cache = tmp_path / "cache"
    recipe = Recipe(str(cache), SITE_URL, ())
    output = tmp_path / "output"
    staged_site(output)
    cache.mkdir()
    (cache / digests.NAME).write_bytes(b"not a database " * 100)
    expected = {p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in output.rglob("*.png")}  # fmt: skip
    prepared = prepare_all(str(output), recipe, workers=1)
    assert {item.name: item.sha256 for item in prepared if item.name in expected} == expected
    # 3 pages, their minified entries and 3 logos: 9 rows, kept for a publish of 3 files...
    assert not digests.prune(str(cache), 3)
    # ...but not for a publish of 2: the table would keep more than GROWTH rows a file.
    assert digests.prune(str(cache), 2)
    assert not (cache / digests.NAME).exists()
