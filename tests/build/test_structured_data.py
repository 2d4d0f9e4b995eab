"""JSON-LD with the properties each type needs, Open Graph and Twitter tags
with a canonical URL on every page, and share images WhatsApp can show."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT
from gates.html_scan import html_files
from PIL import Image
from structured_data.share_images import ACCENT, BACKGROUND, WHITE, draw_share_image

ORIGIN = "http://127.0.0.1:8000/"
REQUIRED = {
    "Event": ["name", "startDate", "endDate", "location", "eventStatus", "organizer"],
    "LocalBusiness": ["name", "url", "address"],
    "Organization": ["name", "url", "logo"],
    "BreadcrumbList": ["itemListElement"],
}
TIMED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")
WHOLE_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def by_type(html: str) -> dict:
    found = {}
    for block in json_ld(html):
        found.setdefault(block["@type"], []).append(block)
    return found


def page(output, url):
    return (output / url / "index.html").read_text(encoding="utf-8")


def check(block: dict) -> None:
    assert block["@context"] == "https://schema.org"
    for name in REQUIRED[block["@type"]]:
        assert block.get(name), (block["@type"], name)
    if block["@type"] == "Event":
        for key in ("startDate", "endDate"):
            assert TIMED.match(block[key]) or WHOLE_DAY.match(block[key]), block[key]
        assert block["location"]["@type"] == "Place" and block["location"]["name"]
        assert block["location"]["address"]["addressCountry"] == "ID"
        assert block["organizer"]["@type"] == "Organization"


def test_every_block_has_its_required_properties(shipped_output):
    count = 0
    for path in html_files(shipped_output):
        for block in json_ld(path.read_text(encoding="utf-8")):
            check(block)
            count += 1
    assert count > 300


def test_exhibitor_is_a_local_business_in_its_kecamatan(shipped_output):
    [business] = by_type(page(shipped_output, "peserta/kopi-senja-tebet"))["LocalBusiness"]
    assert business["url"] == ORIGIN + "peserta/kopi-senja-tebet/"
    assert business["address"] == {"@type": "PostalAddress", "addressLocality": "Tebet",
                                   "addressRegion": "DKI Jakarta", "addressCountry": "ID"}  # fmt: skip
    assert "telephone" not in business  # no consent in the shipped samples


def test_telephone_only_with_consent(site):
    site.exhibitor("boleh", extra="phone: 0215551234\ncontact_public: true\n")
    site.exhibitor("tidak", extra="phone: 0215551234\n")
    site.build()
    [allowed] = by_type(site.page("peserta/boleh"))["LocalBusiness"]
    [refused] = by_type(site.page("peserta/tidak"))["LocalBusiness"]
    assert allowed["telephone"] == "+62215551234" and "telephone" not in refused


def test_events_and_the_fest(shipped_output):
    [fest] = by_type(page(shipped_output, ""))["Event"]
    assert fest["startDate"] == "2021-10-24" and fest["location"]["name"] == "Museum Bank Mandiri"
    [talk] = by_type(page(shipped_output, "agenda/gelar-wicara-umkm-ke-lokapasar"))["Event"]
    assert talk["startDate"] == "2021-10-23T10:00:00+07:00"
    assert talk["endDate"] == "2021-10-23T11:30:00+07:00"


def test_partners_and_programme_are_organizations(shipped_output):
    [shopee] = by_type(page(shipped_output, "mitra/shopee"))["Organization"]
    assert shopee["name"] == "Shopee" and shopee["url"] == "https://shopee.co.id"
    [programme] = by_type(page(shipped_output, ""))["Organization"]
    assert programme["name"] == "Jakpreneur"


def test_nested_pages_have_breadcrumbs(shipped_output):
    [trail] = by_type(page(shipped_output, "peserta/kategori/kuliner"))["BreadcrumbList"]
    names = [item["name"] for item in trail["itemListElement"]]
    assert names == ["Beranda", "Peserta", "Kategori", "Kategori: Kuliner"]
    assert trail["itemListElement"][-1]["item"] == ORIGIN + "peserta/kategori/kuliner/"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "peserta/kopi-senja-tebet",
        "en/exhibitors/kopi-senja-tebet",
        "agenda",
        "berita/malam-apresiasi-jakpreneur-fest-2021",
        "tentang",
    ],
)
def test_open_graph_and_canonical(shipped_output, url):
    html = page(shipped_output, url)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert canonical == ORIGIN + (url + "/" if url else "")
    meta = dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)">', html)
    )
    for key in ("og:title", "og:description", "og:url", "og:image", "twitter:card"):
        assert meta.get(key), key
    assert meta["og:url"] == canonical and meta["twitter:card"] == "summary_large_image"
    image = shipped_output / meta["og:image"].removeprefix(ORIGIN)
    with Image.open(image) as picture:
        assert (picture.format, picture.size) == ("PNG", (1200, 630))


def test_each_exhibitor_has_its_own_share_image(shipped_output):
    html = page(shipped_output, "peserta/batik-tirta-palmerah")
    assert f'content="{ORIGIN}images/share/batik-tirta-palmerah.png"' in html
    shared = (shipped_output / "images/share/batik-tirta-palmerah.png").read_bytes()
    assert shared != (shipped_output / "images/share/kopi-senja-tebet.png").read_bytes()


def test_share_image_keeps_the_design_colours():
    """Drawn in palette indices: the bar and full text pixels in the exact
    design colours, the logo's transparent corner the exact background."""
    logo = ROOT / "content" / "images" / "logos" / "kopi-senja-tebet.png"
    picture = draw_share_image("Kopi Senja Tebet", "Kuliner · Tebet", "Jakpreneur Fest 2026", logo)
    assert (picture.mode, picture.size) == ("P", (1200, 630))
    rgb = picture.convert("RGB")
    colours = {colour for _count, colour in rgb.getcolors(256)}
    assert {BACKGROUND, WHITE, ACCENT} <= colours
    assert rgb.getpixel((600, 5)) == ACCENT  # the bar
    assert rgb.getpixel((1200 - 70 - 260, 170)) == BACKGROUND  # the logo's corner
