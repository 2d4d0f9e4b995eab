"""The publish build (`make publish`) of the shipped site, published under a
sub-path: fingerprinted theme files with integrity, minified and still valid
pages, precompressed siblings, a manifest that matches the files, every link
working under /fest/, and the quality gates passing on it."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import brotli
import pytest
from gates.html_scan import html_files, scan
from gates.links import check_links
from gates.markup import check_csp_ready, check_nothing_executable, check_xml_well_formed
from gates.validator import run_vnu
from host_config.policy import IMMUTABLE, MANIFEST, SHORT_LIVED, is_uploaded
from publish_pipeline.manifest import file_sha256

FINGERPRINTED = re.compile(r"^theme/(css|js)/[a-z]+\.[0-9a-f]{10}\.(css|js)$")


def all_files(output: Path) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())


def test_manifest_lists_exactly_the_files_to_upload(published_site):
    output = published_site.output
    manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    uploaded = [path for path in all_files(output) if is_uploaded(path)]
    assert sorted(manifest["files"]) == uploaded
    assert manifest["site_url"] == published_site.url
    for path, entry in manifest["files"].items():
        assert entry["sha256"] == file_sha256(output / path), path
        assert entry["size"] == (output / path).stat().st_size
    assert manifest["files"]["index.html"]["cache_control"] == SHORT_LIVED
    assert manifest["files"]["index.html"]["content_type"] == "text/html; charset=utf-8"
    theme = [path for path in manifest["files"] if path.startswith("theme/")]
    assert theme and all(FINGERPRINTED.match(path) for path in theme), theme
    assert {manifest["files"][path]["cache_control"] for path in theme} == {IMMUTABLE}
    assert not any(
        path.endswith((".br", ".gz")) or path.startswith("_") for path in manifest["files"]
    )


def test_pages_load_fingerprinted_theme_files_with_integrity(published_site):
    output, checked = published_site.output, 0
    tag = re.compile(r"<(?:link|script)\b[^>]*>")
    for page in html_files(output):
        for found in tag.findall(page.read_text(encoding="utf-8")):
            reference = re.search(r"(?:href|src)=\"?([^\s\">]+)", found)
            if not reference or "/theme/" not in reference.group(1):
                continue
            url = reference.group(1)
            relative = url.removeprefix(published_site.url + "/")
            assert FINGERPRINTED.match(relative), (page, url)
            body = (output / relative).read_bytes()
            expected = "sha384-" + base64.b64encode(hashlib.sha384(body).digest()).decode()
            assert f"integrity={expected}" in found or f'integrity="{expected}"' in found, found
            checked += 1
    assert checked > 400
    assert not (output / "theme" / "css" / "site.css").exists()


def test_pages_and_theme_files_are_minified(published_site, shipped_output):
    published = (published_site.output / "peserta/kopi-senja-tebet/index.html").read_bytes()
    plain = (shipped_output / "peserta/kopi-senja-tebet/index.html").read_bytes()
    # (Longer URLs make byte counts unfair: the sub-path site links absolutely.)
    assert plain.count(b"\n") > 50 and published.count(b"\n") <= 2
    assert published.startswith(b"<!doctype html><html lang=id><head>")
    css = next((published_site.output / "theme/css").glob("site.*.css")).read_bytes()
    assert len(css) < 0.9 * (shipped_output / "theme/css/site.css").stat().st_size


def test_minified_pages_are_valid_html(published_site):
    assert run_vnu([published_site.output]) == []


def test_every_link_works_under_the_sub_path(published_site):
    problems, checked = check_links(published_site.output, published_site.url)
    assert problems == []
    assert checked > 1000


def test_links_outside_the_sub_path_are_caught(published_site, tmp_path):
    """The gate itself: a root-relative link that ignores the sub-path is broken."""
    page = published_site.output / "tentang" / "index.html"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(
            original.replace("</main>", '<a href="/peserta/">x</a></main>'), encoding="utf-8"
        )
        problems, _ = check_links(published_site.output, published_site.url)
    finally:
        page.write_text(original, encoding="utf-8")
    assert any("'/peserta/'" in problem and "broken" in problem for problem in problems)


def test_feeds_sitemaps_and_robots_use_the_sub_path(published_site):
    output, base = published_site.output, published_site.url
    problems, count = check_xml_well_formed(output)
    assert problems == [] and count >= 4
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    parts = ET.parse(output / "sitemap.xml").findall("s:sitemap/s:loc", namespace)
    assert parts and all(part.text.startswith(base + "/sitemap-") for part in parts)
    locations = [
        loc.text for loc in ET.parse(output / "sitemap-1.xml").iter(f"{{{namespace['s']}}}loc")
    ]
    assert len(locations) > 100 and all(loc.startswith(base + "/") for loc in locations)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(output / "berita" / "atom.xml")
    links = [link.get("href") for link in feed.iter(f"{atom}link")]
    assert links and all(href.startswith(base + "/") for href in links)
    assert f"Sitemap: {base}/sitemap.xml" in (output / "robots.txt").read_text(encoding="utf-8")


def test_published_markup_is_ready_for_the_csp(published_site):
    assert check_csp_ready(published_site.output) == []
    assert check_nothing_executable(published_site.output) == []


def test_precompressed_siblings_hold_the_same_bytes(published_site):
    output, checked = published_site.output, 0
    for path in output.rglob("*.gz"):
        original = path.with_suffix("")
        assert gzip.decompress(path.read_bytes()) == original.read_bytes(), path
        assert brotli.decompress(original.with_name(original.name + ".br").read_bytes()) == (
            original.read_bytes()
        )
        assert path.read_bytes()[4:8] == b"\0\0\0\0", "gzip must carry no time stamp"
        checked += 1
    assert checked > 400
    assert (output / "index.html.br").is_file() and (output / "theme").rglob("*.css.gz")


@pytest.mark.browser
def test_published_pages_work_under_the_served_headers(published_site, browser):
    """The publish output, served under /fest/ with `_headers`: CSP, integrity
    and fingerprinted files all hold in a real browser, search included."""
    from gates.accessibility import axe_violations
    from gates.browser_checks import visit

    for path in (
        "/",
        "/peserta/kopi-senja-tebet/",
        "/en/programme/",
        "/peserta/kopi-senja-tebet/kartu/",
    ):
        page, problems = visit(browser, published_site.url, path, 390, 844)
        assert problems == [], (path, problems)
        assert axe_violations(page) == [], path
        page.context.close()
    page, problems = visit(browser, published_site.url, "/cari/", 390, 844)
    response = page.request.get(published_site.url + "/cari/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.fill("#search-query", "kopi")
    page.press("#search-query", "Enter")
    page.wait_for_selector("#search-results li")
    href = page.get_attribute("#search-results li a", "href")
    assert href.startswith("/fest/peserta/"), href
    assert problems == []
    page.context.close()


def test_scan_sees_unquoted_attributes(published_site):
    """The gates parse minified markup (unquoted attribute values) correctly."""
    scanned = scan(published_site.output / "index.html")
    assert any(tag == "link" and value.endswith(".css") for tag, _a, value, _l in scanned.urls)
