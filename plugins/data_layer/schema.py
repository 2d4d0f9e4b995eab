"""The data contract, declared once: one model per entity.

Each model lists the fields an editor may write in one YAML file; anything
else is an unknown field. The editor guide, the templates in
`data/_templates/` and the error messages all follow from these declarations.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from .fields import (
    Bool,
    Booth,
    Count,
    Date,
    Instagram,
    Key,
    Latitude,
    Line,
    LocalDateTime,
    Logo,
    Longitude,
    LongText,
    Phone,
    Text,
    Url,
    VocabKey,
    WhatsApp,
    Year,
    invalid,
)


class Entity(BaseModel):
    """Common settings: unknown fields are errors, records are read-only."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, arbitrary_types_allowed=True, hide_input_in_errors=True
    )


# -- records, one YAML file each -------------------------------------------------


class Marketplace(Entity):
    platform: VocabKey("marketplaces")
    url: Url

    @field_validator("url")
    @classmethod
    def url_on_platform_host(cls, url, info):
        if "platform" in info.data:  # an unknown platform is reported already
            info.context["vocab"].check_marketplace_url(info.data["platform"], url)
        return url


class Exhibitor(Entity):
    name: Line
    category: VocabKey("categories")
    kecamatan: VocabKey("kecamatan")
    summary: Text
    description: LongText | None = None
    products: list[Line] | None = None
    booth: Booth | None = None
    whatsapp: WhatsApp | None = None
    phone: Phone | None = None
    instagram: Instagram | None = None
    website: Url | None = None
    marketplaces: list[Marketplace] | None = None
    contact_public: Bool = False
    logo: Logo | None = None
    established: Year | None = None
    halal: Bool | None = None
    tags: list[Key] | None = None
    aliases: list[Key] | None = None
    sample: Bool = False


class Partner(Entity):
    name: Line
    type: VocabKey("partner_types")
    summary: Text
    description: LongText | None = None
    website: Url | None = None
    logo: Logo | None = None
    aliases: list[Key] | None = None


class Centre(Entity):
    name: Text
    kecamatan: VocabKey("kecamatan")
    address: Text | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    phone: Phone | None = None
    hours: Text | None = None
    services: list[Text] | None = None


class Event(Entity):
    title: Text
    start: LocalDateTime
    end: LocalDateTime
    venue: Text
    type: VocabKey("event_types")
    speakers: list[Line] | None = None
    description: LongText | None = None
    sample: Bool = False

    @field_validator("end")
    @classmethod
    def end_after_start(cls, end, info):
        start = info.data.get("start")
        if start is None:
            return end
        if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            raise invalid("time_kinds")
        # A timed event must end after it starts; a whole-day one may be one day.
        if end < start or (isinstance(end, dt.datetime) and end == start):
            raise invalid("end_before_start", value=_written(end), start=_written(start))
        return end

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)


def _written(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else str(value)


# -- the edition --------------------------------------------------------------------


class Venue(Entity):
    name: Text
    address: Text | None = None


class Figure(Entity):
    key: Key
    value: Count
    qualifier: Literal["over", "at-least", "about", "exactly"]
    label: Text
    source: Key


class Source(Entity):
    title: Line
    publisher: Line
    date: Date
    url: Url | None = None


class Licence(Entity):
    name: Line
    url: Url


class Festival(Entity):
    name: Line
    edition: Line
    start: Date
    end: Date
    venue: Venue | None = None
    summary: Text
    figures: list[Figure]
    sources: dict[str, Source]
    licence: Licence
    featured: list[Key] | None = None  # exhibitor slugs shown on the home page

    @field_validator("end")
    @classmethod
    def end_not_before_start(cls, end, info):
        start = info.data.get("start")
        if start and end < start:
            raise invalid("end_before_start", value=str(end), start=str(start))
        return end


# -- vocabularies: data/vocab/<name>.yaml maps a key to one of these -------------


class LabelEntry(Entity):
    label: Text


class RegionEntry(Entity):
    label: Text
    kind: Literal["kota", "kabupaten"]
    kecamatan: dict[str, Text]


class MarketplaceEntry(Entity):
    label: Text
    hosts: list[Line]


VOCABULARY_ENTRIES = {
    "categories": LabelEntry,
    "regions": RegionEntry,
    "partner_types": LabelEntry,
    "event_types": LabelEntry,
    "marketplaces": MarketplaceEntry,
}
