"""The site's URL table (DESIGN.md, URLs), in one place.

Every function returns a site-relative URL without a leading slash
(`peserta/kopi-senja/`); `save_as(url)` gives the file that serves it.
Record slugs are the same in both languages; only the section words differ.
"""

from __future__ import annotations

import functools

SECTIONS = {
    "home": {"id": "", "en": "en/"},
    "exhibitors": {"id": "peserta/", "en": "en/exhibitors/"},
    "partners": {"id": "mitra/", "en": "en/partners/"},
    "centres": {"id": "pusat-pendampingan/", "en": "en/mentoring-centres/"},
    "agenda": {"id": "agenda/", "en": "en/programme/"},
    "news": {"id": "berita/", "en": "en/news/"},
    "search": {"id": "cari/", "en": "en/search/"},
}
# Markdown pages (content/pages/) by their Indonesian slug.
PAGES = {
    "tentang": {"id": "tentang/", "en": "en/about/"},
    "faq": {"id": "faq/", "en": "en/faq/"},
    "bergabung": {"id": "bergabung/", "en": "en/join/"},
}

# Facet folders under the exhibitors section. English pages use the same
# words ("kecamatan" and "kota" are the names of Jakarta's divisions).
FACETS = {
    "category": {"id": "kategori", "en": "kategori"},
    "kecamatan": {"id": "kecamatan", "en": "kecamatan"},
    "kota": {"id": "kota", "en": "kota"},
}
A_Z = "a-z"
PAGE = "page"
# The booth card's folder under an exhibitor's page: the one word below a
# record slug that differs by language (twin() maps it).
BOOTH_CARD = {"id": "kartu", "en": "card"}
QR_CODE = "qr.svg"
# Folders right under the exhibitors section: words no record slug may take.
_EXHIBITOR_FOLDERS = frozenset(
    {A_Z, PAGE, *(w for words in FACETS.values() for w in words.values())}
)


def section(name: str, lang: str) -> str:
    return SECTIONS[name][lang]


def paginated(url: str, number: int) -> str:
    """Page `number` of a listing whose first page is `url`."""
    return url if number == 1 else f"{url}{PAGE}/{number}/"


def home(lang: str) -> str:
    return section("home", lang)


def exhibitors(lang: str, number: int = 1) -> str:
    return paginated(section("exhibitors", lang), number)


def exhibitor(lang: str, slug: str) -> str:
    return f"{section('exhibitors', lang)}{slug}/"


def booth_card(lang: str, slug: str) -> str:
    """The printable booth card: `peserta/<slug>/kartu/`, `en/exhibitors/<slug>/card/`."""
    return f"{exhibitor(lang, slug)}{BOOTH_CARD[lang]}/"


def qr_code(slug: str) -> str:
    """The QR code of an exhibitor's (Indonesian) page, beside that page."""
    return f"{exhibitor('id', slug)}{QR_CODE}"


def facet_index(lang: str, facet: str) -> str:
    return f"{section('exhibitors', lang)}{FACETS[facet][lang]}/"


def facet(lang: str, facet_name: str, key: str, number: int = 1) -> str:
    return paginated(f"{facet_index(lang, facet_name)}{key}/", number)


def letter_index(lang: str) -> str:
    return f"{section('exhibitors', lang)}{A_Z}/"


def letter(lang: str, key: str, number: int = 1) -> str:
    return paginated(f"{letter_index(lang)}{key}/", number)


def partners(lang: str) -> str:
    return section("partners", lang)


def partner(lang: str, slug: str) -> str:
    return f"{section('partners', lang)}{slug}/"


def centres(lang: str) -> str:
    return section("centres", lang)


def centre(lang: str, slug: str) -> str:
    return f"{section('centres', lang)}{slug}/"


def agenda(lang: str) -> str:
    return section("agenda", lang)


def event(lang: str, slug: str) -> str:
    return f"{section('agenda', lang)}{slug}/"


def event_calendar(lang: str, slug: str) -> str:
    """One event's .ics, beside its page: `agenda/<slug>.ics`."""
    return f"{section('agenda', lang)}{slug}.ics"


def agenda_calendar(lang: str) -> str:
    """The whole fest's .ics: `agenda.ics`."""
    return section("agenda", lang).rstrip("/") + ".ics"


def news(lang: str, number: int = 1) -> str:
    return paginated(section("news", lang), number)


def news_feed(lang: str) -> str:
    return f"{section('news', lang)}atom.xml"


def search(lang: str) -> str:
    return section("search", lang)


def page(lang: str, key: str) -> str:
    return PAGES[key][lang]


def twin(url: str, lang: str) -> str:
    """The same page in `lang`: `peserta/kopi/` -> `en/exhibitors/kopi/`.

    Slugs, facet words and page numbers are the same in every language, so
    a page's twin differs only in its section (or Markdown page) prefix, and
    for a booth card in its folder word (`kartu`, `card`).
    """
    prefix, table, name = _section_of(url)
    rest = url[len(prefix) :]
    if name == "exhibitors":
        rest = _booth_card_word(rest, lang)
    return table[name][lang] + rest


def _section_of(url: str) -> tuple[str, dict, str]:
    """(prefix, table, name) of the section or page that `url` is in: the
    longest prefix it starts with, looked up by its first two folders, then
    its first (twin() runs for every page of the site)."""
    by_prefix = _entries_by_prefix()
    first = url.find("/") + 1
    second = url.find("/", first) + 1 if first else 0
    entry = (second and by_prefix.get(url[:second])) or (first and by_prefix.get(url[:first]))
    if entry:
        return entry
    if url == "":
        return by_prefix[""]
    raise ValueError(f"{url!r} is in no section of the URL table")


@functools.cache
def _entries_by_prefix() -> dict[str, tuple[str, dict, str]]:
    """Every section's and page's (prefix, table, name) by its prefix (of
    equal ones, the first in the tables); a prefix is at most two folders."""
    entries = {}
    for table in (SECTIONS, PAGES):
        for name in table:
            for prefix in table[name].values():
                if prefix.count("/") > 2 or (prefix and not prefix.endswith("/")):
                    raise ValueError(f"{prefix!r}: a prefix is one or two folders")
                entries.setdefault(prefix, (prefix, table, name))
    return entries


def _booth_card_word(rest: str, lang: str) -> str:
    """`<slug>/kartu/` <-> `<slug>/card/`; facet, A-Z and page folders, whose
    first word no record slug may take, are left alone."""
    slug, _, word = rest.rstrip("/").partition("/")
    is_card = rest.endswith("/") and word in BOOTH_CARD.values()
    if is_card and slug not in _EXHIBITOR_FOLDERS:
        return f"{slug}/{BOOTH_CARD[lang]}/"
    return rest


def save_as(url: str) -> str:
    return f"{url}index.html"
