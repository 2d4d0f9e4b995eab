"""A bundle's files must agree with each other. Pagefind does not write
byte-identical filter and meta files from run to run, so the index is the one
part of a publish build that is not reproducible; instead each bundle is
checked here to be whole, and the deploy uploads its content-named chunks
before the entry file that points at them, so a bundle changes as a unit."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

ENTRY = "pagefind-entry.json"
CHUNK_FOLDERS = ("fragment", "index", "filter")


def chunk_names(meta: bytes, lang: str) -> set[str]:
    """The chunk names in a meta file (CBOR): text strings `LANG_HASH`, whose
    hash has 7 hex digits, or more where two chunks' first 7 collide (a
    large index). Each is read as long as its CBOR header says."""
    names = set()
    prefix = re.escape(lang.encode()) + rb"_"
    for match in re.finditer(rb"[\x60-\x77](?=" + prefix + rb")", meta):
        start = match.end()
        name = meta[start : start + match.group()[0] - 0x60]
        if re.fullmatch(prefix + rb"[0-9a-f]{7,}", name):
            names.add(name.decode("ascii"))
    return names


def bundle_problems(bundle: Path) -> list[str]:
    """The entry names a meta file that exists, and that meta file names
    exactly the fragment, index and filter chunks the folder holds."""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    problems = []
    for lang, info in entry["languages"].items():
        meta = bundle / f"pagefind.{info['hash']}.pf_meta"
        if not meta.is_file():
            problems.append(f"{bundle.name}: {ENTRY} names {meta.name}, which is missing")
            continue
        named = chunk_names(gzip.decompress(meta.read_bytes()), lang)
        held = {path.stem for folder in CHUNK_FOLDERS for path in (bundle / folder).glob("*")}
        problems += [f"{bundle.name}: {name} is named but missing" for name in sorted(named - held)]
        problems += [
            f"{bundle.name}: {name} is not named by {meta.name}" for name in sorted(held - named)
        ]
    return problems
