"""Reading a spreadsheet saved as CSV by Excel or Google Sheets.

What editors receive varies with who saved it: Google Sheets writes UTF-8
and commas; Excel's "CSV UTF-8" adds a byte-order mark, and in an Indonesian
locale (where the decimal separator is a comma) separates with `;`; Excel's
plain "CSV" is Windows-1252. Rows are numbered as the spreadsheet numbers
them, so that an editor can find a reported row: the header is row 1, and a
cell holding several lines is still one row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

ENCODINGS = ("utf-8-sig", "cp1252")  # UTF-8 first, strictly; BOM or not


class SheetError(Exception):
    """The file cannot be read as a table; `key` names an editor_tools message."""

    def __init__(self, key: str, row: int = 1, **params):
        super().__init__(key)
        self.key, self.row, self.params = key, row, params


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cells)


def read_sheet(raw: bytes) -> Sheet:
    text = decode(raw)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text), strict=True)
    records = []
    try:
        for record in reader:
            records.append([_one_newline(cell).strip() for cell in record])
    except csv.Error as error:
        raise SheetError("csv_syntax", len(records) + 1, detail=str(error)) from None
    if not records or not any(records[0]):
        raise SheetError("csv_empty")
    rows = [(number, cells) for number, cells in enumerate(records[1:], start=2) if any(cells)]
    return Sheet(records[0], rows)


def decode(raw: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("csv_encoding")


def delimiter(text: str) -> str:
    """`;` or `,`, whichever the header line uses more outside quotes."""
    header = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    return ";" if header.count(";") > header.count(",") else ","


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _one_newline(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n")
