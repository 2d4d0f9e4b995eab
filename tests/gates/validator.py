"""The Nu Html Checker (vnu-jar from npm, pinned in package.json), run on the
machine's Java over built files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(paths: list[Path]) -> list[str]:
    """Errors reported for `paths` (files or folders), one line each."""
    java = shutil.which("java")
    assert java and VNU_JAR.is_file(), "vnu needs Java and `npm ci`: run `make test`"
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
         "--skip-non-html", *map(str, paths)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine', 0)}: {m['message']}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert result.returncode == 0 or errors, result.stderr
    return errors
