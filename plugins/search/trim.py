"""A page cut down to what Pagefind reads of it, for the folder it indexes
(farm.py): the document's start (`<html lang>`), its `<title>`, and its
`<main>` element, which holds the `data-pagefind-body` element and every
`data-pagefind-meta` and `-filter` of this theme's pages. The head's meta
tags and JSON-LD, the site header and the footer are more than half of an
exhibitor's page; without them Pagefind indexed a bundle of 3,836 pages in
2.7 CPU s instead of 3.9, and wrote the same fragment for every page
(bench/RESULTS.md).

A page whose cut parts mention `data-pagefind` (a template that put a
filter outside `<main>`), or that lacks any of these parts, is kept whole:
the cut never changes what Pagefind finds."""

from __future__ import annotations

MARK = b"data-pagefind"


def pagefind_view(page: bytes) -> bytes:
    head, head_end = page.find(b"<head>"), page.find(b"</head>")
    title, title_end = page.find(b"<title>"), page.find(b"</title>")
    body, main = page.find(b"<body"), page.find(b"<main")
    main_end = page.find(b"</main>")
    if not 0 <= head < title < title_end < head_end < body < main < main_end:
        return page
    main_end += len(b"</main>")
    body_tag_end = page.find(b">", body) + 1
    cut = (page[head + 6 : title], page[title_end + 8 : head_end],
           page[body_tag_end:main], page[main_end:])  # fmt: skip
    if any(MARK in part for part in cut):
        return page
    return b"".join((
        page[: head + 6], page[title : title_end + 8], page[head_end:body_tag_end],
        page[main:main_end], b"</body></html>\n",
    ))  # fmt: skip
