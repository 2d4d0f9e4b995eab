"""Share images (og:image) that WhatsApp and social apps show: 1200x630 PNGs
drawn with Pillow, one per exhibitor (name, category, kecamatan, logo) and
one for the rest of the site.

Drawing is the slow part, so each image is kept in a cache folder under a
hash of everything drawn on it; a rebuild copies unchanged images from there.
Pillow's bundled font is used, so the bytes do not depend on the machine's
fonts.
"""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

from pelican.generators import Generator
from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
BACKGROUND = (15, 76, 69)
ACCENT = (255, 209, 102)
WHITE = (255, 255, 255)
FOLDER = "images/share"
DEFAULT_NAME = "jakpreneur-fest"
DRAWING_VERSION = "2"  # bump when the drawing changes, to refresh the cache


def share_image_path(slug: str | None) -> str:
    return f"{FOLDER}/{slug or DEFAULT_NAME}.png"


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def draw_share_image(title: str, subtitle: str, caption: str, logo: Path | None) -> Image.Image:
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 14), fill=ACCENT)
    draw.text((70, 70), caption, font=font(40), fill=ACCENT)
    text_width = 1060 if logo is None else 760
    lines = textwrap.wrap(title, width=max(10, text_width // 38))[:3]
    y = 170
    for line in lines:
        draw.text((70, y), line, font=font(72), fill=WHITE)
        y += 90
    draw.text((70, max(y + 30, 460)), subtitle, font=font(40), fill=WHITE)
    if logo is not None:
        with Image.open(logo) as source:
            mark = source.convert("RGBA")
            mark.thumbnail((260, 260))
            image.paste(mark, (1200 - 70 - mark.width, 170), mark)
    return image


class ShareImageGenerator(Generator):
    """Writes images/share/<slug>.png for every exhibitor, and the default."""

    def generate_output(self, writer):
        site_data = self.context["site_data"]
        index = self.context["directory_indexes"]["id"]
        images = Path(self.settings["CONTENT_IMAGES_PATH"])
        festival = site_data.festival
        caption = f"{festival.name} {festival.edition}"
        self.write_image(None, festival.name, str(festival.summary.id)[:80], caption, None)
        for card in index.cards:
            data = site_data.exhibitors[card.slug].data
            logo = images / data.logo if data.logo and not data.logo.endswith(".svg") else None
            subtitle = f"{card.category.label} · {card.kecamatan.label}"
            self.write_image(card.slug, card.name, subtitle, caption, logo)

    def write_image(self, slug, title, subtitle, caption, logo) -> None:
        target = Path(self.output_path) / share_image_path(slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        key = hashlib.sha256(
            "\0".join(
                [DRAWING_VERSION, title, subtitle, caption, _file_digest(logo) if logo else ""]
            ).encode()  # fmt: skip
        ).hexdigest()
        cached = Path(self.settings["SHARE_IMAGE_CACHE_PATH"]) / f"{key}.png"
        if not cached.is_file():
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".tmp")
            # A flat picture needs few colours: a 64-colour palette PNG is a
            # third of the size and quicker to write than an optimised RGB one.
            picture = draw_share_image(title, subtitle, caption, logo)
            picture = picture.quantize(colors=64, method=Image.Quantize.FASTOCTREE)
            picture.save(partial, format="PNG", compress_level=6)
            partial.replace(cached)
        shutil.copyfile(cached, target)


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
