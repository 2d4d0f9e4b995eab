"""QR codes as SVG, made by segno (the QR library; never drawn by hand).

The same URL and title always give the same bytes: segno picks the version
and mask deterministically, and nothing else (dates, ids) goes into the
file. segno's mask choice scores all eight masks by the standard's penalty
rules, most of the cost of a code; it is kept (a fixed mask scans less
reliably) and paid once, since codes are cached by `qr_key`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import segno
from derived_files.cache import content_key

QR_CODE_VERSION = "1"  # bump when qr_svg's output changes, to refresh the cache
# Medium error correction: survives a scuffed or partly covered print.
ERROR = "m"
SVG_OPTIONS = {
    # Pixels per module: the SVG scales (it has a viewBox), this is only its
    # natural size when opened on its own.
    "scale": 8,
    # The quiet zone the standard asks for around a QR code, in modules.
    "border": 4,
    "unit": "px",
    "dark": "#000",
    "light": "#fff",
    "nl": True,
}
SVG_WIDTH = re.compile(rb'<svg [^>]*?\bwidth="(\d+)')  # "296px"


@dataclass(frozen=True)
class QrSvg:
    svg: bytes  # the file's bytes
    size: int  # its width and height in pixels (it is square)


def qr_key(url: str, title: str) -> str:
    """The cache key: everything that decides the SVG's bytes."""
    options = repr(sorted(SVG_OPTIONS.items()))
    return content_key(QR_CODE_VERSION, segno.__version__, ERROR, options, url, title)


def qr_svg(url: str, title: str) -> QrSvg:
    """A standalone SVG of the QR code that encodes `url`.

    No XML declaration (the file is served as image/svg+xml, and the bytes
    can be inlined as they are); a `<title>` names it for assistive
    technology; dark modules on an opaque light background, so that the code
    stays readable on a page shown in dark mode.
    """
    code = segno.make_qr(url, error=ERROR)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, title=title, **SVG_OPTIONS)
    size = code.symbol_size(scale=SVG_OPTIONS["scale"], border=SVG_OPTIONS["border"])[0]
    return QrSvg(out.getvalue(), size)


def qr_svg_bytes(url: str, title: str) -> bytes:
    """What the cache keeps."""
    return qr_svg(url, title).svg


def qr_from_svg(svg: bytes) -> QrSvg:
    """A cached code: its size read back from the SVG's width."""
    return QrSvg(svg, int(SVG_WIDTH.match(svg).group(1)))
