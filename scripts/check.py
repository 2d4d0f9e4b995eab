"""`make check`: validate data/ and content/ and report every problem.

Nothing is written. Exit status 0 when everything is valid, 1 otherwise.
Data errors are in Indonesian; DATA_ERRORS_LANG=en gives them in English.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from build_time.now import build_now  # noqa: E402
from data_layer.loader import DataLoader  # noqa: E402
from data_layer.messages import DataError  # noqa: E402
from pelican.contents import Article, Page  # noqa: E402
from pelican.readers import Readers  # noqa: E402
from pelican.settings import read_settings  # noqa: E402
from responsive_images.content_images import ContentImages  # noqa: E402
from safe_markdown.render import sanitise_content  # noqa: E402

CONTENT_KINDS = {"news": Article, "pages": Page}


def check_data(settings) -> tuple[list[str], object]:
    loader = DataLoader(settings["DATA_PATH"], settings["CONTENT_IMAGES_PATH"], build_now())
    try:
        return [], loader.load()
    except DataError as error:
        return error.report().splitlines(), None


def display(path: Path) -> str:
    return Path(os.path.relpath(path)).as_posix()


def check_content(settings) -> tuple[list[str], int]:
    """Read every Markdown file the way the build does; report what fails."""
    readers = Readers(settings)
    content = Path(settings["PATH"])
    images = ContentImages(settings)  # missing, unsupported or oversized pictures
    lines, count = [], 0
    for folder, content_class in CONTENT_KINDS.items():
        for path in sorted((content / folder).rglob("*.md")):
            count += 1
            relative = path.relative_to(content).as_posix()
            try:
                item = readers.read_file(str(content), relative, content_class=content_class)
            except Exception as error:  # a reader's error is the editor's to fix
                lines.append(f"{display(path)}:1: {error}")
                continue
            if not item.is_valid():
                lines.append(f"{display(path)}:1: title/date: missing or invalid")
            sanitise_content(item)  # as the build does, before its pictures are checked
            images.rewrite(item)
    return lines + [problem.format() for problem in images.problems], count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    settings_file = Path(parser.parse_args().settings).resolve()
    os.chdir(settings_file.parent)  # data paths in the settings are relative to it
    settings = read_settings(str(settings_file))
    data_lines, site_data = check_data(settings)
    content_lines, content_count = check_content(settings)
    for line in data_lines + content_lines:
        print(line)
    if data_lines or content_lines:
        print(f"{len(data_lines) + len(content_lines)} problem(s)", file=sys.stderr)
        return 1
    print(
        f"OK: {len(site_data.exhibitors)} exhibitors, {len(site_data.partners)} partners, "
        f"{len(site_data.centres)} centres, {len(site_data.events)} events, "
        f"{content_count} Markdown files"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
