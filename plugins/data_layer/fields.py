"""Field types of the data contract: how a string written by an editor
becomes a typed value, or a located problem.

The YAML reader hands over strings, lists, mappings and None (an empty
value); each parser here accepts exactly what an editor may write for its
kind of field and raises `invalid(key, ...)` otherwise, where `key` names a
message of `messages.MESSAGES`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from typing import Annotated, NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import phonenumbers
from pydantic import PlainValidator, ValidationInfo
from pydantic_core import PydanticCustomError

JAKARTA = ZoneInfo("Asia/Jakarta")
LANGUAGES = ("id", "en")

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?::[0-9]{1,5})?$")
PHONE_CHARACTERS = re.compile(r"^\+?[0-9][0-9 \-().]{5,20}$")
NOT_DIALLED = re.compile(r"[^0-9+]")
URL_UNSAFE = re.compile(r"[\s\"'<>\\^`{|}]")
MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
INSTAGRAM = re.compile(r"^[A-Za-z0-9._]{1,30}$")
BOOTH = re.compile(r"^[A-Z]{1,2}-[0-9]{1,3}$")
YEAR = re.compile(r"^[0-9]{4}$")
COUNT = re.compile(r"^[0-9]+$")
DECIMAL = re.compile(r"^-?[0-9]{1,3}(?:\.[0-9]{1,8})?$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$")

# Rough bounds of DKI Jakarta, Kepulauan Seribu included: they catch swapped
# or mistyped coordinates without pretending to know any address.
COORDINATE_BOUNDS = {"lat": (-6.40, -5.10), "lon": (106.30, 107.00)}


def invalid(key: str, **params) -> PydanticCustomError:
    return PydanticCustomError(key, key, params)


class Translatable(NamedTuple):
    """Text in Indonesian, and in English when an editor has written it."""

    id: str
    en: str | None = None

    def get(self, lang: str) -> tuple[str, str]:
        """(text, language it is in) for `lang`, falling back to Indonesian."""
        if lang == "en" and self.en:
            return self.en, "en"
        return self.id, "id"


# -- scalar parsers ---------------------------------------------------------


def parse_text(value) -> str:
    if value is None:  # the field is there but left empty
        raise invalid("missing")
    if not isinstance(value, str):
        raise invalid("expected_text")
    return value.strip()


def parse_line(value) -> str:
    text = parse_text(value)
    if "\n" in text:
        raise invalid("one_line")
    return text


def parse_bool(value) -> bool:
    if value in ("true", "false"):
        return value == "true"
    raise invalid("expected_bool", value=_shown(value))


def parse_key(value) -> str:
    text = parse_line(value)
    if not KEBAB.match(text):
        raise invalid("key_format", value=text)
    return sys.intern(text)  # tags: a few words held by many records, kept once


def parse_url(value) -> str:
    text = parse_line(value)
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or text.startswith("//"):
        raise invalid("url_scheme", value=text)
    host = parts.netloc.lower()
    if not HOST.match(host) or URL_UNSAFE.search(text):
        raise invalid("url_malformed", value=text)
    return text


def indonesian_number(text: str) -> phonenumbers.PhoneNumber | None:
    """The number an Indonesian editor wrote (`0812…`, `+62812…`, `62812…`),
    checked by phonenumbers; None when it is not a valid number."""
    if not PHONE_CHARACTERS.match(text):
        return None
    digits = NOT_DIALLED.sub("", text)
    if digits.startswith("62"):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, "ID")
    except phonenumbers.NumberParseException:
        return None
    valid = phonenumbers.is_valid_number(number) and number.country_code == 62
    return number if valid else None


def to_e164(text: str) -> str:
    """`0812-3456-7890` -> `+6281234567890`, for tel: and wa.me links."""
    return phonenumbers.format_number(indonesian_number(text), phonenumbers.PhoneNumberFormat.E164)


def parse_phone(value) -> str:
    """Kept exactly as written: the page shows what the editor typed."""
    text = parse_line(value)
    if indonesian_number(text) is None:
        raise invalid("phone", value=text)
    return text


def parse_whatsapp(value) -> str:
    text = parse_line(value)
    number = indonesian_number(text)
    if number is None or phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise invalid("whatsapp", value=text)
    return text


def parse_instagram(value) -> str:
    text = parse_line(value)
    if not INSTAGRAM.match(text):
        raise invalid("instagram", value=text)
    return text


def parse_booth(value) -> str:
    text = parse_line(value)
    if not BOOTH.match(text):
        raise invalid("booth", value=text)
    return text


def parse_count(value) -> int:
    text = parse_line(value)
    if not COUNT.match(text):
        raise invalid("number", value=text)
    return int(text)


def parse_date(value) -> dt.date:
    text = parse_line(value)
    try:
        if DATE.match(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise invalid("date", value=text)


def parse_local_datetime(value) -> dt.datetime | dt.date:
    """`2021-10-24 19:30`, read as Jakarta time whatever the machine's zone;
    or `2021-10-24` alone for a whole day whose hours are not known."""
    text = parse_line(value)
    try:
        if DATETIME.match(text):
            return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=JAKARTA)
        if DATE.match(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise invalid("datetime", value=text)


def parse_translatable(value, *, one_line: bool) -> Translatable:
    parse = parse_line if one_line else parse_text
    if isinstance(value, str):
        return Translatable(parse(value))
    if isinstance(value, dict) and value.get("id") is not None and set(value) <= set(LANGUAGES):
        english = value.get("en")
        return Translatable(parse(value["id"]), None if english is None else parse(english))
    raise invalid("translatable")


def _shown(value) -> str:
    return value if isinstance(value, str) else type(value).__name__


# -- parsers that need the build's context ----------------------------------


def parse_year(value, info: ValidationInfo) -> int:
    text = parse_line(value)
    max_year = info.context["now"].year
    if not YEAR.match(text) or not 1900 <= int(text) <= max_year:
        raise invalid("year", value=text, max_year=max_year)
    return int(text)


def coordinate(axis: str):
    low, high = COORDINATE_BOUNDS[axis]
    names = {"lat": ("lintang", "latitude"), "lon": ("bujur", "longitude")}[axis]

    def parse(value) -> float:
        text = parse_line(value)
        if not DECIMAL.match(text) or not low <= float(text) <= high:
            raise invalid(
                "coordinate", value=text, axis_id=names[0], axis_en=names[1], low=low, high=high
            )
        return float(text)

    return parse


def vocabulary(name: str):
    """A key that must exist in the vocabulary `name` (see vocab.py)."""

    def parse(value, info: ValidationInfo) -> str:
        key = parse_line(value)
        vocab = info.context["vocab"]
        known = vocab.keys(name)
        if key not in known:
            raise invalid("vocab", value=key, **vocab.describe(name, suggest(key, known)))
        return sys.intern(key)  # one string for every record that names it

    return parse


IMAGE_FORMATS = (".png", ".jpg", ".jpeg", ".webp")
IMAGE_MAX_BYTES = 2 * 1024 * 1024  # a phone photo is fine; a print-resolution scan is not


def logo_path(value, info: ValidationInfo) -> str:
    """A raster image under content/images/ (SVG can carry scripts), not too big."""
    path = parse_line(value)
    size = info.context["image_size"](path)
    if size is None:
        raise invalid("logo_missing", value=path)
    if not path.lower().endswith(IMAGE_FORMATS):
        raise invalid("image_format", value=path, formats=", ".join(IMAGE_FORMATS))
    if size > IMAGE_MAX_BYTES:
        raise invalid("image_too_large", value=path, size=round(size / 1048576, 1),
                      limit=IMAGE_MAX_BYTES // 1048576)  # fmt: skip
    return path


def suggest(value: str, known) -> str | None:
    matches = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


# -- annotated types used by the schema ---------------------------------------


def _field(parse, type_=object):
    return Annotated[type_, PlainValidator(parse)]


Line = _field(parse_line, str)
Text = _field(lambda v: parse_translatable(v, one_line=True), Translatable)
LongText = _field(lambda v: parse_translatable(v, one_line=False), Translatable)
Bool = _field(parse_bool, bool)
Key = _field(parse_key, str)
Url = _field(parse_url, str)
Phone = _field(parse_phone, str)
WhatsApp = _field(parse_whatsapp, str)
Instagram = _field(parse_instagram, str)
Booth = _field(parse_booth, str)
Count = _field(parse_count, int)
Date = _field(parse_date, dt.date)
LocalDateTime = _field(parse_local_datetime, dt.datetime)
Year = _field(parse_year, int)
Latitude = _field(coordinate("lat"), float)
Longitude = _field(coordinate("lon"), float)
Logo = _field(logo_path, str)


def VocabKey(name: str):  # noqa: N802 - used like a type in the schema
    return _field(vocabulary(name), str)
