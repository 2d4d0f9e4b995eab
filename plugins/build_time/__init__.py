"""The build's single notion of "now" (DESIGN.md, Time)."""

from pelican import signals

from .now import hold_back_future_content, set_build_now


def register():
    signals.initialized.connect(set_build_now)
    signals.content_object_init.connect(hold_back_future_content)
