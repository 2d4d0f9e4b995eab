"""`make i18n-report`: what still lacks an English version, so editors know
what to translate next.

Lists each data record whose visitor-facing text has no English (`en:`),
field by field, and each Markdown article or page with no translation.
English pages show the Indonesian text meanwhile, marked `lang="id"`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from build_time.now import build_now  # noqa: E402
from data_layer.fields import Translatable  # noqa: E402
from data_layer.loader import DataLoader  # noqa: E402
from pelican.settings import read_settings  # noqa: E402
from pydantic import BaseModel  # noqa: E402

FRONT_MATTER_END = "\n\n"


def untranslated_fields(value, path: str = ""):
    """Dotted paths of the Translatable values inside `value` that lack English."""
    if isinstance(value, Translatable):
        if not value.en:
            yield path
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from untranslated_fields(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from untranslated_fields(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from untranslated_fields(getattr(value, name), f"{path}.{name}" if path else name)


def data_report(site_data) -> list[str]:
    lines = []
    for collection in ("exhibitors", "partners", "centres", "events"):
        for record in getattr(site_data, collection).values():
            missing = list(untranslated_fields(record.data))
            if missing:
                lines.append(f"{record.source}: {', '.join(missing)}")
    return lines


def content_report(content: Path) -> list[str]:
    """Markdown files whose slug has no file in the other language."""
    by_slug: dict[str, dict[str, Path]] = {}
    for path in sorted(content.rglob("*.md")):
        meta = metadata(path)
        by_slug.setdefault(f"{path.parent.name}/{meta.get('slug', path.stem)}", {})[
            meta.get("lang", "id")
        ] = path
    lines = []
    for languages in by_slug.values():
        for lang, path in languages.items():
            if len(languages) == 1:
                lines.append(
                    f"{Path(os.path.relpath(path)).as_posix()}: no translation ({lang} only)"
                )
    return sorted(lines)


def metadata(path: Path) -> dict:
    head = path.read_text(encoding="utf-8").split(FRONT_MATTER_END, 1)[0]
    pairs = (line.split(":", 1) for line in head.splitlines() if ":" in line)
    return {key.strip().lower(): value.strip() for key, value in pairs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    settings_file = Path(parser.parse_args().settings).resolve()
    os.chdir(settings_file.parent)
    settings = read_settings(str(settings_file))
    loader = DataLoader(settings["DATA_PATH"], settings["CONTENT_IMAGES_PATH"], build_now())
    data_lines = data_report(loader.load())
    content_lines = content_report(Path(settings["PATH"]))
    print(f"Data without English ({len(data_lines)} records):")
    print("\n".join(f"  {line}" for line in data_lines) or "  (none)")
    print(f"Markdown without translation ({len(content_lines)} files):")
    print("\n".join(f"  {line}" for line in content_lines) or "  (none)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
