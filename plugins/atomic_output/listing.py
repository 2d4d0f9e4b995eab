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
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

# Entries written at a time: the whole listing as one string would be some
# 240 MB more in the build's process at the full membership (2 million files).
WRITE_BATCH = 50_000
READ_BLOCK = 1 << 20  # bytes of a listing read at a time


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


def listings(staging: Path, live: Path) -> tuple[dict[str, str], LiveEntries]:
    """`listing` of `staging`, and the entries of `live` streamed from a
    temporary file, their find processes run at once: at the full
    membership the live output holds 2 million files, some 0.5 GiB held
    whole."""
    spool = tempfile.TemporaryFile(dir=live.parent)  # noqa: SIM115 (owned by LiveEntries)
    try:
        finding = subprocess.Popen(find_command(live), stdout=spool)
        staged = listing(staging)
        if finding.wait():
            raise subprocess.CalledProcessError(finding.returncode, finding.args)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return staged, LiveEntries(spool)


class LiveEntries:
    """A listing read a block at a time, as `name, entry` pairs (`parse`'s
    format), from a file this object owns and closes."""

    def __init__(self, file: BinaryIO):
        self.file = file

    def __enter__(self):
        return self

    def __exit__(self, *_exception):
        self.file.close()

    def blocks(self) -> Iterator[Block]:
        """The listing a block at a time, each a whole number of entries."""
        carry = b""
        while data := self.file.read(READ_BLOCK):
            data = carry + data
            end = data.rfind(b"\0") + 1
            fields = data[: end - 1].decode("utf-8", "surrogateescape").split("\0") if end else []
            if len(fields) % 2:  # a name whose entry is in the next block
                end -= len(fields.pop().encode("utf-8", "surrogateescape")) + 1
            carry = data[end:]
            yield Block(fields, data[:end])
        if carry:
            raise ValueError(f"{self.file.name}: the listing ends in the middle of an entry")


class Block(NamedTuple):
    fields: list[str]  # name, entry, name, entry...
    data: bytes  # the same, as written: each field followed by NUL


def parse(data: bytes) -> dict[str, str]:
    """`name NUL entry NUL ...`, as find prints it and `record` writes it."""
    fields = data.decode("utf-8", "surrogateescape").split("\0")
    return dict(zip(fields[0:-1:2], fields[1::2], strict=True))


def header(live: Path, token: str) -> bytes:
    folder = os.stat(live)
    return f"{token} {folder.st_dev} {folder.st_ino}\n".encode()


def recorded(live: Path, token: str) -> LiveEntries | None:
    """The listing the publish that wrote `token` left in `live`, if it
    recorded one for this very folder, opened: it may be read after
    `forget`; None otherwise (no folder either)."""
    try:
        file = open(listing_path_for(live), "rb")  # noqa: SIM115 (owned by LiveEntries)
    except FileNotFoundError:
        return None
    try:
        expected = header(live, token)
        if file.read(len(expected)) == expected:
            return LiveEntries(file)
    except FileNotFoundError:
        pass
    file.close()
    return None


class Recorder:
    """Writes the listing of `live` as a publish leaves it, entry by entry,
    into a file of its own; `keep()` puts it in place once the publish is
    done (a publish that fails leaves no listing)."""

    def __init__(self, live: Path, token: str):
        self.path = listing_path_for(live)
        self.partial = self.path.with_name(self.path.name + ".tmp")
        self.file = open(self.partial, "wb")  # noqa: SIM115 (closed by keep or __exit__)
        self.file.write(header(live, token))
        self.waiting: list[str] = []

    def __enter__(self):
        return self

    def __exit__(self, *_exception):
        if not self.file.closed:
            self.file.close()
            self.partial.unlink(missing_ok=True)

    def add(self, name: str, entry: str) -> None:
        self.waiting += (name, entry)
        if len(self.waiting) >= 2 * WRITE_BATCH:
            self._write()

    def add_block(self, block: Block) -> None:
        """A block of `LiveEntries.blocks`, as it is."""
        self._write()
        self.file.write(block.data)

    def keep(self) -> None:
        self._write()
        self.file.close()
        os.replace(self.partial, self.path)

    def _write(self) -> None:
        if self.waiting:
            text = "\0".join(self.waiting) + "\0"
            self.file.write(text.encode("utf-8", "surrogateescape"))
            self.waiting = []


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
