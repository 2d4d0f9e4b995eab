"""All-or-nothing output: build into a staging area, publish it on success."""


def register():
    # Imported here, not with the package: scripts/build.py uses staging.py
    # alone, and importing Pelican would add a third of a second and some
    # 30 MiB to a process that waits beside the whole build.
    from pelican import signals

    from .staging import publish_staging, redirect_to_staging

    signals.initialized.connect(redirect_to_staging)
    signals.finalized.connect(publish_staging)
