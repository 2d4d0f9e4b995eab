"""Split long listings into pages of a fixed size, with a short page bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WINDOW = 2  # pages shown either side of the current one


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    previous: str | None
    next: str | None
    links: tuple  # PageLink, with None where pages are left out ("…")


@dataclass(frozen=True)
class ListingPage:
    url: str
    items: Sequence
    pagination: Pagination
    first_index: int  # 1-based position of items[0] in the whole listing
    total: int


def paginate(items: Sequence, size: int, url_of: Callable[[int], str]):
    """Yield one ListingPage per `size` items (at least one page, maybe empty)."""
    count = max(1, -(-len(items) // size))
    for number in range(1, count + 1):
        start = (number - 1) * size
        yield ListingPage(
            url=url_of(number),
            items=items[start : start + size],
            pagination=Pagination(
                number=number,
                count=count,
                previous=url_of(number - 1) if number > 1 else None,
                next=url_of(number + 1) if number < count else None,
                links=_page_links(number, count, url_of),
            ),
            first_index=start + 1,
            total=len(items),
        )


def _page_links(number: int, count: int, url_of) -> tuple:
    """1 … 4 5 [6] 7 8 … 120: the first, the last and a window around the current."""
    shown = {1, count, *range(number - WINDOW, number + WINDOW + 1)}
    links, previous = [], 0
    for page in sorted(p for p in shown if 1 <= p <= count):
        if page > previous + 1:
            links.append(None)
        links.append(PageLink(page, url_of(page), page == number))
        previous = page
    return tuple(links)
