"""Only the URLs of DESIGN.md's table are written: Pelican's author, tag,
category, archive and draft pages are off, and future posts wait for "now"."""

from __future__ import annotations

import re

import pytest

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
PAGINATED = r"(?:page/[0-9]+/)?index\.html"
ALLOWED_PATHS = [
    r"index\.html", r"404\.html", r"robots\.txt", r"sitemap(?:-[0-9]+)?\.xml", r"favicon\.svg",
    r"theme/(?:css|js|img)/[\w.-]+", r"images/[\w./-]+",
    rf"peserta/{PAGINATED}",
    rf"peserta/{SLUG}/index\.html",
    rf"peserta/{SLUG}/qr\.svg", rf"peserta/{SLUG}/kartu/index\.html",
    # How hosts serve the site (plugins/host_config): read by hosts, not pages.
    r"_headers", r"_redirects", r"_host/(?:cloudfront-[\w-]+\.(?:js|json)|nginx-(?:http|server)\.conf)",
    r"peserta/(?:kategori|kecamatan|kota|a-z)/index\.html",
    rf"peserta/(?:kategori|kecamatan|kota)/{SLUG}/{PAGINATED}",
    rf"peserta/a-z/(?:[a-z]|0-9)/{PAGINATED}",
    r"mitra/index\.html", rf"mitra/{SLUG}/index\.html",
    r"pusat-pendampingan/index\.html", rf"pusat-pendampingan/{SLUG}/index\.html",
    rf"berita/{PAGINATED}", rf"berita/{SLUG}/index\.html", r"berita/atom\.xml",
    r"agenda/index\.html", rf"agenda/{SLUG}/index\.html", rf"agenda/{SLUG}\.ics", r"agenda\.ics",
    r"(?:tentang|faq|bergabung)/index\.html",
    r"cari/index\.html",
    # The search index: one Pagefind bundle per language and shard (plugins/search).
    r"pagefind/(?:id|en)-[0-9]+/(?:(?:index|fragment|filter)/)?[\w.-]+",
    r"data/(?:peserta|mitra|pusat-pendampingan)\.(?:json|csv)",
]  # fmt: skip
ENGLISH_PATHS = [
    r"en/index\.html",
    rf"en/exhibitors/{PAGINATED}",
    rf"en/exhibitors/{SLUG}/index\.html",
    rf"en/exhibitors/{SLUG}/card/index\.html",
    r"en/exhibitors/(?:kategori|kecamatan|kota|a-z)/index\.html",
    rf"en/exhibitors/(?:kategori|kecamatan|kota)/{SLUG}/{PAGINATED}",
    rf"en/exhibitors/a-z/(?:[a-z]|0-9)/{PAGINATED}",
    r"en/partners/index\.html", rf"en/partners/{SLUG}/index\.html",
    r"en/mentoring-centres/index\.html", rf"en/mentoring-centres/{SLUG}/index\.html",
    rf"en/news/{PAGINATED}", rf"en/news/{SLUG}/index\.html", r"en/news/atom\.xml",
    r"en/programme/index\.html", rf"en/programme/{SLUG}/index\.html",
    rf"en/programme/{SLUG}\.ics", r"en/programme\.ics",
    r"en/(?:about|faq|join)/index\.html",
    r"en/search/index\.html",
]  # fmt: skip
ALLOWED = re.compile("|".join(f"(?:{pattern})" for pattern in ALLOWED_PATHS + ENGLISH_PATHS))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import FixtureSite

    site = FixtureSite(tmp_path_factory.mktemp("paths") / "site")
    site.exhibitor("kopi-senja")
    site.write(
        "content/news/published.md",
        """
        Title: Malam apresiasi
        Date: 2025-10-24 19:30
        Slug: malam-apresiasi
        Tags: umkm, festival
        Category: acara
        Author: Redaksi

        Sudah terbit.
    """,
    )
    site.write(
        "content/news/future.md",
        """
        Title: Belum waktunya
        Date: 2026-06-01 10:00
        Slug: belum-waktunya

        Terbit nanti.
    """,
    )
    site.write(
        "content/news/draft.md",
        """
        Title: Masih draf
        Date: 2025-01-01 10:00
        Slug: masih-draf
        Status: draft

        Draf.
    """,
    )
    site.write(
        "content/pages/tentang.md",
        """
        Title: Tentang
        Slug: tentang

        Tentang festival.
    """,
    )
    site.write(
        "content/pages/draft-page.md",
        """
        Title: Halaman draf
        Slug: faq
        Status: draft

        Draf.
    """,
    )
    site.build()
    return site


def written(site) -> list[str]:
    return sorted(
        p.relative_to(site.output).as_posix() for p in site.output.rglob("*") if p.is_file()
    )


def test_output_holds_only_the_urls_of_the_table(built):
    unexpected = [path for path in written(built) if not ALLOWED.fullmatch(path)]
    assert unexpected == []


def test_every_kind_of_page_is_there(built):
    paths = set(written(built))
    for path in ["index.html", "404.html", "robots.txt", "sitemap.xml", "favicon.svg",
                 "peserta/index.html", "peserta/kopi-senja/index.html",
                 "peserta/kategori/index.html", "peserta/kategori/kuliner/index.html",
                 "peserta/kecamatan/index.html", "peserta/kecamatan/gambir/index.html",
                 "peserta/kota/index.html", "peserta/kota/kepulauan-seribu/index.html",
                 "peserta/a-z/index.html", "peserta/a-z/k/index.html",
                 "mitra/index.html", "mitra/shopee/index.html",
                 "pusat-pendampingan/index.html", "pusat-pendampingan/gambir/index.html",
                 "berita/index.html", "berita/atom.xml", "berita/malam-apresiasi/index.html",
                 "tentang/index.html", "agenda/index.html", "agenda.ics",
                 "data/peserta.json"]:  # fmt: skip
        assert path in paths
    assert (
        len([p for p in paths if re.fullmatch(r"peserta/kecamatan/[a-z-]+/index\.html", p)]) == 44
    )


def test_drafts_future_posts_and_taxonomies_are_not_written(built):
    everything = "\n".join(written(built))
    for word in ("draf", "belum-waktunya", "tag", "category", "author", "acara", "umkm", "feeds"):
        assert word not in everything
    for path in built.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt", ".ics"):
            text = path.read_text(encoding="utf-8")
            assert "Belum waktunya" not in text and "Masih draf" not in text, path
            assert "belum-waktunya" not in text and "masih-draf" not in text, path


def test_a_future_post_appears_once_now_has_passed(built):
    built.build(env={"SOURCE_DATE_EPOCH": "1782864000"})  # 2026-07-01
    assert (built.output / "berita/belum-waktunya/index.html").is_file()
    built.build()  # and it goes away again when now is before its date
    assert not (built.output / "berita/belum-waktunya").exists()


def test_the_search_pages_and_their_index_are_there(built):
    paths = set(written(built))
    for lang in ("id", "en"):
        bundle = f"pagefind/{lang}-1/"
        assert {f"{bundle}pagefind-entry.json", f"{bundle}pagefind.js"} <= paths
        assert not any(p.startswith(f"{bundle}pagefind-ui") for p in paths)  # the default UI
    assert {"cari/index.html", "en/search/index.html", "theme/js/search.js"} <= paths
