"""Listings of output folders: every file's inode, size and type.

Listing the live output is most of a small publish: at 50,000 exhibitors
GNU find takes 4 s over its 362,000 files (3.5 of them in the kernel), of
the 6 s the publish of one changed exhibitor takes. So each publish that
moves files into the live output records the listing it leaves there
(`.output.listing`, beside the output), headed by the token it writes into
the published marker and by the folder's device and inode; the next
publish reads that instead of listing the folder while both still hold,
that is while no other publish has written into this very folder. As with
the build's skip (scripts/build.py), a file changed by hand inside the
output is not noticed; `make clean` removes the listing with the output.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor
from itertools import chain, islice
from pathlib import Path

# Entries written at a time: the whole listing as one string would be some
# 240 MB more in the build's process at the full membership (2 million files).
WRITE_BATCH = 50_000


def listing_path_for(output_path: str | Path) -> Path:
    output = Path(output_path).resolve()
    return output.parent / f".{output.name}.listing"


def listing(folder: Path) -> dict[str, str]:
    """Every entry but folders under `folder`: relative path -> "inode TAB
    size TAB type" as find prints them (type f: a regular file), compared
    whole and split only where they differ: split in one go, a listing of
    362,000 files takes 0.25 CPU s, entry by entry 0.6."""
    result = subprocess.run(find_command(folder), capture_output=True, check=True)
    return parse(result.stdout)


def find_command(folder: Path) -> list[str]:
    """GNU find printing `name NUL inode TAB size TAB type NUL` for every
    entry but folders under `folder`: the format `parse` reads."""
    return ["find", str(folder), "-mindepth", "1", "!", "-type", "d",
            "-printf", r"%P\0%i\t%s\t%y\0"]  # fmt: skip


def listings(*folders: Path) -> list[dict[str, str]]:
    """`listing` of each of `folders`, their find processes run at once."""
    with ThreadPoolExecutor(max_workers=len(folders)) as pool:
        return list(pool.map(listing, folders))


def parse(data: bytes) -> dict[str, str]:
    """`name NUL entry NUL ...`, as find prints it and `record` writes it."""
    fields = data.decode("utf-8", "surrogateescape").split("\0")
    return dict(zip(fields[0:-1:2], fields[1::2], strict=True))


def header(live: Path, token: str) -> bytes:
    folder = os.stat(live)
    return f"{token} {folder.st_dev} {folder.st_ino}\n".encode()


def recorded(live: Path, token: str) -> dict[str, str] | None:
    """The listing the publish that wrote `token` left in `live`, if it
    recorded one for this very folder; None otherwise (no folder either)."""
    try:
        data = listing_path_for(live).read_bytes()
        if not data.startswith(header(live, token)):
            return None
    except FileNotFoundError:
        return None
    return parse(data.partition(b"\n")[2])


def record(live: Path, token: str, entries: dict[str, str]) -> None:
    path = listing_path_for(live)
    partial = path.with_name(path.name + ".tmp")
    items = iter(entries.items())
    with open(partial, "wb") as file:
        file.write(header(live, token))
        while batch := list(islice(items, WRITE_BATCH)):
            text = "\0".join(chain.from_iterable(batch)) + "\0"
            file.write(text.encode("utf-8", "surrogateescape"))
    os.replace(partial, path)


def record_in_background(live: Path, token: str) -> subprocess.Popen | None:
    """Record the listing of `live` as the publish that wrote `token` left it,
    by a `find` the build does not wait for: after a publish that renamed
    its staging folder whole, which has no listing to update (at the full
    membership 2 million files, 7–11 s of `find`, which the next build's
    publish would otherwise spend). Its own partial file, renamed in whole
    when `find` is done: a later publish changes the token, and a listing
    finished after it is not trusted (`recorded`)."""
    path = listing_path_for(live)
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    partial.write_bytes(header(live, token))
    # `listing`'s find, appended to the header, then renamed in whole.
    script = 'partial=$1 path=$2; shift 2; "$@" >> "$partial" && mv -f "$partial" "$path" || rm -f "$partial"'
    try:
        return subprocess.Popen(
            ["sh", "-c", script, "sh", str(partial), str(path), *find_command(live)],
            start_new_session=True, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
    except OSError:  # no shell: the next publish lists the folder itself
        partial.unlink(missing_ok=True)
        return None


def forget(live: Path) -> None:
    """Before the live output changes: no listing may describe it until the
    publish records the new one (a publish that fails midway leaves none)."""
    listing_path_for(live).unlink(missing_ok=True)
