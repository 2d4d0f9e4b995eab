"""One flat record per exhibitor, partner and centre, with the data contract's
field names (docs/OPEN-DATA.md documents each field).

- Translatable text gives two fields: `<field>` in Indonesian and
  `<field>_en` in English, None when no English was written (no fallback,
  so users can tell a translation from a copy).
- Vocabulary keys come with their labels: `category`, `category_label`,
  `category_label_en`; `kota` is derived from the kecamatan.
- `url` and `url_en` are the absolute addresses of the record's pages.
- Values keep their types (lists stay lists, years are numbers, absent
  values are None); how they become CSV cells is the writer's business.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory import urls

EXHIBITOR_FIELDS = (
    "slug", "url", "url_en", "name",
    "category", "category_label", "category_label_en",
    "kecamatan", "kecamatan_label", "kecamatan_label_en",
    "kota", "kota_label", "kota_label_en",
    "summary", "summary_en", "description", "description_en",
    "products", "booth", "contact_public", "whatsapp", "phone",
    "instagram", "website", "marketplaces", "logo",
    "established", "halal", "tags", "aliases", "sample",
)  # fmt: skip
PARTNER_FIELDS = (
    "slug", "url", "url_en", "name",
    "type", "type_label", "type_label_en",
    "summary", "summary_en", "description", "description_en",
    "website", "logo", "aliases",
)  # fmt: skip
CENTRE_FIELDS = (
    "slug", "url", "url_en", "name", "name_en",
    "kecamatan", "kecamatan_label", "kecamatan_label_en",
    "kota", "kota_label", "kota_label_en",
    "address", "address_en", "lat", "lon", "phone",
    "hours", "hours_en", "services", "services_en",
)  # fmt: skip


def translated(name: str, value) -> dict:
    """`{name: Indonesian, name_en: English or None}` for a translatable field."""
    if value is None:
        return {name: None, f"{name}_en": None}
    return {name: value.id, f"{name}_en": value.en}


def labelled(name: str, key: str, label) -> dict:
    """A vocabulary key and its label in both languages."""
    return {name: key, **translated(f"{name}_label", label)}


@dataclass(frozen=True)
class OpenDataRecords:
    """Builds the flat records of one build's `site_data`; `absolute_url` is
    the site's origin (SITE_ABSOLUTE_URL), without a trailing slash."""

    site_data: object
    absolute_url: str

    def page_urls(self, url_of, slug: str) -> dict:
        return {
            "url": f"{self.absolute_url}/{url_of('id', slug)}",
            "url_en": f"{self.absolute_url}/{url_of('en', slug)}",
        }

    def image_url(self, path: str | None) -> str | None:
        return f"{self.absolute_url}/images/{path}" if path else None

    def place(self, kecamatan_key: str) -> dict:
        """kecamatan and kota, each with its labels."""
        vocab = self.site_data.vocab
        kecamatan = vocab.kecamatan[kecamatan_key]
        return {
            **labelled("kecamatan", kecamatan_key, kecamatan.label),
            **labelled("kota", kecamatan.kota, vocab.regions[kecamatan.kota].label),
        }

    # -- one record each ---------------------------------------------------------

    def exhibitor(self, record) -> dict:
        data, vocab = record.data, self.site_data.vocab
        # Phone and WhatsApp are the owner's personal data: published with consent only.
        consented = data.contact_public
        return {
            "slug": record.slug,
            **self.page_urls(urls.exhibitor, record.slug),
            "name": data.name,
            **labelled("category", data.category, vocab.categories[data.category].label),
            **self.place(data.kecamatan),
            **translated("summary", data.summary),
            **translated("description", data.description),
            "products": list(data.products or []),
            "booth": data.booth,
            "contact_public": consented,
            "whatsapp": data.whatsapp if consented else None,
            "phone": data.phone if consented else None,
            "instagram": data.instagram,
            "website": data.website,
            "marketplaces": [
                {"platform": shop.platform, "url": shop.url} for shop in data.marketplaces or []
            ],
            "logo": self.image_url(data.logo),
            "established": data.established,
            "halal": data.halal,
            "tags": list(data.tags or []),
            "aliases": list(data.aliases or []),
            "sample": data.sample,
        }

    def partner(self, record) -> dict:
        data, vocab = record.data, self.site_data.vocab
        return {
            "slug": record.slug,
            **self.page_urls(urls.partner, record.slug),
            "name": data.name,
            **labelled("type", data.type, vocab.partner_types[data.type].label),
            **translated("summary", data.summary),
            **translated("description", data.description),
            "website": data.website,
            "logo": self.image_url(data.logo),
            "aliases": list(data.aliases or []),
        }

    def centre(self, record) -> dict:
        data = record.data
        services = data.services or []
        english = [service.en for service in services]
        return {
            "slug": record.slug,
            **self.page_urls(urls.centre, record.slug),
            **translated("name", data.name),
            **self.place(data.kecamatan),
            **translated("address", data.address),
            "lat": data.lat,
            "lon": data.lon,
            # A centre's phone is an office line, not personal data.
            "phone": data.phone,
            **translated("hours", data.hours),
            "services": [service.id for service in services],
            # Item by item, None where one has no English; empty when none has.
            "services_en": english if any(english) else [],
        }


# file stem under /data/ -> (site_data collection, fields, builder method)
COLLECTIONS = {
    "peserta": ("exhibitors", EXHIBITOR_FIELDS, OpenDataRecords.exhibitor),
    "mitra": ("partners", PARTNER_FIELDS, OpenDataRecords.partner),
    "pusat-pendampingan": ("centres", CENTRE_FIELDS, OpenDataRecords.centre),
}
