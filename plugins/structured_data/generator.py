"""Write images/share/<slug>.png for every exhibitor, and the site's default
share image, through the derived-files cache (drawing is the slow part)."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from atomic_output.staging import staged_live_output
from derived_files.cache import FileCache
from derived_files.derived import DerivedFile, write_with_shared_workers
from pelican.generators import Generator

from .share_images import share_image_key, share_image_path, share_image_png

log = logging.getLogger(__name__)


WORKERS_USER = "share images"


class ShareImageGenerator(Generator):
    def generate_output(self, writer):
        files = self.share_images()
        cache = FileCache(self.settings["SHARE_IMAGE_CACHE_PATH"], ".png")
        written = write_with_shared_workers(WORKERS_USER, files, cache, share_image_png,
                                            Path(self.output_path),
                                            staged_live_output(self.settings, self.output_path))  # fmt: skip
        log.info("Share images: %s", written)

    def share_images(self) -> list[DerivedFile]:
        site_data = self.context["site_data"]
        index = self.context["directory_indexes"]["id"]
        images = Path(self.settings["CONTENT_IMAGES_PATH"])
        festival = site_data.festival
        caption = f"{festival.name} {festival.edition}"
        logos = LogoDigests()
        files = [share_image(None, festival.name, str(festival.summary.id)[:80], caption, None, "")]
        for card in index.cards:
            data = site_data.exhibitors[card.slug].data
            logo = images / data.logo if data.logo and not data.logo.endswith(".svg") else None
            subtitle = f"{card.category.label} · {card.kecamatan.label}"
            files.append(share_image(card.slug, card.name, subtitle, caption, logo, logos[logo]))
        return files


def share_image(slug, title, subtitle, caption, logo, logo_digest) -> DerivedFile:
    key = share_image_key(title, subtitle, caption, logo_digest)
    return DerivedFile(share_image_path(slug), key, (title, subtitle, caption, logo))


class LogoDigests(dict):
    """logo path -> sha256 of its bytes, read once per build; None -> ""."""

    def __missing__(self, logo: Path | None) -> str:
        digest = hashlib.sha256(logo.read_bytes()).hexdigest() if logo else ""
        self[logo] = digest
        return digest
