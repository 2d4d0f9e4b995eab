"""Split long listings into pages of a fixed size, with a short page bar."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

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
    # What its items are made of (items_spelling), where each says: the page
    # is keyed in the page cache by that, not by its items (page_writer/memo.py).
    items_inputs: bytes = field(default=b"", compare=False, repr=False)

    def spelling_inputs(self):
        if not self.items_inputs:
            return None
        return (self.url, self.pagination, self.first_index, self.total, self.items_inputs)


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
            items_inputs=items_spelling(items[start : start + size]),
        )


def items_spelling(items: Sequence) -> bytes:
    """What each item is made of, spelled here, where the page is recorded,
    when every item names that (`spelling_inputs()`, as a card does: its URL
    and its record's digest); else empty. The page worker that takes the
    page's key then reads the page alone, not its items: going through every
    card, it touched each one's memory, which it then held as its own copy.
    Pickled (C-fast: 10 µs for 50 cards) and not hashed here: a page's
    spelling is hashed once, in the worker (page_writer/memo.py), and pages
    live only until their batch goes to one (3 KB each)."""
    try:
        spellings = [item.spelling_inputs() for item in items]
    except AttributeError:  # items that do not say (news articles)
        return b""
    if None in spellings:
        return b""
    return pickle.dumps(spellings, protocol=5)


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
