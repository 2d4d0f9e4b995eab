"""What every generator's Jinja environment gets for rendering pages."""

from .bytecode import shared_bytecode
from .fragments import install_fragments


def prepare_environment(generator) -> None:
    env = generator.env
    # Templates do not change while a build runs: no stat of the template
    # file at every `{% include %}` and `{% extends %}` (Jinja's auto_reload).
    env.auto_reload = False
    # A plain dict for the compiled templates: Jinja's default LRU cache takes
    # a lock and reorders a deque at every `{% include %}`; a theme's
    # templates all fit.
    env.cache = {}
    env.bytecode_cache = shared_bytecode(env)
    install_fragments(env)
