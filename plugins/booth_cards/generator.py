"""Write a QR code for every exhibitor, a printable booth card for every
exhibitor with a booth (in each language), and the redirects of old slugs.

QR codes go through the derived-files cache, keyed by URL and title, and
the missing ones are made on every core; each code is made once and shared
by the card's languages. The cache folder is QR_CODE_CACHE_PATH, by default
`qr-codes` in Pelican's CACHE_PATH (`cache`, from the working folder).

A card is given its code's cache entry, named by the hash of everything the
code is made from, and reads the code's size from it only where the card is
rendered: not at all when the page cache has the card (before, the build's
own process read every code back from the output: 0.7 profiled s at 10,000
exhibitors)."""

from __future__ import annotations

import logging
import os
from functools import partial
from pathlib import Path

from atomic_output.staging import leave_in_live, staged_live_output
from derived_files.cache import FileCache
from derived_files.derived import DerivedFile, write_with_shared_workers
from directory import urls
from directory.views import Link
from page_writer.jobs import later
from page_writer.pages import same_bytes
from pelican.generators import Generator
from theme_i18n.jinja_setup import gettext_for

from .qr import qr_key, qr_svg_bytes
from .redirects import find_redirects, redirect_page
from .views import booth_card_view, page_address

log = logging.getLogger(__name__)
WORKERS_USER = "QR codes"


def qr_cache_path(settings) -> str:
    return settings.get("QR_CODE_CACHE_PATH") or os.path.join(settings["CACHE_PATH"], "qr-codes")


class BoothCardGenerator(Generator):
    """Runs after the directory's generator, whose indexes it reuses."""

    def generate_output(self, writer):
        site_data = self.context["site_data"]
        indexes = self.context["directory_indexes"]  # lang -> DirectoryIndex
        cards = {lang: {card.slug: card for card in index.cards} for lang, index in indexes.items()}
        self.gettexts = {lang: gettext_for(self.settings, lang) for lang in indexes}
        cache = FileCache(qr_cache_path(self.settings), ".svg")
        code_keys = self.write_qr_codes(site_data.exhibitors, cache)
        for slug, record in site_data.exhibitors.items():
            if record.data.booth:
                address = page_address(self.settings["SITE_ABSOLUTE_URL"], slug)
                code = cache.path(code_keys[slug])
                # One dict of URLs for the card's pages in every language (the
                # sitemap keeps each page's): the folder word differs (kartu, card).
                alternates = {lang: urls.booth_card(lang, slug) for lang in indexes}
                for lang, index in indexes.items():
                    self.write_card(writer, lang, index, cards[lang][slug], alternates, code,
                                    address, record.digest)  # fmt: skip
        self.write_redirects()

    def write_qr_codes(self, exhibitors, cache: FileCache) -> dict[str, str]:
        """Every exhibitor's QR code put in the output; their cache keys by slug."""
        codes = []
        for slug, record in exhibitors.items():
            address = page_address(self.settings["SITE_ABSOLUTE_URL"], slug)
            title = f"{record.data.name}: {address}"
            codes.append(DerivedFile(urls.qr_code(slug), qr_key(address, title), (address, title)))
        written = write_with_shared_workers(WORKERS_USER, codes, cache, qr_svg_bytes,
                                            Path(self.output_path),
                                            staged_live_output(self.settings, self.output_path))  # fmt: skip
        log.info("QR codes: %s", written)
        return {slug: code.key for slug, code in zip(exhibitors, codes, strict=True)}

    def write_card(self, writer, lang, index, card, alternates: dict, code: str, address: str,
                   digest: bytes):  # fmt: skip
        _ = self.gettexts[lang]
        url = alternates[lang]
        title = _("Booth card: {name}").format(name=card.name)
        writer.write_file(
            urls.save_as(url), self.get_template("booth_card"), self.context,
            lang=lang, page_url=url, alternates=alternates,
            title=title, heading=title,
            # The exhibitor's name stays out of the trail's links, which are the
            # site's chrome; the card links back to the exhibitor's page itself.
            breadcrumbs=[Link(_("Home"), urls.home(lang)),
                         Link(_("Exhibitors"), urls.exhibitors(lang))],
            # Built where the page is rendered, and only if the page cache lacks it.
            view=later(writer, partial(booth_card_view, index), card, code, address,
                       inputs=digest.hex()),
            memo=True,
            # Made of the site's inputs and this one record: its QR code's
            # address and title are the record's (page_writer's `memo_inputs`).
            memo_inputs=(lang, card.slug, digest.hex()),
        )  # fmt: skip

    def write_redirects(self):
        """Each alias's page, left in the live output where it has these
        bytes (1,000 pages at 50,000 exhibitors, 0.4 s written and compared
        again by every build)."""
        redirects = find_redirects(self.context["site_data"], self.settings["SITE_LANGUAGES"])
        live = staged_live_output(self.settings, self.output_path)
        staging, left = os.path.abspath(self.output_path), set()
        for redirect in redirects:
            gettext = gettext_for(self.settings, redirect.lang)
            page = redirect_page(redirect, settings=self.settings, gettext=gettext).encode("utf-8")
            path = urls.save_as(redirect.old)
            if live is not None and same_bytes(os.path.join(live, path), page):
                left.add(os.path.join(staging, path))
            else:
                self.write_bytes(path, page)
        if left:
            leave_in_live(staging, left)

    def write_bytes(self, path: str, body: bytes):
        # Not pages of Pelican's: aliases are unique and never a reserved word
        # (data_layer checks), so these paths cannot meet a page written there.
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
