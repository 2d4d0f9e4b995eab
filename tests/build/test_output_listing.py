"""A publish records the listing of the live output it leaves, and the next
publish reads it instead of listing the folder again, as long as no other
publish wrote into that very folder; a publish that fails midway leaves no
listing to trust."""

from __future__ import annotations

import os
import shutil
import time
import tracemalloc
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


def recorded(live, token: str | None = None) -> dict[str, str] | None:
    """The listing recorded for the publish that wrote `token` (the current
    one), read whole; None if there is none to trust."""
    entries = listing.recorded(live, token or published_token(live))
    if entries is None:
        return None
    with entries:
        fields = [field for block in entries.blocks() for field in block.fields]
    return dict(zip(fields[0::2], fields[1::2], strict=True))


def recorded_soon(live, seconds: float = 30) -> set[str]:
    """The names in the listing recorded for the current publish, once there."""
    deadline = time.monotonic() + seconds
    while (found := recorded(live)) is None:
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
    assert recorded(live) == listing.listing(live)
    publish(staging, live, {"a/index.html": "A", "c.txt": "c", "d/index.html": "d"})
    assert recorded(live) == listing.listing(live)

    listed = []
    original = listing.listing
    monkeypatch.setattr(
        listing, "listing", lambda folder: listed.append(folder) or original(folder)
    )
    publish(staging, live, {"a/index.html": "A2", "e/index.html": "e"}, left=["c.txt"])
    assert listed == [staging]  # the live output was not listed
    assert sorted(listing.listing(live)) == ["a/index.html", "c.txt", "e/index.html"]
    assert recorded(live) == listing.listing(live)

    # A staged link into a cache with the live file's bytes gives it its inode.
    cached = tmp_path / "cache-entry"
    cached.write_text("e")
    staging.mkdir()
    (staging / "e").mkdir()
    os.link(cached, staging / "e" / "index.html")
    publish(staging, live, {"a/index.html": "A2"}, left=["c.txt"])
    assert (live / "e" / "index.html").stat().st_ino == cached.stat().st_ino
    assert recorded(live) == listing.listing(live)


def test_a_listing_is_trusted_only_for_its_own_publish_and_folder(folders, tmp_path):
    staging, live = folders
    publish(staging, live, {"a.txt": "a"})
    publish(staging, live, {"a.txt": "b"})
    token = published_token(live)
    assert recorded(live, token) == listing.listing(live)

    mark_published(live, new_token())  # another publish into the same folder
    assert recorded(live) is None
    mark_published(live, token)
    moved = tmp_path / "elsewhere"
    live.rename(moved)
    shutil.copytree(moved, live)  # the same names, another folder
    assert recorded(live, token) is None


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
    assert recorded(live) == listing.listing(live)


def record(live, token: str, entries: dict[str, str]) -> None:
    with listing.Recorder(live, token) as recorder:
        for name, entry in entries.items():
            recorder.add(name, entry)
        recorder.keep()


@pytest.mark.parametrize("block", [1, 2, 3, 5, 8, 13, 1 << 20])
def test_names_survive_the_round_trip(tmp_path, monkeypatch, block):
    """Written in batches, read in blocks that end anywhere: in a name, in
    a character of several bytes, between a name and its entry."""
    monkeypatch.setattr(listing, "WRITE_BATCH", 2)
    monkeypatch.setattr(listing, "READ_BLOCK", block)
    live = tmp_path / "output"
    live.mkdir()
    entries = {"peserta/warung-ibu-é/index.html": "1\t5\tf", "odd\udcffname": "2\t0\tf",
               "a/b/c.txt": "3\t7\tf", "ñ": "4\t1\tl"}  # fmt: skip
    record(live, "token", entries)
    assert recorded(live, "token") == entries
    record(live, "token", {})
    assert recorded(live, "token") == {}


def test_a_publish_after_one_change_reads_the_live_listing_a_block_at_a_time(folders):
    """At the full membership the live output holds 2 million files: read
    whole, their listing took some 700 MiB of the build's memory."""
    staging, live = folders
    names = [f"peserta/usaha-{number}/index.html" for number in range(200_000)]
    live.mkdir()
    token = new_token()
    write(live, {"peserta/usaha-7/index.html": "old", "stale.txt": "x"})
    entries = {name: f"{number}\t1000\tf" for number, name in enumerate(names)}
    text = "".join(
        f"{name}\0{entry}\0" for name, entry in (entries | listing.listing(live)).items()
    )
    listing.listing_path_for(live).write_bytes(listing.header(live, token) + text.encode())
    mark_published(live, token)
    del entries, text

    write(staging, {"peserta/usaha-7/index.html": "new"})
    leave_in_live(str(staging), {f"{staging}/{name}" for name in names if name != names[7]})

    tracemalloc.start()
    try:
        publish_staging(
            SimpleNamespace(output_path=str(staging), settings={"OUTPUT_PATH": str(live)})
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 16 << 20  # the listing's file is 10 MB; read whole, 63 MB
    assert (live / "peserta/usaha-7/index.html").read_text() == "new"
    assert not (live / "stale.txt").exists()
    after = recorded(live)
    assert len(after) == 200_000 and "stale.txt" not in after
    assert (
        after["peserta/usaha-7/index.html"] == listing.listing(live)["peserta/usaha-7/index.html"]
    )
    assert after["peserta/usaha-8/index.html"] == "8\t1000\tf"
