"""Slugs of exhibitor files, shared by new_exhibitor.py and import_exhibitors.py.

A record's slug is its file's stem and the last part of its URL, so both tools
must derive it the same way and must refuse one that the build would refuse:
a slug already used by a file anywhere under data/exhibitors/ (subfolders
included), or one that would shadow a page the site generates.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from data_layer.fields import KEBAB  # noqa: E402
from data_layer.loader import RESERVED_SLUGS  # noqa: E402

__all__ = ["KEBAB", "RESERVED_SLUGS", "existing_files", "slugify"]


def slugify(name: str) -> str:
    """`"Kopi & Teh Señor"` -> `kopi-dan-teh-senor`; "" when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = ascii_text.lower().replace("&", " dan ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def existing_files(folder: Path) -> dict[str, Path]:
    """slug -> file, for every record file under `folder` (as the loader walks it:
    folders starting with `.` or `_` are skipped; `.yml` files count too, since
    renaming them is the fix the build asks for)."""
    found: dict[str, Path] = {}
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(names):
            stem, extension = os.path.splitext(name)
            if extension in (".yaml", ".yml"):
                found.setdefault(stem, Path(root, name))
    return found
