"""Two publish builds of the same inputs are byte-identical, whatever the wall
clock, PYTHONHASHSEED, the inputs' mtimes or the machine's TZ; the build's
now is the last commit's. The one stated exception is the search index
(Pagefind's filter and meta files vary from run to run): its bundles are
checked whole instead, and the manifest differs only in their entries."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

from conftest import PELICAN, ROOT
from host_config.policy import MANIFEST
from search.consistency import bundle_problems

INPUTS = ("data", "content", "theme")
EXCEPTION = "pagefind/"


def publish(output: Path, **env) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [str(PELICAN), "content", "-s", "publishconf.py", "-o", str(output), "--fatal", "warnings"],
        cwd=ROOT, env={**environment, **env}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def tree(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()
    }


def input_files() -> list[Path]:
    return [path for folder in INPUTS for path in (ROOT / folder).rglob("*") if path.is_file()]


def test_two_publish_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    publish(first, TZ="UTC", PYTHONHASHSEED="1", LC_ALL="C.UTF-8")
    saved = {path: path.stat() for path in input_files()}
    try:
        for path in saved:  # every input "touched" to another day
            os.utime(path, (1_600_000_000, 1_600_000_000))
        publish(second, TZ="America/New_York", PYTHONHASHSEED="2", LC_ALL="C")
    finally:
        for path, stat in saved.items():
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    a, b = tree(first), tree(second)
    stable = lambda files: {p: body for p, body in files.items()  # noqa: E731
                            if not p.startswith(EXCEPTION) and p != MANIFEST}  # fmt: skip
    assert len(stable(a)) > 800
    assert sorted(stable(a)) == sorted(stable(b))
    assert [p for p in stable(a) if a[p] != b[p]] == []
    for output in (first, second):
        for bundle in (output / "pagefind").iterdir():
            assert bundle_problems(bundle) == [], bundle
    manifests = [json.loads(files[MANIFEST]) for files in (a, b)]
    for manifest in manifests:
        manifest["files"] = {
            p: e for p, e in manifest["files"].items() if not p.startswith(EXCEPTION)
        }
    assert manifests[0] == manifests[1]
    commit_time = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    built_at = dt.datetime.fromisoformat(manifests[0]["built_at"])
    assert built_at == dt.datetime.fromtimestamp(int(commit_time), dt.UTC)
