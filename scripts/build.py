"""`make html` and `make publish`: run Pelican, unless nothing it reads changed.

A build is a function of its inputs: the files under the content, data,
theme and plugin folders, the settings files, the pinned packages, and the
environment the settings read. When none of them changed since the last
successful build into the same output folder, and that folder still holds
exactly what the build left there, the build is skipped: nothing is read,
rendered or written. Builds whose "now" is the wall clock (an html build
without SOURCE_DATE_EPOCH) always run, since their pages change with time.

    python scripts/build.py -s pelicanconf.py -o output --fatal errors
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE_FOLDER = ROOT / "cache" / "builds"
# Environment variables that reach the output (settings and plugins read them).
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "SITEURL", "SITE_ABSOLUTE_URL", "DATA_ERRORS_LANG")
PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "requirements.lock", "pyproject.toml")
SKIPPED_NAMES = {"__pycache__"}


def input_folders(settings: dict) -> list[Path]:
    folders = [
        settings["PATH"],
        settings["DATA_PATH"],
        settings["THEME"],
        *settings["PLUGIN_PATHS"],
    ]
    return sorted({Path(folder).resolve() for folder in folders})


def files_under(folder: Path) -> list[Path]:
    found = []
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_NAMES)
        found += [Path(current, name) for name in sorted(names) if not name.endswith(".pyc")]
    return found


def inputs_digest(settings_file: Path, settings: dict) -> str:
    digest = hashlib.sha256()
    paths = [settings_file.resolve(), *(ROOT / name for name in PROJECT_FILES)]
    for folder in input_folders(settings):
        paths += files_under(folder)
    for path in paths:
        if path.is_file():
            digest.update(f"{path}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in ENVIRONMENT:
        digest.update(f"{name}={os.environ.get(name)}\0".encode())
    digest.update(f"{sys.version}\0{last_commit()}".encode())
    return digest.hexdigest()


def output_digest(output: Path) -> str:
    """What the build left: every file's path, size and modification time."""
    digest = hashlib.sha256()
    for path in files_under(output) if output.is_dir() else []:
        stat = path.stat()
        digest.update(f"{path.relative_to(output)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def last_commit() -> str:
    """Publish builds take their now from the last commit when no epoch is set."""
    result = subprocess.run(["git", "log", "-1", "--format=%H %ct"], cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    return result.stdout.strip()


def state_file(folder: Path, output: Path) -> Path:
    return folder / (hashlib.sha256(str(output).encode()).hexdigest()[:16] + ".json")


def follows_the_clock(settings: dict) -> bool:
    return not os.environ.get("SOURCE_DATE_EPOCH") and not settings.get("BUILD_NOW_FROM_COMMIT")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default="output")
    parser.add_argument("--fatal", default="errors", choices=("errors", "warnings"))
    parser.add_argument("--force", action="store_true", help="build even if nothing changed")
    parser.add_argument(
        "--state", type=Path, default=STATE_FOLDER, help="where builds are recorded"
    )
    args = parser.parse_args()
    settings_file, output = Path(args.settings), Path(args.output).resolve()
    settings = runpy.run_path(str(settings_file))
    inputs = inputs_digest(settings_file, settings)
    state = state_file(args.state, output)
    recorded = json.loads(state.read_text(encoding="utf-8")) if state.is_file() else {}
    unchanged = recorded == {"inputs": inputs, "output": output_digest(output)}
    if unchanged and not args.force and not follows_the_clock(settings):
        print(f"Nothing changed since the last build of {args.output}/: nothing to do.")
        return 0
    pelican = Path(sys.executable).with_name("pelican")
    command = [str(pelican), settings["PATH"], "-s", str(settings_file), "-o", str(output),
               "--fatal", args.fatal]  # fmt: skip
    if subprocess.run(command).returncode != 0:
        return 1
    state.parent.mkdir(parents=True, exist_ok=True)
    record = json.dumps({"inputs": inputs, "output": output_digest(output)})
    state.write_text(record, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
