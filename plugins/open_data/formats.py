"""The two file formats, written one record at a time: at the programme's full
size (~281,000 exhibitors) no file is ever held in memory whole.

JSON: exactly the bytes of `json.dumps(document, ensure_ascii=False,
indent=1)` plus a newline, with `records` the document's last key.
CSV (RFC 4180): a header row, `\\r\\n` line endings, UTF-8 with a BOM so that
Excel reads the accents right; lists joined with "; ", formula-like text
neutralised (csv_safe.py).
"""

from __future__ import annotations

import codecs
import csv
import io
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
    """Written in bytes, each record's text at a known place (`add_text`
    returns where), so that the next build can take it back unchanged
    (fragments.py). Closed on leaving a `with` block; completed only if
    nothing failed."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None:
            self.close()
        else:
            self.file.close()

    def add(self, record: dict) -> tuple[int, int]:
        return self.add_text(self.text_of(record))

    def add_text(self, text: bytes) -> tuple[int, int]:
        """Write a record's text; where it lies in the file."""
        start = self.file.tell()
        self.file.write(text)
        return start, start + len(text)


class JsonRecordsFile(_RecordsFile):
    """`{**head, "records": [...]}`, the records added one by one."""

    def __init__(self, path: Path, head: dict):
        self.file = path.open("wb")
        self.file.write(b"{\n")
        for key, value in head.items():
            self.file.write(f" {_encode(key)}: {_nested(_encode(value), 1)},\n".encode())
        self.file.write(b' "records": [')
        self.empty = True

    @staticmethod
    def text_of(record: dict) -> bytes:
        """The record as it sits in the list: indented, without the comma."""
        return _nested(_encode(record), 2).encode()

    def add_text(self, text: bytes) -> tuple[int, int]:
        self.file.write(b"\n  " if self.empty else b",\n  ")
        self.empty = False
        return super().add_text(text)

    def close(self) -> None:
        self.file.write(b"]\n}\n" if self.empty else b"\n ]\n}\n")
        self.file.close()


class CsvRecordsFile(_RecordsFile):
    """A header row of `fields`, then one row per record."""

    def __init__(self, path: Path, fields: tuple[str, ...]):
        self.fields = fields
        self.row = io.StringIO()
        self.writer = csv.writer(self.row, lineterminator="\r\n")
        self.file = path.open("wb")
        self.file.write(codecs.BOM_UTF8)  # Excel reads the accents right
        self.file.write(self._encoded_row(fields))

    def text_of(self, record: dict) -> bytes:
        return self._encoded_row([cell(record[name]) for name in self.fields])

    def close(self) -> None:
        self.file.close()

    def _encoded_row(self, cells) -> bytes:
        self.row.seek(0)
        self.row.truncate()
        self.writer.writerow(cells)
        return self.row.getvalue().encode("utf-8")


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
