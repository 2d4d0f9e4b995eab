"""Pages cut to what Pagefind reads of them: the start of the document, the
title and `<main>`; whole wherever the cut could lose something it reads."""

from __future__ import annotations

import pytest
from search.trim import pagefind_view

PAGE = (
    b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    b"<title>Kopi Tebet \xc2\xb7 Jakpreneur Fest</title>\n"
    b'<script type="application/ld+json">{"name": "Kopi Tebet"}</script>\n</head>\n'
    b'<body>\n<header class="site-header"><a href="/en/">Jakpreneur Fest</a></header>'
    b'<main id="main"><article data-pagefind-body><h1>Kopi Tebet</h1></article>'
    b'<span data-pagefind-filter="kind">Exhibitor</span></main>\n'
    b"<footer>Site footer</footer>\n</body>\n</html>\n"
)


def test_a_page_keeps_its_language_title_and_main_only():
    view = pagefind_view(PAGE)
    assert view == (
        b'<!DOCTYPE html>\n<html lang="en">\n<head>'
        b"<title>Kopi Tebet \xc2\xb7 Jakpreneur Fest</title></head>\n<body>"
        b'<main id="main"><article data-pagefind-body><h1>Kopi Tebet</h1></article>'
        b'<span data-pagefind-filter="kind">Exhibitor</span></main></body></html>\n'
    )


@pytest.mark.parametrize("page", [
    PAGE.replace(b"<footer>", b'<footer data-pagefind-meta="x">'),  # read outside <main>
    PAGE.replace(b"<meta charset", b'<meta data-pagefind-default-meta="image" charset'),
    PAGE.replace(b"<main", b"<div").replace(b"</main>", b"</div>"),  # no <main>
    PAGE.replace(b"<title>", b"<x>").replace(b"</title>", b"</x>"),  # no title
    PAGE.replace(b"</main>", b"").replace(b"<main", b"</main><main"),  # out of order
])  # fmt: skip
def test_a_page_the_cut_could_change_is_kept_whole(page):
    assert pagefind_view(page) == page
