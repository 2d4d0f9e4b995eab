"""The URLs a deploy changed, and their CloudFront invalidation.

Fingerprinted files never need invalidating: a new version has a new name.
Every other uploaded or deleted file may sit in a cache for up to five
minutes (max-age=300), or longer where a CDN keeps a 404; those are the URLs
printed and invalidated. A page `x/index.html` is served as `x/`, so both
are invalidated.
"""

from __future__ import annotations

import time
from urllib.parse import quote, urlsplit

from host_config.policy import is_fingerprinted

INDEX = "index.html"
BATCH = 1000
# Beyond this many paths one wildcard is cheaper and quicker (CloudFront
# allows 3,000 paths in progress at once; `/*` counts as one).
WILDCARD_ABOVE = 3000


def changed_paths(uploaded: list[str], deleted: list[str]) -> list[str]:
    return sorted({p for p in uploaded + deleted if not is_fingerprinted(p)})


def public_url(site_url: str, path: str) -> str:
    """The address visitors use: directory-style for index pages."""
    if path == INDEX or path.endswith("/" + INDEX):
        path = path[: -len(INDEX)]
    return f"{site_url.rstrip('/')}/{quote(path)}"


def invalidation_paths(site_url: str, paths: list[str]) -> list[str]:
    base = urlsplit(site_url).path.rstrip("/")
    result = []
    for path in paths:
        result.append(f"{base}/{quote(path)}")
        if path == INDEX or path.endswith("/" + INDEX):
            result.append(f"{base}/{quote(path[: -len(INDEX)])}")
    return sorted(set(result)) if len(result) <= WILDCARD_ABOVE else [f"{base}/*"]


def invalidate(client, distribution_id: str, paths: list[str], reference: str) -> list[str]:
    """Create the invalidations (1,000 paths each); their ids."""
    ids = []
    for number, start in enumerate(range(0, len(paths), BATCH)):
        batch = paths[start : start + BATCH]
        answer = client.create_invalidation(
            DistributionId=distribution_id,
            InvalidationBatch={
                "Paths": {"Quantity": len(batch), "Items": batch},
                "CallerReference": f"{reference}-{number}",
            },
        )
        ids.append(answer["Invalidation"]["Id"])
    return ids


def wait_for(client, distribution_id: str, ids: list[str], seconds: int) -> bool:
    """Until every invalidation is complete, at most `seconds`: the smoke
    check through the CDN would otherwise see cached pages."""
    deadline = time.monotonic() + seconds
    waiting = list(ids)
    while waiting:
        answer = client.get_invalidation(DistributionId=distribution_id, Id=waiting[0])
        if answer["Invalidation"]["Status"].lower() == "completed":
            waiting.pop(0)
        elif time.monotonic() > deadline:
            return False
        else:
            time.sleep(5)
    return True
