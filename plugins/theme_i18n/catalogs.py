"""The theme's gettext catalogs, compiled in memory from theme/translations/.

Message ids are English; theme/translations/<lang>/LC_MESSAGES/messages.po
holds each language's text. Compiling here means no .mo file is committed or
left stale: an edited .po takes effect on the next build.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Mark `message` for the catalogs; it is translated when a page is written."""
    return message


def catalog_path(translations_dir: str | Path, lang: str) -> Path:
    return Path(translations_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def load_translations(translations_dir: str, lang: str) -> NullTranslations:
    """The translations for `lang`; English message ids need no catalog."""
    path = catalog_path(translations_dir, lang)
    if not path.exists():
        if lang == "en":
            return NullTranslations()
        raise FileNotFoundError(f"{path}: no catalog for language {lang!r}")
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
