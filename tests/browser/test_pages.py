"""The shipped site in Debian's Chromium at phone and desktop widths: no
console errors, failed requests, other origins or sideways scrolling; zero
axe-core violations of WCAG 2.1 A and AA; a keyboard reaches and visibly
focuses every control."""

from __future__ import annotations

import pytest
from gates.accessibility import axe_violations
from gates.browser_checks import keyboard_problems, visit

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "exhibitor listing": "/peserta/",
    "exhibitor": "/peserta/kopi-senja-tebet/",
    "booth card": "/peserta/kopi-senja-tebet/kartu/",
    "facet": "/peserta/kategori/kuliner/",
    "A-Z index": "/peserta/a-z/",
    "A-Z letter": "/peserta/a-z/k/",
    "centres": "/pusat-pendampingan/",
    "centre": "/pusat-pendampingan/gambir/",
    "partners": "/mitra/",
    "agenda": "/agenda/",
    "event": "/agenda/malam-apresiasi-2021/",
    "news": "/berita/",
    "article": "/berita/malam-apresiasi-jakpreneur-fest-2021/",
    "about": "/tentang/",
    "faq": "/faq/",
    "join": "/bergabung/",
    "search": "/cari/",
    "404": "/404.html",
    "en home": "/en/",
    "en exhibitor listing": "/en/exhibitors/",
    "en exhibitor": "/en/exhibitors/kopi-senja-tebet/",
    "en booth card": "/en/exhibitors/kopi-senja-tebet/card/",
    "en facet": "/en/exhibitors/kecamatan/tebet/",
    "en A-Z index": "/en/exhibitors/a-z/",
    "en centre": "/en/mentoring-centres/gambir/",
    "en agenda": "/en/programme/",
    "en article": "/en/news/malam-apresiasi-jakpreneur-fest-2021/",
    "en about": "/en/about/",
    "en search": "/en/search/",
}
WIDTHS = [(320, 640), (390, 844), (1366, 900)]


@pytest.mark.parametrize("width,height", WIDTHS, ids=lambda v: str(v))
@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly_and_passes_axe(shipped_server, browser, name, width, height):
    page, problems = visit(browser, shipped_server, PAGES[name], width, height)
    problems += axe_violations(page)
    page.context.close()
    assert problems == []


@pytest.mark.parametrize("name", PAGES)
def test_keyboard_reaches_and_shows_every_control(shipped_server, browser, name):
    page, problems = visit(browser, shipped_server, PAGES[name], 390, 844)
    assert problems == []
    assert keyboard_problems(page) == []
    page.context.close()


def test_skip_link_is_first_and_leads_to_main(shipped_server, browser):
    page, _ = visit(browser, shipped_server, "/peserta/", 390, 844)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside main, past the header
    assert page.evaluate("document.activeElement.closest('main') !== null")
    page.context.close()
