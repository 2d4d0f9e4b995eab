"""Logos: resized at build time into WebP and a fallback, referenced with
srcset, width/height and lazy loading; bad or oversized sources are located
data errors."""

from __future__ import annotations

import re

from PIL import Image


def make_logo(site, name: str, size=(600, 300), fmt="PNG") -> None:
    path = site.content / "images" / "logos" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (200, 60, 20)).save(path, format=fmt)


def test_logos_are_resized_into_webp_and_fallback(site):
    make_logo(site, "kopi.png")
    make_logo(site, "teh.jpg", size=(100, 100), fmt="JPEG")
    site.exhibitor("kopi", logo="logos/kopi.png")
    site.exhibitor("teh", logo="logos/teh.jpg")
    site.build()
    sizes = {}
    for name in ("kopi-120.webp", "kopi-240.webp", "kopi-120.png", "kopi-240.png",
                 "teh-100.webp", "teh-100.jpg"):  # fmt: skip
        with Image.open(site.output / "images/logos" / name) as image:
            sizes[name] = (image.format, image.size)
    assert sizes["kopi-120.webp"] == ("WEBP", (120, 60))
    assert sizes["kopi-240.png"] == ("PNG", (240, 120))
    assert sizes["teh-100.jpg"] == ("JPEG", (100, 100))  # never enlarged
    html = site.page("peserta/kopi")
    assert (
        '<source type="image/webp" srcset="/images/logos/kopi-120.webp 1x, /images/logos/kopi-240.webp 2x">'
        in html
    )
    img = re.search(r'<img class="logo"[^>]*>', html).group(0)
    for attribute in ('src="/images/logos/kopi-120.png"', 'width="120"', 'height="60"', 'loading="lazy"',
                      'srcset="/images/logos/kopi-120.png 1x, /images/logos/kopi-240.png 2x"'):  # fmt: skip
        assert attribute in img


def test_image_over_the_limit_is_a_located_error(site):
    path = site.content / "images" / "logos" / "besar.png"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1))
    site.exhibitor("besar", logo="logos/besar.png")
    result = site.build(check=False, env={"DATA_ERRORS_LANG": "en"})
    assert result.returncode != 0
    assert (
        "data/exhibitors/besar.yaml:6: logo: 'logos/besar.png' is 2.0 MB; the limit is 2 MB, "
        "make the image smaller first"
    ) in result.stderr


def test_svg_logos_are_refused(site):
    path = site.content / "images" / "logos" / "vektor.svg"
    path.parent.mkdir(parents=True)
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    site.exhibitor("vektor", logo="logos/vektor.svg")
    result = site.build(check=False, env={"DATA_ERRORS_LANG": "en"})
    assert (
        "vektor.yaml:6: logo: 'logos/vektor.svg' is not a supported image; use .png, .jpg, .jpeg, .webp"
        in result.stderr
    )
