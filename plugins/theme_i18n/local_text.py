"""Text in the page's language, or marked with its own language when it fell
back (an English page showing Indonesian text): `text()` for a line,
`rich()` for sanitised Markdown.

Python, not Jinja macros: they are called for every label of every page,
and a macro call costs many times a function call. The markup is what the
macros printed, byte for byte; values are read as Jinja reads `value.lang`
(attribute, then item), so a value without a language fails the build as it
did under StrictUndefined.
"""

from __future__ import annotations

from markupsafe import Markup, escape


def install_local_text(env) -> None:
    def text(value, page_lang) -> Markup:
        lang = env.getattr(value, "lang")
        if lang != page_lang:
            return Markup(f'<span lang="{escape(lang)}">{escape(value)}</span>')
        return escape(value)

    def rich(value, page_lang) -> Markup:
        lang = env.getattr(value, "lang")
        marked = f' lang="{escape(lang)}"' if lang != page_lang else ""
        return Markup(f'<div class="prose"{marked}>{escape(env.getattr(value, "html"))}</div>')

    env.globals.update(text=text, rich=rich)
