"""Search bundles come from the bundle cache when their pages did not
change, and are indexed again, with the new text, when they did."""

from __future__ import annotations

import gzip
import os
import re
import shutil
from functools import partial
from pathlib import Path

import pytest
from atomic_output.staging import LEFT_IN_LIVE
from conftest import FixtureSite
from search.bundle_cache import FARMS, BundleCache, bundle_key, code_version, page_digest
from search.farm import MANIFEST
from search.indexer import build_index
from test_parallel_build import CHANGED, NEW_SUMMARY, add_exhibitors, tree

SHARD_EXHIBITORS = 20  # 60 exhibitors: 3 bundles per language


def entries(site: FixtureSite) -> set[str]:
    folders = (site.root / "cache" / "search").glob("*/*")
    return {path.name for path in folders if path.is_dir() and path.parent.name != FARMS}


def farms(site: FixtureSite) -> dict[str, tuple[int, bytes]]:
    """Each page in the folders Pagefind indexed: its inode and bytes."""
    pages = {}
    for folder, _dirs, names in os.walk(site.root / "cache" / "search" / FARMS):
        for name in names:
            if name != MANIFEST:
                path = f"{folder}/{name}"
                pages[path] = (os.lstat(path).st_ino, Path(path).read_bytes())
    return pages


def edit_summary(site: FixtureSite, summary: str) -> None:
    record = site.data / "exhibitors" / f"{CHANGED}.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"summary: .*", f"summary: {summary}", text), encoding="utf-8")


def live_bundle_files(site: FixtureSite) -> dict[str, tuple[int, int, bytes, int]]:
    """Each file of the live bundles: its inode, modification time, bytes
    and number of links."""
    files = {}
    for path in (site.output / "pagefind").rglob("*"):
        if path.is_file():
            stat = path.stat()
            files[path.relative_to(site.output).as_posix()] = (
                stat.st_ino, stat.st_mtime_ns, path.read_bytes(), stat.st_nlink
            )  # fmt: skip
    return files


def aliases(site: FixtureSite) -> set[str]:
    return {path.name for path in (site.root / "cache" / "search").glob("*/*.alias")}


def fragments_text(bundle) -> str:
    return "".join(
        gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        for path in bundle.glob("fragment/*.pf_fragment")
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    site = FixtureSite(tmp_path_factory.mktemp("search-cache") / "site")
    add_exhibitors(site)
    site.write_settings(SEARCH_SHARD_EXHIBITORS=SHARD_EXHIBITORS, DIRECTORY_PAGE_SIZE=8)
    site.build()
    runs = {"site": site, "first": entries(site), "first_aliases": aliases(site),
            "first_farms": farms(site)}  # fmt: skip
    shutil.rmtree(site.output)
    site.build()
    runs["again"], runs["again_aliases"] = entries(site), aliases(site)
    runs["again_links"] = {
        path.relative_to(site.output).as_posix(): path.stat().st_nlink
        for path in (site.output / "pagefind").rglob("*")
        if path.is_file()
    }
    runs["again_files"] = live_bundle_files(site)
    edit_summary(site, NEW_SUMMARY)
    site.build()
    runs["changed"], runs["changed_farms"] = entries(site), farms(site)
    runs["changed_files"] = live_bundle_files(site)
    edit_summary(site, f"{NEW_SUMMARY} Lagi.")
    site.build()
    runs["changed_again_farms"] = farms(site)
    return runs


def test_every_bundle_is_cached_once_built(runs):
    assert len(runs["first"]) == 6  # 3 shards in each language


def test_a_clean_build_links_every_bundle_from_the_cache(runs):
    assert runs["again"] == runs["first"]
    # ... found by its pages' cache keys (an alias of each bundle, noted by the first build)
    assert len(runs["first_aliases"]) == 6 and runs["again_aliases"] == runs["first_aliases"]
    assert runs["again_links"]
    assert all(count > 1 for count in runs["again_links"].values())


def test_one_changed_exhibitor_indexes_only_the_bundles_that_hold_it(runs):
    new = runs["changed"] - runs["again"]
    assert len(new) == 2  # its page in Indonesian and in English
    output = runs["site"].output / "pagefind"
    holding = [bundle.name for bundle in output.iterdir() if NEW_SUMMARY in fragments_text(bundle)]
    # The English page shows the Indonesian summary (it has no English one).
    assert [name.split("-")[0] for name in sorted(holding)] == ["en", "id"]
    # Their pages were indexed from folders kept between builds, each page cut
    # to what Pagefind reads: only the changed page was written again, though
    # the others moved from the staging folder (a clean build) to the live
    # output (known by their page cache keys); changed again, again only it.
    first, changed, again = runs["first_farms"], runs["changed_farms"], runs["changed_again_farms"]
    farm_of = {path: path.split(f"/{FARMS}/")[1].split("/")[0] for path in changed}
    assert len({farm_of[path] for path in changed if f"/{CHANGED}/" in path}) == 2
    assert set(changed) == set(first) == set(again)
    rewritten = {path for path in changed if changed[path][0] != first[path][0]}
    assert len(rewritten) == 2 and all(f"/{CHANGED}/" in path for path in rewritten)
    assert {path for path in again if again[path][0] != changed[path][0]} == rewritten
    page = changed[sorted(rewritten)[0]][1]
    assert b"data-pagefind-body" in page and NEW_SUMMARY.encode() in page
    assert b'<header class="site-header"' not in page and b"application/ld+json" not in page


def test_a_bundle_indexed_again_keeps_the_live_files_it_shares(runs):
    """The two bundles indexed again differ from the live ones in a few
    files (the changed page's fragment, the index chunks, the metadata):
    every other file stays the live file itself, with its time."""
    before, after = runs["again_files"], runs["changed_files"]
    same = [name for name in after if name in before and after[name][2] == before[name][2]]
    assert len(same) > len(after) * 0.8
    assert all(after[name][:2] == before[name][:2] for name in same)
    changed = {
        name.split("/")[1]
        for name in after
        if before.get(name, (0, 0, b"", 0))[2] != after[name][2]
    }
    assert len(changed) == 2  # the bundles that hold the page, in each language
    # Shared in the bundle cache too: its entries' files are the live ones.
    assert all(links > 1 for _inode, _time, _bytes, links in after.values())


def cached_bundle(tmp_path) -> tuple[BundleCache, Path]:
    bundle = tmp_path / "bundle"
    (bundle / "index").mkdir(parents=True)
    (bundle / "pagefind-entry.json").write_text('{"version": "test"}')
    (bundle / "index" / "en_1.pf_index").write_bytes(b"\x00index")
    cache = BundleCache(tmp_path / "cache")
    cache.keep("ab12", bundle)
    return cache, bundle


def test_a_cached_bundle_is_linked_into_a_new_folder(tmp_path):
    cache, bundle = cached_bundle(tmp_path)
    target = tmp_path / "site" / "pagefind" / "en-1"  # its parent does not exist yet
    assert cache.place("ab12", target)
    assert tree(target) == tree(bundle)
    assert (target / "index" / "en_1.pf_index").stat().st_nlink > 1
    assert not cache.place("cd34", tmp_path / "site" / "pagefind" / "en-2")


def test_a_cached_bundle_is_copied_where_cp_cannot_link_it(tmp_path, monkeypatch):
    cache, bundle = cached_bundle(tmp_path)
    failing = tmp_path / "bin"
    failing.mkdir()
    (failing / "cp").write_text("#!/bin/sh\necho 'cp: Invalid cross-device link' >&2\nexit 1\n")
    (failing / "cp").chmod(0o755)
    monkeypatch.setenv("PATH", f"{failing}{os.pathsep}{os.environ['PATH']}")
    target = tmp_path / "site" / "pagefind" / "en-1"
    assert cache.place("ab12", target)
    assert tree(target) == tree(bundle)


def test_a_cached_bundle_is_placed_without_cp(tmp_path, monkeypatch):
    cache, bundle = cached_bundle(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    target = tmp_path / "site" / "pagefind" / "en-1"
    assert cache.place("ab12", target)
    assert tree(target) == tree(bundle)
    assert (target / "index" / "en_1.pf_index").stat().st_nlink > 1


def test_a_bundle_known_by_its_pages_cache_keys_is_keyed_without_reading_them(tmp_path):
    site, cache = tmp_path / "site", BundleCache(tmp_path / "cache")
    pages = ["peserta/kopi/index.html", "berita/a/index.html"]
    for number, page in enumerate(pages):
        (site / page).parent.mkdir(parents=True)
        (site / page).write_text(f"<p>{number}</p>", encoding="utf-8")
    path_of = partial(os.path.join, site)
    by_bytes = bundle_key("pagefind/id-1/", pages, b"code", partial(page_digest, path_of))
    keys = {page: str(number) * 64 for number, page in enumerate(pages)}
    # First seen: read, and the alias noted.
    assert cache.key("pagefind/id-1/", pages, b"code", path_of, keys.get) == by_bytes
    # Known: the pages are not read (here they are gone).
    shutil.rmtree(site)
    assert cache.key("pagefind/id-1/", pages, b"code", path_of, keys.get) == by_bytes
    # A page without a key is read; all are read when the alias is unknown.
    with pytest.raises(FileNotFoundError):
        cache.key("pagefind/id-1/", pages, b"code", path_of, {pages[0]: keys[pages[0]]}.get)
    with pytest.raises(FileNotFoundError):
        cache.key("pagefind/id-1/", pages, b"code", path_of, {**keys, pages[1]: "9" * 64}.get)


def test_an_alias_no_build_used_is_pruned_with_the_bundles(tmp_path):
    cache = BundleCache(tmp_path / "cache")
    cache.add_alias("ab" + "0" * 62, "cd" + "1" * 62)
    cache.add_alias("ef" + "0" * 62, "cd" + "2" * 62)
    old = tmp_path / "cache" / "ab" / ("ab" + "0" * 62 + ".alias")
    os.utime(old, (1, 1))
    assert cache.prune() == 0  # aliases are not counted as bundles
    assert not old.exists()
    assert BundleCache(tmp_path / "cache").aliased("ef" + "0" * 62) == "cd" + "2" * 62


def test_a_bundle_is_held_in_a_folder_only_as_the_entrys_own_files(tmp_path):
    cache, _bundle = cached_bundle(tmp_path)
    live = tmp_path / "output" / "pagefind" / "en-1"
    assert cache.place("ab12", live)
    assert cache.held_in("ab12", str(live)) == ["index/en_1.pf_index", "pagefind-entry.json"]
    assert cache.held_in("cd34", str(live)) is None  # no such entry
    (live / "index" / "en_2.pf_index").write_bytes(b"more")
    assert cache.held_in("ab12", str(live)) is None  # a file the entry lacks
    (live / "index" / "en_2.pf_index").unlink()
    copy = live / "copy.json"
    shutil.copyfile(live / "pagefind-entry.json", copy)
    os.replace(copy, live / "pagefind-entry.json")
    assert cache.held_in("ab12", str(live)) is None  # the same bytes, not the entry's file


def test_a_bundle_the_live_output_holds_is_left_there_not_staged(tmp_path):
    site, live = tmp_path / "staging", tmp_path / "output"
    pages = ["peserta/kopi/index.html"]
    for folder in (site, live):
        (folder / pages[0]).parent.mkdir(parents=True)
        (folder / pages[0]).write_text("<p>kopi</p>", encoding="utf-8")
    cache, bundle = cached_bundle(tmp_path)
    name = "pagefind/en-1/"
    key = bundle_key(name, pages, code_version("binary"),
                     partial(page_digest, partial(os.path.join, site)))  # fmt: skip
    cache.keep(key, bundle)
    assert cache.place(key, live / name)

    reports = build_index(site, {name: pages}, "binary", BundleCache(cache.folder), live=str(live))
    assert [report.cached for report in reports] == [True]
    assert not (site / "pagefind").exists()
    left = {f"{site}/{name}index/en_1.pf_index", f"{site}/{name}pagefind-entry.json"}
    assert LEFT_IN_LIVE.pop(os.path.realpath(site)) == left

    # A live file that is not the entry's: the bundle is staged from the cache.
    shutil.copyfile(bundle / "pagefind-entry.json", live / name / "pagefind-entry.json.new")
    os.replace(live / name / "pagefind-entry.json.new", live / name / "pagefind-entry.json")
    build_index(site, {name: pages}, "binary", BundleCache(cache.folder), live=str(live))
    assert tree(site / name) == tree(bundle)
    assert not LEFT_IN_LIVE


def test_pagefind_indexes_each_cut_page_as_the_whole_page(runs, tmp_path):
    """Every fragment (a page's text, title, filters and metadata, named by
    their hash) is the same from the farm's cut pages as from the pages
    themselves, in every bundle of both languages."""
    from search.indexer import run_binary

    site = runs["site"]
    farms_folder = site.root / "cache" / "search" / FARMS
    for farm_folder in sorted(farms_folder.iterdir()):
        lang = farm_folder.name.split("_")[1].rsplit("-", 1)[0]
        whole = tmp_path / farm_folder.name / "whole"
        pages = [path.relative_to(farm_folder) for path in farm_folder.rglob("*.html")]
        assert pages
        for page in pages:
            (whole / page).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site.output / page, whole / page)
            assert (farm_folder / page).stat().st_size < (whole / page).stat().st_size
        bundles = {}
        for kind, folder in (("cut", farm_folder), ("whole", whole)):
            bundles[kind] = tmp_path / farm_folder.name / f"{kind}-bundle"
            run_binary(folder, bundles[kind], lang)
        fragments = {
            kind: sorted(os.listdir(bundle / "fragment")) for kind, bundle in bundles.items()
        }
        assert len(fragments["cut"]) == len(pages)
        assert fragments["cut"] == fragments["whole"]


SCRATCH_PAGES = [f"peserta/usaha-{number}/index.html" for number in range(6)]


def write_scratch_pages(site: Path, changed: str) -> None:
    for page in SCRATCH_PAGES:
        text = changed if page == SCRATCH_PAGES[2] else page
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(
            f'<html lang="en"><head><title>{page}</title></head><body>'
            f"<main data-pagefind-body><h1>{text}</h1><p>Kopi {text}</p></main></body></html>",
            encoding="utf-8",
        )


def published_bundle(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A site whose bundle `name` was built and published: (staging, live)."""
    site, live = tmp_path / "staging", tmp_path / "output"
    write_scratch_pages(site, "first")
    build_index(site, {name: SCRATCH_PAGES}, "binary", BundleCache(tmp_path / "cache"),
                live=str(live))  # fmt: skip
    shutil.copytree(site / "pagefind", live / "pagefind")
    shutil.rmtree(site / "pagefind")
    return site, live


def test_a_bundle_indexed_again_in_the_scratch_folder_stages_only_its_changed_files(tmp_path):
    """With a live bundle and a scratch folder, Pagefind writes there and only
    the files the live bundle lacks are staged; the others are left in the
    live output, and the cache's entry is made of both."""
    from search.bundle_cache import ENTRY_FILE

    name, scratch = "pagefind/en-1/", tmp_path / "scratch"
    scratch.mkdir()
    site, live = published_bundle(tmp_path, name)
    pages = SCRATCH_PAGES
    before = tree(live / name)

    write_scratch_pages(site, "changed")
    cache = BundleCache(tmp_path / "cache")
    [report] = build_index(site, {name: pages}, "binary", cache, live=str(live),
                           scratch=str(scratch))  # fmt: skip
    assert not report.cached
    staged = tree(site / name)
    left = {
        path.removeprefix(f"{site}/{name}") for path in LEFT_IN_LIVE.pop(os.path.realpath(site))
    }
    assert staged and left and not staged.keys() & left
    assert all(before.get(file) != data for file, data in staged.items())
    assert left <= before.keys()
    assert any("fragment/" in file for file in staged)  # the changed page's fragment
    assert list(scratch.iterdir()) == []
    [entry] = [path for path in cache.used if os.path.isdir(cache.entry(path))]
    kept = tree(Path(cache.entry(entry)))
    assert kept.keys() == staged.keys() | left
    assert ENTRY_FILE in kept
    for file in left:
        assert os.path.samefile(os.path.join(cache.entry(entry), file), live / name / file)


@pytest.mark.parametrize("failing", ["no folder", "pagefind"])
def test_without_a_usable_scratch_folder_the_bundle_is_indexed_into_the_output(
    tmp_path, monkeypatch, failing
):
    """No folder can be made there, or Pagefind fails in it (a full /dev/shm):
    the bundle is indexed into the staging folder, sharing the live files."""
    import search.indexer
    from derived_files.placing import same_file

    name = "pagefind/en-1/"
    site, live = published_bundle(tmp_path, name)
    scratch = tmp_path / "scratch"
    if failing == "no folder":
        scratch.write_text("a file, not a folder", encoding="utf-8")
    else:
        scratch.mkdir()
        real_run = search.indexer.run_binary

        def full_scratch(farm, output, lang):
            if str(output).startswith(str(scratch)):
                raise OSError(28, "No space left on device")
            real_run(farm, output, lang)

        monkeypatch.setattr(search.indexer, "run_binary", full_scratch)
    write_scratch_pages(site, "changed")
    [report] = build_index(site, {name: SCRATCH_PAGES}, "binary", BundleCache(tmp_path / "cache"),
                           live=str(live), scratch=str(scratch))  # fmt: skip
    assert not report.cached
    staged = tree(site / name)
    assert "pagefind-entry.json" in staged
    shared = [file for file in staged if same_file(site / name / file, live / name / file)]
    assert shared and len(shared) < len(staged)  # the live files it has, linked
    assert not scratch.is_dir() or list(scratch.iterdir()) == []
