"""Interface text through gettext catalogs, dates and numbers through Babel."""

from pelican import signals

from .jinja_setup import prepare_environment


def register():
    signals.generator_init.connect(prepare_environment)
