"""QR codes as SVG, made by segno (the QR library; never drawn by hand).

The same URL always gives the same bytes: segno picks the version and mask
deterministically, and nothing else (dates, ids) goes into the file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno

# Pixels per module: the SVG scales (it has a viewBox), this is only its
# natural size when opened on its own.
SCALE = 8
# The quiet zone the standard asks for around a QR code, in modules.
BORDER = 4
# Medium error correction: survives a scuffed or partly covered print.
ERROR = "m"


@dataclass(frozen=True)
class QrSvg:
    svg: bytes  # the file's bytes
    size: int  # its width and height in pixels (it is square)


def qr_svg(url: str, title: str) -> QrSvg:
    """A standalone SVG of the QR code that encodes `url`.

    No XML declaration (the file is served as image/svg+xml, and the bytes
    can be inlined as they are); a `<title>` names it for assistive
    technology; dark modules on an opaque light background, so that the code
    stays readable on a page shown in dark mode.
    """
    code = segno.make_qr(url, error=ERROR)
    out = io.BytesIO()
    code.save(
        out, kind="svg", xmldecl=False, title=title, scale=SCALE, border=BORDER, unit="px",
        dark="#000", light="#fff", nl=True,
    )  # fmt: skip
    return QrSvg(out.getvalue(), code.symbol_size(scale=SCALE, border=BORDER)[0])
