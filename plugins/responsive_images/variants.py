"""The resized copies of one source image, and how a page refers to them.

A logo shows at 120 CSS pixels; 1x and 2x copies cover ordinary and dense
screens. A picture in a news post or page fills the text column; copies
480, 800 and 1200 pixels wide let each screen pick the one it needs. WebP is
smaller; the fallback keeps the source's own kind (PNG for PNG and WebP
sources, which may be transparent; JPEG for JPEG). Nothing is enlarged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from PIL import Image, ImageOps

LOGO_WIDTH = 120
DENSITIES = (1, 2)
CONTENT_WIDTHS = (480, 800, 1200)
FALLBACK_WIDTH = 800  # the copy that browsers without srcset show
# The text column: `.prose { max-width: 42rem }` inside `main`'s 1rem padding
# (theme/static/css/site.css); phones see the screen less that padding.
COLUMN_REM = 42
COLUMN_PX = COLUMN_REM * 16
GUTTER_REM = 2
# EXIF orientations (5-8) that turn the stored pixels a quarter turn.
QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True)
class Variant:
    path: str  # under the output root, e.g. images/logos/kopi-120.webp
    width: int
    height: int
    format: str  # Pillow's name: WEBP, PNG, JPEG


@dataclass(frozen=True)
class Picture:
    """What a page needs for <picture>: both srcsets, a fallback, its size."""

    webp_srcset: str
    fallback_src: str
    fallback_srcset: str
    width: int
    height: int
    variants: tuple
    sizes: str = ""  # set when the srcsets give widths (`480w`) rather than densities


def fallback_format(source: str) -> tuple[str, str]:
    return ("JPEG", "jpg") if source.lower().endswith((".jpg", ".jpeg")) else ("PNG", "png")


def site_path(path: str) -> str:
    """A path under the output root as a URL path (spaces and commas escaped:
    a srcset separates its candidates with them)."""
    return quote(path)


def resized(relative: str, source_size: tuple[int, int], widths) -> list[Variant]:
    """A WebP and a fallback copy of content/images/<relative> at each width,
    none wider than the source."""
    stem = PurePosixPath("images") / PurePosixPath(relative).with_suffix("")
    width, height = source_size
    kind, extension = fallback_format(relative)
    variants = []
    for w in sorted({min(wanted, width) for wanted in widths}):
        h = max(1, round(height * w / width))
        variants.append(Variant(f"{stem}-{w}.webp", w, h, "WEBP"))
        variants.append(Variant(f"{stem}-{w}.{extension}", w, h, kind))
    return variants


def logo_picture(relative: str, source_size: tuple[int, int], prefix: str) -> Picture:
    """The variants of content/images/<relative> shown `LOGO_WIDTH` wide;
    `prefix` is what the pages put before a site path (SITEURL + "/")."""
    width, height = source_size
    variants = resized(relative, source_size, [LOGO_WIDTH * d for d in DENSITIES])
    webp = [v for v in variants if v.format == "WEBP"]
    fallback = [v for v in variants if v.format != "WEBP"]

    def srcset(chosen):
        return ", ".join(
            f"{prefix}{site_path(v.path)} {d}x" for v, d in zip(chosen, DENSITIES, strict=False)
        )

    return Picture(
        srcset(webp),
        prefix + site_path(fallback[0].path),
        srcset(fallback),
        LOGO_WIDTH,
        max(1, round(height * LOGO_WIDTH / width)),
        tuple(variants),
    )


def column_sizes(width: int) -> str:
    """`sizes` for a picture shown at most `width` CSS pixels wide in the column."""
    if width >= COLUMN_PX:
        return f"(min-width: {COLUMN_REM + GUTTER_REM}rem) {COLUMN_REM}rem, calc(100vw - {GUTTER_REM}rem)"
    return f"(min-width: {width + GUTTER_REM * 16}px) {width}px, calc(100vw - {GUTTER_REM}rem)"


def content_picture(relative: str, source_size: tuple[int, int], prefix: str) -> Picture:
    """The variants of content/images/<relative> for the text column, with
    `width`/`height` of the fallback that `src` names."""
    variants = resized(relative, source_size, CONTENT_WIDTHS)
    webp = [v for v in variants if v.format == "WEBP"]
    fallbacks = [v for v in variants if v.format != "WEBP"]
    chosen = [v for v in fallbacks if v.width <= FALLBACK_WIDTH][-1]

    def srcset(candidates):
        return ", ".join(f"{prefix}{site_path(v.path)} {v.width}w" for v in candidates)

    return Picture(
        srcset(webp),
        prefix + site_path(chosen.path),
        srcset(fallbacks),
        chosen.width,
        chosen.height,
        tuple(variants),
        column_sizes(min(fallbacks[-1].width, COLUMN_PX)),
    )


def image_size(path) -> tuple[int, int]:
    """(width, height) as the picture is seen: phone photos often store their
    pixels sideways and say so in EXIF."""
    with Image.open(path) as image:
        width, height = image.size
        if image.getexif().get(0x0112) in QUARTER_TURNS:  # Orientation
            return height, width
        return width, height


def render_variant(source, variant: Variant, target) -> None:
    with Image.open(source) as image:
        image.load()
        upright = ImageOps.exif_transpose(image)
        # Palette and other modes resize poorly (Pillow falls back to nearest
        # neighbour for palettes) and not every mode can be saved as WebP.
        if upright.mode not in ("RGB", "RGBA"):
            transparent = "A" in upright.mode or "transparency" in upright.info
            upright = upright.convert("RGBA" if transparent else "RGB")
        resized_image = upright.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
        if variant.format == "JPEG":
            resized_image = resized_image.convert("RGB")
            resized_image.save(target, format="JPEG", quality=82, optimize=True, progressive=True)
        elif variant.format == "WEBP":
            resized_image.save(target, format="WEBP", quality=80, method=6)
        else:
            resized_image.save(target, format="PNG", optimize=True)
