"""CSV cells that a spreadsheet cannot mistake for formulas.

Excel, LibreOffice and Google Sheets evaluate a cell whose text starts with
`=`, `+`, `-` or `@` as a formula, and some also after a leading tab or
carriage return. An exhibitor name written as `=HYPERLINK("http://evil")`
would then run in the spreadsheet of whoever opens our download ("CSV
injection", OWASP). A leading `'` makes the spreadsheet show the cell as text.

Only cells of text written by editors are neutralised: the numbers we format
ourselves (years, coordinates such as `-6.1754`) are plain numbers, which no
spreadsheet evaluates, and must stay numbers. The JSON files carry every value
exactly as written.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """`text`, with a `'` in front if a spreadsheet would evaluate it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
