"""Give every generator's Jinja environment the catalogs and formatters."""

from __future__ import annotations

from pathlib import Path

from .catalogs import load_translations
from .formatting import format_date, format_number, format_time


def translations_dir(settings) -> str:
    return str(Path(settings["THEME"]) / "translations")


def use_language(env, settings, lang: str) -> None:
    """Render the next templates of `env` in `lang`."""
    env.install_gettext_translations(
        load_translations(translations_dir(settings), lang), newstyle=True
    )


def prepare_environment(generator) -> None:
    env = generator.env
    env.filters.update(
        format_date=format_date, format_number=format_number, format_time=format_time
    )
    use_language(env, generator.settings, generator.settings["DEFAULT_LANG"])
