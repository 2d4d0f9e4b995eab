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
        text = gzip.decompress(meta.read_bytes()).decode("utf-8", "replace")
        named = set(re.findall(rf"{re.escape(lang)}_[0-9a-f]{{7}}", text))
        held = {path.stem for folder in CHUNK_FOLDERS for path in (bundle / folder).glob("*")}
        problems += [f"{bundle.name}: {name} is named but missing" for name in sorted(named - held)]
        problems += [
            f"{bundle.name}: {name} is not named by {meta.name}" for name in sorted(held - named)
        ]
    return problems
