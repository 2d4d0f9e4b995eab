"""The folders Pagefind indexes, kept between builds: brought up to date by
the pages that came, went or changed, made again when they cannot be
trusted."""

from __future__ import annotations

import os
from pathlib import Path

from search.bundle_cache import BundleCache
from search.farm import MANIFEST, farm


def site_with(tmp_path: Path, count: int) -> tuple[Path, list[str]]:
    site = tmp_path / "site"
    pages = [f"peserta/usaha-{number}/index.html" for number in range(count)]
    for page in pages:
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(f"<p>{page}</p>", encoding="utf-8")
    return site, pages


def targets(site: Path, pages: list[str]) -> dict[str, str]:
    return {page: str(site / page) for page in pages}


def held(folder: Path) -> dict[str, int]:
    """Each page the farm holds, and its file's inode (a regular file, its own)."""
    pages = {}
    for path in folder.rglob("*.html"):
        assert not path.is_symlink()
        pages[path.relative_to(folder).as_posix()] = path.stat().st_ino
    return pages


def test_a_kept_farm_changes_only_the_pages_that_came_or_went(tmp_path):
    site, pages = site_with(tmp_path, 4)
    kept = str(tmp_path / "farm")
    with farm(targets(site, pages[:3]), kept) as folder:
        first = held(folder)
        assert set(first) == set(pages[:3])
        assert (folder / pages[0]).read_text(encoding="utf-8") == f"<p>{pages[0]}</p>"
    with farm(targets(site, pages[1:]), kept) as folder:
        now = held(folder)
    assert set(now) == set(pages[1:])
    assert {page: now[page] for page in pages[1:3]} == {page: first[page] for page in pages[1:3]}
    assert not (folder / "peserta" / "usaha-0").exists()  # its emptied folder removed too


def test_a_farm_left_half_changed_or_of_another_site_is_made_again(tmp_path):
    site, pages = site_with(tmp_path, 2)
    kept = str(tmp_path / "farm")
    with farm(targets(site, pages), kept) as folder:
        pass
    stray = folder / "peserta" / "lama" / "index.html"  # linked when the build stopped
    stray.parent.mkdir()
    stray.write_text("<p>lama</p>", encoding="utf-8")
    (folder / MANIFEST).unlink()
    with farm(targets(site, pages), kept) as folder:
        assert set(held(folder)) == set(pages)
    other, _pages = site_with(tmp_path / "other", 2)
    (other / pages[0]).write_text("<p>other</p>", encoding="utf-8")
    with farm(targets(other, pages), kept) as folder:
        assert (folder / pages[0]).read_text(encoding="utf-8") == "<p>other</p>"


def test_a_page_is_written_again_when_its_file_or_key_changes(tmp_path):
    staging, pages = site_with(tmp_path / "staging", 3)
    live, _pages = site_with(tmp_path / "live", 3)
    kept = str(tmp_path / "farm")
    with farm(targets(staging, pages), kept) as folder:
        first = held(folder)
    moved = {**targets(staging, pages), pages[1]: str(live / pages[1])}  # left in the live output
    with farm(moved, kept) as folder:
        now = held(folder)
    assert {page for page in pages if now[page] != first[page]} == {pages[1]}
    # Known by their page cache keys, pages that move are not written again;
    # a page whose key changed is.
    keys = {page: f"key-{page}" for page in pages}
    with farm(moved, kept, keys.get) as folder:
        keyed = held(folder)
    with farm(targets(staging, pages), kept, keys.get) as folder:
        assert held(folder) == keyed
    (staging / pages[2]).write_text("<p>new</p>", encoding="utf-8")
    with farm(targets(staging, pages), kept, {**keys, pages[2]: "key-new"}.get) as folder:
        assert {page for page, inode in held(folder).items() if inode != keyed[page]} == {pages[2]}
        assert (folder / pages[2]).read_text(encoding="utf-8") == "<p>new</p>"


def test_without_a_cache_the_farm_is_temporary(tmp_path):
    site, pages = site_with(tmp_path, 2)
    with farm(targets(site, pages), None) as folder:
        assert set(held(folder)) == set(pages)
    assert not folder.exists()


def test_a_farm_no_build_used_is_pruned(tmp_path):
    site, pages = site_with(tmp_path, 2)
    cache = BundleCache(tmp_path / "cache")
    old, new = cache.farm("pagefind/id-1/"), cache.farm("pagefind/id-2/")
    for kept in (old, new):
        with farm(targets(site, pages), kept):
            pass
    os.utime(Path(old) / MANIFEST, (1, 1))
    cache.prune()
    assert not os.path.exists(old) and os.path.isdir(new)
