"""Pagination: a long listing cut into numbered pages of a fixed length, so that no page grows with the corpus.

The first page of a listing is at its own URL (`claims/`), the others under it (`claims/page/2/`). Every page
links to the previous and next pages and to a bounded window of numbered pages, so every item is reachable
without script and the links themselves do not grow with the number of pages.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from . import urls

T = TypeVar("T")

PER_PAGE = 200  # rows of a full listing (the claims index, the articles, the actors, a report's claims…)
PREVIEW = 12  # items of a list shown on the page it belongs to (an actor's claims); the rest on its listing
WINDOW = 2  # numbered links on each side of the current page, besides the first and the last


@dataclass(frozen=True)
class PageLink:
    """A link to one page of a listing."""

    number: int
    url: str  # site-relative


@dataclass(frozen=True)
class Pager:
    """Where a page sits in its listing: its number, the items it holds, and links to its neighbours."""

    number: int
    count: int  # pages in the listing
    first: int  # 1-based position of the page's first item in the whole listing
    last: int
    total: int  # items in the whole listing
    links: tuple[PageLink | None, ...]  # the window of numbered links; None marks a gap ("…")
    prev: str | None = None
    next: str | None = None

    @property
    def several(self) -> bool:
        """Whether the listing has more than one page (a single page needs no page links)."""
        return self.count > 1


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of a listing: its URL, its items and its pager."""

    url: str
    items: Sequence[T]
    pager: Pager


def page_url(base: str, number: int) -> str:
    """The URL of page `number` of the listing at `base`: the base itself for page 1."""
    return base if number == 1 else urls.listing_page(base, number)


def window(number: int, count: int) -> list[int | None]:
    """Page numbers to link: the first, the last, and WINDOW on each side of the current; None for a gap."""
    shown = sorted({1, count, *range(max(1, number - WINDOW), min(count, number + WINDOW) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


def pager(base: str, number: int, count: int, first: int, last: int, total: int) -> Pager:
    """The pager of page `number` of `count`, holding items `first` to `last` of `total`."""
    links = tuple(PageLink(n, page_url(base, n)) if n else None for n in window(number, count))
    return Pager(number, count, first, last, total, links, page_url(base, number - 1) if number > 1 else None,
                 page_url(base, number + 1) if number < count else None)


def paginate(base: str, items: Sequence[T], size: int | None = None) -> list[Paged[T]]:
    """The listing at `base` cut into pages of `size` (PER_PAGE) items; an empty listing is one empty page."""
    size = size or PER_PAGE  # read when called, so a test can make pages short
    return paginate_runs(base, [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]])


def paginate_runs(base: str, runs: Sequence[Sequence[T]]) -> list[Paged[T]]:
    """The listing at `base` as pages already cut (`runs`, one a page, not all the same length)."""
    total, count, done, out = sum(len(r) for r in runs), len(runs), 0, []
    for number, run in enumerate(runs, 1):
        out.append(Paged(page_url(base, number), run,
                         pager(base, number, count, done + 1 if run else 0, done + len(run), total)))
        done += len(run)
    return out


def preview() -> int:
    """How many items of a list the page it belongs to shows (PREVIEW, read when called)."""
    return PREVIEW


def per_page() -> int:
    """How many items a page of a full listing holds (PER_PAGE, read when called)."""
    return PER_PAGE


def page_suffix(p: Pager) -> str:
    """What a page's title adds after the first page: ', page 2 of 9'."""
    return f", page {p.number} of {p.count}" if p.number > 1 else ""


def sublisting(parent_url: str, parent: str, name: str, heading: str, kind: str, items: Sequence[T],
               section: str) -> list[tuple[str, dict]]:
    """The full listing of one of a page's lists, in pages under it, when it is longer than the page shows.

    `kind` tells templates/listing.html how to draw an item (claims, origins, said, works, mentions, reports).
    """
    if len(items) <= preview():
        return []
    return [(p.url, dict(title=heading + page_suffix(p.pager), heading=heading, section=section, kind=kind,
                         parent_url=parent_url, parent=parent, items=p.items, pager=p.pager))
            for p in paginate(urls.sublist(parent_url, name), items)]


def chunk_by(items: Sequence[T], size: int, key) -> list[Sequence[T]]:
    """Items cut into runs of about `size`, a run never ending inside a group of equal keys unless the group
    alone is longer than `size` (the timeline keeps a day's claims together)."""
    runs: list[list[T]] = [[]]
    for i, item in enumerate(items):
        run = runs[-1]
        starts_group = i == 0 or key(items[i - 1]) != key(item)
        if len(run) >= size or (starts_group and run and len(run) + group_length(items, i, key) > size):
            runs.append(run := [])
        run.append(item)
    return [r for r in runs if r] or [[]]


def group_length(items: Sequence[T], start: int, key) -> int:
    """How many items from `start` share its key."""
    end = start
    while end < len(items) and key(items[end]) == key(items[start]):
        end += 1
    return end - start
