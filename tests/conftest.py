"""Shared test helpers: a fixture site built from a copy of the real
vocabularies, centres and festival file plus the exhibitors a test writes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

PELICAN = Path(sys.executable).with_name("pelican")
# 2026-01-01 00:00 UTC: a fixed "now" so that tests do not age.
FIXED_EPOCH = "1767225600"
FIXED_NOW = dt.datetime.fromtimestamp(int(FIXED_EPOCH), dt.UTC)


class FixtureSite:
    """A throwaway project: data/, content/ and a settings file in tmp_path."""

    def __init__(self, root: Path):
        self.root = root
        self.data = root / "data"
        self.content = root / "content"
        self.output = root / "output"
        shutil.copytree(ROOT / "data" / "vocab", self.data / "vocab")
        shutil.copytree(ROOT / "data" / "centres", self.data / "centres")
        shutil.copytree(ROOT / "data" / "partners", self.data / "partners")
        self.write_festival_without_featured()
        (self.data / "exhibitors").mkdir()
        for folder in ("images", "news", "pages", "extra"):
            (self.content / folder).mkdir(parents=True)
        shutil.copy(ROOT / "content" / "extra" / "favicon.svg", self.content / "extra")
        self.settings = root / "settings.py"
        self.write_settings()

    def write_festival_without_featured(self) -> None:
        """The real festival.yaml, less its `featured:` list of real sample slugs."""
        text = (ROOT / "data" / "festival.yaml").read_text(encoding="utf-8")
        kept = text[: text.index("\nfeatured:")].rsplit("\n", 1)[0] + "\n"
        (self.data / "festival.yaml").write_text(kept, encoding="utf-8")

    def write_settings(self, **overrides) -> None:
        lines = [
            "import sys",
            f"sys.path.insert(0, {str(ROOT)!r})",
            "from pelicanconf import *  # noqa",
            f"PATH = {str(self.content)!r}",
            f"DATA_PATH = {str(self.data)!r}",
            f"CONTENT_IMAGES_PATH = {str(self.content / 'images')!r}",
            f"OUTPUT_PATH = {str(self.output)!r}",
            f"THEME = {str(ROOT / 'theme')!r}",
            f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]",
        ]
        lines += [f"{key} = {value!r}" for key, value in overrides.items()]
        self.settings.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def write(self, relative: str, text: str) -> Path:
        """Write a data or content file (text is dedented)."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def exhibitor(self, slug: str, extra: str = "", **fields) -> Path:
        """A valid exhibitor file, with `fields` replacing defaults and
        `extra` (YAML lines) appended."""
        values = {"name": slug.replace("-", " ").title(), "category": "kuliner",
                  "kecamatan": "tebet", "summary": "Contoh usaha.", "sample": "true"}  # fmt: skip
        values.update(fields)
        body = "".join(f"{key}: {value}\n" for key, value in values.items())
        return self.write(f"data/exhibitors/{slug}.yaml", body + textwrap.dedent(extra))

    def build(self, check=True, env=None) -> subprocess.CompletedProcess:
        environment = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, **(env or {})}
        result = subprocess.run(
            [str(PELICAN), str(self.content), "-s", str(self.settings), "--fatal", "errors"],
            cwd=self.root, env=environment, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        if check and result.returncode != 0:
            raise AssertionError(f"build failed:\n{result.stdout}\n{result.stderr}")
        return result

    def page(self, url: str) -> str:
        return (self.output / url.strip("/") / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path) -> FixtureSite:
    return FixtureSite(tmp_path / "site")


# -- the shipped site, built once per test session, and a browser ------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def build_project(output: Path, settings: str = "pelicanconf.py", env=None, fatal="errors") -> None:
    """Build the real data/ and content/ into `output` with the fixed now."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, **(env or {})}
    result = subprocess.run(
        [str(PELICAN), "content", "-s", settings, "-o", str(output), "--fatal", fatal],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def shipped_output(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("shipped") / "output"
    build_project(output)
    return output


def serve(folder: Path, site_root: Path | None = None):
    """Serve `folder` on 127.0.0.1 (a free port) until the returned server is
    shut down, with the headers and redirects of the site's `_headers` and
    `_redirects` (read from `site_root`, the built output; default `folder`)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from gates.host_rules import headers_for, load_header_rules, load_redirects

    site_root = site_root or folder

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            target = load_redirects(site_root / "_redirects").get(self.path.split("?")[0])
            if target is None:
                return super().send_head()
            self.send_response(target[1])
            self.send_header("Location", target[0])
            self.end_headers()
            return None

        def end_headers(self):
            rules = load_header_rules(site_root / "_headers")
            for name, value in headers_for(rules, self.path.split("?")[0]).items():
                self.send_header(name, value)
            super().end_headers()

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    return server


@pytest.fixture(scope="session")
def shipped_server(shipped_output):
    server = serve(shipped_output)
    yield server.url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def published_site(tmp_path_factory):
    """`make publish` of the shipped site under a sub-path, as production
    would serve it: http://127.0.0.1:PORT/fest/, with the build's headers."""
    import types

    root = tmp_path_factory.mktemp("published")
    output = root / "fest"
    server = serve(root, site_root=output)
    site_url = server.url + "/fest"
    build_project(output, "publishconf.py", env={"SITEURL": site_url}, fatal="warnings")
    yield types.SimpleNamespace(output=output, url=site_url)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).is_file(), "Debian's chromium is missing: run `make system-deps`"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
