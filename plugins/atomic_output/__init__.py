"""All-or-nothing output: build into a staging area, publish it on success."""

from pelican import signals

from .staging import publish_staging, redirect_to_staging


def register():
    signals.initialized.connect(redirect_to_staging)
    signals.finalized.connect(publish_staging)
