"""The benchmark's copy of the site: data/ and content/ copied into a work
folder with N generated exhibitors added, and one settings file per
configuration (`html`: pelicanconf.py, `publish`: publishconf.py), each with
its own output, staging and cache folders inside the work folder. The theme
and plugins are used in place.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from generate_exhibitors import generate

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {"html": "pelicanconf", "publish": "publishconf"}
SEED = 2021


class BenchSite:
    def __init__(self, work: Path):
        self.work = work.resolve()
        self.data = self.work / "data"
        self.content = self.work / "content"

    # -- folders of one configuration ---------------------------------------------------

    def settings(self, config: str) -> Path:
        return self.work / config / "settings.py"

    def output(self, config: str) -> Path:
        return self.work / config / "output"

    def staging(self, config: str) -> Path:
        # atomic_output stages beside the output folder, named after it.
        return self.work / config / ".output.staging"

    @property
    def state(self) -> Path:
        """Where scripts/build.py records the builds it made."""
        return self.work / "state"

    def cache(self, config: str) -> Path:
        return self.work / config / "cache"

    # -- preparing --------------------------------------------------------------------

    def prepare(self, count: int, without: list[str], overrides: dict[str, str]) -> None:
        """A fresh copy of the site with `count` generated exhibitors."""
        if self.work.exists():
            shutil.rmtree(self.work)
        shutil.copytree(ROOT / "data", self.data)
        shutil.copytree(ROOT / "content", self.content)
        if count:
            generate(count, self.data, seed=SEED, images=self.content / "images")
        self.write_all_settings(without, overrides)

    def write_all_settings(self, without: list[str], overrides: dict[str, str]) -> None:
        """The settings of every configuration, as this version of the bench
        writes them (a reused folder may hold an older version's); `overrides`:
        setting name -> a Python literal, set after the site's own."""
        for config in CONFIGS:
            self.write_settings(config, without, overrides)

    def write_settings(self, config: str, without: list[str], overrides: dict[str, str]) -> None:
        cache = self.cache(config)
        lines = [
            "import sys",
            f"sys.path.insert(0, {str(ROOT)!r})",
            f"from {CONFIGS[config]} import *  # noqa",
            f"PATH = {str(self.content)!r}",
            f"DATA_PATH = {str(self.data)!r}",
            f"CONTENT_IMAGES_PATH = {str(self.content / 'images')!r}",
            f"OUTPUT_PATH = {str(self.output(config))!r}",
            f"THEME = {str(ROOT / 'theme')!r}",
            f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]",
            f"SHARE_IMAGE_CACHE_PATH = {str(cache / 'share-images')!r}",
            f"RESIZED_IMAGE_CACHE_PATH = {str(cache / 'resized-images')!r}",
            f"RECORD_CACHE_PATH = {str(cache / 'records')!r}",
            f"PAGE_CACHE_PATH = {str(cache / 'pages')!r}",
            f"SEARCH_CACHE_PATH = {str(cache / 'search')!r}",
            f"OPEN_DATA_CACHE_PATH = {str(cache / 'open-data')!r}",
            f"PUBLISH_CACHE_PATH = {str(cache / 'publish')!r}",
            f"CACHE_PATH = {str(cache)!r}",  # QR codes and Pelican's own caches
            # Plugins still being written in a shared working tree can be left out.
            f"PLUGINS = [p for p in PLUGINS if p not in {without!r}]",
            # Before `atomic_output`, which must stay last.
            'PLUGINS.insert(PLUGINS.index("atomic_output"), "build_phases")',
            *(f"{name} = {value}" for name, value in overrides.items()),
        ]
        self.settings(config).parent.mkdir(parents=True, exist_ok=True)
        self.settings(config).write_text("\n".join(lines) + "\n", encoding="utf-8")

    # -- between scenarios --------------------------------------------------------------

    def clean(self, config: str, *, caches: bool) -> None:
        """Remove the output and staging folders, and the caches if asked."""
        folders = [self.output(config), self.staging(config)]
        if caches:
            folders += [self.cache(config), self.state]
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        # The removal's writes reach the disk now, not during the build timed next.
        os.sync()

    def change_one_summary(self) -> Path:
        """Edit the summary of the first generated exhibitor (in path order)
        whose summary is one line; return its file."""
        pattern = re.compile(r'^summary: "(.*)"$', re.MULTILINE)
        for path in sorted(self.data.glob("exhibitors/*/*.yaml")):
            text = path.read_text(encoding="utf-8")
            if pattern.search(text):
                edited = pattern.sub(r'summary: "\1 Kini juga melayani pesanan daring."', text, 1)
                path.write_text(edited, encoding="utf-8")
                return path
        raise LookupError("no generated exhibitor with a one-line summary")

    def exhibitor_count(self) -> int:
        return sum(1 for _ in self.data.glob("exhibitors/**/*.yaml"))
