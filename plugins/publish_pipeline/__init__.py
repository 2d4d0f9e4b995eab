"""The publish build's last steps (publishconf.py sets PUBLISH_PIPELINE):
fingerprint and minify the theme's files, minify the pages, add `integrity`
attributes, write precompressed siblings and the build manifest."""

from pelican import signals

from .pipeline import run_publish_pipeline


def register():
    # Before atomic_output's handler (registered later), which publishes the
    # staging folder these steps work on.
    signals.finalized.connect(run_publish_pipeline)
