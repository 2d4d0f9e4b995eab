"""The gates over every page of the shipped site: valid HTML (vnu), well-formed
XML, no broken link, asset or fragment, no page that nothing links to, markup
ready for a strict CSP, and light pages."""

from __future__ import annotations

from gates.html_scan import html_files
from gates.links import check_links
from gates.markup import check_csp_ready, check_nothing_executable, check_xml_well_formed
from gates.validator import run_vnu
from gates.weight import page_weight

PAGE_BUDGET = 60 * 1024  # HTML + CSS + JS, uncompressed, images aside
SCRIPT_BUDGET = 20 * 1024
IMAGE_BUDGET = 150 * 1024  # per page, counted apart from the page budget


def test_every_html_page_is_valid(shipped_output):
    pages = html_files(shipped_output)
    assert len(pages) > 150
    assert run_vnu([shipped_output]) == []
    print(f"vnu: {len(pages)} pages, 0 errors")


def test_feeds_and_sitemaps_are_well_formed(shipped_output):
    problems, count = check_xml_well_formed(shipped_output)
    assert count >= 2 and problems == []


def test_no_broken_links_and_no_orphans(shipped_output):
    problems, checked = check_links(shipped_output)
    assert problems == []
    assert checked > 1000
    print(f"links: {checked} checked, 0 broken")


def test_markup_is_ready_for_a_strict_csp(shipped_output):
    assert check_csp_ready(shipped_output) == []
    assert check_nothing_executable(shipped_output) == []


def test_page_weight_budgets(shipped_output):
    for url in ("/", "/peserta/kopi-senja-tebet/", "/agenda/", "/berita/", "/en/",
                "/en/exhibitors/kopi-senja-tebet/"):  # fmt: skip
        weight = page_weight(shipped_output, url)
        print(f"weight {url}: {weight}")
        assert weight["html"] + weight["css"] + weight["js"] < PAGE_BUDGET, (url, weight)
    for path in html_files(shipped_output):
        url = "/" + path.relative_to(shipped_output).as_posix()
        weight = page_weight(shipped_output, url)
        assert weight["js"] <= SCRIPT_BUDGET, url
        assert weight["images"] <= IMAGE_BUDGET, (url, weight)
