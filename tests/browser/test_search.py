"""The search pages in Debian's Chromium: Pagefind's index of the static
output answers by name and by description, every filter narrows the
results, hostile record text stays text, the page says what to do without
JavaScript, it keeps to its JavaScript budget, works under the site's
Content-Security-Policy, and passes axe with results on screen.

JavaScript budget of the search page (uncompressed bytes, as fetched to
answer one query): our theme/js/search.js at most 10 KB, and Pagefind's
runtime (pagefind.js, its worker and its WebAssembly) at most 200 KB, fetched
only once the visitor reaches the form; every other page loads no script."""

from __future__ import annotations

import gzip
import json
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, FixtureSite, serve
from gates.accessibility import axe_violations
from gates.browser_checks import visit
from gates.html_scan import html_files, scan
from host_config.policy import CONTENT_SECURITY_POLICY
from search import indexer
from search.bundle_cache import BundleCache
from search.indexer import SearchIndexError, build_index
from search.shards import SearchablePages
from theme_i18n.catalogs import load_translations

pytestmark = pytest.mark.browser

SEARCH_JS_BUDGET = 10 * 1024
PAGEFIND_RUNTIME_BUDGET = 200 * 1024
ONE_QUERY_BUDGET = 250 * 1024  # all fetched for one query on the shipped data, index included
HOSTILE = "<img src=x onerror=alert(1)>"
FILTERS = ("category", "kecamatan", "kota", "kind")
# The kind of page of an exhibitor, as the Indonesian index names it.
EXHIBITOR = load_translations(str(ROOT / "theme" / "translations"), "id").gettext("Exhibitor")


# -- driving the search page ---------------------------------------------------------


def open_search(browser, base_url, path="/cari/", width=390, height=844):
    page, problems = visit(browser, base_url, path, width, height)
    page.wait_for_selector("form.search-form")  # shown once the script runs
    return page, problems


def search(page, query="", **filters) -> int:
    """Run one search (words and filters set at once, then Enter); return the
    number of results the page announces."""
    page.evaluate(
        """([query, filters]) => {
             const form = document.querySelector('form.search-form');
             form.elements.q.value = query;
             for (const select of form.querySelectorAll('select')) select.value = filters[select.name] || '';
             document.getElementById('search-status').textContent = ''; }""",
        [query, filters],
    )
    page.press("#search-query", "Enter")
    wait_until(
        page,
        """() => { const s = document.getElementById('search-status').textContent;
                   return s && s !== document.querySelector('form').dataset.textSearching; }""",
    )
    status = page.text_content("#search-status")
    found = re.search(r"[0-9][0-9.,]*", status)
    return int(re.sub(r"[.,]", "", found.group(0))) if found else 0


def wait_until(page, predicate: str, timeout: float = 15.0) -> None:
    """Poll `predicate` in the page. Playwright's wait_for_function evaluates
    a string, which the site's CSP (no 'unsafe-eval') rightly refuses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"timed out waiting for {predicate}"
        page.wait_for_timeout(25)


def results(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#search-results li",
        """items => items.map(li => ({
             name: li.querySelector('a').textContent,
             href: li.querySelector('a').getAttribute('href'),
             meta: li.querySelector('.card-meta').textContent,
             excerpt: li.querySelector('.card-summary').textContent}))""",
    )


def filter_options(page, name) -> list[str]:
    return page.eval_on_selector_all(
        f"#search-{name} option", "os => os.map(o => o.value).filter(v => v)"
    )


def index_filters(page, bundle="/pagefind/id-1/") -> dict:
    """The filter values the loaded index holds, merged over its shards."""
    return page.evaluate(f"async () => (await import('{bundle}pagefind.js')).filters()")


# -- the shipped site ---------------------------------------------------------------


def test_finds_an_exhibitor_by_name(shipped_server, browser):
    page, problems = open_search(browser, shipped_server)
    assert search(page, "Kopi Senja") >= 1
    first = results(page)[0]
    assert first["name"] == "Kopi Senja Tebet"
    assert first["href"] == "/peserta/kopi-senja-tebet/"
    assert first["meta"] == "Kuliner · Tebet"
    assert problems == []
    page.context.close()


def test_finds_an_exhibitor_by_a_word_of_its_description(shipped_server, browser):
    page, problems = open_search(browser, shipped_server)
    search(page, "teras")  # "Berawal dari teras rumah, ..." (description only)
    assert "/peserta/kopi-senja-tebet/" in [r["href"] for r in results(page)]
    page.context.close()
    page, more = open_search(browser, shipped_server, "/en/search/")
    search(page, "porch")  # "Started on a front porch, ..."
    found = results(page)
    assert "/en/exhibitors/kopi-senja-tebet/" in [r["href"] for r in found]
    assert all(r["href"].startswith("/en/") for r in found)  # the English index only
    assert problems + more == []
    page.context.close()


@pytest.mark.parametrize(
    "name,value",
    [("category", "Kuliner"), ("kecamatan", "Tebet"), ("kota", "Jakarta Selatan"),
     ("kind", EXHIBITOR)],
)  # fmt: skip
def test_each_filter_narrows_the_results(shipped_server, browser, name, value):
    page, problems = open_search(browser, shipped_server)
    everything = search(page, "jakarta")  # every exhibitor and centre names its kota
    narrowed = search(page, "jakarta", **{name: value})
    assert 0 < narrowed < everything
    if name in ("category", "kecamatan"):  # shown on each result
        assert all(value in r["meta"] for r in results(page))
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("path,lang", [("/cari/", "id"), ("/en/search/", "en")])
def test_the_filters_offer_what_the_index_holds(shipped_server, browser, path, lang):
    page, problems = open_search(browser, shipped_server, path)
    search(page, "jakarta")  # loads the index
    held = index_filters(page, f"/pagefind/{lang}-1/")
    for name in FILTERS:
        assert sorted(filter_options(page, name)) == sorted(held[name]), name
    assert problems == []
    page.context.close()


def test_filters_without_words_point_to_the_browsing_pages(shipped_server, browser):
    page, problems = open_search(browser, shipped_server)
    assert search(page, category="Kuliner") == 0
    words = page.evaluate("document.querySelector('form').dataset.textWords")
    assert page.text_content("#search-status") == words
    assert results(page) == []
    assert problems == []
    page.context.close()


def test_results_page_through_with_show_more(shipped_server, browser):
    page, _ = open_search(browser, shipped_server)
    total = search(page, "jakarta")
    assert total > 10 and len(results(page)) == 10
    page.click("#search-more")
    wait_until(
        page, f"() => document.querySelectorAll('#search-results li').length == {min(20, total)}"
    )
    assert page.evaluate("document.activeElement.closest('li') !== null")  # focus moved on
    page.context.close()


def test_the_search_is_kept_in_the_address(shipped_server, browser):
    page, problems = open_search(browser, shipped_server, "/cari/?q=kopi&category=Kuliner")
    page.wait_for_selector("#search-results li")
    assert page.input_value("#search-query") == "kopi"
    assert page.input_value("#search-category") == "Kuliner"
    assert [r["name"] for r in results(page)] == ["Kopi Senja Tebet"]
    assert problems == []
    page.context.close()


def test_without_javascript_it_says_so_and_links_to_browsing(shipped_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(shipped_server + "/cari/")
    assert "JavaScript" in page.locator("main .notice").inner_text()
    assert not page.is_visible("form.search-form")
    links = page.eval_on_selector_all(".facet-nav a", "as => as.map(a => a.getAttribute('href'))")
    assert links == ["/peserta/kategori/", "/peserta/kecamatan/", "/peserta/kota/", "/peserta/a-z/"]
    assert all(page.is_visible(f".facet-nav a[href='{href}']") for href in links)
    context.close()


def test_javascript_budget_for_one_query(shipped_server, shipped_output, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    fetched = []  # the page's requests and its worker's
    context.on("requestfinished", lambda request: fetched.append(request.url))
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.goto(shipped_server + "/cari/")
    page.wait_for_selector("form.search-form")
    assert not any("/pagefind/" in url for url in fetched)  # nothing until the form is used
    search(page, "kopi")
    files = {shipped_output / urlsplit(url).path.lstrip("/") for url in fetched}
    sizes = {path.name: path.stat().st_size for path in files if path.is_file()}
    runtime = {
        n: s for n, s in sizes.items() if n.endswith((".js", ".pagefind")) and n != "search.js"
    }
    print(
        f"search.js {sizes['search.js']} B; Pagefind runtime {runtime}; all {sum(sizes.values())} B"
    )
    assert sizes["search.js"] <= SEARCH_JS_BUDGET
    assert {"pagefind.js", "pagefind-worker.js", "wasm.id.pagefind"} <= set(runtime)
    assert sum(runtime.values()) <= PAGEFIND_RUNTIME_BUDGET
    assert sum(sizes.values()) <= ONE_QUERY_BUDGET
    assert problems == []
    context.close()


def test_no_other_page_loads_javascript(shipped_output):
    search_pages = {"cari/index.html", "en/search/index.html"}
    for path in html_files(shipped_output):
        relative = path.relative_to(shipped_output).as_posix()
        scripts = scan(path).script_sources
        if relative in search_pages:
            assert scripts == ["/theme/js/search.js"], relative
        else:
            assert scripts == [], relative


def test_works_under_the_sites_content_security_policy(shipped_server, browser):
    """The test server sends the build's `_headers`: the page runs under the
    very policy production serves, with no 'unsafe-inline' or 'unsafe-eval'."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    response = page.goto(shipped_server + "/cari/")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page.fill("#search-query", "kopi")
    page.press("#search-query", "Enter")
    page.wait_for_selector("#search-results li")
    assert results(page)[0]["name"] == "Kopi Senja Tebet"
    assert problems == []
    context.close()


@pytest.mark.parametrize("width,height", [(320, 640), (1366, 900)], ids=str)
@pytest.mark.parametrize("path,query", [("/cari/", "kopi"), ("/en/search/", "coffee")])
def test_search_page_with_results_passes_axe(shipped_server, browser, path, query, width, height):
    page, problems = open_search(browser, shipped_server, path, width, height)
    assert search(page, query) >= 1
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"scrolls sideways: {scroll}px"
    assert axe_violations(page) + problems == []
    page.context.close()


# -- a site with hostile data, its index split into several shards ------------------


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """Five exhibitors, at most two per shard: three shards per language,
    merged in the browser. One exhibitor's name and summary are hostile."""
    site = FixtureSite(tmp_path_factory.mktemp("search") / "site")
    site.write_settings(SEARCH_SHARD_EXHIBITORS=2)
    site.exhibitor("jahat", name=f"'{HOSTILE}'", summary=f"'Awas {HOSTILE} berbahaya.'")
    site.exhibitor("kopi-gambir", name="Kopi Gambir", kecamatan="gambir")
    site.exhibitor("batik-tebet", name="Batik Tebet", category="fesyen")
    site.exhibitor("roti-koja", name="Roti Koja", kecamatan="koja")
    site.exhibitor("sambal-cakung", name="Sambal Cakung", kecamatan="cakung")
    site.build()
    server = serve(site.output)
    yield site, server.url
    server.shutdown()
    server.server_close()


def test_a_sharded_index_is_searched_as_one(sharded, browser):
    site, url = sharded
    bundles = site.page("cari").split('data-bundles="', 1)[1].split('"', 1)[0].split()
    assert bundles == ["/pagefind/id-1/", "/pagefind/id-2/", "/pagefind/id-3/"]
    counts = [
        json.loads((site.output / b.strip("/") / "pagefind-entry.json").read_text())["languages"]
        for b in bundles
    ]
    assert all(set(c) == {"id"} and c["id"]["page_count"] > 0 for c in counts)
    assert not (site.output / "pagefind/id-2/pagefind.js").exists()  # merged into id-1's
    page, problems = open_search(browser, url)
    assert search(page, "jakarta", kind=EXHIBITOR) == 5  # each names its kota
    assert index_filters(page)["kind"][EXHIBITOR] == 5  # counted over the shards
    assert search(page, "jakarta", category="Kuliner") == 4
    names = {r["name"] for r in results(page)}
    assert names == {HOSTILE, "Kopi Gambir", "Roti Koja", "Sambal Cakung"}
    assert problems == []
    page.context.close()


def test_hostile_names_in_results_stay_text(sharded, browser):
    site, url = sharded
    page, problems = open_search(browser, url)
    assert search(page, "onerror") == 1
    [found] = results(page)
    assert found["name"] == HOSTILE
    assert found["href"] == "/peserta/jahat/"
    assert HOSTILE in found["excerpt"]
    assert page.locator("#search-results img").count() == 0
    assert page.locator("#search-results mark").count() >= 1  # the match, as an element
    page.wait_for_timeout(300)  # an onerror handler would have run by now
    assert problems == []  # no dialog, no error
    page.context.close()


def test_index_holds_only_the_pages_meant_for_search(sharded):
    site, _ = sharded
    for lang in ("id", "en"):
        total = 0
        for number in (1, 2, 3):
            entry = site.output / f"pagefind/{lang}-{number}/pagefind-entry.json"
            total += json.loads(entry.read_text())["languages"][lang]["page_count"]
        # 5 exhibitors, the partners, 44 centres; the fixture has no events, news or pages.
        partners = len(list(Path(site.data, "partners").glob("*.yaml")))
        assert total == 5 + partners + 44


# -- which pages the index holds ---------------------------------------------------


def indexed_text(output: Path, bundle: str, url: str) -> str:
    """The text the bundle holds for the page at `url` (its fragment)."""
    for path in (output / bundle / "fragment").glob("*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        if fragment["url"] == url:
            return fragment["content"]
    raise AssertionError(f"{bundle} holds no page {url}")


def test_the_index_holds_a_records_words_and_not_the_pages_labels(shipped_output):
    # Labels repeated on every exhibitor's page would match every exhibitor,
    # and Pagefind holds each page's words in memory while it indexes.
    text = indexed_text(shipped_output, "pagefind/id-1", "/peserta/kopi-senja-tebet/")
    assert "Kopi Senja Tebet" in text and "Kuliner" in text and "Tebet" in text
    for label in ("Kategori", "Kartu stan untuk dicetak", "Tentang", "Produk", "Label:"):
        assert label not in text, label


def test_only_records_and_markdown_pages_are_searchable():
    pages = SearchablePages(["id", "en"])
    for url, lang in [("peserta/kopi-senja/", "id"), ("en/exhibitors/kopi-senja/", "en"),
                      ("mitra/shopee/", "id"), ("pusat-pendampingan/gambir/", "id"),
                      ("agenda/malam-apresiasi/", "id"), ("en/news/malam/", "en"),
                      ("tentang/", "id"), ("en/join/", "en")]:  # fmt: skip
        assert pages.language(url) == lang, url
    for url in ["", "en/", "peserta/", "peserta/page/2/", "peserta/kategori/", "peserta/a-z/",
                "peserta/kategori/kuliner/", "peserta/a-z/k/", "peserta/kopi/kartu/",
                "en/exhibitors/kopi/card/", "berita/", "berita/page/2/", "cari/", "en/search/",
                "mitra/", "agenda/"]:  # fmt: skip
        assert pages.language(url) is None, url


PAGE_BODY = '<!DOCTYPE html><html lang="id"><body><main{}><h1>{}</h1></main></body></html>'


def write_pages(site: Path, marked: dict[str, bool]) -> list[str]:
    for slug, is_marked in marked.items():
        (site / "peserta" / slug).mkdir(parents=True)
        text = PAGE_BODY.format(" data-pagefind-body" if is_marked else "", slug)
        (site / "peserta" / slug / "index.html").write_text(text)
    return [f"peserta/{slug}/index.html" for slug in marked]


def test_a_page_without_its_search_marking_stops_the_build(tmp_path):
    pages = write_pages(tmp_path / "site", {"kopi": True, "roti": False})
    with pytest.raises(SearchIndexError, match="indexed 1 of 2 pages"):
        build_index(tmp_path / "site", {"pagefind/id-1/": pages})


class RunsAtOnce:
    """Wraps the Pagefind run and counts how many go at once."""

    def __init__(self, run):
        self.run, self.lock, self.now, self.most = run, threading.Lock(), 0, 0

    def __call__(self, *args):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            time.sleep(0.2)  # long enough for a second worker to begin its own run
            return self.run(*args)
        finally:
            with self.lock:
                self.now -= 1


@pytest.mark.parametrize("workers", [1, 2])
def test_bundles_are_indexed_by_as_many_runs_at_once_as_workers(tmp_path, monkeypatch, workers):
    site = tmp_path / "site"
    pages = write_pages(site, {f"usaha-{number}": True for number in range(4)})
    runs = RunsAtOnce(indexer.run_binary)
    monkeypatch.setattr(indexer, "run_binary", runs)
    shards = {f"pagefind/id-{n}/": pages[n - 1 :: 2] for n in (1, 2)}
    shards |= {f"pagefind/en-{n}/": pages[n - 1 :: 2] for n in (1, 2)}
    reports = build_index(site, shards, workers=workers)
    assert [r.bundle for r in reports] == list(shards)  # in the order asked
    assert runs.most == workers
    for name in shards:
        entry = json.loads((site / name / "pagefind-entry.json").read_text())
        assert entry["languages"][name.split("/")[1][:2]]["page_count"] == 2


class KeyedAfterARunBegan(BundleCache):
    """Takes the key of `last` only once a Pagefind run has begun (or 10 s
    have passed), and notes which."""

    def __init__(self, folder, last: str, began: threading.Event):
        super().__init__(folder)
        self.last, self.began, self.run_had_begun = last, began, None

    def key(self, name, *args, **kwargs):
        if name == self.last:
            self.run_had_begun = self.began.wait(timeout=10)
        return super().key(name, *args, **kwargs)


def test_a_missing_bundle_is_indexed_while_the_next_bundles_are_keyed(tmp_path, monkeypatch):
    site = tmp_path / "site"
    pages = write_pages(site, {"kopi": True, "teh": True})
    began, run = threading.Event(), indexer.run_binary

    def run_noted(*args):
        began.set()
        return run(*args)

    monkeypatch.setattr(indexer, "run_binary", run_noted)
    shards = {"pagefind/id-1/": pages[:1], "pagefind/id-2/": pages[1:]}
    cache = KeyedAfterARunBegan(tmp_path / "cache", "pagefind/id-2/", began)
    reports = build_index(site, shards, cache=cache, workers=1)
    assert cache.run_had_begun
    assert [(r.bundle, r.pages, r.cached) for r in reports] == [
        ("pagefind/id-1/", 1, False), ("pagefind/id-2/", 1, False)
    ]  # fmt: skip


def test_a_failing_bundle_among_concurrent_runs_stops_the_build_and_names_it(tmp_path):
    site = tmp_path / "site"
    good = write_pages(site, {"kopi": True, "teh": True, "roti": True})
    bad = write_pages(site, {"sate": False})
    shards = {"pagefind/id-1/": good[:2], "pagefind/id-2/": [good[2], *bad],
              "pagefind/id-3/": good[:1], "pagefind/id-4/": good[1:2]}  # fmt: skip
    with pytest.raises(SearchIndexError, match=r"pagefind/id-2/: Pagefind indexed 1 of 2"):
        build_index(site, shards, workers=2)
