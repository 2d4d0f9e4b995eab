"""Build into a staging folder; move changed files into OUTPUT_PATH at the end.

Pelican writes wherever `pelican.output_path` points. We point it at a
staging folder beside OUTPUT_PATH (same file system, so moves are atomic
renames), which Pelican empties at the start of each run. Only when every
generator has finished does `finalized` fire; then the staging tree is
compared with the live one: files whose bytes changed are moved in, files no
longer produced are removed, and untouched files keep their bytes and mtime,
so incremental deploys and caches see only real changes. A run that fails
never reaches `finalized`, and the live output stays exactly as it was.

A file need not be staged at all: a plugin that finds the live file
already holds this build's bytes tells `leave_in_live` so, and the live
file is kept as it is (page_writer does for every unchanged page,
derived_files for QR codes and share images, search for whole Pagefind
bundles; not in a publish build: `live_output`). A staged
file may also be a hard link to its live twin: the same inode is known
unchanged without reading either file. A staged file that is a link
into a cache (the page, search and QR code caches) and has the live file's
bytes under another inode gives the live file its inode, with the live
file's mtime: after a change to the code that renders every page again into
the page cache, the live pages would otherwise be read and compared with
the staged ones on every later build (160,000 pages at 50,000 exhibitors).

What is left in the staging folder after a publish (the unchanged files) is
renamed out of the way and removed by a process of its own that the build
does not wait for (trash.py): at 50,000 exhibitors 362,000 names and
161,000 folders, which Pelican removed at the start of the next build (26
of the 231 profiled seconds of a one-change build).

Each publish writes a new token into a marker beside OUTPUT_PATH
(`.output.published`): `scripts/build.py` reads it to know that the output
is still the one its last build left, without listing a million files, and
the next publish to trust the listing this one recorded (listing.py), and
the next build what this one vouched its files hold (vouched.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from pathlib import Path
from typing import NamedTuple

from . import listing, vouched
from .trash import discard, discard_leftovers

log = logging.getLogger(__name__)


class LiveOutputChangedError(RuntimeError):
    """A live file this build left in place is gone: publishing would lose it."""


# Staging folder (real path) -> files its build left in the live output, by
# the paths they would have in the staging folder.
LEFT_IN_LIVE: dict[str, set[str]] = {}


def leave_in_live(staging: str, paths: set[str]) -> None:
    """`paths` (absolute, under the staging folder, not there) stay as the
    live output has them: the publish neither removes nor changes them."""
    LEFT_IN_LIVE.setdefault(os.path.realpath(staging), set()).update(paths)


def live_output(settings) -> str | None:
    """The live folder a plugin may leave its unchanged files in (and tell
    `leave_in_live`) rather than stage them: OUTPUT_PATH. None in a publish
    build: publish_pipeline minifies, compresses and lists every file it
    finds in the staging folder, so every file must be staged."""
    if settings.get("PUBLISH_PIPELINE"):
        return None
    return os.path.abspath(settings["OUTPUT_PATH"])


def staged_live_output(settings, output_path: str) -> str | None:
    """`live_output`, if the build writes into a staging folder
    (`output_path`) other than it: files may then be left there, not
    staged; None otherwise."""
    live = live_output(settings)
    if live is None or os.path.realpath(live) == os.path.realpath(output_path):
        return None
    return live


def staging_path_for(output_path: str) -> str:
    output = Path(output_path).resolve()
    return str(output.parent / f".{output.name}.staging")


def published_marker_for(output_path: str) -> Path:
    """The file whose token changes every time this output is published."""
    output = Path(output_path).resolve()
    return output.parent / f".{output.name}.published"


def redirect_to_staging(pelican) -> None:
    settings = pelican.settings
    staging = settings.get("ATOMIC_OUTPUT_STAGING_PATH") or staging_path_for(
        settings["OUTPUT_PATH"]
    )
    settings["ATOMIC_OUTPUT_STAGING_PATH"] = staging
    discard_leftovers(Path(staging))
    LEFT_IN_LIVE.pop(os.path.realpath(staging), None)
    vouched.discard_vouched(staging)
    pelican.output_path = staging
    # Pelican empties its output folder, now the staging one, before each run.
    pelican.delete_outputdir = True
    pelican.output_retention = []


class Published(NamedTuple):
    changed: int
    removed: int


def publish_staging(pelican) -> None:
    staging = Path(pelican.output_path)
    live = Path(pelican.settings["OUTPUT_PATH"])
    left = LEFT_IN_LIVE.pop(os.path.realpath(staging), set())
    vouched_for = vouched.discard_vouched(str(staging))
    token = new_token()
    taken_whole = not left and take_whole(staging, live)
    if taken_whole:
        log.info("Published the staging folder as a whole: there was no live output")
    else:
        current = listing.recorded(live, published_token(live))  # open: read after forget
        forget_records(live)
        with listing.Recorder(live, token) as recorder:
            published = publish_tree(staging, live, left, current, recorder)
            recorder.keep()
        log.info("Published %s changed files, removed %s stale ones (live output %s)",
                 published.changed, published.removed,
                 "as recorded" if current is not None else "listed")  # fmt: skip
        discard(staging)
    vouched.record(live, token, vouched_for)
    mark_published(live, token)
    if taken_whole:
        listing.record_in_background(live, token)


def forget_records(live: Path) -> None:
    """Before the live output changes: no record may describe it until the
    publish writes the new ones (a publish that fails midway leaves none)."""
    listing.forget(live)
    vouched.forget(live)


def new_token() -> str:
    """A token no other publish has written (time, process, random)."""
    return f"{time.time_ns()} {os.getpid()} {uuid.uuid4().hex}"


def published_token(live: Path) -> str | None:
    try:
        return published_marker_for(str(live)).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def mark_published(live: Path, token: str) -> None:
    """`token` into the marker, put in place by a rename."""
    marker = published_marker_for(str(live))
    partial = marker.with_name(marker.name + ".tmp")
    partial.write_text(f"{token}\n", encoding="utf-8")
    os.replace(partial, marker)


def take_whole(staging: Path, live: Path) -> bool:
    """With no live output yet (a clean build), the staging folder becomes
    the output by one rename instead of one per file; True if it did."""
    if live.is_symlink() or (live.exists() and (not live.is_dir() or any(live.iterdir()))):
        return False
    with contextlib.suppress(FileNotFoundError):
        live.rmdir()
    live.parent.mkdir(parents=True, exist_ok=True)
    forget_records(live)  # of a folder gone: not listed again here (4 s at 50,000)
    os.rename(staging, live)
    return True


def publish_tree(staging: Path, live: Path, left: set[str] | frozenset = frozenset(),
                 current: listing.LiveEntries | None = None,
                 recorder: listing.Recorder | None = None) -> Published:  # fmt: skip
    """Make `live` hold exactly the files of `staging` and the files `left`
    in it (by their staged paths: `leave_in_live`); `recorder`, if given,
    is told every entry of `live` as it leaves it.

    Both trees are listed by GNU find with each file's inode, size and type
    (at the full membership they hold about a million files: several times
    quicker than a walk and two stats per file from Python), the live one
    unless its listing is given (`current`); a staged file that is the live
    one (a hard link) is known unchanged from that alone. The live listing
    is read a block at a time, never held whole: at the full membership 2
    million entries, some 0.5 GiB as one table. Nothing is moved if a file
    left in place is gone."""
    live.mkdir(parents=True, exist_ok=True)
    if current is None:
        staged, current = listing.listings(staging, live)
    else:
        staged = listing.listing(staging)
    recorder = recorder or _Unrecorded()
    root = f"{os.path.abspath(staging)}/"
    with current:
        found, stale, left_listed = split_live_entries(current, staged, left, root, recorder)
    check_left(left, root, live, staged, left_listed)
    made: set[str] = set()
    changed = 0
    for name, entry in staged.items():
        live_entry = found.get(name)
        if live_entry == entry and live_entry.endswith("\tf"):
            recorder.add(name, entry)
            continue  # the same regular file: a link to the live one
        staged_file, target = os.path.join(staging, name), os.path.join(live, name)
        if live_entry is not None and same_regular_file_bytes(live_entry, entry, staged_file,
                                                              target):  # fmt: skip
            adopted = adopt_cached_inode(staged_file, target)
            recorder.add(name, entry if adopted else live_entry)
            continue
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        os.replace(staged_file, target)
        recorder.add(name, entry)  # a rename keeps the inode, size and type
        changed += 1
    return Published(changed, remove_stale(live, stale))


def split_live_entries(current: listing.LiveEntries, staged: dict[str, str], left,
                       staging_root: str, recorder) -> tuple[dict[str, str], list[str], int]:  # fmt: skip
    """Read the live listing: the entries of the names also staged, the
    names neither staged nor left in place (stale), and how many names left
    in place it holds; every entry left in place goes to `recorder` as it
    is. A block whose names are all left in place (nearly every block after
    one change) is passed on whole."""
    found: dict[str, str] = {}
    stale: list[str] = []
    left_listed = 0
    for block in current.blocks():
        names = block.fields[0::2]
        if all(f"{staging_root}{name}" in left for name in names) and not staged.keys() & names:
            recorder.add_block(block)
            left_listed += len(names)
            continue
        for name, entry in zip(names, block.fields[1::2], strict=True):
            if name in staged:
                found[name] = entry
            elif f"{staging_root}{name}" in left:
                recorder.add(name, entry)
                left_listed += 1
            else:
                stale.append(name)
    return found, stale, left_listed


class _Unrecorded:
    def add(self, name: str, entry: str) -> None:
        pass

    def add_block(self, block: listing.Block) -> None:
        pass


def check_left(left, staging_root: str, live: Path, staged: dict, left_listed: int) -> None:
    """Every file left in the live output (`left_listed` of them in its
    listing) or staged after all is there: counted, as the listing is read
    once; the first one missing named from the disk."""
    if not left:
        return
    staged_after_all = sum(f"{staging_root}{name}" in left for name in staged)
    if left_listed + staged_after_all >= len(left):
        return
    names = sorted(path[len(staging_root) :] for path in left)
    gone = (name for name in names
            if name not in staged and not os.path.lexists(os.path.join(live, name)))  # fmt: skip
    first = next(gone, None)
    raise LiveOutputChangedError(
        f"{len(left) - left_listed - staged_after_all} files that this build left as they "
        f"were in the live output are gone{f' (first: {first})' if first else ''}; "
        "nothing was published: build again"
    )


def same_regular_file_bytes(found: str, entry: str, staged_file: str, target: str) -> bool:
    """The live file `target` (listed as `found`) is a regular file of the
    staged one's size (listed as `entry`) and bytes."""
    _inode, size, kind = found.split("\t")
    return kind == "f" and size == entry.split("\t")[1] and same_contents(staged_file, target)


def adopt_cached_inode(staged_file: str, target: str) -> bool:
    """`target` has the bytes of `staged_file`: if that is a link into a
    cache (more links than one), it takes the staged file's place, with its
    own mtime, so that the next build finds the same inode on both sides;
    True if it did."""
    if os.stat(staged_file).st_nlink < 2:
        return False  # written by this build alone: the live file stays as it is
    current = os.stat(target)
    os.utime(staged_file, ns=(current.st_atime_ns, current.st_mtime_ns))
    os.replace(staged_file, target)
    return True


def same_contents(first: str, second: str, block: int = 1 << 16) -> bool:
    with open(first, "rb") as one, open(second, "rb") as other:
        while True:
            chunk = one.read(block)
            if chunk != other.read(block):
                return False
            if not chunk:
                return True


def remove_stale(live: Path, stale: list[str]) -> int:
    """Remove the `stale` entries of `live`, then the folders they leave empty."""
    emptied: set[str] = set()
    for name in stale:
        os.remove(os.path.join(live, name))
        emptied.add(os.path.dirname(name))
    for folder in sorted(emptied, key=lambda name: name.count("/"), reverse=True):
        while folder:
            try:
                os.rmdir(os.path.join(live, folder))  # only if empty
            except OSError:
                break
            folder = os.path.dirname(folder)
    return len(stale)
