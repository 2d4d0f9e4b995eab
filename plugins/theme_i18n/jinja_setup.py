"""Give every generator's Jinja environment the catalogs and formatters.

Interface text is translated into the language of the page being rendered,
read from the template context (`lang`, or the `lang` of Pelican's `article`
or `page`), so one environment serves every language, Pelican's own article
and page templates included.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import pass_context

from .catalogs import load_translations
from .formatting import format_date, format_number, format_time


def translations_dir(settings) -> str:
    return str(Path(settings["THEME"]) / "translations")


def gettext_for(settings, lang: str):
    """The gettext function of `lang`, for text built in Python."""
    return load_translations(translations_dir(settings), lang).gettext


def page_language(context, default: str) -> str:
    lang = context.get("lang")
    if isinstance(lang, str):
        return lang
    for name in ("article", "page"):
        content = context.get(name)
        if isinstance(getattr(content, "lang", None), str):
            return content.lang
    return default


def install_page_language_gettext(env, settings) -> None:
    folder, default = translations_dir(settings), settings["DEFAULT_LANG"]

    def catalog(context):
        return load_translations(folder, page_language(context, default))

    @pass_context
    def gettext(context, message):
        return catalog(context).gettext(message)

    @pass_context
    def ngettext(context, singular, plural, number):
        return catalog(context).ngettext(singular, plural, number)

    env.install_gettext_callables(gettext, ngettext, newstyle=True)


def prepare_environment(generator) -> None:
    env = generator.env
    env.filters.update(
        format_date=format_date, format_number=format_number, format_time=format_time
    )
    install_page_language_gettext(env, generator.settings)
