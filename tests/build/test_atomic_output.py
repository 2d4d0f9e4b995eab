"""A build that fails leaves the previous output exactly as it was; a build
that succeeds rewrites only the files whose bytes changed."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from conftest import ROOT


def snapshot(folder) -> dict:
    """path -> (bytes, mtime_ns) for every file under `folder`."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_failed_build_leaves_previous_output_byte_identical(site):
    site.exhibitor("kopi-senja")
    site.build()
    before = snapshot(site.output)
    assert "peserta/kopi-senja/index.html" in before

    site.exhibitor("teh-manis", kecamatan="gambirr")  # invalid: the build must fail
    site.exhibitor("kopi-senja", name="Kopi Senja Baru")  # a change that must not land
    result = site.build(check=False)

    assert result.returncode != 0
    assert "teh-manis.yaml:3: kecamatan: 'gambirr' bukan kecamatan di DKI Jakarta" in result.stderr
    assert snapshot(site.output) == before


def test_template_error_midway_also_leaves_output_untouched(site, tmp_path):
    site.exhibitor("kopi-senja")
    site.build()
    before = snapshot(site.output)
    theme = tmp_path / "broken-theme"
    subprocess.run(["cp", "-r", str(ROOT / "theme"), str(theme)], check=True)
    (theme / "templates" / "centre.html").write_text("{{ no_such_name }}", encoding="utf-8")
    site.write_settings(THEME=str(theme))
    assert site.build(check=False).returncode != 0
    assert snapshot(site.output) == before


def test_rebuild_rewrites_only_changed_files_and_removes_stale_ones(site):
    site.exhibitor("kopi-senja")
    site.exhibitor("teh-manis")
    site.build()
    before = snapshot(site.output)

    (site.data / "exhibitors" / "teh-manis.yaml").unlink()
    site.build()
    after = snapshot(site.output)

    assert "peserta/teh-manis/index.html" not in after
    assert after["peserta/kopi-senja/index.html"] == before["peserta/kopi-senja/index.html"]
    assert after["mitra/shopee/index.html"] == before["mitra/shopee/index.html"]
    assert after["peserta/index.html"][0] != before["peserta/index.html"][0]


def test_make_check_reports_problems_and_writes_nothing(site):
    site.exhibitor("kopi-senja", kecamatan="gambirr", category="kulinerr")
    command = [sys.executable, str(ROOT / "scripts" / "check.py"), "--settings", str(site.settings)]
    env = {**os.environ, "DATA_ERRORS_LANG": "en"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=site.root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "data/exhibitors/kopi-senja.yaml:2: category: 'kulinerr' is not a known category "
        "(did you mean 'kuliner'?)",
        "data/exhibitors/kopi-senja.yaml:3: kecamatan: 'gambirr' is not a kecamatan of "
        "DKI Jakarta (did you mean 'gambir'?)",
    ]
    assert not site.output.exists()

    site.exhibitor("kopi-senja")
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=site.root)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK: 1 exhibitors")
    assert not site.output.exists()


def test_a_clean_build_takes_the_staging_folder_whole_and_a_failed_one_leaves_none(site):
    """With no live output, the staging folder becomes it by one rename; a
    failed clean build publishes nothing at all."""
    site.exhibitor("kopi-senja")
    site.exhibitor("teh-manis", kecamatan="gambirr")
    assert site.build(check=False).returncode != 0
    assert not site.output.exists() or not any(site.output.iterdir())

    site.exhibitor("teh-manis")
    site.build()
    assert (site.output / "peserta" / "teh-manis" / "index.html").is_file()
    assert not (site.root / ".output.staging").exists()
    site.build()  # the next build stages again, then compares file by file
    assert (site.output / "peserta" / "teh-manis" / "index.html").is_file()
    # What was left staged is renamed away at once and removed in the background.
    assert not (site.root / ".output.staging").exists()
    assert_removed_soon(site.root, ".output.staging.trash-*")


def assert_removed_soon(folder, pattern: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while list(folder.glob(pattern)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(folder.glob(pattern)) == []


def test_a_staging_folder_left_by_a_failed_build_never_reaches_the_output(site):
    site.exhibitor("kopi-senja")
    site.build()
    leftover = site.root / ".output.staging" / "peserta" / "hantu"
    leftover.mkdir(parents=True)
    (leftover / "index.html").write_text("left by a build that was stopped")
    (site.root / ".output.staging.trash-0123abcd" / "deep").mkdir(parents=True)
    site.build()
    assert not (site.output / "peserta" / "hantu").exists()
    assert (site.output / "peserta" / "kopi-senja" / "index.html").is_file()
    assert_removed_soon(site.root, ".output.staging*")


def test_publish_tree_moves_changes_keeps_links_and_prunes_emptied_folders(tmp_path):
    from atomic_output.staging import publish_tree

    staging, live = tmp_path / "staging", tmp_path / "live"
    for relative, text in {"same/index.html": "a", "changed/index.html": "new",
                           "equal/index.html": "eq", "new/deep/index.html": "n",
                           "link/index.html": "l"}.items():  # fmt: skip
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        (staging / relative).write_text(text)
    for relative, text in {"changed/index.html": "old", "equal/index.html": "eq",
                           "stale/deeper/index.html": "x", "link/index.html": "l"}.items():  # fmt: skip
        (live / relative).parent.mkdir(parents=True, exist_ok=True)
        (live / relative).write_text(text)
    (live / "same").mkdir()
    os.link(staging / "same/index.html", live / "same/index.html")
    os.remove(live / "link/index.html")
    os.symlink(staging / "link/index.html", live / "link/index.html")  # not a regular file
    equal_before = (live / "equal/index.html").stat()

    assert publish_tree(staging, live)[:2] == (3, 1)  # changed, new, link; stale removed
    files = {p.relative_to(live).as_posix(): p.read_text() for p in live.rglob("*") if p.is_file()}
    assert files == {"same/index.html": "a", "changed/index.html": "new",
                     "equal/index.html": "eq", "new/deep/index.html": "n", "link/index.html": "l"}  # fmt: skip
    assert not (live / "link/index.html").is_symlink()
    assert not (live / "stale").exists()  # emptied folders go too
    after = (live / "equal/index.html").stat()
    assert (after.st_ino, after.st_mtime_ns) == (equal_before.st_ino, equal_before.st_mtime_ns)


def test_an_equal_live_file_takes_the_inode_of_a_cached_one_and_keeps_its_mtime(tmp_path):
    """The next build links the same cache entry: same inode, nothing read."""
    from atomic_output.listing import listing
    from atomic_output.staging import publish_tree

    staging, live, cache = tmp_path / "staging", tmp_path / "live", tmp_path / "cache"
    for folder in (staging / "page", live / "page", cache):
        folder.mkdir(parents=True)
    (cache / "entry.html").write_text("same bytes")
    os.link(cache / "entry.html", staging / "page" / "index.html")
    (live / "page" / "index.html").write_text("same bytes")
    os.utime(live / "page" / "index.html", ns=(1_000_000_000, 1_000_000_000))

    assert publish_tree(staging, live)[:2] == (0, 0)  # not a change
    placed = (live / "page" / "index.html").stat()
    assert placed.st_ino == (cache / "entry.html").stat().st_ino
    assert placed.st_mtime_ns == 1_000_000_000
    assert (live / "page" / "index.html").read_text() == "same bytes"

    os.link(cache / "entry.html", staging / "page" / "again.html")  # the next build's link
    staged, current = listing(staging), listing(live)
    assert staged["page/again.html"].split("\t")[0] == current["page/index.html"].split("\t")[0]


def test_files_left_in_the_live_output_stay_as_they_are_and_gone_ones_stop_the_publish(tmp_path):
    """page_writer stages no unchanged page: it names them (leave_in_live),
    and the publish keeps them while it removes what no build made."""
    import pytest
    from atomic_output.staging import LiveOutputChangedError, publish_tree

    staging, live = tmp_path / "staging", tmp_path / "live"
    (staging / "changed").mkdir(parents=True)
    (staging / "changed" / "index.html").write_text("new")
    for relative, text in {"changed/index.html": "old", "left/index.html": "same",
                           "stale/index.html": "x"}.items():  # fmt: skip
        (live / relative).parent.mkdir(parents=True, exist_ok=True)
        (live / relative).write_text(text)
    before = (live / "left" / "index.html").stat()
    gone = {f"{staging}/left/index.html", f"{staging}/vanished/index.html"}

    with pytest.raises(LiveOutputChangedError, match="vanished/index.html"):
        publish_tree(staging, live, gone)
    assert (live / "changed" / "index.html").read_text() == "old"  # nothing moved
    assert (live / "stale" / "index.html").exists()

    assert publish_tree(staging, live, {f"{staging}/left/index.html"})[:2] == (1, 1)
    files = {p.relative_to(live).as_posix(): p.read_text() for p in live.rglob("*") if p.is_file()}
    assert files == {"changed/index.html": "new", "left/index.html": "same"}
    after = (live / "left" / "index.html").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
