"""Prefix root-relative URLs in rendered content with SITEURL's path."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# href="/x" or src="/x", not protocol-relative "//host".
ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def site_base_path(site_url: str) -> str:
    return urlsplit(site_url).path.rstrip("/")


def with_base_path(html: str, base: str) -> str:
    return ROOT_RELATIVE.sub(lambda m: f"{m.group(1)}{base}/", html) if base else html


def prefix_root_relative_links(content) -> None:
    base = site_base_path(content.settings.get("SITEURL", ""))
    if base and content._content:
        content._content = with_base_path(content._content, base)
