"""The controlled vocabularies of data/vocab/, and questions asked of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .fields import Translatable, invalid

# How each vocabulary is named in an error message, and which file holds it.
VOCABULARY_NAMES = {
    "categories": ("kategori yang dikenal", "a known category", "categories.yaml"),
    "kecamatan": ("kecamatan di DKI Jakarta", "a kecamatan of DKI Jakarta", "regions.yaml"),
    "kota": ("kota di DKI Jakarta", "a kota of DKI Jakarta", "regions.yaml"),
    "partner_types": ("jenis mitra yang dikenal", "a known partner type", "partner_types.yaml"),
    "event_types": ("jenis acara yang dikenal", "a known event type", "event_types.yaml"),
    "marketplaces": ("lokapasar yang dikenal", "a known marketplace", "marketplaces.yaml"),
}


@dataclass
class Kecamatan:
    key: str
    label: Translatable
    kota: str


@dataclass
class Vocabularies:
    """Each vocabulary as an ordered mapping key -> entry (as written)."""

    categories: dict = field(default_factory=dict)
    regions: dict = field(default_factory=dict)
    partner_types: dict = field(default_factory=dict)
    event_types: dict = field(default_factory=dict)
    marketplaces: dict = field(default_factory=dict)
    kecamatan: dict = field(default_factory=dict)  # derived from regions

    def __post_init__(self):
        self.index_kecamatan()

    def index_kecamatan(self):
        self.kecamatan = {
            key: Kecamatan(key, label, kota)
            for kota, region in self.regions.items()
            for key, label in region.kecamatan.items()
        }

    @property
    def kota(self) -> dict:
        return self.regions

    def keys(self, name: str):
        return getattr(self, name).keys()

    def describe(self, name: str, suggestion: str | None) -> dict:
        """Message parameters naming vocabulary `name` and a likely fix."""
        in_id, in_en, filename = VOCABULARY_NAMES[name]
        if suggestion:
            hint_id = f" (maksud Anda '{suggestion}'?)"
            hint_en = f" (did you mean '{suggestion}'?)"
        else:
            hint_id = f"; lihat data/vocab/{filename}"
            hint_en = f"; see data/vocab/{filename}"
        return {"vocab_id": in_id, "vocab_en": in_en, "hint_id": hint_id, "hint_en": hint_en}

    def check_marketplace_url(self, platform: str, url: str) -> None:
        hosts = self.marketplaces[platform].hosts
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        on_host = any(host == h or host.endswith("." + h) for h in hosts)
        if parts.scheme != "https" or not on_host:
            raise invalid(
                "url_host",
                value=url,
                platform=self.marketplaces[platform].label.id,
                hosts=", ".join(hosts),
            )
