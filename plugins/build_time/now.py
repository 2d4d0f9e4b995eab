"""One "now" for the whole build: `SOURCE_DATE_EPOCH` when set, else the clock.

The data layer (past events, the latest year an exhibitor may be founded) and
Pelican (future-dated posts) both read `BUILD_NOW` from the settings, so a
build can be reproduced, or previewed as of another day, by setting one
variable. Pelican's own WITH_FUTURE_DATES compares with the wall clock, so it
stays on and `hold_back_future_content` applies the build's now instead.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess


class BuildTimeError(ValueError):
    pass


def build_now(environ=os.environ) -> dt.datetime:
    """The build's now, an aware UTC datetime."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if not epoch.isdigit():
        raise BuildTimeError(
            f"SOURCE_DATE_EPOCH={epoch!r}: expected whole seconds since 1970-01-01 UTC"
        )
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC)


def last_commit_time(folder: str) -> dt.datetime:
    """The committer time of the last commit of the checkout at `folder`."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True, text=True
        )
    except FileNotFoundError:
        result = None
    if result is None or result.returncode != 0 or not result.stdout.strip().isdigit():
        raise BuildTimeError(
            "a publish build needs a fixed now: set SOURCE_DATE_EPOCH, or build from a "
            "git checkout (its last commit's time is used)"
        )
    return dt.datetime.fromtimestamp(int(result.stdout), dt.UTC)


def set_build_now(pelican) -> None:
    """Publish builds (BUILD_NOW_FROM_COMMIT) are reproducible: without
    SOURCE_DATE_EPOCH their now is the last commit's, never the wall clock."""
    settings = pelican.settings
    if "BUILD_NOW" in settings:
        return
    if settings.get("BUILD_NOW_FROM_COMMIT") and not os.environ.get("SOURCE_DATE_EPOCH"):
        settings["BUILD_NOW"] = last_commit_time(settings["PATH"])
    else:
        settings["BUILD_NOW"] = build_now()


def hold_back_future_content(content) -> None:
    """Posts dated after the build's now are drafts, which are never written."""
    date = getattr(content, "date", None)
    now = content.settings.get("BUILD_NOW")
    if date is None or now is None or content.status != "published":
        return
    if date.tzinfo is None:  # Pelican leaves dates naive when no timezone is set
        date = date.replace(tzinfo=dt.UTC)
    if date > now:
        content.status = "draft"
