"""Pictures in news posts and pages: resized at build time into WebP and a
PNG/JPEG fallback, shown with srcset, sizes, width/height and lazy loading;
a missing, unsupported or oversized picture is a located build error that
leaves the previous output untouched; nothing an editor writes in srcset
survives unless it names our own images."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT
from gates.markup import check_nothing_executable
from gates.validator import run_vnu
from gates.weight import page_weight
from PIL import Image
from safe_markdown.render import sanitise_page_html
from test_atomic_output import snapshot

POST = """\
Title: Stan peserta
Date: 2025-10-24 19:30
Slug: stan
Lang: id

Suasana stan pada hari kedua.

{body}
"""


def make_photo(site, name: str, size=(2400, 1600), fmt="JPEG", noise=False) -> int:
    """A picture under content/images/ (random pixels when `noise`, to make
    it heavy); returns its bytes."""
    path = site.content / "images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.save(path, format=fmt)
    return path.stat().st_size


def post(site, body: str, slug="stan") -> None:
    site.write(
        f"content/news/{slug}.md", POST.format(body=body).replace("Slug: stan", f"Slug: {slug}")
    )


def picture_in(html: str) -> str:
    return re.search(r"<picture>.*?</picture>", html, re.DOTALL).group(0)


def test_a_news_picture_is_resized_into_webp_and_fallback(site):
    before = make_photo(site, "berita/stan.jpg")
    post(site, "![Stan peserta pada hari kedua](/images/berita/stan.jpg)")
    site.build()
    found = {}
    for width in (480, 800, 1200):
        for extension in ("webp", "jpg"):
            with Image.open(site.output / f"images/berita/stan-{width}.{extension}") as image:
                found[f"{width}.{extension}"] = (image.format, image.size)
    assert found["480.webp"] == ("WEBP", (480, 320))
    assert found["800.jpg"] == ("JPEG", (800, 533))
    assert found["1200.webp"] == ("WEBP", (1200, 800))
    assert not (site.output / "images/berita/stan-2400.webp").exists()  # the widest is 1200
    assert (site.output / "images/berita/stan-1200.jpg").stat().st_size < before

    picture = picture_in(site.page("berita/stan"))
    sizes = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
    assert picture.startswith(
        '<picture><source type="image/webp" srcset="/images/berita/stan-480.webp 480w, '
        f'/images/berita/stan-800.webp 800w, /images/berita/stan-1200.webp 1200w" sizes="{sizes}">'
    )
    img = re.search(r"<img [^>]*>", picture).group(0)
    for attribute in ('src="/images/berita/stan-800.jpg"', 'width="800"', 'height="533"',
                      'srcset="/images/berita/stan-480.jpg 480w, /images/berita/stan-800.jpg 800w, '
                      '/images/berita/stan-1200.jpg 1200w"', f'sizes="{sizes}"',
                      'alt="Stan peserta pada hari kedua"', 'loading="lazy"', 'decoding="async"'):  # fmt: skip
        assert attribute in img
    assert run_vnu([site.output / "berita/stan/index.html"]) == []


def test_static_links_pages_png_and_never_enlarging(site):
    make_photo(site, "berita/denah.png", size=(1000, 500), fmt="PNG")
    site.write(
        "content/pages/tentang.md",
        """\
        Title: Tentang
        Slug: tentang
        Lang: id

        ![Denah lokasi]({static}/images/berita/denah.png "Denah")
        """,
    )
    site.build()
    picture = picture_in(site.page("tentang"))
    assert "/images/berita/denah-1000.webp 1000w" in picture  # 1200 capped at the source
    assert 'src="/images/berita/denah-800.png"' in picture and 'title="Denah"' in picture
    with Image.open(site.output / "images/berita/denah-1000.png") as image:
        assert (image.format, image.size) == ("PNG", (1000, 500))
    assert not (site.output / "images/berita/denah-1200.png").exists()


def test_a_phone_photo_stored_sideways_shows_upright(site):
    path = site.content / "images/berita/tegak.jpg"
    path.parent.mkdir(parents=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn a quarter clockwise to show
    Image.new("RGB", (1600, 1000), (20, 120, 60)).save(path, format="JPEG", exif=exif)
    post(site, "![Tegak](/images/berita/tegak.jpg)")
    site.build()
    with Image.open(site.output / "images/berita/tegak-800.webp") as image:
        assert image.size == (800, 1280)
    img = re.search(r"<img [^>]*>", picture_in(site.page("berita/stan"))).group(0)
    assert 'width="800" height="1280"' in img


def test_small_pictures_and_svg_are_used_as_they_are(site):
    make_photo(site, "berita/kecil.png", size=(300, 200), fmt="PNG")
    (site.content / "images/berita/panah.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32" viewBox="0 0 64 32"/>'
    )
    post(site, "![Kecil](/images/berita/kecil.png)\n\n![Panah](/images/berita/panah.svg)")
    site.build()
    html = site.page("berita/stan")
    assert "<picture>" not in html
    assert ('<img src="/images/berita/kecil.png" width="300" height="200" alt="Kecil" '
            'loading="lazy" decoding="async">') in html  # fmt: skip
    assert '<img src="/images/berita/panah.svg" width="64" height="32" alt="Panah"' in html
    assert not list((site.output / "images/berita").glob("kecil-*"))
    assert run_vnu([site.output / "berita/stan/index.html"]) == []


def test_a_subpath_site_keeps_its_pictures(site):
    site.write_settings(SITEURL="https://example.org/fest")
    post(site, "![Stan](/images/berita/stan.jpg)")
    result = site.build(check=False, env={"DATA_ERRORS_LANG": "en"})
    assert "content/news/stan.md:8: image: file 'berita/stan.jpg' does not exist" in result.stderr
    make_photo(site, "berita/stan.jpg")
    site.build()
    picture = picture_in(site.page("berita/stan"))
    assert 'srcset="https://example.org/fest/images/berita/stan-480.webp 480w,' in picture
    assert 'src="https://example.org/fest/images/berita/stan-800.jpg"' in picture


def test_picture_over_the_limit_fails_and_leaves_output_untouched(site):
    make_photo(site, "berita/stan.jpg", size=(1000, 600))
    post(site, "![Stan](/images/berita/stan.jpg)")
    site.build()
    before = snapshot(site.output)

    size = make_photo(site, "berita/besar.png", size=(1000, 1000), fmt="PNG", noise=True)
    assert size > 2 * 1024 * 1024
    post(site, "Satu.\n\n![Besar](/images/berita/besar.png)", slug="besar")
    result = site.build(check=False, env={"DATA_ERRORS_LANG": "en"})

    assert result.returncode != 0
    assert (
        "content/news/besar.md:10: image: 'berita/besar.png' is 2.9 MB; the limit is 2 MB, "
        "make the image smaller first"
    ) in result.stderr
    assert snapshot(site.output) == before


def test_missing_and_unsupported_pictures_are_located_errors(site):
    (site.content / "images/berita").mkdir()
    Image.new("RGB", (10, 10)).save(site.content / "images/berita/gerak.gif")
    post(
        site,
        "![Hilang](/images/berita/hilang.jpg)\n\nTeks.\n\n![Gif]({static}/images/berita/gerak.gif)",
    )
    result = site.build(check=False)
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert (
        "content/news/stan.md:8: image: berkas 'berita/hilang.jpg' tidak ada di content/images/"
        in lines
    )
    assert (
        "content/news/stan.md:12: image: 'berita/gerak.gif' bukan gambar yang didukung; "
        "pakai .png, .jpg, .jpeg, .webp, .svg"
    ) in lines
    assert not site.output.exists()


def test_make_check_reports_picture_problems_and_writes_nothing(site):
    post(site, "![Hilang](/images/berita/hilang.jpg)")
    command = [sys.executable, str(ROOT / "scripts" / "check.py"), "--settings", str(site.settings)]
    env = {**os.environ, "DATA_ERRORS_LANG": "en"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=site.root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/news/stan.md:8: image: file 'berita/hilang.jpg' does not exist in content/images/"
    ]
    assert not site.output.exists()


HOSTILE = """\
<img src="/images/berita/stan.jpg" alt="a" srcset="javascript:alert(1) 2x, data:image/png;base64,AAAA 1x">

<picture><source type="image/webp" srcset="javascript:alert(1)"><img src="/images/x.png" srcset="https://evil.example/a.jpg 2x" alt="b"></picture>

<img src="https://evil.example/c.jpg" alt="c" sizes="100vw" srcset="/images/berita/stan.jpg 9000w" onerror="alert(1)">
"""


def test_hostile_srcset_written_by_an_editor_does_not_survive(site):
    make_photo(site, "berita/stan.jpg", size=(1000, 600))
    make_photo(site, "x.png", size=(100, 100), fmt="PNG")
    post(site, HOSTILE)
    site.build()
    html = site.page("berita/stan")
    body = html[html.index('<div class="prose">') :]
    for smuggled in ("javascript:", "data:image", "evil.example/a.jpg", "9000w", "onerror"):
        assert smuggled not in body, smuggled
    # The editor's <img> of our own picture is ours again; the rest is plain.
    assert body.count("<picture>") == 1
    assert (
        '<img src="/images/berita/stan-800.jpg" srcset="/images/berita/stan-480.jpg 480w,' in body
    )
    assert '<img src="/images/x.png" width="100" height="100" alt="b"' in body
    assert '<img src="https://evil.example/c.jpg" alt="c">' in body
    assert check_nothing_executable(site.output) == []


OURS = "https://example.org/fest/images/berita/stan-480.webp 480w, https://example.org/fest/images/berita/stan-800.webp 800w"


@pytest.mark.parametrize(
    "srcset",
    ["javascript:alert(1) 2x", f"{OURS}, javascript:alert(1) 1200w", "data:image/png;base64,AAAA 1x",
     "https://evil.example/images/a.jpg 1x", "//evil.example/images/a.jpg", "/images/a.jpg 1x",
     "https://example.org/fest/images/../secret.jpg 1x", "https://example.org/fest/images/a.jpg 1x 2x",
     "https://example.org/fest/images/a.jpg onerror=alert(1)", "jav&#x61;script:alert(1) 1x"],
)  # fmt: skip
def test_the_page_sanitiser_keeps_only_srcsets_of_our_own_images(srcset):
    """The templates' last pass: what the rewrite adds survives, nothing else does."""
    html = f'<picture><source type="image/webp" srcset="{srcset}" sizes="100vw"><img src="/x.jpg" srcset="{srcset}" alt=""></picture>'
    assert "srcset" not in sanitise_page_html(html, site_url="https://example.org/fest")
    ours = html.replace(srcset, OURS)
    assert sanitise_page_html(ours, site_url="https://example.org/fest").count(OURS) == 2


def test_content_pictures_count_in_the_page_weight(site):
    make_photo(site, "berita/satu.jpg", noise=True, size=(1300, 700))
    make_photo(site, "berita/dua.png", size=(900, 900), fmt="PNG")
    post(site, "![Satu](/images/berita/satu.jpg) ![Dua](/images/berita/dua.png)")  # one line
    site.build()
    heaviest = [
        max(path.stat().st_size for path in (site.output / "images/berita").glob(f"{stem}-*"))
        for stem in ("satu", "dua")
    ]
    assert page_weight(site.output, "/berita/stan/")["images"] == sum(heaviest)
