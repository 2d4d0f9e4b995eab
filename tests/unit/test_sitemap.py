"""The sitemap's XML: URLs escaped exactly as the standard library escapes
them, though most need nothing (the check comes first)."""

from __future__ import annotations

from xml.dom import minidom
from xml.sax.saxutils import escape, quoteattr

import pytest
from site_files.sitemap import _attribute, _text, twins_together, write_sitemaps


@pytest.mark.parametrize("value", [
    "https://fest.example/peserta/kopi/", "a&b", "<x>", 'say "hi"', "it's", "tab\there",
    "line\nbreak", "cr\rhere", "kopi-ñ/é", "",
])  # fmt: skip
def test_urls_are_escaped_as_the_standard_library_does(value):
    assert _text(value) == escape(value)
    assert _attribute(value) == quoteattr(value)


def test_a_sitemap_with_awkward_urls_is_well_formed_and_keeps_them(tmp_path):
    pages = {
        "a&b/": {"id": "a&b/", "en": 'en/"q"/'},
        'en/"q"/': {"id": "a&b/", "en": 'en/"q"/'},
        "plain/": {},
    }
    names = write_sitemaps(tmp_path, "https://fest.example/", pages, per_file=2)
    assert names == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
    locations = []
    for name in names[1:]:
        document = minidom.parse(str(tmp_path / name))
        locations += [node.firstChild.data for node in document.getElementsByTagName("loc")]
        hrefs = [node.getAttribute("href") for node in document.getElementsByTagName("xhtml:link")]
        assert set(hrefs) <= {"https://fest.example/a&b/", 'https://fest.example/en/"q"/'}
    assert sorted(locations) == sorted(f"https://fest.example/{url}" for url in pages)


def test_twins_stand_side_by_side_each_with_its_own_links(tmp_path):
    home = {"id": "", "en": "en/"}
    agenda = {"id": "agenda/", "en": "en/programme/"}
    pages = {"en/programme/": dict(agenda), "": home, "plain/": {}, "en/": dict(home),
             "agenda/": agenda}  # fmt: skip
    assert twins_together(pages) == ["", "en/", "agenda/", "en/programme/", "plain/"]
    write_sitemaps(tmp_path, "https://fest.example/", pages, per_file=10)
    document = minidom.parse(str(tmp_path / "sitemap-1.xml"))
    base = "https://fest.example/"
    for node in document.getElementsByTagName("url"):
        url = node.getElementsByTagName("loc")[0].firstChild.data.removeprefix(base)
        links = {link.getAttribute("hreflang"): link.getAttribute("href").removeprefix(base)
                 for link in node.getElementsByTagName("xhtml:link")}  # fmt: skip
        expected = {**pages[url], "x-default": pages[url]["id"]} if pages[url] else {}
        assert links == expected, url
