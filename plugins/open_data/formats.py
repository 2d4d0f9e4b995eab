"""The two file formats, written one record at a time: at the programme's full
size (~281,000 exhibitors) no file is ever held in memory whole.

JSON: exactly the bytes of `json.dumps(document, ensure_ascii=False,
indent=1)` plus a newline, with `records` the document's last key.
CSV (RFC 4180): a header row, `\\r\\n` line endings, UTF-8 with a BOM so that
Excel reads the accents right; lists joined with "; ", formula-like text
neutralised (csv_safe.py).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .csv_safe import neutralise

LIST_SEPARATOR = "; "

_encode = json.JSONEncoder(ensure_ascii=False, indent=1).encode


def _nested(encoded: str, depth: int) -> str:
    """JSON encoded at depth 0, indented to sit at `depth`. Encoded strings
    never hold a raw newline, so every newline starts a line of the value."""
    return encoded.replace("\n", "\n" + " " * depth)


class _RecordsFile:
    """Closed on leaving a `with` block; completed only if nothing failed."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None:
            self.close()
        else:
            self.file.close()


class JsonRecordsFile(_RecordsFile):
    """`{**head, "records": [...]}`, the records added one by one."""

    def __init__(self, path: Path, head: dict):
        self.file = path.open("w", encoding="utf-8", newline="\n")
        self.file.write("{\n")
        for key, value in head.items():
            self.file.write(f" {_encode(key)}: {_nested(_encode(value), 1)},\n")
        self.file.write(' "records": [')
        self.empty = True

    def add(self, record: dict) -> None:
        self.file.write(("\n  " if self.empty else ",\n  ") + _nested(_encode(record), 2))
        self.empty = False

    def close(self) -> None:
        self.file.write("]\n}\n" if self.empty else "\n ]\n}\n")
        self.file.close()


class CsvRecordsFile(_RecordsFile):
    """A header row of `fields`, then one row per record."""

    def __init__(self, path: Path, fields: tuple[str, ...]):
        self.fields = fields
        self.file = path.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file, lineterminator="\r\n")
        self.writer.writerow(fields)

    def add(self, record: dict) -> None:
        self.writer.writerow([cell(record[name]) for name in self.fields])

    def close(self) -> None:
        self.file.close()


def cell(value) -> str:
    """A value as one CSV cell: empty for None, `true`/`false`, numbers as
    written in JSON, lists joined with "; ", text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _encode(value)
    if isinstance(value, list):
        return neutralise(LIST_SEPARATOR.join(_item(item) for item in value))
    return neutralise(value)


def _item(value) -> str:
    """One list item: a marketplace `{platform, url}` reads `platform: url`."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return ": ".join(value.values())
    return value
