"""Runs the publish steps in order over the staging folder."""

from __future__ import annotations

import logging
from pathlib import Path

from .manifest import build_manifest, write_manifest

log = logging.getLogger(__name__)


def run_publish_pipeline(pelican) -> None:
    settings = pelican.settings
    if not settings.get("PUBLISH_PIPELINE"):
        return
    output = Path(pelican.output_path)
    built_at = settings["BUILD_NOW"].isoformat()
    manifest = build_manifest(output, site_url=settings["SITEURL"], built_at=built_at)
    write_manifest(output, manifest)
    log.info("Build manifest: %s files to upload", len(manifest["files"]))
