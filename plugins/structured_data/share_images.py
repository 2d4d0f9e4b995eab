"""Share images (og:image) that WhatsApp and social apps show: 1200x630 PNGs
drawn with Pillow, one per exhibitor (name, category, kecamatan, logo) and
one for the rest of the site. Pillow's bundled font is used, so the bytes do
not depend on the machine's fonts.

The picture is drawn in palette indices rather than colours, which spares
a colour quantisation per image (it was half the cost). Text is only ever
drawn over the plain background, index 0, so Pillow's anti-aliasing, which
blends from the value underneath, yields index `coverage * TEXT_STEPS`; the
palette maps index i to the colour i/TEXT_STEPS of the way from the
background to the text colour. The caption is drawn once per build in
accent indices, the logo in colours of its own.
"""

from __future__ import annotations

import functools
import io
import textwrap
from pathlib import Path

import PIL
from derived_files.cache import content_key
from PIL import Image, ImageDraw, ImageFont, features

SIZE = (1200, 630)
BACKGROUND = (15, 76, 69)
ACCENT = (255, 209, 102)
WHITE = (255, 255, 255)
FOLDER = "images/share"
DEFAULT_NAME = "jakpreneur-fest"
DRAWING_VERSION = "3"  # bump when the drawing changes, to refresh the cache
# Anti-aliasing levels between the background and each text colour: every
# pixel within 8 of its exact colour per channel (the earlier 64-colour
# adaptive palette: within 14).
TEXT_STEPS = 15
WHITE_TEXT = TEXT_STEPS  # indices 0..15: background to white
ACCENT_TEXT = 2 * TEXT_STEPS  # 16..30: accent, 1/15 to 15/15 of the way
LOGO_FIRST = 2 * TEXT_STEPS + 1  # the logo's own colours from here
LOGO_COLOURS = 64
LOGO_BOX = (260, 260)
# zlib level 3: 2.6 ms and 17.5 KiB per image. Level 6 takes 4.9 ms for
# 13 KiB, 9 takes 36 ms for 12 KiB: on a cold build of the whole membership
# the compressor would then be most of the cost, for files only chat apps
# fetch.
PNG_COMPRESS_LEVEL = 3
# What else decides the bytes: the text renderer and the PNG compressor.
LIBRARIES = f"Pillow {PIL.__version__}, " + ", ".join(
    f"{name} {features.version(name)}" for name in ("freetype2", "raqm", "zlib")
)


def share_image_path(slug: str | None) -> str:
    return f"{FOLDER}/{slug or DEFAULT_NAME}.png"


def share_image_key(title: str, subtitle: str, caption: str, logo_digest: str) -> str:
    return content_key(DRAWING_VERSION, LIBRARIES, str(PNG_COMPRESS_LEVEL), title, subtitle,
                       caption, logo_digest)  # fmt: skip


def share_image_png(title: str, subtitle: str, caption: str, logo: Path | None) -> bytes:
    """The PNG file's bytes: what the cache keeps."""
    out = io.BytesIO()
    picture = draw_share_image(title, subtitle, caption, logo)
    picture.save(out, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


def draw_share_image(title: str, subtitle: str, caption: str, logo: Path | None) -> Image.Image:
    """A palette ("P") image; see the module's docstring."""
    canvas = caption_canvas(caption).copy()
    draw = ImageDraw.Draw(canvas)
    text_width = 1060 if logo is None else 760
    lines = textwrap.wrap(title, width=max(10, text_width // 38))[:3]
    y = 170
    for line in lines:
        draw.text((70, y), line, font=font(72), fill=WHITE_TEXT)
        y += 90
    draw.text((70, max(y + 30, 460)), subtitle, font=font(40), fill=WHITE_TEXT)
    logo_colours = paste_logo(canvas, logo) if logo is not None else []
    canvas.putpalette(text_palette() + logo_colours)  # the canvas becomes a "P" image
    return canvas


@functools.cache
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


@functools.lru_cache(maxsize=4)
def caption_canvas(caption: str) -> Image.Image:
    """The index canvas with the accent bar and the caption (copy it)."""
    layer = Image.new("L", SIZE, 0)
    ImageDraw.Draw(layer).text((70, 70), caption, font=font(40), fill=TEXT_STEPS)
    # Shift the caption's levels 1..15 to the accent's indices 16..30.
    canvas = layer.point([0] + [min(255, TEXT_STEPS + level) for level in range(1, 256)])
    ImageDraw.Draw(canvas).rectangle((0, 0, SIZE[0], 14), fill=ACCENT_TEXT)
    return canvas


@functools.cache
def text_palette() -> list[int]:
    white = [_blend(WHITE, step) for step in range(TEXT_STEPS + 1)]
    accent = [_blend(ACCENT, step) for step in range(1, TEXT_STEPS + 1)]
    return [value for colour in white + accent for value in colour]


def _blend(colour: tuple[int, int, int], step: int) -> tuple[int, ...]:
    return tuple(
        round(b + (c - b) * step / TEXT_STEPS) for b, c in zip(BACKGROUND, colour, strict=True)
    )


def paste_logo(canvas: Image.Image, logo: Path) -> list[int]:
    """Paste the logo, top right, in indices from LOGO_FIRST; return its palette."""
    with Image.open(logo) as source:
        mark = source.convert("RGBA")
    mark.thumbnail(LOGO_BOX)
    # As if pasted onto the background, in up to 64 colours of its own.
    flat = Image.new("RGB", mark.size, BACKGROUND)
    flat.paste(mark, (0, 0), mark)
    quantized = flat.quantize(colors=LOGO_COLOURS, method=Image.Quantize.FASTOCTREE)
    indices = Image.frombytes("L", mark.size, quantized.tobytes())
    indices = indices.point([min(255, LOGO_FIRST + i) for i in range(256)])
    # Fully transparent pixels keep the background's exact index.
    visible = mark.getchannel("A").point([0] + [255] * 255, mode="1")
    canvas.paste(indices, (SIZE[0] - 70 - mark.width, 170), visible)
    return quantized.getpalette()[: 3 * LOGO_COLOURS]
