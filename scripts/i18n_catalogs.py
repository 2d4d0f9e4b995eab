"""The interface-text catalogs: extract message ids, keep catalogs in step.

    python scripts/i18n_catalogs.py update   # add new ids to every catalog
    python scripts/i18n_catalogs.py check    # list ids a catalog lacks; exit 1

Message ids are the English text, in templates (`_()`, `ngettext()`) and in
the plugins' Python (`_()`, `gettext()`). Indonesian is the site's first
language, so its catalog must translate every id; English needs no catalog.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "theme" / "translations"
TRANSLATED_LANGUAGES = ["id"]
SOURCES = [
    (ROOT / "theme" / "templates", [("**.html", "jinja2")],
     {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}),
    (ROOT / "plugins", [("**.py", "python")], {}),
]  # fmt: skip
# The Python sources mark text with `_` (bound to the page's language), or
# with `N_` where it is translated later, when a page is written.
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    template = Catalog(project="jakpreneur-fest-site", fuzzy=False)
    for folder, method_map, options_map in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            folder, method_map, options_map, keywords=KEYWORDS
        ):
            location = ((folder / filename).relative_to(ROOT).as_posix(), lineno)
            template.add(message, None, [location], auto_comments=comments, context=context)
    return template


def catalog_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def read_catalog(lang: str) -> Catalog:
    with catalog_path(lang).open("rb") as po_file:
        return read_po(po_file, locale=lang)


def untranslated(lang: str, template: Catalog) -> list[str]:
    """Message ids used by the site that the `lang` catalog does not translate."""
    catalog = read_catalog(lang)
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found else None
        texts = strings if isinstance(strings, tuple) else (strings,)
        if found is None or found.fuzzy or not all(texts):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def update() -> None:
    template = extract()
    for lang in TRANSLATED_LANGUAGES:
        catalog = read_catalog(lang)
        catalog.update(template, no_fuzzy_matching=True)
        with catalog_path(lang).open("wb") as po_file:
            write_po(po_file, catalog, width=100, omit_header=False, ignore_obsolete=True,
                     include_previous=False, sort_output=True, no_location=True)  # fmt: skip


def check() -> int:
    template = extract()
    failed = 0
    for lang in TRANSLATED_LANGUAGES:
        for message_id in untranslated(lang, template):
            print(f"{catalog_path(lang).relative_to(ROOT)}: untranslated: {message_id!r}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
        sys.exit(0)
    sys.exit(check())
