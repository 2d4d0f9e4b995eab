"""Theme files renamed by content hash (`site.css` -> `site.1a2b3c4d5e.css`),
so that a CDN and browsers may keep them for a year: a changed file is a new
URL. CSS and JS are minified first, so the hash is of the bytes served."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

import rcssmin
import rjsmin

THEME_FOLDER = "theme"
HASH_LENGTH = 10  # policy.FINGERPRINT matches this many hex digits
MINIFIERS = {
    ".css": lambda text: rcssmin.cssmin(text),
    ".js": lambda text: rjsmin.jsmin(text),
}


@dataclass(frozen=True)
class Asset:
    old: str  # site-relative path before, `theme/css/site.css`
    new: str  # after, `theme/css/site.1a2b3c4d5e.css`
    integrity: str  # Subresource Integrity value of the served bytes


def fingerprint_theme(output: Path) -> list[Asset]:
    """Minify, hash and rename every file under theme/; return the renames."""
    assets = []
    for path in sorted((output / THEME_FOLDER).rglob("*")):
        if path.is_file():
            assets.append(_fingerprint(output, path))
    return assets


def _fingerprint(output: Path, path: Path) -> Asset:
    body = path.read_bytes()
    minify = MINIFIERS.get(path.suffix)
    if minify:
        body = minify(body.decode("utf-8")).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()[:HASH_LENGTH]
    renamed = path.with_name(f"{path.stem}.{digest}{path.suffix}")
    renamed.write_bytes(body)
    path.unlink()
    sri = base64.b64encode(hashlib.sha384(body).digest()).decode("ascii")
    return Asset(
        old=path.relative_to(output).as_posix(),
        new=renamed.relative_to(output).as_posix(),
        integrity=f"sha384-{sri}",
    )
