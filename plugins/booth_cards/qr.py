"""QR codes as SVG, encoded by zint through zxing-cpp's writer (the QR
library; never drawn by hand).

zint is C: a code takes about 1.2 ms, where segno, in Python, took 5 ms,
most of it scoring the eight masks; zint scores them by the same penalty
rules of the standard (a fixed mask would scan less reliably). The same URL
and title always give the same bytes: the version and mask follow from the
URL alone, and nothing else (dates, ids) goes into the file.

zint's SVG is kept from its `<g>` on (the modules, dark on an opaque light
background, so that the code stays readable on a page shown in dark mode);
its header is replaced by one with a viewBox, so the code scales, and a
`<title>` that names it for assistive technology.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from importlib.metadata import version

import zxingcpp
from derived_files.cache import content_key

QR_CODE_VERSION = "2"  # bump when qr_svg's output changes, to refresh the cache
# Medium error correction: survives a scuffed or partly covered print.
ERROR = "M"
# Pixels per module: the SVG scales, this is only its natural size when
# opened on its own. zint adds the quiet zone the standard asks for (four
# modules) on every side.
SCALE = 8
HEADER_BYTES = 200  # the header's width comes within them
SVG_WIDTH = re.compile(rb'<svg [^>]*?\bwidth="(\d+)')  # our header's width="296"
ZINT_SIZE = re.compile(r'<svg width="(\d+)" height="\1"')
LIBRARY = f"zxing-cpp {version('zxing-cpp')}"


@dataclass(frozen=True)
class QrSvg:
    svg: bytes  # the file's bytes
    size: int  # its width and height in pixels (it is square)


def qr_key(url: str, title: str) -> str:
    """The cache key: everything that decides the SVG's bytes."""
    return content_key(QR_CODE_VERSION, LIBRARY, ERROR, str(SCALE), url, title)


def qr_svg(url: str, title: str) -> QrSvg:
    """A standalone SVG of the QR code that encodes `url`: no XML
    declaration (the file is served as image/svg+xml, and the bytes can be
    inlined as they are)."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR)
    drawn = zxingcpp.write_barcode_to_svg(code, scale=SCALE, add_quiet_zones=True)
    size = int(ZINT_SIZE.search(drawn).group(1))
    header = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}">\n<title>{escape(title, quote=False)}</title>\n'
    )
    # zint's group id would repeat where a page inlines several codes.
    body = drawn[drawn.index("<g ") :].replace('<g id="barcode" ', "<g ", 1)
    return QrSvg((header + body).encode("utf-8"), size)


def qr_svg_bytes(url: str, title: str) -> bytes:
    """What the cache keeps."""
    return qr_svg(url, title).svg


def qr_size_of(path: str) -> int:
    """A cached code's size, read back from its SVG's width (in the header)."""
    with open(path, "rb") as file:
        return int(SVG_WIDTH.match(file.read(HEADER_BYTES)).group(1))
