"""The one table of how the site is served: Content-Type and Cache-Control per
path, the security headers of every response, and which files are the build's
own bookkeeping rather than pages.

Every host format (`_headers`, the CloudFront function and policy, nginx), the
publish manifest and the deploy read their answers from here, so a rule is
changed in one place.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# Longest suffix wins: `atom.xml` before `.xml`.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    "atom.xml": "application/atom+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    # Pagefind's index: compressed binary chunks and its WebAssembly module.
    ".pagefind": "application/wasm",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
}

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT_LIVED = "public, max-age=300"

# Theme files renamed by the publish build to `name.<10 hex>.ext`.
FINGERPRINT = re.compile(r"\.[0-9a-f]{10}\.[a-z0-9]+$")
FINGERPRINTED_FOLDER = "theme/"
# Pagefind names its chunks by their content; its entry files keep fixed names.
PAGEFIND_HASHED = re.compile(r"^pagefind/[^/]+/(?:fragment|index|filter)/|\.pf_meta$")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # Pagefind compiles its WebAssembly search engine in the browser.
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# Where `make deploy` keeps its records and backups when they share the
# served folder: hosts answer 404 there.
DEPLOY_RECORDS = "_deploy/"
HOST_FOLDER = "_host"  # CloudFront and nginx files: for operators, never uploaded
MANIFEST = "build-manifest.json"
# Files in the output that hosts read but object storage must not serve.
NOT_UPLOADED = re.compile(rf"^(?:_headers|_redirects|{MANIFEST}|{HOST_FOLDER}/.*)$|\.(?:br|gz)$")


class UnknownFileTypeError(ValueError):
    """A file whose extension the table does not know: deploying it would
    serve it with a guessed type, so the deploy stops instead."""

    def __init__(self, path: str):
        super().__init__(
            f"{path}: no Content-Type for this kind of file; add its extension to "
            "CONTENT_TYPES in plugins/host_config/policy.py"
        )


def content_type(path: str) -> str:
    name = PurePosixPath(path).name
    for suffix in sorted(CONTENT_TYPES, key=len, reverse=True):
        if name.endswith(suffix):
            return CONTENT_TYPES[suffix]
    raise UnknownFileTypeError(path)


def is_fingerprinted(path: str) -> bool:
    """True for files whose name changes whenever their bytes do."""
    if path.startswith(FINGERPRINTED_FOLDER):
        return bool(FINGERPRINT.search(path))
    return bool(PAGEFIND_HASHED.search(path))


def cache_control(path: str) -> str:
    return IMMUTABLE if is_fingerprinted(path) else SHORT_LIVED


def is_uploaded(path: str) -> bool:
    """Object storage gets the site's files, not the host's configuration."""
    return not NOT_UPLOADED.search(path)
