"""Dates and numbers as each language writes them, from Babel's CLDR data,
never from the building machine's locale."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.numbers import format_decimal

JAKARTA = ZoneInfo("Asia/Jakarta")


def format_date(value: dt.date, lang: str, style: str = "long") -> str:
    """`24 Oktober 2021` / `October 24, 2021`."""
    return babel_format_date(value, format=style, locale=lang)


def format_time(value: dt.datetime, lang: str) -> str:
    """`19.30 WIB` in Indonesian, `7:30 PM WIB` in English, always Jakarta time."""
    local = value.astimezone(JAKARTA)
    pattern = "HH.mm" if lang == "id" else "h:mm a"
    return f"{babel_format_time(local, format=pattern, locale=lang)} WIB"


def format_number(value: int | float, lang: str) -> str:
    """`281.000` / `281,000`."""
    return format_decimal(value, locale=lang)
