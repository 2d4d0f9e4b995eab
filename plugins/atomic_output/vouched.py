"""What the live output holds, as the build that published it vouched.

A plugin that knows a file by a key naming its bytes (the page cache's, the
derived files') finds the live file unchanged by stating it and its cache
entry: two stats a file, at 50,000 exhibitors 3.4 s of a one-change
build's 22 (bench/RESULTS.md). Instead, each build's plugins vouch for
the files they put in the output by name and key (`vouch`); the publish
records them beside the output under its token (`.output.vouched`), and
the next build trusts them (`vouched_in`) while that token is the
published one: while no other publish has written into this folder. As
with the listing (listing.py), a file changed by hand inside the output is
not noticed; `forget` (`make html ARGS=--force`, a publish that fails
midway, `make clean`) drops the record.

Each file is recorded as 8 bytes of a hash of its name and key, in one
sorted array: 7 MB at the full membership's million files, searched by
bisection."""

from __future__ import annotations

import hashlib
import os
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path

from . import listing

# Staging folder (real path) -> what its build vouched for so far.
VOUCHED: dict[str, array] = {}


def fingerprint(name: str, key: str) -> int:
    """The file `name` (relative to the output) holding the bytes of `key`."""
    digest = hashlib.blake2b(f"{name}\0{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def vouch(staging: str, fingerprints: Iterable[int]) -> None:
    """The files of these fingerprints will be in the output once this
    build publishes (staged, or left in the live output)."""
    VOUCHED.setdefault(os.path.realpath(staging), array("Q")).extend(fingerprints)


def discard_vouched(staging: str) -> array:
    """What this build vouched for (taken)."""
    return VOUCHED.pop(os.path.realpath(staging), array("Q"))


class Vouched:
    """Fingerprints the last publish recorded, sorted."""

    def __init__(self, fingerprints: array):
        self.fingerprints = fingerprints

    def __contains__(self, fingerprint: int) -> bool:
        found = bisect_left(self.fingerprints, fingerprint)
        return found < len(self.fingerprints) and self.fingerprints[found] == fingerprint

    def __len__(self) -> int:
        return len(self.fingerprints)


def record_path_for(output_path: str | Path) -> Path:
    output = Path(output_path).resolve()
    return output.parent / f".{output.name}.vouched"


def record(live: Path, token: str, fingerprints: array) -> None:
    """After a publish that wrote `token`: what its build vouched for."""
    global _LAST
    _LAST = None
    path = record_path_for(live)
    partial = path.with_name(path.name + ".tmp")
    with open(partial, "wb") as file:
        file.write(listing.header(live, token))
        array("Q", sorted(set(fingerprints))).tofile(file)
    os.replace(partial, path)


def vouched_in(live: str | Path, token: str | None) -> Vouched | None:
    """What the publish that wrote `token` (the published one) vouched for
    in `live`; None if it recorded nothing for this very folder. Read once
    for the generators that ask (the pages, the derived files)."""
    global _LAST
    if token is None:
        return None
    if _LAST is not None and _LAST[0] == (os.path.realpath(live), token):
        return _LAST[1]
    found = _read(live, token)
    _LAST = ((os.path.realpath(live), token), found)
    return found


_LAST: tuple[tuple[str, str], Vouched | None] | None = None


def _read(live: str | Path, token: str) -> Vouched | None:
    try:
        data = record_path_for(live).read_bytes()
        head = listing.header(Path(live), token)
    except FileNotFoundError:
        return None
    if not data.startswith(head) or (len(data) - len(head)) % 8:
        return None
    fingerprints = array("Q")
    fingerprints.frombytes(data[len(head) :])
    return Vouched(fingerprints)


def forget(live: Path) -> None:
    global _LAST
    _LAST = None
    record_path_for(live).unlink(missing_ok=True)
