"""Host configuration generated from one table: `_headers`/`_redirects`, the
CloudFront function (run in Node, as CloudFront's JavaScript runtime would)
and policies, and the nginx rules served by a real nginx."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import FixtureSite
from host_config.policy import CONTENT_SECURITY_POLICY, IMMUTABLE, SECURITY_HEADERS, SHORT_LIVED

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory):
    """A site published at https://example.org/fest with renamed records."""
    site = FixtureSite(tmp_path_factory.mktemp("host") / "site")
    site.write_settings(
        SITEURL="https://example.org/fest", SITE_ABSOLUTE_URL="https://example.org/fest"
    )
    site.exhibitor("kopi-baru", extra="aliases:\n  - kopi-lama\n")
    site.build()
    return site


def test_headers_file_carries_the_policy_under_the_base_path(sub_path_site):
    text = (sub_path_site.output / "_headers").read_text(encoding="utf-8")
    assert text.startswith("/fest/*\n")
    for name, value in SECURITY_HEADERS.items():
        assert f"  {name}: {value}\n" in text
    assert "'unsafe-inline'" not in text and "'unsafe-eval'" not in text
    assert "/fest/pagefind/:bundle/fragment/*\n  Cache-Control: " + IMMUTABLE in text
    # An html build does not fingerprint the theme: its files must not be immutable.
    assert "/fest/theme/*" not in text


def test_redirects_file_under_the_base_path(sub_path_site):
    assert (sub_path_site.output / "_redirects").read_text(encoding="utf-8") == (
        "/fest/en/exhibitors/kopi-lama/ /fest/en/exhibitors/kopi-baru/ 301\n"
        "/fest/peserta/kopi-lama/ /fest/peserta/kopi-baru/ 301\n"
    )


def run_cloudfront_function(code: str, uris: list[str]) -> list[dict]:
    """Call the function's handler in Node with viewer-request events."""
    script = (
        "const code = require('fs').readFileSync(0, 'utf8');\n"
        "const handler = new Function(code + '\\nreturn handler;')();\n"
        f"const uris = {json.dumps(uris)};\n"
        "console.log(JSON.stringify(uris.map(uri => handler({request: {uri, headers: {}}}))));\n"
    )
    result = subprocess.run(
        ["node", "-e", script], input=code, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_cloudfront_function_serves_folders_and_redirects(sub_path_site):
    code = (sub_path_site.output / "_host" / "cloudfront-function.js").read_text(encoding="utf-8")
    folder, bare, asset, alias = run_cloudfront_function(
        code,
        ["/fest/peserta/", "/fest/peserta", "/fest/theme/css/site.css", "/fest/peserta/kopi-lama/"],
    )
    assert folder == {"uri": "/fest/peserta/index.html", "headers": {}}
    assert bare["statusCode"] == 301 and bare["headers"]["location"]["value"] == "/fest/peserta/"
    assert asset == {"uri": "/fest/theme/css/site.css", "headers": {}}
    assert alias["statusCode"] == 301
    assert alias["headers"]["location"]["value"] == "/fest/peserta/kopi-baru/"
    assert len(code.encode()) <= 10 * 1024


def test_cloudfront_policies_follow_the_table(sub_path_site):
    host = sub_path_site.output / "_host"
    policy = json.loads(
        (host / "cloudfront-response-headers-policy.json").read_text(encoding="utf-8")
    )
    security = policy["SecurityHeadersConfig"]
    assert security["ContentSecurityPolicy"]["ContentSecurityPolicy"] == CONTENT_SECURITY_POLICY
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] == 63072000
    assert security["StrictTransportSecurity"]["IncludeSubdomains"] is True
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    custom = {item["Header"] for item in policy["CustomHeadersConfig"]["Items"]}
    assert custom == {"Permissions-Policy", "Cross-Origin-Opener-Policy"}
    errors = json.loads((host / "cloudfront-error-responses.json").read_text(encoding="utf-8"))
    assert {item["ErrorCode"] for item in errors["Items"]} == {403, 404}
    assert {item["ResponsePagePath"] for item in errors["Items"]} == {"/fest/404.html"}


# -- nginx, for real ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def nginx_serving(root: Path, host_folder: Path, work: Path):
    """nginx on 127.0.0.1 serving `root` with the generated snippets."""
    port = free_port()
    work.mkdir(parents=True, exist_ok=True)
    temp_paths = "".join(f"    {kind}_temp_path {work / kind};\n" for kind in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))  # fmt: skip
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the tmp folders
    (work / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'};\n"
        "events {}\nhttp {\n    access_log off;\n" + temp_paths
        + f"    include {host_folder / 'nginx-http.conf'};\n"
        f"    server {{\n        listen 127.0.0.1:{port};\n        root {root};\n"
        f"        include {host_folder / 'nginx-server.conf'};\n    }}\n}}\n",
        encoding="utf-8",
    )  # fmt: skip
    config = ["-p", str(work), "-c", str(work / "nginx.conf")]
    checked = subprocess.run([NGINX, "-t", *config], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen([NGINX, *config, "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            assert time.monotonic() < deadline and server.poll() is None, "nginx did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def fetch(url: str, **headers):
    opener = urllib.request.build_opener(NoRedirects)
    try:
        response = opener.open(urllib.request.Request(url, headers=headers), timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers, response.read()


def test_nginx_serves_the_publish_build_with_the_tables_headers(published_site, tmp_path):
    output = published_site.output
    with nginx_serving(output.parent, output / "_host", tmp_path / "nginx") as origin:
        status, headers, body = fetch(origin + "/fest/")
        assert status == 200 and body == (output / "index.html").read_bytes()
        for name, value in SECURITY_HEADERS.items():
            assert headers[name] == value, name
        assert headers["Cache-Control"] == SHORT_LIVED
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        css = next((output / "theme" / "css").glob("site.*.css")).name
        status, headers, _ = fetch(f"{origin}/fest/theme/css/{css}", **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Cache-Control"] == IMMUTABLE
        assert headers["Content-Encoding"] == "gzip"  # the precompressed sibling
        assert headers["Content-Type"] == "text/css; charset=utf-8"
        status, headers, _ = fetch(origin + "/fest/agenda.ics")
        assert headers["Content-Type"] == "text/calendar; charset=utf-8"
        status, headers, body = fetch(origin + "/fest/no-such-page/")
        assert status == 404 and body == (output / "404.html").read_bytes()
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        (output / "_deploy").mkdir(exist_ok=True)
        (output / "_deploy" / "current.json").write_text("{}", encoding="utf-8")
        try:
            assert fetch(origin + "/fest/_deploy/current.json")[0] == 404
        finally:
            shutil.rmtree(output / "_deploy")


def test_nginx_redirects_old_slugs(sub_path_site, tmp_path):
    output = sub_path_site.output
    served = tmp_path / "root"
    served.mkdir()
    (served / "fest").symlink_to(output)
    with nginx_serving(served, output / "_host", tmp_path / "nginx") as origin:
        status, headers, _ = fetch(origin + "/fest/peserta/kopi-lama/")
        assert status == 301 and headers["Location"].endswith("/fest/peserta/kopi-baru/")
        status, _, body = fetch(origin + "/fest/peserta/kopi-baru/")
        assert status == 200 and b"Kopi Baru" in body
