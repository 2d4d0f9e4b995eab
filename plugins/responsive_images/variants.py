"""The resized copies of one source image, and how a page refers to them.

A logo shows at 120 CSS pixels; 1x and 2x copies cover ordinary and dense
screens. WebP is smaller; the fallback keeps the source's own kind (PNG for
PNG and WebP sources, which may be transparent; JPEG for JPEG).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from PIL import Image

LOGO_WIDTH = 120
DENSITIES = (1, 2)


@dataclass(frozen=True)
class Variant:
    path: str  # under the output root, e.g. images/logos/kopi-120.webp
    width: int
    height: int
    format: str  # Pillow's name: WEBP, PNG, JPEG


@dataclass(frozen=True)
class Picture:
    """What a template needs for <picture>: both srcsets, a fallback, the size."""

    webp_srcset: str
    fallback_src: str
    fallback_srcset: str
    width: int
    height: int
    variants: tuple


def fallback_format(source: str) -> tuple[str, str]:
    return ("JPEG", "jpg") if source.lower().endswith((".jpg", ".jpeg")) else ("PNG", "png")


def logo_picture(relative: str, source_size: tuple[int, int], prefix: str) -> Picture:
    """The variants of content/images/<relative> shown `LOGO_WIDTH` wide;
    `prefix` is what the pages put before a site path (SITEURL + "/")."""
    stem = PurePosixPath("images") / PurePosixPath(relative).with_suffix("")
    width, height = source_size
    shown_height = max(1, round(height * LOGO_WIDTH / width))
    kind, extension = fallback_format(relative)
    variants = []
    for density in DENSITIES:
        w = min(LOGO_WIDTH * density, width)  # never enlarge
        h = max(1, round(height * w / width))
        variants.append(Variant(f"{stem}-{w}.webp", w, h, "WEBP"))
        variants.append(Variant(f"{stem}-{w}.{extension}", w, h, kind))

    def srcset(fmt):
        chosen = [v for v in variants if v.format == fmt]
        return ", ".join(f"{prefix}{v.path} {d}x" for v, d in zip(chosen, DENSITIES, strict=True))

    fallback = next(v for v in variants if v.format == kind)
    return Picture(
        srcset("WEBP"),
        prefix + fallback.path,
        srcset(kind),
        LOGO_WIDTH,
        shown_height,
        tuple(variants),
    )


def image_size(path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


def render_variant(source, variant: Variant, target) -> None:
    with Image.open(source) as image:
        image.load()
        resized = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
        if variant.format == "JPEG":
            resized = resized.convert("RGB")
            resized.save(target, format="JPEG", quality=82, optimize=True, progressive=True)
        elif variant.format == "WEBP":
            resized.save(target, format="WEBP", quality=80, method=6)
        else:
            resized.save(target, format="PNG", optimize=True)
