"""Write the directory: exhibitors (listing, one page each, facets, A-Z),
partners grouped by type, and the mentoring centres by kota."""

from __future__ import annotations

from functools import partial

from data_layer.collector import kept_for_the_build
from page_writer.jobs import later
from pelican.generators import Generator
from theme_i18n.catalogs import N_
from theme_i18n.jinja_setup import gettext_for

from . import urls
from .pagination import paginate
from .views import DirectoryIndex, Link, alphabetical

FACET_TITLES = {
    # facet -> (index page title, one key's page title), translated when written
    "category": (N_("Categories"), N_("Category: {name}")),
    "kecamatan": (N_("Kecamatan"), N_("Exhibitors in Kecamatan {name}")),
    "kota": (N_("Kota"), N_("Exhibitors in {name}")),
}


class DirectoryGenerator(Generator):
    def generate_context(self):
        site_data = self.context["site_data"]
        order = alphabetical(site_data.exhibitors)
        pictures = self.context.get("logo_pictures", {})
        with kept_for_the_build():  # cards and indexes: millions of objects at 281,000
            # In the context only, for the home page and the search form: let
            # go of with it once every page is written (page_writer/release.py).
            self.context["directory_indexes"] = {
                lang: DirectoryIndex(lang, site_data, pictures, name_order=order)
                for lang in self.settings["SITE_LANGUAGES"]
            }

    def generate_output(self, writer):
        indexes = self.context["directory_indexes"]
        twins = exhibitor_twins(indexes)
        for lang, index in indexes.items():
            page = _PageWriter(self, writer, lang)
            self.write_exhibitors(page, index, twins)
            self.write_facets(page, index)
            self.write_letters(page, index)
            self.write_partners(page, index)
            self.write_centres(page, index)

    # -- exhibitors ------------------------------------------------------------------

    def write_exhibitors(self, page, index: DirectoryIndex, twins: list[dict]):
        _ = page.gettext
        home = page.home_crumb()
        listing_crumb = Link(_("Exhibitors"), urls.exhibitors(page.lang))
        self.write_listing(
            page, index, index.cards, partial(urls.exhibitors, page.lang),
            title=_("Exhibitors"), breadcrumbs=[home], kind="all",
        )  # fmt: skip
        for card, card_twins in zip(index.cards, twins, strict=True):
            digest = card.inputs.hex()
            page.write(
                "exhibitor", card.url, title=card.name, breadcrumbs=[home, listing_crumb],
                twins=card_twins,
                # Built where the page is rendered (Markdown, contacts): on every core,
                # and not held for every exhibitor until then.
                view=later(page.writer, index.exhibitor_page, card, inputs=digest),
                # Made of the site's inputs and this one record (views.exhibitor_page).
                memo_inputs=(page.lang, card.slug, digest),
            )  # fmt: skip

    def write_facets(self, page, index: DirectoryIndex):
        _ = page.gettext
        crumbs = [page.home_crumb(), Link(_("Exhibitors"), urls.exhibitors(page.lang))]
        for facet, (index_title, key_title) in FACET_TITLES.items():
            facet_crumb = Link(_(index_title), urls.facet_index(page.lang, facet))
            page.write(
                "facet_index", facet_crumb.url, title=_(index_title), breadcrumbs=crumbs,
                view={"facet": facet, "links": index.facet_links(facet)},
            )  # fmt: skip
            for key in getattr(index, f"{facet}_links"):
                label = getattr(index, f"{facet}_links")[key].label
                self.write_listing(
                    page, index, index.by_facet[facet].get(key, []),
                    partial(urls.facet, page.lang, facet, key),
                    title=_(key_title).format(name=label), breadcrumbs=[*crumbs, facet_crumb],
                    kind=facet, extra=self.facet_extra(index, facet, key),
                )  # fmt: skip

    def facet_extra(self, index: DirectoryIndex, facet: str, key: str) -> dict:
        """What a facet page shows beside its exhibitors."""
        if facet == "kecamatan":
            return {"centre": index.centre(index.data.centre_for(key))}
        if facet == "kota":
            return {"kecamatan": index.kecamatan_of_kota(key)}
        return {}

    def write_letters(self, page, index: DirectoryIndex):
        _ = page.gettext
        crumbs = [page.home_crumb(), Link(_("Exhibitors"), urls.exhibitors(page.lang))]
        page.write(
            "letter_index", urls.letter_index(page.lang), title=_("Exhibitors A–Z"),
            breadcrumbs=crumbs, view={"letters": index.letter_links},
        )  # fmt: skip
        letter_crumb = Link(_("A–Z"), urls.letter_index(page.lang))
        for link in index.letter_links:
            if not link.count:
                continue
            key = link.url.rstrip("/").rsplit("/", 1)[-1]
            self.write_listing(
                page, index, index.by_letter[key], partial(urls.letter, page.lang, key),
                title=_("Exhibitors: {letter}").format(letter=link.label),
                breadcrumbs=[*crumbs, letter_crumb], kind="letter",
            )  # fmt: skip

    def write_listing(self, page, index, cards, url_of, *, title, breadcrumbs, kind, extra=None):
        _ = page.gettext
        for listing in paginate(cards, self.settings["DIRECTORY_PAGE_SIZE"], url_of):
            numbered = listing.pagination.number > 1
            page.write(
                "exhibitor_list",
                listing.url,
                title=_("{title}, page {number}").format(
                    title=title, number=listing.pagination.number) if numbered else title,
                heading=title,
                breadcrumbs=breadcrumbs,
                view={"kind": kind, "listing": listing, "letters": index.letter_links,
                      **(extra or {})},
            )  # fmt: skip

    # -- partners and centres ------------------------------------------------------------

    def write_partners(self, page, index: DirectoryIndex):
        self.write_grouped(page, "partners", "partner", urls.partners(page.lang),
                           page.gettext("Partners"), index.partner_groups())  # fmt: skip

    def write_centres(self, page, index: DirectoryIndex):
        self.write_grouped(page, "centres", "centre", urls.centres(page.lang),
                           page.gettext("Mentoring centres"), index.centres_by_kota())  # fmt: skip

    def write_grouped(self, page, list_template, item_template, url, title, groups):
        """A page listing groups of records (partners by type, centres by kota),
        then one page per record."""
        home = page.home_crumb()
        page.write(list_template, url, title=title, breadcrumbs=[home], view={"groups": groups})
        crumb = Link(title, url)
        for _group, records in groups:
            for record in records:
                page.write(item_template, record["url"], title=record["name"],
                           breadcrumbs=[home, crumb], view=record)  # fmt: skip


def exhibitor_twins(indexes: dict[str, DirectoryIndex]) -> list[dict]:
    """Each exhibitor's page in every language, in the order of the cards
    (the same in every language): one dict for all its pages, of the URLs
    its cards hold. Made again for each page, they took some 100 MiB at
    281,000 exhibitors (by the profile at 50,000): the sitemap keeps every
    page's."""
    twins = []
    for cards in zip(*(index.cards for index in indexes.values()), strict=True):
        if any(card.slug != cards[0].slug for card in cards):
            raise RuntimeError(
                "the directory's languages list their exhibitors in different orders"
            )
        twins.append({lang: card.url for lang, card in zip(indexes, cards, strict=True)})
    return twins


def alternates(url: str, languages) -> dict:
    """The page in each language; every data page has its twin in each."""
    return {lang: urls.twin(url, lang) for lang in languages}


class _PageWriter:
    """Writes one language's pages through Pelican's writer, which refuses to
    write one path twice."""

    def __init__(self, generator: DirectoryGenerator, writer, lang: str):
        self.generator, self.writer, self.lang = generator, writer, lang
        self.gettext = gettext_for(generator.settings, lang)

    def home_crumb(self) -> Link:
        return Link(self.gettext("Home"), urls.home(self.lang))

    def write(self, template: str, url: str, *, title, breadcrumbs, view, heading=None,
              twins=None, memo_inputs=None):  # fmt: skip
        """`twins`: the page in each language, where the caller has them;
        `memo_inputs`: what the page is made of besides the site's inputs,
        where the caller vouches for it (the writer's `memo_inputs`)."""
        self.writer.write_file(
            urls.save_as(url),
            self.generator.get_template(template),
            self.generator.context,
            lang=self.lang,
            page_url=url,
            alternates=twins or alternates(url, self.generator.settings["SITE_LANGUAGES"]),
            title=title,
            heading=heading or title,
            breadcrumbs=breadcrumbs,
            view=view,
            # Made of the site's inputs and these variables only (page_writer/memo.py).
            memo=True,
            memo_inputs=memo_inputs,
        )
