"""After a deploy: fetch the home page and one changed page from the public
endpoint and compare their bytes with the build's.

Objects are fetched by their key (`x/index.html`, not `x/`) so that the check
works on a bare S3 REST endpoint, which has no index documents, as well as
through a CDN. No credentials are sent: visitors have none either.
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from urllib.parse import quote

from .errors import SmokeCheckError

HOME = "index.html"
TIMEOUT = 20


def pages_to_check(uploaded: list[str], served: dict[str, dict]) -> list[str]:
    """The home page and the first changed page, among what is served."""
    changed = [p for p in uploaded if p.endswith("/" + HOME)]
    changed += [p for p in uploaded if p.endswith(".html") and p != HOME]
    return [p for p in [HOME, *changed[:1]] if p in served]


def smoke_check(base_url: str, paths: list[str], served: dict[str, dict]) -> list[str]:
    """One line per page checked; raises SmokeCheckError on the first
    page that is not served with the deployed bytes."""
    lines = []
    for path in paths:
        url = f"{base_url.rstrip('/')}/{quote(path)}"
        status, body = fetch(url)
        expected = served[path]["sha256"]
        if status != 200 or hashlib.sha256(body).hexdigest() != expected:
            raise SmokeCheckError(
                f"SMOKE CHECK FAILED: {url} answered {status} with {len(body)} bytes that are "
                f"not the deployed file ({served[path]['size']} bytes). The bucket holds the "
                "new deploy; check the endpoint and the CDN, or put the previous deploy back "
                "with `make rollback`."
            )
        lines.append(f"  OK {url} (200, {len(body)} bytes)")
    return lines


def fetch(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": "jakpreneur-deploy-smoke"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, OSError) as error:
        raise SmokeCheckError(f"SMOKE CHECK FAILED: {url}: {error}") from None
