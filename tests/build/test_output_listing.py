"""A publish records the listing of the live output it leaves, and the next
publish reads it instead of listing the folder again, as long as no other
publish wrote into that very folder; a publish that fails midway leaves no
listing to trust."""

from __future__ import annotations

import os
import shutil
import time
from types import SimpleNamespace

import pytest
from atomic_output import listing
from atomic_output.staging import (
    LEFT_IN_LIVE,
    LiveOutputChangedError,
    leave_in_live,
    mark_published,
    new_token,
    publish_staging,
    published_token,
)


def write(folder, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def publish(staging, live, files: dict[str, str], left=()) -> None:
    """One build: `files` staged, `left` (names) kept as the live output has them."""
    write(staging, files)
    leave_in_live(str(staging), {f"{staging}/{name}" for name in left})
    publish_staging(SimpleNamespace(output_path=str(staging), settings={"OUTPUT_PATH": str(live)}))


def recorded_soon(live, seconds: float = 30) -> set[str]:
    """The names in the listing recorded for the current publish, once there."""
    deadline = time.monotonic() + seconds
    while (found := listing.recorded(live, published_token(live))) is None:
        assert time.monotonic() < deadline, "no listing recorded"
        time.sleep(0.02)
    return set(found)


@pytest.fixture
def folders(tmp_path):
    yield tmp_path / "staging", tmp_path / "output"
    LEFT_IN_LIVE.clear()


def test_each_publish_records_what_it_left_and_the_next_one_reads_it(
    folders, monkeypatch, tmp_path
):
    staging, live = folders
    publish(staging, live, {"a/index.html": "a", "b/index.html": "b", "c.txt": "c"})
    # Taken whole: listed in the background.
    assert recorded_soon(live) == {"a/index.html", "b/index.html", "c.txt"}
    assert listing.recorded(live, published_token(live)) == listing.listing(live)
    publish(staging, live, {"a/index.html": "A", "c.txt": "c", "d/index.html": "d"})
    assert listing.recorded(live, published_token(live)) == listing.listing(live)

    listed = []
    original = listing.listing
    monkeypatch.setattr(
        listing, "listing", lambda folder: listed.append(folder) or original(folder)
    )
    publish(staging, live, {"a/index.html": "A2", "e/index.html": "e"}, left=["c.txt"])
    assert listed == [staging]  # the live output was not listed
    assert sorted(listing.listing(live)) == ["a/index.html", "c.txt", "e/index.html"]
    assert listing.recorded(live, published_token(live)) == listing.listing(live)

    # A staged link into a cache with the live file's bytes gives it its inode.
    cached = tmp_path / "cache-entry"
    cached.write_text("e")
    staging.mkdir()
    (staging / "e").mkdir()
    os.link(cached, staging / "e" / "index.html")
    publish(staging, live, {"a/index.html": "A2"}, left=["c.txt"])
    assert (live / "e" / "index.html").stat().st_ino == cached.stat().st_ino
    assert listing.recorded(live, published_token(live)) == listing.listing(live)


def test_a_listing_is_trusted_only_for_its_own_publish_and_folder(folders, tmp_path):
    staging, live = folders
    publish(staging, live, {"a.txt": "a"})
    publish(staging, live, {"a.txt": "b"})
    token = published_token(live)
    assert listing.recorded(live, token) == listing.listing(live)

    mark_published(live, new_token())  # another publish into the same folder
    assert listing.recorded(live, published_token(live)) is None
    mark_published(live, token)
    moved = tmp_path / "elsewhere"
    live.rename(moved)
    shutil.copytree(moved, live)  # the same names, another folder
    assert listing.recorded(live, token) is None


def test_a_publish_that_fails_midway_leaves_no_listing(folders):
    staging, live = folders
    publish(staging, live, {"a.txt": "a", "b.txt": "b"})
    publish(staging, live, {"a.txt": "A", "b.txt": "b"})
    assert listing.listing_path_for(live).exists()
    with pytest.raises(LiveOutputChangedError):
        publish(staging, live, {"a.txt": "A2"}, left=["gone.txt"])
    assert not listing.listing_path_for(live).exists()
    shutil.rmtree(staging)
    publish(staging, live, {"a.txt": "A3", "b.txt": "b"})  # lists the folder again
    assert listing.recorded(live, published_token(live)) == listing.listing(live)


def test_names_survive_the_round_trip(tmp_path, monkeypatch):
    monkeypatch.setattr(listing, "WRITE_BATCH", 2)  # written in more than one batch
    live = tmp_path / "output"
    live.mkdir()
    entries = {"peserta/warung-ibu-é/index.html": "1\t5\tf", "odd\udcffname": "2\t0\tf",
               "a/b/c.txt": "3\t7\tf"}  # fmt: skip
    listing.record(live, "token", entries)
    assert listing.recorded(live, "token") == entries
    listing.record(live, "token", {})
    assert listing.recorded(live, "token") == {}
