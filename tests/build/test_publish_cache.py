"""Publish builds from their caches: the same bytes as a publish with no
cache, the steps' results (minified pages, .gz, .br) made once and then
linked, and no cache entry ever rewritten through a link: the page cache
keeps the pages as rendered, for `make html` builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import FixtureSite
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
