"""A fixture site built with Pelican: the directory's pages exist, link each
other both ways, and show editors' values exactly as written."""

from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import FixtureSite

    site = FixtureSite(tmp_path_factory.mktemp("directory") / "site")
    site.write_settings(DIRECTORY_PAGE_SIZE=2)
    site.exhibitor("kopi-senja", name="Kopi Senja", extra="""
        phone: 0215551234
        whatsapp: +6281234567890
        contact_public: true
        products:
          - 3.10
          - no
          - NO
          - yes
        established: 2019
        halal: false
    """)  # fmt: skip
    site.exhibitor("teh-tebet", name="Teh Tebet", summary="no")
    site.exhibitor("batik-gambir", name="Batik Gambir", category="fesyen", kecamatan="gambir")
    site.exhibitor("rahasia", name="Rahasia", extra="phone: 0215550000\n")
    site.exhibitor("1-kopi", name="1 Kopi", extra="website: https://contoh.id/toko?a=1&b=2\n")
    site.write(
        "data/centres/tebet.yaml",
        """
        name: Pusat Pendampingan Jakpreneur Kecamatan Tebet
        kecamatan: tebet
        hours: 19:30
    """,
    )
    site.build()
    return site


def links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_values_reach_the_page_exactly_as_written(built):
    page = built.page("peserta/kopi-senja")
    for text in ("0215551234", "+6281234567890", "<li>3.10</li>", "<li>no</li>",
                 "<li>NO</li>", "<li>yes</li>", "2019"):  # fmt: skip
        assert text in page
    assert "https://wa.me/6281234567890" in page
    assert 'href="tel:+62215551234"' in page
    assert '<p class="lead">no</p>' in built.page("peserta/teh-tebet")
    assert "19:30" in built.page("pusat-pendampingan/tebet")


def test_phone_numbers_need_the_owners_consent(built):
    assert "0215550000" not in built.page("peserta/rahasia")


def test_text_is_escaped(built):
    assert "https://contoh.id/toko?a=1&amp;b=2" in built.page("peserta/1-kopi")


def test_exhibitor_links_to_its_facets_and_centre(built):
    page = links(built.page("peserta/kopi-senja"))
    assert {"/peserta/kategori/kuliner/", "/peserta/kecamatan/tebet/",
            "/peserta/kota/jakarta-selatan/", "/pusat-pendampingan/tebet/"} <= page  # fmt: skip
    assert "Contoh: peserta ini adalah contoh fiktif" in built.page("peserta/kopi-senja")


def test_centre_and_facets_link_back(built):
    centre = links(built.page("pusat-pendampingan/tebet"))
    assert {"/peserta/kecamatan/tebet/", "/peserta/kota/jakarta-selatan/"} <= centre
    kecamatan = built.page("peserta/kecamatan/tebet")
    assert "/pusat-pendampingan/tebet/" in links(kecamatan)
    assert "/peserta/kopi-senja/" in links(kecamatan) | links(
        built.page("peserta/kecamatan/tebet/page/2")
    )
    kota = links(built.page("peserta/kota/jakarta-selatan"))
    assert "/peserta/kecamatan/tebet/" in kota


def test_facet_pages_show_their_counts(built):
    assert "4 peserta" in built.page("peserta/kecamatan/tebet")
    assert "Belum ada peserta di sini." in built.page("peserta/kecamatan/koja")
    categories = built.page("peserta/kategori")
    assert re.search(
        r'href="/peserta/kategori/fesyen/">Fesyen</a> <span class="count">\(1\)', categories
    )


def test_listing_paginates_both_ways(built):
    first = built.page("peserta")
    assert "halaman 1 dari 3" in first
    assert 'href="/peserta/page/2/" rel="next"' in first
    second = built.page("peserta/page/2")
    assert (
        'href="/peserta/" rel="prev"' in second and 'href="/peserta/page/3/" rel="next"' in second
    )
    assert not (built.output / "peserta/page/1").exists()


def test_a_to_z_index(built):
    index = built.page("peserta/a-z")
    assert 'href="/peserta/a-z/k/">K</a> <span class="count">(1)</span>' in index
    assert 'href="/peserta/a-z/0-9/">0–9</a>' in index
    assert "/peserta/1-kopi/" in links(built.page("peserta/a-z/0-9"))
    assert not (built.output / "peserta/a-z/z").exists()


def test_partners_grouped_by_type_and_centres_by_kota(built):
    partners = built.page("mitra")
    assert partners.index("Badan usaha milik daerah") < partners.index("Perumda Pasar Jaya")
    centres = built.page("pusat-pendampingan")
    assert len(re.findall(r'href="/pusat-pendampingan/[a-z-]+/"', centres)) == 44
    assert (
        centres.index('<h2 id="kota-1">Jakarta Pusat')
        < centres.index(">Gambir</a>")
        < centres.index('<h2 id="kota-2">Jakarta Utara')
    )


def test_site_files(built):
    assert built.output.joinpath("404.html").is_file()
    robots = built.output.joinpath("robots.txt").read_text()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots
    index = built.output.joinpath("sitemap.xml").read_text()
    assert "<sitemapindex" in index and "sitemap-1.xml" in index
    urls = built.output.joinpath("sitemap-1.xml").read_text()
    assert "<loc>http://127.0.0.1:8000/peserta/kopi-senja/</loc>" in urls
    assert "404" not in urls
