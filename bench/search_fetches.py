"""What a visitor's browser fetches to answer one search, and how long it
waits, on a built site (the search index sharded as the site's settings say).

    python bench/search_fetches.py bench/work/50000/html/output
    python bench/search_fetches.py OUTPUT --query "kopi" --path /en/search/ --latency 150 --mbps 1.6
    python bench/search_fetches.py OUTPUT --reshard 10000   # as if bundles held 10,000 exhibitors

Serves OUTPUT on 127.0.0.1 (Python's http.server: no compression, as the
Pagefind files are already gzipped), opens the search page in Debian's
Chromium, and runs the query twice: once with the network throttled as a
phone's (Chromium's own emulation: a round trip of --latency ms, --mbps
down), once unthrottled. Prints, for each, the requests the query made
(the page's and its worker's), their bytes by kind, and the seconds from
Enter to the results shown.

--reshard N first indexes the search page's language again in bundles of N
exhibitors (the search plugin's own shard rule and indexer), into a
temporary copy of the site that links every other file to OUTPUT: to
compare what visitors fetch at two bundle sizes on the same pages.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=folder)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def kind_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if name.endswith((".js", ".pagefind")):
        return "runtime"
    for suffix, kind in ((".pf_meta", "metadata"), (".pf_index", "index"),
                         (".pf_fragment", "fragments"), (".pf_filter", "filters"),
                         ("pagefind-entry.json", "entries")):  # fmt: skip
        if name.endswith(suffix):
            return kind
    return "other"


def one_query(browser, base: str, output: Path, path: str, query: str, network: dict | None):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    fetched: list[str] = []
    context.on("requestfinished", lambda request: fetched.append(request.url))
    page = context.new_page()
    if network:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", {"offline": False, **network})
    page.goto(base + path)
    page.wait_for_selector("form.search-form")
    fetched.clear()
    page.fill("#search-query", query)
    started = time.monotonic()
    page.press("#search-query", "Enter")
    page.wait_for_selector("#search-results li", timeout=120_000)
    seconds = time.monotonic() - started
    status = page.text_content("#search-status")
    context.close()
    sizes: Counter = Counter()
    counts: Counter = Counter()
    for url in fetched:
        file = output / urlsplit(url).path.lstrip("/")
        kind = kind_of(file.name)
        counts[kind] += 1
        sizes[kind] += file.stat().st_size if file.is_file() else 0
    return seconds, status, counts, sizes


def resharded(output: Path, path: str, per_shard: int, folder: Path) -> Path:
    """A copy of `output` in `folder` whose search page (`path`) uses bundles
    of `per_shard` exhibitors, indexed from `output`'s pages."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from directory import urls
    from search import shards
    from search.indexer import build_index

    page = path.strip("/")
    for entry in output.iterdir():
        if entry.name not in (shards.BUNDLES, page.split("/")[0]):
            os.symlink(entry, folder / entry.name)
    html = (output / page / "index.html").read_text(encoding="utf-8")
    lang = re.search(r'<html lang="([a-z]+)', html)[1]
    searchable = [str(file.relative_to(output)) for file in output.rglob("index.html")
                  if b"data-pagefind-body" in file.read_bytes()]  # fmt: skip
    section = urls.section("exhibitors", lang)
    exhibitors = sum(name.startswith(section) for name in searchable)
    count = shards.shard_count(exhibitors, per_shard)
    planned = shards.plan(searchable, [lang], {lang: count})
    build_index(folder, planned, workers=2, path_of=lambda name: str(output / name))
    bundles = " ".join(f"/{bundle}" for bundle in planned)
    (folder / page).mkdir(parents=True)
    html = re.sub(r'data-bundles="[^"]*"', f'data-bundles="{bundles}"', html)
    (folder / page / "index.html").write_text(html, encoding="utf-8")
    return folder


def report(label: str, seconds: float, status: str, counts: Counter, sizes: Counter) -> None:
    parts = ", ".join(
        f"{kind} {counts[kind]} ({sizes[kind] / 1024:,.0f} KB)" for kind in sorted(counts)
    )
    print(f"{label}: {sum(counts.values())} requests, {sum(sizes.values()) / 1024:,.0f} KB, "
          f"results after {seconds:.2f} s ({status.strip()})\n  {parts}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--path", default="/cari/")
    parser.add_argument("--query", default="kopi")
    parser.add_argument("--latency", type=float, default=150, help="round trip, ms")
    parser.add_argument("--mbps", type=float, default=1.6, help="download, megabits a second")
    parser.add_argument("--reshard", type=int, metavar="N", help="bundles of N exhibitors")
    args = parser.parse_args()
    output = args.output.resolve()
    with tempfile.TemporaryDirectory(dir=output.parent) as folder:
        if args.reshard:
            output = resharded(output, args.path, args.reshard, Path(folder))
        measure(output, args)


def measure(output: Path, args) -> None:
    page_html = (output / args.path.strip("/") / "index.html").read_text(encoding="utf-8")
    bundles = page_html.split('data-bundles="', 1)[1].split('"', 1)[0].split()
    print(f"{output}: {len(bundles)} bundles on {args.path}; query {args.query!r}")
    server = serve(output)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    throttled = {"latency": args.latency, "downloadThroughput": args.mbps * 1e6 / 8,
                 "uploadThroughput": 0.75e6 / 8}  # fmt: skip
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            label = f"throttled ({args.latency:.0f} ms, {args.mbps} Mbit/s)"
            report(label, *one_query(browser, base, output, args.path, args.query, throttled))
            report("unthrottled", *one_query(browser, base, output, args.path, args.query, None))
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
