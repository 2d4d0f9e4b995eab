"""The shipped site in Debian's Chromium: pages load at phone and desktop
widths without console errors, failed requests or other origins."""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import FIXED_EPOCH, PELICAN, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
PAGES = ["/", "/peserta/", "/peserta/kopi-senja-tebet/", "/peserta/kategori/kuliner/",
         "/peserta/a-z/k/", "/pusat-pendampingan/gambir/", "/mitra/", "/404.html"]  # fmt: skip
WIDTHS = [(320, 640), (390, 844), (1366, 900)]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    output = tmp_path_factory.mktemp("browser") / "output"
    subprocess.run(
        [str(PELICAN), "content", "-s", "pelicanconf.py", "-o", str(output), "--fatal", "errors"],
        cwd=ROOT, check=True, capture_output=True, env={"SOURCE_DATE_EPOCH": FIXED_EPOCH,
                                                        "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    handler = functools.partial(QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    assert shutil.which(CHROMIUM), "Debian's chromium is missing: run `make system-deps`"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("width,height", WIDTHS)
def test_pages_load_cleanly_at_every_width(served, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on(
        "request", lambda r: r.url.startswith(served) or problems.append(f"other origin: {r.url}")
    )
    for path in PAGES:
        response = page.goto(served + path)
        assert response.status == 200, path
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{path} scrolls sideways at {width}px ({scroll}px)"
    context.close()
    assert problems == []


def test_skip_link_is_first_and_leads_to_main(served, browser):
    page = browser.new_page()
    page.goto(served + "/peserta/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()
