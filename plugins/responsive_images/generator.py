"""Write the resized variants of every logo the directory shows and every
picture the news posts and pages show, through a cache keyed by the source's
bytes (resizing is the slow part)."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from data_layer.messages import DataError
from pelican.generators import Generator

from .content_images import ContentImages
from .variants import image_size, logo_picture, render_variant

# Part of every cached file's name: change it when render_variant's output changes.
CACHE_VERSION = 2
# Everything Pelican read from content/, drafts included: a draft's missing
# picture is found when it is written, not on the day it is published.
CONTENT_KINDS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")


class ContentImageError(Exception):
    """The build stops: pictures in content/ have problems (listed just before)."""


def pictures_for(site_data, images_path: Path, prefix: str) -> dict:
    """logo path -> Picture, for every logo of an exhibitor or partner."""
    logos = {r.data.logo for c in (site_data.exhibitors, site_data.partners)
             for r in c.values() if r.data.logo}  # fmt: skip
    return {
        logo: logo_picture(logo, image_size(images_path / logo), prefix) for logo in sorted(logos)
    }


def content_objects(context) -> list:
    """Every article and page, with its translations, once each."""
    found = {}
    for kind in CONTENT_KINDS:
        for item in context.get(kind, []):
            for one in (item, *getattr(item, "translations", [])):
                found.setdefault(id(one), one)
    return sorted(found.values(), key=lambda content: content.source_path)


def content_pictures(context, settings) -> dict:
    """relative path -> Picture for the pictures of content/, each article and
    page rewritten to show them; every problem at once, or the build stops."""
    images = ContentImages(settings)
    for content in content_objects(context):
        images.rewrite(content)
    if images.problems:
        error = DataError(images.problems)
        print(error.report(), file=sys.stderr, flush=True)
        count = len(error.problems)
        raise ContentImageError(
            f"{count} masalah gambar di content/ (lihat di atas) / "
            f"{count} image problem(s) in content/ (listed above)"
        )
    return images.pictures


def write_variant(source: Path, digest: str, variant, cache: Path, output: Path) -> None:
    cached = cache / f"{digest}-v{CACHE_VERSION}-{variant.width}.{variant.path.rsplit('.', 1)[1]}"
    if not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(cached.name + ".tmp")
        render_variant(source, variant, partial)
        partial.replace(cached)
    target = output / variant.path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)


class ResizedImageGenerator(Generator):
    def generate_context(self):
        images = Path(self.settings["CONTENT_IMAGES_PATH"])
        prefix = self.settings["SITEURL"] + "/"
        self.context["logo_pictures"] = pictures_for(self.context["site_data"], images, prefix)
        # Pelican's article and page generators have read content/ by now.
        self.context["content_pictures"] = content_pictures(self.context, self.settings)

    def generate_output(self, writer):
        images = Path(self.settings["CONTENT_IMAGES_PATH"])
        cache = Path(self.settings["RESIZED_IMAGE_CACHE_PATH"])
        variants = {}  # output path -> (source, variant): a copy two pages share is written once
        for pictures in (self.context["logo_pictures"], self.context["content_pictures"]):
            for relative, picture in pictures.items():
                variants.update({v.path: (relative, v) for v in picture.variants})
        digests = {}
        for _path, (relative, variant) in sorted(variants.items()):
            source = images / relative
            if relative not in digests:
                digests[relative] = hashlib.sha256(source.read_bytes()).hexdigest()
            write_variant(source, digests[relative], variant, cache, Path(self.output_path))
