"""The build manifest: every file object storage should hold, with its
content hash, Content-Type and Cache-Control, written last by a publish build.

The deploy trusts nothing else: it refuses an output folder whose files do
not match their manifest (an interrupted or partial build), and it compares
hashes, not sizes or dates, with what the bucket holds.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from host_config.policy import MANIFEST, cache_control, content_type, is_uploaded

FORMAT = 1


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def uploaded_files(output: Path) -> list[str]:
    """Site-relative POSIX paths of the files to upload, sorted."""
    found = []
    for folder, _dirs, names in os.walk(output):
        relative = Path(folder).relative_to(output)
        found += [(relative / name).as_posix() for name in names]
    return sorted(path for path in found if is_uploaded(path))


def build_manifest(output: Path, *, site_url: str, built_at: str,
                   digests: dict[str, tuple[str, int]] | None = None) -> dict:  # fmt: skip
    """The manifest of `output`; `digests` (path -> SHA-256 and size) saves
    reading again the files whose hashes the pipeline took already."""
    digests = digests or {}
    files = {}
    for path in uploaded_files(output):
        sha256, size = digests.get(path) or (
            file_sha256(output / path),
            (output / path).stat().st_size,
        )
        files[path] = {
            "sha256": sha256,
            "size": size,
            "content_type": content_type(path),
            "cache_control": cache_control(path),
        }
    return {"format": FORMAT, "site_url": site_url, "built_at": built_at, "files": files}


def write_manifest(output: Path, manifest: dict) -> None:
    text = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False)
    (output / MANIFEST).write_text(text + "\n", encoding="utf-8")
