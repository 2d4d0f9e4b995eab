"""Write the resized variants of every logo the directory shows, through a
cache keyed by the source's bytes (resizing is the slow part)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from pelican.generators import Generator

from .variants import image_size, logo_picture, render_variant


def pictures_for(site_data, images_path: Path, prefix: str) -> dict:
    """logo path -> Picture, for every logo of an exhibitor or partner."""
    logos = {r.data.logo for c in (site_data.exhibitors, site_data.partners)
             for r in c.values() if r.data.logo}  # fmt: skip
    return {
        logo: logo_picture(logo, image_size(images_path / logo), prefix) for logo in sorted(logos)
    }


class ResizedImageGenerator(Generator):
    def generate_context(self):
        images = Path(self.settings["CONTENT_IMAGES_PATH"])
        prefix = self.settings["SITEURL"] + "/"
        self.context["logo_pictures"] = pictures_for(self.context["site_data"], images, prefix)

    def generate_output(self, writer):
        images = Path(self.settings["CONTENT_IMAGES_PATH"])
        cache = Path(self.settings["RESIZED_IMAGE_CACHE_PATH"])
        for logo, picture in self.context["logo_pictures"].items():
            source = images / logo
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
            for variant in picture.variants:
                cached = cache / f"{digest}-{variant.width}.{variant.path.rsplit('.', 1)[1]}"
                if not cached.is_file():
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    partial = cached.with_name(cached.name + ".tmp")
                    render_variant(source, variant, partial)
                    partial.replace(cached)
                target = Path(self.output_path) / variant.path
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(cached, target)
