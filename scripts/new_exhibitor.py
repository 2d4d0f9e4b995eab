"""`make new-exhibitor NAME="Kopi Senja" [CATEGORY=kuliner KECAMATAN=tebet]`:
start data/exhibitors/<slug>.yaml from data/_templates/exhibitor.yaml.

Editors get the file name right without knowing the slug rules, cannot
overwrite an existing exhibitor, and start from every field of the contract
with its explanation. With a category and a kecamatan the new file is valid
as written; without them, its GANTI placeholders are what `make check`
reports until they are filled in. The summary placeholder is valid text, so
the next steps name every field still to fill.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

import exhibitor_yaml  # noqa: E402
from data_layer.messages import Problem  # noqa: E402
from editor_tools import (  # noqa: E402
    TEMPLATES,
    ExhibitorValidator,
    VocabularyError,
    add_project_arguments,
    display,
    read_project,
    say,
    top_field,
)
from slugs import RESERVED_SLUGS, existing_files, slugify  # noqa: E402

PLACEHOLDER = "GANTI"
HEADER = (
    "# Peserta Jakpreneur Fest, dibuat dengan make new-exhibitor. Ganti setiap GANTI, lalu "
    "jalankan make check / Jakpreneur Fest exhibitor, started with make new-exhibitor. "
    "Replace every GANTI, then run make check\n"
)


def scaffold(name: str, given: dict[str, str]) -> str:
    """The template with its copy-me header replaced and `name` (and the
    `given` fields) filled in; its other comments and placeholders stay."""
    template = (TEMPLATES / "exhibitor.yaml").read_text(encoding="utf-8")
    _, blank, body = template.partition("\n\n")  # the header ends at the first blank line
    body = body if blank else template
    document = exhibitor_yaml.load(body)
    document["name"] = exhibitor_yaml.scalar(name)
    for key, value in given.items():
        document[key] = exhibitor_yaml.scalar(value)
    return HEADER + "\n" + exhibitor_yaml.dump(document)


def refusal(name: str, slug: str, project) -> str | None:
    """Why no file may be made for `slug`, or None."""
    if not name:
        return say("empty_name")
    if not slug:
        return say("no_slug", value=name)
    if slug in RESERVED_SLUGS:
        return Problem("", 0, "", "slug_reserved", value=slug).message()
    existing = existing_files(project.exhibitors).get(slug)
    if existing:
        return say("slug_exists", value=slug, other=display(existing))
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help='the business name, e.g. "Kopi Senja"')
    parser.add_argument("--category", help="key of data/vocab/categories.yaml, e.g. kuliner")
    parser.add_argument("--kecamatan", help="key of data/vocab/regions.yaml, e.g. tebet")
    add_project_arguments(parser)
    arguments = parser.parse_args(argv)
    name = " ".join(arguments.name.split())
    slug = slugify(name)
    project = read_project(arguments)
    reason = refusal(name, slug, project)
    if reason:
        print(reason)
        return 1
    given = {k: v.strip() for k in ("category", "kecamatan") if (v := getattr(arguments, k))}
    path = project.exhibitors / f"{slug}.yaml"
    text = scaffold(name, given)
    try:
        problems = ExhibitorValidator(project).problems(display(path), text)
    except VocabularyError as error:
        print(error)
        return 1
    placeholders = {"category", "kecamatan"} - set(given)
    wrong = [p for p in problems if top_field(p) not in placeholders]
    if wrong:  # e.g. a mistyped --category: say so, write nothing
        for problem in wrong:
            field = top_field(problem)
            print(f"{'--' + field if field in given else field}: {problem.message()}")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
    document = exhibitor_yaml.load(text)
    left = [key for key, value in document.items() if PLACEHOLDER in str(value)]
    print(say("written", path=display(path)))
    fields = say("still_to_fill", fields=", ".join(left)) if left else ""
    print(say("next_steps", path=display(path), slug=slug, left=fields))
    return 0


if __name__ == "__main__":
    sys.exit(main())
