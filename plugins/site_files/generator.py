"""Home page, 404 page, robots.txt and the sitemap index.

It runs after the other page generators (Pelican's articles and pages, the
directory), so the sitemap lists every page they wrote.
"""

from __future__ import annotations

import os
from pathlib import Path

from directory import urls
from directory.generator import alternates
from pelican.generators import Generator

from .home import home_view
from .schedule import announce_next_change, record_next_change
from .sitemap import RECORDER, write_sitemaps


class SiteFilesGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        RECORDER.reset()  # a new build (devserver rebuilds in new processes anyway)

    def generate_output(self, writer):
        for lang in self.settings["SITE_LANGUAGES"]:
            writer.write_file(
                "index.html" if lang == "id" else urls.save_as(urls.home(lang)),
                self.get_template("index"),
                self.context,
                lang=lang,
                page_url=urls.home(lang),
                alternates=alternates(urls.home(lang), self.settings["SITE_LANGUAGES"]),
                title=self.settings["SITENAME"],
                heading=self.settings["SITENAME"],
                breadcrumbs=[],
                view=home_view(self.context, lang),
            )
        writer.write_file("404.html", self.get_template("404"), self.context, lang="id",
                          page_url="404.html", title="404", heading="404", breadcrumbs=[],
                          view={})  # fmt: skip
        self.write_sitemaps_and_robots(writer)
        print(announce_next_change(self.context, self.settings["BUILD_NOW"]), flush=True)
        if announced := os.environ.get("BUILD_NEXT_CHANGE_FILE"):  # set by scripts/build.py
            record_next_change(self.context, self.settings["BUILD_NOW"], announced)

    def write_sitemaps_and_robots(self, writer):
        # The sitemap goes through every page's entry: with page workers
        # running, each page of memory it changes would be held twice.
        if hasattr(writer, "settle"):
            writer.settle()
        output = Path(self.output_path)
        absolute = self.settings["SITE_ABSOLUTE_URL"]
        written = write_sitemaps(
            output, absolute, RECORDER.pages, self.settings["SITEMAP_MAX_URLS"]
        )
        # Every page is recorded by now (host_config writes files, not pages):
        # its table is let go of before the search step (60 MiB at 281,000).
        RECORDER.reset()
        robots = f"User-agent: *\nAllow: /\n\nSitemap: {absolute.rstrip('/')}/{written[0]}\n"
        (output / "robots.txt").write_text(robots, encoding="utf-8")
