"""The host rules of one build, in a form every host format can print:
header rules by path pattern, and redirects. Patterns use the `_headers`
syntax (`*` any characters, `:name` one path segment) under the site's base
path, so a site published at https://example.org/fest/ gets `/fest/...`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .policy import IMMUTABLE, SECURITY_HEADERS

# Paths whose names change with their bytes (see policy.is_fingerprinted).
IMMUTABLE_PATTERNS = (
    "theme/*",  # only in publish builds, which fingerprint every theme file
    "pagefind/:bundle/fragment/*",
    "pagefind/:bundle/index/*",
    "pagefind/:bundle/filter/*",
)


@dataclass(frozen=True)
class HeaderRule:
    pattern: str
    headers: dict


@dataclass(frozen=True, order=True)
class HostRedirect:
    source: str
    target: str
    status: int = 301


def base_path(site_url: str) -> str:
    """`/fest` for https://example.org/fest, `` for a site at the root."""
    return urlsplit(site_url).path.rstrip("/")


def header_rules(base: str, *, fingerprinted: bool) -> list[HeaderRule]:
    rules = [HeaderRule(f"{base}/*", dict(SECURITY_HEADERS))]
    immutable = IMMUTABLE_PATTERNS if fingerprinted else IMMUTABLE_PATTERNS[1:]
    rules += [
        HeaderRule(f"{base}/{pattern}", {"Cache-Control": IMMUTABLE}) for pattern in immutable
    ]
    return rules


def host_redirects(base: str, redirects) -> list[HostRedirect]:
    """Alias redirects (booth_cards.redirects.Redirect) as absolute paths."""
    return sorted({HostRedirect(f"{base}/{r.old}", f"{base}/{r.new}") for r in redirects})
