"""Runs the publish steps in order over the staging folder: fingerprint the
theme, then every file on every core (pages rewritten and minified, text
precompressed, hashes taken: files.py), and the manifest last, so that a
manifest exists only for a build that finished."""

from __future__ import annotations

import logging
import os
import time
from operator import attrgetter
from pathlib import Path

from .files import Recipe, prepare_all, prune
from .fingerprint import fingerprint_theme
from .manifest import write_manifest_of

log = logging.getLogger(__name__)
UNUSED_FOR = 7 * 24 * 3600  # seconds a cache entry no publish used is kept


def publish_cache_path(settings) -> str:
    """PUBLISH_CACHE_PATH, by default `publish` in Pelican's CACHE_PATH."""
    return settings.get("PUBLISH_CACHE_PATH") or os.path.join(settings["CACHE_PATH"], "publish")


def run_publish_pipeline(pelican) -> None:
    settings = pelican.settings
    if not settings.get("PUBLISH_PIPELINE"):
        return
    started = time.monotonic()
    output = Path(pelican.output_path)
    assets = fingerprint_theme(output)
    recipe = Recipe(
        os.path.abspath(publish_cache_path(settings)), settings["SITEURL"], tuple(assets)
    )
    prepared = prepare_all(str(output), recipe)
    pruned = prune(recipe, {item.key for item in prepared if item.key}, UNUSED_FOR, len(prepared))
    prepared.sort(key=attrgetter("name"))
    digests = ((item.name, item.sha256, item.size) for item in prepared)
    listed = write_manifest_of(
        output, settings["SITEURL"], settings["BUILD_NOW"].isoformat(), digests
    )
    log.info(
        "Publish: %s theme files fingerprinted; %s files prepared (%s pages), %s made, the "
        "rest from the cache (%s unused entries removed); %s files in the manifest; %.1f s",
        len(assets), len(prepared), sum(item.name.endswith(".html") for item in prepared),
        sum(item.made for item in prepared), pruned, listed,
        time.monotonic() - started,
    )  # fmt: skip
