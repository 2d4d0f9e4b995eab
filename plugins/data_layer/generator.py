"""A generator that writes nothing: it loads data/ into the shared context
(`site_data`) before any page is rendered, or stops the build with every
problem listed."""

from __future__ import annotations

import sys

from pelican.generators import Generator

from .loader import DataLoader
from .messages import DataError


class DataBuildError(Exception):
    """The build stops: the data has problems (listed just before)."""


def load_site_data(settings):
    loader = DataLoader(
        settings["DATA_PATH"],
        settings["CONTENT_IMAGES_PATH"],
        settings["BUILD_NOW"],
        cache_path=settings.get("RECORD_CACHE_PATH"),  # unset: no cache
    )
    return loader.load()


class DataGenerator(Generator):
    def generate_context(self):
        try:
            self.context["site_data"] = load_site_data(self.settings)
        except DataError as error:
            # One plain line per problem, for editors and for grep; no log
            # decoration that would wrap or reorder them.
            print(error.report(), file=sys.stderr, flush=True)
            count = len(error.problems)
            raise DataBuildError(
                f"{count} masalah di data/ (lihat di atas) / "
                f"{count} problem(s) in data/ (listed above)"
            ) from None
