"""Booth cards: a QR code per exhibitor that a reader decodes to its page, a
printable A6 card for exhibitors with a booth (WhatsApp only with consent),
and old slugs that still lead to the record (redirect pages, `_redirects`)."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from conftest import FixtureSite, serve
from directory import urls
from gates.links import check_links
from gates.markup import check_csp_ready
from gates.validator import run_vnu

ORIGIN = "https://fest.example"  # SITE_ABSOLUTE_URL of the fixture site
LONG_NAME = "Dapur Betawi Condet Warisan Resep Nenek Moyang Sejak 1965"
NAMES = {"kopi-senja": "Kopi Senja", "batik-rahasia": "Batik Rahasia",
         "dapur-panjang": LONG_NAME, "tanpa-stan": "Tanpa Stan"}  # fmt: skip
REDIRECTS = {  # old URL -> new URL, both languages, exhibitors and partners
    "peserta/old-name/": "peserta/kopi-senja/",
    "en/exhibitors/old-name/": "en/exhibitors/kopi-senja/",
    "mitra/mitra-lama/": "mitra/mitra-baru/",
    "en/partners/mitra-lama/": "en/partners/mitra-baru/",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("booth_cards") / "site")
    site.write_settings(SITE_ABSOLUTE_URL=ORIGIN)
    site.exhibitor("kopi-senja", name="Kopi Senja", booth="A-12", extra="""
        whatsapp: +6281234567890
        contact_public: true
        aliases:
          - old-name
    """)  # fmt: skip
    site.exhibitor("batik-rahasia", name="Batik Rahasia", booth="B-3", sample="false",
                   category="fesyen", kecamatan="gambir",
                   extra="whatsapp: +6281299998888\n")  # fmt: skip
    site.exhibitor("dapur-panjang", name=LONG_NAME, booth="AB-123",
                   extra="whatsapp: +6281277776666\ncontact_public: true\n")  # fmt: skip
    site.exhibitor("tanpa-stan", name="Tanpa Stan")
    site.write(
        "data/partners/mitra-baru.yaml",
        """
        name: Mitra Baru
        type: komunitas
        summary: Contoh mitra.
        aliases:
          - mitra-lama
    """,
    )
    site.build()
    return site


@pytest.fixture(scope="module")
def server(built):
    server = serve(built.output)
    yield server.url
    server.shutdown()
    server.server_close()


def card_html(built, lang: str, slug: str) -> str:
    return built.page(urls.booth_card(lang, slug))


# -- QR codes ------------------------------------------------------------------------


def test_every_exhibitor_has_a_qr_code_svg(built):
    assert sorted(p.parent.name for p in built.output.rglob("qr.svg")) == sorted(NAMES)
    for slug, name in NAMES.items():
        svg = (built.output / urls.qr_code(slug)).read_text(encoding="utf-8")
        assert svg.startswith("<svg "), slug  # no XML declaration
        assert 'xmlns="http://www.w3.org/2000/svg"' in svg and "viewBox=" in svg
        assert f"<title>{name}: {ORIGIN}/peserta/{slug}/</title>" in svg
        assert "<script" not in svg


@pytest.mark.browser
def test_qr_codes_decode_to_the_exhibitors_page(built, server, browser):
    """Chromium draws each built qr.svg; a QR reader (zxing-cpp) reads it back."""
    import zxingcpp
    from PIL import Image

    page = browser.new_page()
    for slug in NAMES:
        page.goto(f"{server}/{urls.qr_code(slug)}")
        shot = Image.open(io.BytesIO(page.screenshot()))
        found = [(code.format.name, code.text) for code in zxingcpp.read_barcodes(shot)]
        assert found == [("QRCode", f"{ORIGIN}/peserta/{slug}/")], slug
    page.close()


# -- booth cards -----------------------------------------------------------------------


def test_cards_exist_only_for_exhibitors_with_a_booth_in_both_languages(built):
    for slug in ("kopi-senja", "batik-rahasia", "dapur-panjang"):
        for lang in ("id", "en"):
            assert (built.output / urls.save_as(urls.booth_card(lang, slug))).is_file()
    assert not (built.output / "peserta/tanpa-stan/kartu").exists()
    assert not (built.output / "en/exhibitors/tanpa-stan/card").exists()
    assert len(list(built.output.rglob("kartu/index.html"))) == 3
    assert len(list(built.output.rglob("card/index.html"))) == 3


def test_exhibitor_page_links_its_card_only_with_a_booth(built):
    assert 'href="/peserta/kopi-senja/kartu/"' in built.page("peserta/kopi-senja")
    assert 'href="/en/exhibitors/kopi-senja/card/"' in built.page("en/exhibitors/kopi-senja")
    for url in ("peserta/tanpa-stan", "en/exhibitors/tanpa-stan"):
        page = built.page(url)
        assert "/kartu/" not in page and "/card/" not in page


def test_card_shows_name_booth_category_kecamatan_qr_and_address(built):
    html = card_html(built, "id", "kopi-senja")
    assert '<h1 class="booth-card-name">Kopi Senja</h1>' in html
    assert "<strong>A-12</strong>" in html
    assert "<dd>Kuliner</dd>" in html and "<dd>Tebet</dd>" in html
    img = re.search(
        r'<img src="/peserta/kopi-senja/qr\.svg" alt="([^"]+)" width="(\d+)" height="(\d+)">', html
    )
    assert img and img.group(2) == img.group(3)
    assert f'class="booth-card-address">{ORIGIN}/peserta/kopi-senja/<' in html
    assert '<a href="/peserta/kopi-senja/">' in html  # back to the exhibitor's page
    english = card_html(built, "en", "batik-rahasia")
    assert '<html lang="en">' in english
    assert "<dd>Fashion</dd>" in english and '<dd><span lang="id">Gambir</span></dd>' in english
    assert 'src="/peserta/batik-rahasia/qr.svg"' in english  # one QR code, the Indonesian page


def test_card_shows_whatsapp_only_with_the_owners_consent(built):
    for lang in ("id", "en"):
        assert 'href="https://wa.me/6281234567890' in card_html(built, lang, "kopi-senja")
        secret = card_html(built, lang, "batik-rahasia")
        assert "6281299998888" not in secret and "WhatsApp" not in secret


def test_card_says_when_the_exhibitor_is_a_sample(built):
    assert 'class="notice"' in card_html(built, "id", "kopi-senja")
    assert 'class="notice"' not in card_html(built, "id", "batik-rahasia")


def test_card_pages_are_each_others_translation(built):
    html = card_html(built, "id", "kopi-senja")
    assert f'hreflang="en" href="{ORIGIN}/en/exhibitors/kopi-senja/card/"' in html
    assert re.search(
        r'class="language-switcher">\s*<li><a href="/en/exhibitors/kopi-senja/card/"', html
    )
    assert urls.twin("peserta/kopi-senja/kartu/", "en") == "en/exhibitors/kopi-senja/card/"
    assert urls.twin("en/exhibitors/kopi-senja/card/", "id") == "peserta/kopi-senja/kartu/"
    # A facet key that happens to be the card's word is no card.
    assert urls.twin("peserta/kategori/kartu/", "en") == "en/exhibitors/kategori/kartu/"


def test_print_stylesheet_is_linked_with_media_print_from_cards_only(built):
    link = '<link rel="stylesheet" href="/theme/css/print.css" media="print">'
    for lang in ("id", "en"):
        assert card_html(built, lang, "kopi-senja").count(link) == 1
    assert "print.css" not in built.page("peserta/kopi-senja")
    css = (built.output / "theme/css/print.css").read_text(encoding="utf-8")
    assert re.search(r"@page \{[^}]*size: A6;[^}]*margin: 8mm;", css)


@pytest.mark.browser
@pytest.mark.parametrize("slug", ["kopi-senja", "dapur-panjang"])
def test_card_prints_on_one_a6_sheet_without_site_chrome(server, browser, slug):
    page = browser.new_page()
    page.goto(f"{server}/{urls.booth_card('id', slug)}")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => [".site-header", ".site-footer", ".breadcrumbs", ".skip-link"].map(
               s => getComputedStyle(document.querySelector(s)).display)"""
    )
    assert hidden == ["none"] * 4
    qr_width = page.evaluate(
        "document.querySelector('.booth-card-qr img').getBoundingClientRect().width"
    )
    assert abs(qr_width - 60 / 25.4 * 96) < 1  # 60 mm
    pdf = page.pdf(prefer_css_page_size=True)
    page.close()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    width, height = map(float, re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (105, 148)  # A6, in mm


# -- redirects of old slugs -------------------------------------------------------------


def test_redirects_file_lists_every_alias_in_both_languages(built):
    assert (built.output / "_redirects").read_text(encoding="utf-8") == (
        "/en/exhibitors/old-name/ /en/exhibitors/kopi-senja/ 301\n"
        "/en/partners/mitra-lama/ /en/partners/mitra-baru/ 301\n"
        "/mitra/mitra-lama/ /mitra/mitra-baru/ 301\n"
        "/peserta/old-name/ /peserta/kopi-senja/ 301\n"
    )


def test_redirect_pages_send_to_the_new_url_without_script(built):
    for old, new in REDIRECTS.items():
        html = built.page(old)
        refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
        assert refresh and refresh.group(1) == f"/{new}", old
        assert f'<link rel="canonical" href="{ORIGIN}/{new}">' in html
        assert '<meta name="robots" content="noindex">' in html
        assert re.search(
            rf'<a href="/{re.escape(new)}">[^<]+</a>', html
        )  # for those without refresh
        assert f'<html lang="{"en" if old.startswith("en/") else "id"}">' in html
        assert "<script" not in html and "style" not in html
    assert check_csp_ready(built.output) == []


def test_redirect_pages_stay_out_of_the_sitemap(built):
    sitemap = (built.output / "sitemap-1.xml").read_text(encoding="utf-8")
    assert "old-name" not in sitemap and "mitra-lama" not in sitemap
    assert f"{ORIGIN}/peserta/kopi-senja/kartu/" in sitemap


def test_a_rebuild_leaves_unchanged_redirect_pages_and_rewrites_changed_ones(site):
    site.exhibitor("kopi-senja", name="Kopi Senja", extra="aliases:\n  - old-name\n")
    site.build()
    pages = [site.output / urls.save_as(old) for old in ("peserta/old-name/",
                                                          "en/exhibitors/old-name/")]  # fmt: skip
    before = [(path.stat().st_ino, path.stat().st_mtime_ns) for path in pages]
    site.build()
    assert [(path.stat().st_ino, path.stat().st_mtime_ns) for path in pages] == before
    site.exhibitor("kopi-senja", name="Kopi Fajar", extra="aliases:\n  - old-name\n")
    site.build()
    assert all(">Kopi Fajar</a>" in path.read_text(encoding="utf-8") for path in pages)


@pytest.mark.browser
def test_following_an_old_link_ends_on_the_record(server, browser):
    page = browser.new_page()
    for old, new in REDIRECTS.items():
        page.goto(f"{server}/{old}")
        page.wait_for_url(f"{server}/{new}")
        assert page.locator("h1").first.inner_text() in ("Kopi Senja", "Mitra Baru")
    page.close()


def test_cards_and_redirect_pages_are_valid_html(built):
    paths = [built.output / urls.save_as(old) for old in REDIRECTS]
    paths += [built.output / urls.save_as(urls.booth_card(lang, slug))
              for lang in ("id", "en") for slug in ("kopi-senja", "batik-rahasia")]  # fmt: skip
    assert run_vnu(paths) == []


def test_link_gate_accepts_redirect_pages_and_checks_their_target(built, tmp_path):
    problems, _ = check_links(built.output)  # the fixture lacks the About pages: not ours
    ours = re.compile(r"old-name|mitra-lama|/kartu/|/card/|qr\.svg")
    orphans = [p for p in problems if p.endswith("no page links to it") and ours.search(p)]
    broken_links_to_ours = [p for p in problems if ours.search(p.partition("<")[2])]
    assert orphans == [] and broken_links_to_ours == []
    # The rule needs both marks, and the refresh target must exist.
    site = tmp_path / "site"
    shutil.copytree(built.output / "peserta", site / "peserta")
    (site / "index.html").write_text('<a href="/peserta/kopi-senja/">x</a>', encoding="utf-8")
    old = site / "peserta/old-name/index.html"
    html = old.read_text(encoding="utf-8")
    old.write_text(html.replace('<meta name="robots" content="noindex">', ""), encoding="utf-8")
    gone = site / "peserta/gone/index.html"
    gone.parent.mkdir()
    gone.write_text(html.replace("kopi-senja", "nowhere"), encoding="utf-8")
    problems = "\n".join(check_links(site)[0])
    assert "peserta/old-name/index.html: no page links to it" in problems
    assert (
        "peserta/gone/index.html:0: <meta http-equiv=refresh='/peserta/nowhere/'>: broken link"
        in problems
    )
    assert "peserta/gone/index.html: no page links to it" not in problems


def test_rebuild_gives_the_same_bytes(built):
    paths = [urls.qr_code("kopi-senja"), "_redirects", urls.save_as("peserta/old-name/"),
             urls.save_as(urls.booth_card("en", "kopi-senja"))]  # fmt: skip
    before = {path: (built.output / path).read_bytes() for path in paths}
    mtimes = {path: (built.output / path).stat().st_mtime_ns for path in paths}
    built.build()
    assert {path: (built.output / path).read_bytes() for path in paths} == before
    assert {path: (built.output / path).stat().st_mtime_ns for path in paths} == mtimes
