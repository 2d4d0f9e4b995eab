"""`make devserver`: build, serve on 127.0.0.1, rebuild on every change, and
make the open browser page reload by itself.

Pelican's own --autoreload watches content/ and the theme but not data/,
where editors do most of their work, nor plugins/. This watches all of them
and rebuilds in a fresh process, so a changed plugin is reloaded too. A build
that fails prints its problems in the terminal and on the open page, and
leaves the served site as it was; the server keeps running.

Pages are served with one extra script tag (`/__devserver/reload.js`): it asks
`/__devserver/status` every second and reloads when a build has finished. The
built files themselves never contain it.
"""

from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
RELOAD_SCRIPT = Path(__file__).with_name("devserver_reload.js")
RELOAD_TAG = b'<script src="/__devserver/reload.js" defer></script>'


class BuildState:
    """What the open pages poll: a counter of finished builds and the last error."""

    def __init__(self):
        self.lock = threading.Lock()
        self.generation = 0
        self.error = None

    def finished(self, error: str | None) -> None:
        with self.lock:
            self.generation += 1
            self.error = error

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"generation": self.generation, "error": self.error}).encode()


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the output folder with the site's own 404 page, plus the
    reload script and the build status."""

    state: BuildState

    def do_GET(self):  # noqa: N802 - the http.server naming
        if self.path == "/__devserver/status":
            return self.send_bytes(200, "application/json", self.state.as_json())
        if self.path == "/__devserver/reload.js":
            return self.send_bytes(200, "text/javascript", RELOAD_SCRIPT.read_bytes())
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            return self.send_bytes(
                200, "text/html; charset=utf-8", with_reload(target.read_bytes())
            )
        return super().do_GET()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        self.send_bytes(404, "text/html; charset=utf-8", with_reload(page.read_bytes()))

    def send_bytes(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def with_reload(html: bytes) -> bytes:
    return html.replace(b"</body>", RELOAD_TAG + b"</body>", 1)


def build(settings_file: Path, output: str, state: BuildState) -> None:
    pelican = Path(sys.executable).with_name("pelican")
    command = [str(pelican), "content", "-s", str(settings_file), "-o", output, "--fatal", "errors"]
    result = subprocess.run(command, cwd=settings_file.parent, capture_output=True, text=True)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode == 0:
        print("Built.", flush=True)
        state.finished(None)
    else:
        print("Build failed: the site being served is unchanged.", flush=True)
        # Data problems are plain `file:line:` lines; anything else (a Markdown
        # or template error) is in Pelican's log, on either stream.
        problems = [line for line in result.stderr.splitlines() if ".yaml:" in line]
        log = (result.stdout + result.stderr).strip()
        state.finished("\n".join(problems) or log[-2000:] or "build failed")


def watched_paths(settings_file: Path) -> list[Path]:
    settings = read_settings(str(settings_file))
    base = settings_file.parent
    paths = [settings_file, Path(settings["PATH"]), Path(settings["THEME"]),
             base / settings["DATA_PATH"], *map(Path, settings["PLUGIN_PATHS"])]  # fmt: skip
    return [(base / path).resolve() for path in paths if (base / path).exists()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--output", default="output")
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    args = parser.parse_args()
    settings_file = Path(args.settings).resolve()
    output = (settings_file.parent / args.output).resolve()

    state = BuildState()
    build(settings_file, str(output), state)
    handler = functools.partial(SiteHandler, directory=str(output))
    SiteHandler.state = state
    server = ThreadingHTTPServer((args.host, args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    paths = watched_paths(settings_file)
    print(f"Serving on http://{args.host}:{server.server_address[1]}/", flush=True)
    print("Watching:", ", ".join(str(p) for p in paths), flush=True)
    try:
        for changes in watchfiles.watch(*paths, debounce=400):
            print("Changed:", ", ".join(sorted({Path(p).name for _, p in changes})), flush=True)
            build(settings_file, str(output), state)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
