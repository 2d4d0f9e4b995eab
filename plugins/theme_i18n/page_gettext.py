"""The templates' `_()` and `ngettext()`, in the language of the page.

Jinja's "new style" gettext (`_("%(num)s pages", num=n)`, results marked
safe and then formatted), as `install_gettext_callables(..., newstyle=True)`
sets it up, without its wrappers. The language is read from the template
context (`lang`, or the `lang` of Pelican's `article` or `page`), so one
environment serves every language.

Reading it at each call costs: a function that takes the context, called
inside a block or loop that has variables of its own, gets a copy of the
whole context (Jinja's `Context.derived`). So base.html binds the page's
pair once, `{% set _, ngettext = page_gettext() %}`: the bound functions
take only Jinja's evaluation context (for autoescape), which is never copied.
"""

from __future__ import annotations

import functools

from jinja2 import pass_context, pass_eval_context
from markupsafe import Markup

from .catalogs import load_translations


def page_language(context, default: str) -> str:
    lang = context.get("lang")
    if isinstance(lang, str):
        return lang
    for name in ("article", "page"):
        content = context.get(name)
        if isinstance(getattr(content, "lang", None), str):
            return content.lang
    return default


@functools.cache
def bound_gettext(folder: str, lang: str) -> tuple:
    """(gettext, ngettext) of one language."""
    translations = load_translations(folder, lang)

    @pass_eval_context
    def gettext(eval_ctx, message, **variables):
        translated = translations.gettext(message)
        if eval_ctx.autoescape:
            translated = Markup(translated)
        return translated % variables

    @pass_eval_context
    def ngettext(eval_ctx, singular, plural, number, **variables):
        variables.setdefault("num", number)
        translated = translations.ngettext(singular, plural, number)
        if eval_ctx.autoescape:
            translated = Markup(translated)
        return translated % variables

    return gettext, ngettext


def install_page_gettext(env, folder: str, default: str) -> None:
    def pair(context) -> tuple:
        return bound_gettext(folder, page_language(context, default))

    @pass_context
    def gettext(context, message, **variables):
        return pair(context)[0](context.eval_ctx, message, **variables)

    @pass_context
    def ngettext(context, singular, plural, number, **variables):
        return pair(context)[1](context.eval_ctx, singular, plural, number, **variables)

    env.newstyle_gettext = True
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext,
                       page_gettext=pass_context(pair))  # fmt: skip
