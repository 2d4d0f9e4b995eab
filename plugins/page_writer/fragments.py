"""`fragment()`: a partial rendered once and reused on every page that shows
it with the same values (the footer of a language, an exhibitor's card on
each listing it appears in).

    {{ fragment("partials/site_footer.html", page_lang=page_lang, lang=page_lang,
                SITEURL=SITEURL) }}

The partial sees only the values given (and the environment's globals, such
as `_` and `urls`), so its markup cannot depend on anything the cache key
leaves out: a name it reads but is not given fails the build (templates are
StrictUndefined). `lang` is the language of `_()`. Plain strings and numbers
are compared by value, any other object by identity (a card's text knows its
language, which string equality ignores), and is kept alive with its entry so
that its id cannot be reused. Each worker process keeps its own cache,
bounded, least recently used first out.
"""

from __future__ import annotations

from collections import OrderedDict

from markupsafe import Markup

CACHE_SIZE = 50_000  # fragments per environment and process: a card is about 1 KB
BY_VALUE = (str, int, float, bool, type(None))


class Fragments:
    def __init__(self, env, size: int = CACHE_SIZE):
        self.env, self.size = env, size
        self.cache: OrderedDict[tuple, tuple[Markup, dict]] = OrderedDict()

    def __call__(self, name: str, **values) -> Markup:
        key = (name, *sorted((k, v if type(v) in BY_VALUE else id(v)) for k, v in values.items()))
        entry = self.cache.get(key)
        if entry is not None:
            self.cache.move_to_end(key)
            return entry[0]
        markup = Markup(self.env.get_template(name).render(values))
        self.cache[key] = (markup, values)  # the values keep their ids taken
        if len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return markup


def install_fragments(env) -> None:
    env.globals["fragment"] = Fragments(env)
