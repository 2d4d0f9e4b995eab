"""Ready-made fields for the directory's templates, one language at a time.

Templates only present: every label is resolved to the page's language,
every URL built, every list sorted and grouped here.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from data_layer.fields import to_e164
from markupsafe import Markup
from safe_markdown.render import render_markdown

from . import urls
from .contacts import exhibitor_contacts


class LocalText(str):
    """Text shown on a page, knowing its own language: when English falls back
    to Indonesian, `lang` says so and the template marks it `lang="id"`."""

    __slots__ = ()
    lang: str  # a class attribute, of the subclass of each language

    def __new__(cls, text: str, lang: str | None = None):
        # Without `lang`: a subclass's own (pickle makes copies that way).
        return str.__new__(cls if lang is None else _text_in(lang), text)


@functools.cache
def _text_in(lang: str) -> type[LocalText]:
    """LocalText's subclass for one language: the language is the class's,
    so a text needs no attribute dict of its own (it was 60 % of a summary's
    memory, which a build holds for every exhibitor in every language).
    Named in this module, where pickle (the page cache's keys) finds it."""
    name = f"LocalText_{lang.replace('-', '_')}"
    kind = type(name, (LocalText,), {"__slots__": (), "lang": lang, "__module__": __name__})
    globals()[name] = kind
    return kind


def local(value, lang: str) -> LocalText | None:
    if value is None:
        return None
    text, used = value.get(lang)
    return LocalText(text, used)


def local_markdown(value, lang: str):
    """(sanitised HTML, its language) for a Markdown field, or None."""
    if value is None:
        return None
    text, used = value.get(lang)
    return LocalMarkup(render_markdown(text), used)


@dataclass(frozen=True)
class LocalMarkup:
    html: Markup
    lang: str


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    count: int | None = None


@dataclass(frozen=True)
class ExhibitorCard:
    """Hashable: templates render each card once per language and reuse it
    on every listing it appears in (`fragment()`, page_writer)."""

    slug: str
    name: str
    url: str
    summary: LocalText
    category: Link
    kecamatan: Link
    sample: bool
    # The record's digest: with the site's inputs and the language (in `url`),
    # everything the card is made of. Pages showing the card are keyed by it
    # in the page cache (memo.py) rather than by every field.
    inputs: bytes = field(default=b"", compare=False, repr=False)

    def spelling_inputs(self):
        return (self.url, self.inputs) if self.inputs else None


def name_sort_key(name: str, slug: str):
    folded = unicodedata.normalize("NFKD", name).casefold()
    return ("".join(ch for ch in folded if not unicodedata.combining(ch)), slug)


def letter_of(name: str) -> str:
    """The A-Z bucket of a name: a-z, or 0-9 for names that start otherwise."""
    for ch in unicodedata.normalize("NFKD", name).casefold():
        if "a" <= ch <= "z":
            return ch
        if ch.isalnum():
            return "0-9"
    return "0-9"


def alphabetical(exhibitors: dict) -> list[tuple[str, str]]:
    """(slug, A-Z letter) of every exhibitor, in the order of their names."""
    named = sorted(
        (name_sort_key(record.data.name, slug), slug, letter_of(record.data.name))
        for slug, record in exhibitors.items()
    )
    return [(slug, letter) for _key, slug, letter in named]


@dataclass
class DirectoryIndex:
    """Everything the directory's pages are made of, in one language."""

    lang: str
    data: object
    pictures: dict = field(default_factory=dict)  # logo path -> Picture (responsive_images)
    cards: list = field(default_factory=list)  # every exhibitor, sorted by name
    by_facet: dict = field(default_factory=dict)  # facet -> key -> [cards]
    by_letter: dict = field(default_factory=dict)  # letter -> [cards]
    # alphabetical(data.exhibitors), the same in every language: given, not sorted again
    name_order: list | None = None

    def __post_init__(self):
        vocab, lang = self.data.vocab, self.lang
        self.category_links = {
            key: Link(local(entry.label, lang), urls.facet(lang, "category", key))
            for key, entry in vocab.categories.items()
        }
        self.kecamatan_links = {
            key: Link(local(entry.label, lang), urls.facet(lang, "kecamatan", key))
            for key, entry in vocab.kecamatan.items()
        }
        self.kota_links = {
            key: Link(local(entry.label, lang), urls.facet(lang, "kota", key))
            for key, entry in vocab.regions.items()
        }
        exhibitors = self.data.exhibitors
        order = alphabetical(exhibitors) if self.name_order is None else self.name_order
        self.cards = [self.card(exhibitors[slug]) for slug, _letter in order]
        self.by_facet = {"category": defaultdict(list), "kecamatan": defaultdict(list),
                         "kota": defaultdict(list)}  # fmt: skip
        self.by_letter = defaultdict(list)
        for card, (_slug, letter) in zip(self.cards, order, strict=True):
            record = exhibitors[card.slug].data
            self.by_facet["category"][record.category].append(card)
            self.by_facet["kecamatan"][record.kecamatan].append(card)
            self.by_facet["kota"][vocab.kecamatan[record.kecamatan].kota].append(card)
            self.by_letter[letter].append(card)

    def card(self, record) -> ExhibitorCard:
        data = record.data
        return ExhibitorCard(
            slug=record.slug,
            name=data.name,
            url=urls.exhibitor(self.lang, record.slug),
            summary=local(data.summary, self.lang),
            category=self.category_links[data.category],
            kecamatan=self.kecamatan_links[data.kecamatan],
            sample=data.sample,
            inputs=record.digest,
        )

    def facet_links(self, facet: str) -> list[Link]:
        """Every key of a facet, in vocabulary order, with its count."""
        links = {"category": self.category_links, "kecamatan": self.kecamatan_links,
                 "kota": self.kota_links}[facet]  # fmt: skip
        return [
            Link(link.label, link.url, len(self.by_facet[facet].get(key, ())))
            for key, link in links.items()
        ]

    @functools.cached_property
    def letter_links(self) -> tuple[Link, ...]:
        """The A-Z bar, shown on every listing page: built once (a tuple, so
        that its markup is too: `fragment()`)."""
        letters = [chr(code) for code in range(ord("a"), ord("z") + 1)] + ["0-9"]
        return tuple(
            Link(
                key.upper() if key != "0-9" else "0–9",
                urls.letter(self.lang, key),
                len(self.by_letter.get(key, ())),
            )
            for key in letters
        )

    # -- one exhibitor ----------------------------------------------------------

    def exhibitor_page(self, card: ExhibitorCard) -> dict:
        record = self.data.exhibitors[card.slug]
        data, lang, vocab = record.data, self.lang, self.data.vocab
        kota = vocab.kecamatan[data.kecamatan].kota
        centre = self.data.centre_for(data.kecamatan)
        return {
            "card": card,
            "description": local_markdown(data.description, lang),
            "products": data.products or [],
            "booth": data.booth,
            # The printable booth card (booth_cards plugin) exists only with a booth.
            "card_url": urls.booth_card(lang, card.slug) if data.booth else None,
            "established": data.established,
            "halal": data.halal,
            "tags": data.tags or [],
            "logo": self.pictures.get(data.logo),
            "kota": self.kota_links[kota],
            "centre": Link(local(centre.data.name, lang), urls.centre(lang, centre.slug)),
            "contacts": self.contacts(data),
        }

    def contacts(self, data) -> list:
        def marketplace_label(platform):
            return local(self.data.vocab.marketplaces[platform].label, self.lang)

        return exhibitor_contacts(data, self.lang, marketplace_label)

    # -- partners and centres -------------------------------------------------------

    def partner_groups(self) -> list[tuple[LocalText, list]]:
        groups = []
        for key, entry in self.data.vocab.partner_types.items():
            members = [r for r in self.data.partners.values() if r.data.type == key]
            if members:
                members.sort(key=lambda r: name_sort_key(r.data.name, r.slug))
                groups.append((local(entry.label, self.lang), [self.partner(r) for r in members]))
        return groups

    def partner(self, record) -> dict:
        data = record.data
        return {
            "slug": record.slug,
            "name": data.name,
            "url": urls.partner(self.lang, record.slug),
            "type": local(self.data.vocab.partner_types[data.type].label, self.lang),
            "summary": local(data.summary, self.lang),
            "description": local_markdown(data.description, self.lang),
            "website": data.website,
            "logo": self.pictures.get(data.logo),
        }

    def centre(self, record) -> dict:
        data, lang = record.data, self.lang
        kecamatan = self.data.vocab.kecamatan[data.kecamatan]
        return {
            "slug": record.slug,
            "name": local(data.name, lang),
            "url": urls.centre(lang, record.slug),
            "kecamatan": Link(
                local(kecamatan.label, lang),
                urls.facet(lang, "kecamatan", data.kecamatan),
                len(self.by_facet["kecamatan"].get(data.kecamatan, ())),
            ),
            "kota": self.kota_links[kecamatan.kota],
            "address": local(data.address, lang),
            "hours": local(data.hours, lang),
            "phone": data.phone,
            "phone_href": f"tel:{to_e164(data.phone)}" if data.phone else None,
            "map": (data.lat, data.lon) if data.lat is not None and data.lon is not None else None,
            "services": [local(s, lang) for s in data.services or []],
        }

    def centres_by_kota(self) -> list[tuple[Link, list]]:
        """Each kota with its kecamatan, each kecamatan with its one centre."""
        groups = []
        for kota_key, region in self.data.vocab.regions.items():
            rows = [
                self.centre(self.data.centre_for(kecamatan_key))
                for kecamatan_key in region.kecamatan
            ]
            groups.append((self.kota_links[kota_key], rows))
        return groups

    def kecamatan_of_kota(self, kota: str) -> list[Link]:
        return [
            Link(self.kecamatan_links[key].label, self.kecamatan_links[key].url,
                 len(self.by_facet["kecamatan"].get(key, ())))
            for key in self.data.vocab.regions[kota].kecamatan
        ]  # fmt: skip
