"""Both languages: every data page has its twin, translated Markdown is
linked both ways, untranslated articles stay in their own language, the
switcher and hreflang links resolve, and English chrome has no Indonesian."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, FixtureSite
from directory import urls
from gates.html_scan import html_files

ID_SECTIONS = ("peserta/", "mitra/", "pusat-pendampingan/", "agenda/")
ATOM = "{http://www.w3.org/2005/Atom}"


def page_urls(output) -> set[str]:
    return {
        path.relative_to(output).as_posix().removesuffix("index.html")
        for path in html_files(output)
        if path.name == "index.html"
    }


def test_every_data_page_has_its_twin_both_ways(shipped_output):
    pages = page_urls(shipped_output)
    data_pages = {url for url in pages if url.startswith(ID_SECTIONS) or url == ""}
    assert len(data_pages) > 150
    for url in data_pages:
        assert urls.twin(url, "en") in pages, url
        assert urls.twin(urls.twin(url, "en"), "id") == url
    english = {url for url in pages if url.startswith("en/")}
    for url in english:
        assert urls.twin(url, "id") in pages, url


def test_translated_markdown_is_linked_both_ways(shipped_output):
    for id_url, en_url in [("berita/malam-apresiasi-jakpreneur-fest-2021/",
                            "en/news/malam-apresiasi-jakpreneur-fest-2021/"),
                           ("tentang/", "en/about/"), ("faq/", "en/faq/"),
                           ("bergabung/", "en/join/")]:  # fmt: skip
        for url, other in ((id_url, en_url), (en_url, id_url)):
            html = (shipped_output / url / "index.html").read_text(encoding="utf-8")
            assert (
                f'hreflang="{"en" if url == id_url else "id"}" href="http://127.0.0.1:8000/{other}"'
                in html
            )
            assert re.search(rf'class="language-switcher">\s*<li><a href="/{other}"', html), url


def test_html_lang_and_switcher_on_every_page(shipped_output):
    pages = html_files(shipped_output)
    for path in pages:
        if path.name == "404.html":
            continue
        html = path.read_text(encoding="utf-8")
        lang = "en" if path.relative_to(shipped_output).parts[0] == "en" else "id"
        assert f'<html lang="{lang}">' in html, path
        target = re.search(r'class="language-switcher">\s*<li><a href="/([^"]*)"', html).group(1)
        assert (shipped_output / target / "index.html").is_file() or (
            shipped_output / target
        ).is_file(), path


def test_hreflang_links_resolve_in_pages_and_sitemaps(shipped_output):
    for path in html_files(shipped_output):
        html = path.read_text(encoding="utf-8")
        links = re.findall(r'hreflang="([a-z-]+)" href="http://127.0.0.1:8000/([^"]*)"', html)
        for _lang, url in links:
            assert (shipped_output / url / "index.html").is_file(), (path, url)
        if links:
            assert any(lang == "x-default" for lang, _ in links)
    sitemap = ET.parse(shipped_output / "sitemap-1.xml").getroot()
    alternates = sitemap.findall(".//{http://www.w3.org/1999/xhtml}link")
    assert len(alternates) > 300
    for link in alternates:
        url = link.get("href").removeprefix("http://127.0.0.1:8000/")
        assert (shipped_output / url / "index.html").is_file(), url


def test_english_chrome_has_no_indonesian(shipped_output):
    with (ROOT / "theme/translations/id/LC_MESSAGES/messages.po").open("rb") as po:
        catalog = read_po(po)
    indonesian = set()
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in strings:
            plain = re.split(r"%\(|\{", text)[0].strip()
            if message.id and len(plain) > 3 and plain not in ids:
                indonesian.add(plain)
    checked = 0
    for path in html_files(shipped_output / "en"):
        html = path.read_text(encoding="utf-8")
        chrome = "".join(
            re.findall(r'<header class="site-header">.*?</header>', html, re.S)
            + re.findall(r'<nav class="[^"]*".*?</nav>', html, re.S)
            + re.findall(r'<footer class="site-footer">.*?</footer>', html, re.S)
        )
        # The breadcrumb ends with the page's own title, which is data, not chrome.
        chrome = re.sub(r'<span aria-current="page">.*?</span>', "", chrome)
        checked += 1
        found = [
            text for text in indonesian if text in chrome and f'lang="id">{text}' not in chrome
        ]
        assert found == [], (path, found)
    assert checked > 150


def test_dates_and_numbers_per_language(shipped_output):
    home_id = (shipped_output / "index.html").read_text(encoding="utf-8")
    home_en = (shipped_output / "en/index.html").read_text(encoding="utf-8")
    assert "Minggu, 24 Oktober 2021" in home_id and "lebih dari 281.000" in home_id
    assert "Sunday, October 24, 2021" in home_en and "over 281,000" in home_en


@pytest.fixture(scope="module")
def one_language_articles(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("langs") / "site")
    site.write(
        "content/news/hanya-indonesia.md",
        """
        Title: Hanya bahasa Indonesia
        Date: 2025-01-01 10:00
        Slug: hanya-indonesia
        Lang: id

        Isi.
    """,
    )
    site.write(
        "content/news/english-only.md",
        """
        Title: English only
        Date: 2025-01-02 10:00
        Slug: english-only
        Lang: en

        Body.
    """,
    )
    site.build()
    return site


def test_an_untranslated_article_appears_in_one_language_only(one_language_articles):
    site = one_language_articles
    assert "English only" not in site.page("berita") and "Hanya bahasa" in site.page("berita")
    assert "Hanya bahasa" not in site.page("en/news") and "English only" in site.page("en/news")
    id_feed = [
        e.text for e in ET.parse(site.output / "berita/atom.xml").getroot().iter(f"{ATOM}title")
    ]
    en_feed = [
        e.text for e in ET.parse(site.output / "en/news/atom.xml").getroot().iter(f"{ATOM}title")
    ]
    assert "Hanya bahasa Indonesia" in id_feed and "English only" not in id_feed
    assert "English only" in en_feed and "Hanya bahasa Indonesia" not in en_feed
    assert (site.output / "en/news/english-only/index.html").is_file()
    assert not (site.output / "berita/english-only").exists()
    # Without a translation, the switcher leads to the other language's news.
    assert '<li><a href="/berita/" hreflang="id"' in site.page("en/news/english-only")


def test_fallback_text_is_marked_indonesian(one_language_articles):
    site = one_language_articles
    html = site.page("en/mentoring-centres/gambir")
    assert "Jakpreneur Mentoring Centre" in html
    # Kecamatan names are Indonesian only: marked for screen readers.
    assert '<span lang="id">Gambir</span>' in html


def test_i18n_report_lists_what_lacks_english(site):
    site.exhibitor("kopi", summary="Hanya Indonesia.")
    site.write("content/pages/hanya.md", "Title: Hanya\nSlug: hanya\n\nIsi.\n")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/i18n_report.py"), "--settings", str(site.settings)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "data/exhibitors/kopi.yaml: summary" in result.stdout
    assert "content/pages/hanya.md: no translation (id only)" in result.stdout
