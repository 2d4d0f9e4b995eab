"""`_headers` and `_redirects`, the files Netlify and Cloudflare Pages read
from the output's root."""

from __future__ import annotations


def headers_file(rules) -> str:
    blocks = []
    for rule in rules:
        lines = [rule.pattern] + [f"  {name}: {value}" for name, value in rule.headers.items()]
        blocks.append("\n".join(lines) + "\n")
    return "".join(blocks)


def redirects_file(redirects) -> str:
    return "".join(f"{r.source} {r.target} {r.status}\n" for r in redirects)
