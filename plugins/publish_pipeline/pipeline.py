"""Runs the publish steps in order over the staging folder: fingerprint the
theme, rewrite and minify the pages, precompress, and the manifest last, so
that a manifest exists only for a build that finished."""

from __future__ import annotations

import logging
from pathlib import Path

from .fingerprint import fingerprint_theme
from .manifest import build_manifest, write_manifest
from .pages import AssetReferences, process_pages
from .precompress import precompress

log = logging.getLogger(__name__)


def run_publish_pipeline(pelican) -> None:
    settings = pelican.settings
    if not settings.get("PUBLISH_PIPELINE"):
        return
    output = Path(pelican.output_path)
    assets = fingerprint_theme(output)
    pages = process_pages(output, AssetReferences(assets, settings["SITEURL"]))
    compressed = precompress(output) if settings.get("PRECOMPRESS", True) else 0
    built_at = settings["BUILD_NOW"].isoformat()
    manifest = build_manifest(output, site_url=settings["SITEURL"], built_at=built_at)
    write_manifest(output, manifest)
    log.info(
        "Publish: %s theme files fingerprinted, %s pages minified, %s files precompressed, "
        "%s files in the manifest", len(assets), pages, compressed, len(manifest["files"]),
    )  # fmt: skip
