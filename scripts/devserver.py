"""`make devserver`: build, serve on 127.0.0.1, and rebuild on every change.

Pelican's own --autoreload watches content/ and the theme but not data/,
where editors do most of their work, nor plugins/. This watches all of them
and rebuilds in a fresh process, so a changed plugin is reloaded too. A build
that fails prints its problems and leaves the served site as it was.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ["data", "content", "theme", "plugins", "pelicanconf.py"]


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the output folder, with the site's own 404 page."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def build(output: str) -> bool:
    pelican = Path(sys.executable).with_name("pelican")
    command = [str(pelican), "content", "-s", "pelicanconf.py", "-o", output, "--fatal", "errors"]
    ok = subprocess.run(command, cwd=ROOT).returncode == 0
    print("Built." if ok else "Build failed: the site being served is unchanged.", flush=True)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--output", default="output")
    args = parser.parse_args()

    build(args.output)
    handler = functools.partial(SiteHandler, directory=str(ROOT / args.output))
    server = ThreadingHTTPServer((args.host, args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://{args.host}:{args.port}/ ; watching {', '.join(WATCHED)}")
    try:
        for changes in watchfiles.watch(*(ROOT / path for path in WATCHED), debounce=400):
            changed = sorted({Path(path).relative_to(ROOT).as_posix() for _, path in changes})
            print("Changed:", ", ".join(changed), flush=True)
            build(args.output)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
