"""`make devserver` picks up an editor's change, shows a data error in the
terminal and on the open page, and keeps serving the last good build."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import FIXED_EPOCH, ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out waiting for the devserver")


@pytest.fixture
def devserver(site):
    site.exhibitor("kopi-senja", name="Kopi Senja")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "devserver.py"), "--settings", str(site.settings),
         "--port", str(port)],
        cwd=site.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: json.loads(fetch(base + "/__devserver/status"))["generation"] >= 1)
        yield site, base, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def status(base):
    return json.loads(fetch(base + "/__devserver/status"))


def test_devserver_rebuilds_on_change_and_survives_bad_data(devserver):
    site, base, process = devserver
    page = fetch(base + "/peserta/kopi-senja/")
    assert "Kopi Senja" in page and "/__devserver/reload.js" in page
    assert "__devserver" not in (site.output / "peserta/kopi-senja/index.html").read_text()

    site.exhibitor("kopi-senja", name="Kopi Senja Baru")
    wait_for(lambda: "Kopi Senja Baru" in fetch(base + "/peserta/kopi-senja/"))

    site.exhibitor("kopi-senja", name="Kopi Senja Rusak", kecamatan="gambirr")
    error = wait_for(lambda: status(base)["error"])
    assert "kopi-senja.yaml:3: kecamatan: 'gambirr'" in error
    assert "Kopi Senja Baru" in fetch(base + "/peserta/kopi-senja/")  # still the last good build

    site.exhibitor("kopi-senja", name="Kopi Senja Pulih")
    wait_for(lambda: "Kopi Senja Pulih" in fetch(base + "/peserta/kopi-senja/"))
    wait_for(lambda: status(base)["error"] is None)
    assert process.poll() is None
    assert fetch(base + "/peserta/kopi-senja/").count("reload.js") == 1


@pytest.mark.browser
def test_open_page_reloads_itself_and_shows_errors(devserver, browser):
    site, base, _process = devserver
    page = browser.new_page()
    page.goto(base + "/peserta/kopi-senja/")
    page.wait_for_timeout(1500)  # let the page read the current build number
    site.exhibitor("kopi-senja", name="Kopi Senja Rusak", kecamatan="gambirr")
    page.wait_for_selector("#devserver-problems", timeout=60000)
    assert "gambirr" in page.inner_text("#devserver-problems")
    site.exhibitor("kopi-senja", name="Kopi Senja Dimuat Ulang")
    page.wait_for_selector("h1:has-text('Kopi Senja Dimuat Ulang')", timeout=60000)
    page.close()
