"""The local publish build, checked against its manifest before anything is
uploaded.

A publish build writes `build-manifest.json` last, so its presence means the
build finished. The deploy still re-hashes every file: a build interrupted
and restarted, or a file edited afterwards, must not reach visitors. Each
file's Content-Type and Cache-Control are asked of the one table again; a
kind of file the table does not know stops the deploy here, before the
bucket is touched.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from host_config.policy import (
    MANIFEST,
    UnknownFileTypeError,
    cache_control,
    content_type,
    is_uploaded,
)

from .errors import DeployError
from .parallel import in_parallel
from .remote import STATE_FOLDER

MANIFEST_FORMAT = 1
SHOWN_PROBLEMS = 20
RUN_PUBLISH = "run `make publish` (SITEURL=https://... make publish), then deploy again"


@dataclass(frozen=True)
class LocalFile:
    path: str  # site-relative, POSIX
    sha256: str
    size: int
    content_type: str
    cache_control: str


@dataclass(frozen=True)
class LocalBuild:
    root: Path
    site_url: str
    built_at: str
    files: dict[str, LocalFile]


def load_build(root: Path, workers: int) -> LocalBuild:
    manifest = read_manifest(root)
    listed = manifest["files"]
    problems = table_problems(listed) + unlisted_problems(root, listed)
    problems += content_problems(root, listed, workers)
    if problems:
        raise DeployError(problem_report(root, problems))
    files = {path: local_file(path, entry) for path, entry in sorted(listed.items())}
    return LocalBuild(root, manifest["site_url"], manifest["built_at"], files)


def read_manifest(root: Path) -> dict:
    file, name = root / MANIFEST, shown(root / MANIFEST)
    if not file.is_file():
        raise DeployError(f"{name}: no build manifest, so no complete publish build: {RUN_PUBLISH}")
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DeployError(f"{name}: unreadable ({error}): {RUN_PUBLISH}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise DeployError(f"{name}: not a format {MANIFEST_FORMAT} build manifest: {RUN_PUBLISH}")
    if not isinstance(manifest.get("files"), dict) or not manifest.get("site_url"):
        raise DeployError(f"{name}: no files or no site_url: {RUN_PUBLISH}")
    return manifest


def table_problems(listed: dict) -> list[str]:
    """Listed files must be uploadable and carry the table's headers."""
    problems = []
    for path, entry in sorted(listed.items()):
        try:
            expected = (content_type(path), cache_control(path))
        except UnknownFileTypeError as error:
            problems.append(str(error))
            continue
        if not is_uploaded(path) or path.startswith(STATE_FOLDER):
            problems.append(f"{path}: listed in {MANIFEST} but never uploaded")
        elif (entry.get("content_type"), entry.get("cache_control")) != expected:
            problems.append(f"{path}: headers in {MANIFEST} differ from the table")
    return problems


def unlisted_problems(root: Path, listed: dict) -> list[str]:
    problems = []
    for path in uploadable_on_disk(root):
        if path in listed:
            continue
        try:
            content_type(path)
        except UnknownFileTypeError as error:
            problems.append(str(error))
            continue
        problems.append(f"{path}: on disk but not in {MANIFEST} (written after the build?)")
    return problems


def uploadable_on_disk(root: Path) -> list[str]:
    found = []
    for folder, _dirs, names in os.walk(root):
        relative = Path(folder).relative_to(root)
        found += [(relative / name).as_posix() for name in names]
    return sorted(path for path in found if is_uploaded(path))


def content_problems(root: Path, listed: dict, workers: int) -> list[str]:
    """Every listed file present, with the listed size and SHA-256."""
    problems = []

    def check(item) -> None:
        problem = file_problem(root, *item)
        if problem:
            problems.append(problem)  # list.append is atomic

    in_parallel(check, sorted(listed.items()), workers)
    return sorted(problems)


def file_problem(root: Path, path: str, entry: dict) -> str | None:
    file = root / path
    if not file.is_file():
        return f"{path}: listed in {MANIFEST} but missing"
    if file.stat().st_size != entry.get("size") or sha256_of(file) != entry.get("sha256"):
        return f"{path}: changed after the build (differs from {MANIFEST})"
    return None


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def local_file(path: str, entry: dict) -> LocalFile:
    return LocalFile(path, entry["sha256"], entry["size"], content_type(path), cache_control(path))


def shown(path: Path) -> str:
    """Relative to the working folder when inside it, as an operator typed it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def problem_report(root: Path, problems: list[str]) -> str:
    listed = problems[:SHOWN_PROBLEMS]
    more = len(problems) - len(listed)
    lines = [f"the build in {shown(root)} cannot be deployed:"] + [f"  {line}" for line in listed]
    if more:
        lines.append(f"  ... and {more} more")
    lines.append(f"Nothing was uploaded: {RUN_PUBLISH}.")
    return "\n".join(lines)
