"""`make html` and `make publish`: run Pelican, unless nothing it reads changed.

A build is a function of its inputs: the files under the content, data,
theme and plugin folders, the settings files, the pinned packages, and the
environment the settings read. When none of them changed since the last
successful build into the same output folder, and that folder is still the
one it published (the same folder, and no other build has published into
it since: atomic_output's marker), the build is skipped: nothing is read,
rendered or written. The output's files are not listed (at the full
membership that alone took 30 s), nor by the publish into it, which trusts
the listing the last one recorded: a file edited or removed by hand inside
it is not noticed; `make html ARGS=--force` builds regardless and lists the
output again.

A build whose "now" is the wall clock (an html build without
SOURCE_DATE_EPOCH) is skipped only until the next moment its pages change
with time: the next scheduled change it announced (an event starting or
ending, a post falling due, the fest ending) or the next midnight in
Jakarta (dates shown on pages), whichever comes first.

Files are compared by content (SHA-256). A file's hash is taken again only
when its size, modification time or inode changed since the last build, as
git does for its index: at the full membership that is a stat per file.

    python scripts/build.py -s pelicanconf.py -o output --fatal errors
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from atomic_output.staging import forget_records, published_marker_for  # noqa: E402

STATE_FOLDER = ROOT / "cache" / "builds"
# Environment variables that reach the output (settings and plugins read them).
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "SITEURL", "SITE_ABSOLUTE_URL", "DATA_ERRORS_LANG")
PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "requirements.lock", "pyproject.toml")
# Where the build writes its next scheduled change (the site_files plugin reads it).
NEXT_CHANGE_VARIABLE = "BUILD_NEXT_CHANGE_FILE"
JAKARTA = ZoneInfo("Asia/Jakarta")


def input_folders(settings: dict) -> list[str]:
    folders = [
        settings["PATH"],
        settings["DATA_PATH"],
        settings["THEME"],
        *settings["PLUGIN_PATHS"],
    ]
    return sorted({os.path.realpath(folder) for folder in folders})


def listing(folder: str) -> list[bytes]:
    """`path TAB size mtime inode` of every file under `folder`, sorted. GNU
    find lists and stats them: at the full membership the data holds 281,000
    files, several times quicker than os.walk and a stat per file from Python."""
    result = subprocess.run(
        ["find", folder, "-name", "__pycache__", "-prune", "-o", "-type", "f",
         "!", "-name", "*.pyc", "-printf", r"%p\t%s %T@ %i\0"],
        capture_output=True, check=True,
    )  # fmt: skip
    lines = result.stdout.split(b"\0")
    lines.sort()
    return lines[1:] if lines and not lines[0] else lines  # the empty tail, sorted first


def files_under(folder: str) -> list[tuple[str, str]]:
    """(path, "size mtime inode") of every file under `folder`, sorted by path."""
    return [tuple(line.decode("utf-8", "surrogateescape").split("\t")) for line in listing(folder)]


def input_files(settings_file: Path, settings: dict) -> list[tuple[str, str]]:
    paths = [str(settings_file.resolve()), *(str(ROOT / name) for name in PROJECT_FILES)]
    files = [(path, signature_of(path)) for path in paths if os.path.isfile(path)]
    for folder in input_folders(settings):
        files += files_under(folder)
    return files


def signature_of(path: str) -> str:
    stat = os.stat(path)
    return f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ino}"


def inputs_digest(files, known: dict) -> tuple[str, dict]:
    """The digest of every input file's path and bytes, and the hashes by
    path with the signature (size, time, inode) they were taken at, reused
    while it holds."""
    digest, hashes = hashlib.sha256(), {}
    for path, signature in files:
        entry = known.get(path)
        if entry is None or entry[0] != signature:
            with open(path, "rb") as file:
                entry = [signature, hashlib.sha256(file.read()).hexdigest()]
        hashes[path] = entry
        digest.update(f"{path}\0{entry[1]}\0".encode())
    for name in ENVIRONMENT:
        digest.update(f"{name}={os.environ.get(name)}\0".encode())
    digest.update(f"{sys.version}\0{last_commit()}".encode())
    return digest.hexdigest(), hashes


def output_state(output: Path) -> str:
    """Which output folder this is (device and inode: `make clean` makes a
    new one) and the token of the last build published into it."""
    try:
        folder = os.stat(output)
        token = published_marker_for(str(output)).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return ""
    return f"{folder.st_dev} {folder.st_ino} {token}"


def last_commit() -> str:
    """Publish builds take their now from the last commit when no epoch is set."""
    result = subprocess.run(["git", "log", "-1", "--format=%H %ct"], cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    return result.stdout.strip()


def state_file(folder: Path, output: Path) -> Path:
    return folder / (hashlib.sha256(str(output).encode()).hexdigest()[:16] + ".json")


def follows_the_clock(settings: dict) -> bool:
    return not os.environ.get("SOURCE_DATE_EPOCH") and not settings.get("BUILD_NOW_FROM_COMMIT")


def valid_until(started: dt.datetime, next_change: str) -> str:
    """When a clock build stops being current: its next scheduled change or
    the next midnight in Jakarta, whichever is first."""
    local = started.astimezone(JAKARTA)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), JAKARTA)
    moments = [midnight] + ([dt.datetime.fromisoformat(next_change)] if next_change else [])
    return min(moments).astimezone(dt.UTC).isoformat()


def still_current(recorded: dict, clock: bool, now: dt.datetime) -> bool:
    if not clock:
        return True
    until = recorded.get("valid_until")
    return until is not None and now < dt.datetime.fromisoformat(until)


def run_pelican(settings: dict, settings_file: Path, output: Path, fatal: str, state: Path):
    """Run Pelican; the next scheduled change it announced ("" for none), or
    None if the build failed."""
    pelican = Path(sys.executable).with_name("pelican")
    command = [str(pelican), settings["PATH"], "-s", str(settings_file), "-o", str(output),
               "--fatal", fatal]  # fmt: skip
    announced = state.with_suffix(".next-change")
    announced.unlink(missing_ok=True)
    env = {**os.environ, NEXT_CHANGE_VARIABLE: str(announced)}
    if subprocess.run(command, env=env).returncode != 0:
        return None
    return announced.read_text(encoding="utf-8").strip() if announced.is_file() else ""


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
    started = dt.datetime.now(dt.UTC)
    settings_file, output = Path(args.settings), Path(args.output).resolve()
    settings = runpy.run_path(str(settings_file))
    state = state_file(args.state, output)
    recorded = json.loads(state.read_text(encoding="utf-8")) if state.is_file() else {}
    inputs, hashes = inputs_digest(input_files(settings_file, settings), recorded.get("files", {}))
    clock = follows_the_clock(settings)
    current = output_state(output)
    same = recorded.get("inputs") == inputs and recorded.get("output") == current
    unchanged = bool(current) and same
    if unchanged and not args.force and still_current(recorded, clock, started):
        print(f"Nothing changed since the last build of {args.output}/: nothing to do.")
        return 0
    state.parent.mkdir(parents=True, exist_ok=True)
    if args.force:
        forget_records(Path(output))  # what is there, not what was left
    # Kept on disk while Pelican runs: in this process, which waits beside
    # the build, the last build's and this one's file hashes took 54 MiB as
    # dicts at 50,000 exhibitors, and 20 MiB more as text.
    hashes_file = state.with_suffix(".files")
    hashes_file.write_text(json.dumps(hashes), encoding="utf-8")
    del recorded, hashes  # no cycles among them: freed here
    try:
        next_change = run_pelican(settings, settings_file, output, args.fatal, state)
        if next_change is None:
            return 1
        record = {"inputs": inputs, "output": output_state(output),
                  "valid_until": valid_until(started, next_change) if clock else None}  # fmt: skip
        write_state(state, record, hashes_file)
    finally:
        hashes_file.unlink(missing_ok=True)
    return 0


def write_state(state: Path, record: dict, hashes_file: Path) -> None:
    """The build's record, with the file hashes kept aside while it ran;
    written whole or not at all (a record cut short would stop every later
    build at its first read)."""
    partial = state.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out, hashes_file.open(encoding="utf-8") as hashes:
        out.write(json.dumps(record)[:-1] + ', "files": ')
        shutil.copyfileobj(hashes, out)
        out.write("}")
    os.replace(partial, state)


if __name__ == "__main__":
    sys.exit(main())
