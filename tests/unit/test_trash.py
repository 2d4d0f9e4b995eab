"""Trash folders are removed in the background, once: a build does not start
a second `rm` over trash an earlier build's `rm` is still removing."""

from __future__ import annotations

import os

from atomic_output.trash import claim, discard, discard_leftovers


def make_tree(folder, files: int = 3) -> None:
    (folder / "deep").mkdir(parents=True)
    for number in range(files):
        (folder / "deep" / f"{number}.html").write_text("x")


def siblings(tmp_path) -> list[str]:
    return sorted(path.name for path in tmp_path.iterdir())


def test_a_discarded_folder_and_its_lock_file_are_removed(tmp_path):
    staging = tmp_path / ".output.staging"
    make_tree(staging)
    removal = discard(staging)
    assert not staging.exists()  # renamed away at once
    assert removal.wait(timeout=30) == 0
    assert siblings(tmp_path) == []


def test_trash_still_being_removed_is_left_to_its_removal(tmp_path):
    staging = tmp_path / ".output.staging"
    busy = tmp_path / ".output.staging.trash-busy"
    make_tree(busy)
    held = claim(busy)  # as the `rm` of the build that made it holds it
    try:
        assert discard_leftovers(staging) is None  # no second `rm`
        assert (busy / "deep" / "0.html").is_file()
    finally:
        os.close(held)
    removal = discard_leftovers(staging)  # its removal stopped with the machine
    assert removal.wait(timeout=30) == 0
    assert siblings(tmp_path) == []


def test_leftovers_of_a_stopped_machine_are_removed_with_the_staging_folder(tmp_path):
    staging = tmp_path / ".output.staging"
    make_tree(staging)
    make_tree(tmp_path / ".output.staging.trash-0123abcd")  # no lock file: an older build
    (tmp_path / ".output.staging.trash-4567cdef.lock").touch()  # its folder already gone
    make_tree(tmp_path / "output")  # not theirs
    removal = discard_leftovers(staging)  # one `rm` for all three
    assert removal.wait(timeout=30) == 0
    assert siblings(tmp_path) == ["output"]
    assert (tmp_path / "output" / "deep" / "0.html").is_file()
