"""Give every generator's Jinja environment the catalogs and formatters.

Interface text is translated into the language of the page being rendered
(page_gettext.py), so one environment serves every language, Pelican's own
article and page templates included.
"""

from __future__ import annotations

from pathlib import Path

from .catalogs import load_translations
from .formatting import format_date, format_number, format_time
from .local_text import install_local_text
from .page_gettext import install_page_gettext


def translations_dir(settings) -> str:
    return str(Path(settings["THEME"]) / "translations")


def gettext_for(settings, lang: str):
    """The gettext function of `lang`, for text built in Python."""
    return load_translations(translations_dir(settings), lang).gettext


def prepare_environment(generator) -> None:
    env = generator.env
    env.filters.update(
        format_date=format_date, format_number=format_number, format_time=format_time
    )
    settings = generator.settings
    install_page_gettext(env, translations_dir(settings), settings["DEFAULT_LANG"])
    install_local_text(env)
