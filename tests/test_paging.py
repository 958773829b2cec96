"""Pagination (evidence_site/paging.py): page URLs, the window of page links, runs that keep a date together."""
from __future__ import annotations

from evidence_site.paging import chunk_by, paginate, window


def test_the_first_page_is_the_listing_itself_and_the_others_are_under_it():
    pages = paginate("claims/", list(range(7)), size=3)
    assert [p.url for p in pages] == ["claims/", "claims/page/2/", "claims/page/3/"]
    assert [list(p.items) for p in pages] == [[0, 1, 2], [3, 4, 5], [6]]
    last = pages[-1].pager
    assert (last.number, last.count, last.first, last.last, last.total) == (3, 3, 7, 7, 7)
    assert (last.prev, last.next) == ("claims/page/2/", None)
    assert (pages[0].pager.prev, pages[0].pager.next) == (None, "claims/page/2/")


def test_an_empty_listing_is_one_page_without_page_links():
    [page] = paginate("reports/", [], size=3)
    assert page.url == "reports/" and list(page.items) == [] and not page.pager.several
    assert (page.pager.first, page.pager.last) == (0, 0)


def test_the_page_links_are_bounded_whatever_the_number_of_pages():
    assert window(1, 1) == [1]
    assert window(1, 4) == [1, 2, 3, 4]
    assert window(50, 500) == [1, None, 48, 49, 50, 51, 52, None, 500]
    assert window(4, 500) == [1, 2, 3, 4, 5, 6, None, 500]  # no gap of a single page between 1 and 2
    assert max(len(window(n, 10_000)) for n in range(1, 10_001, 97)) <= 9


def test_runs_keep_a_group_together_unless_it_alone_is_longer_than_a_run():
    days = ["a", "a", "b", "b", "b", "c", "d", "d", "d", "d", "d", "d", "d"]
    runs = chunk_by(days, 4, key=lambda d: d)
    assert runs == [["a", "a"], ["b", "b", "b", "c"], ["d", "d", "d", "d"], ["d", "d", "d"]]
    assert chunk_by([], 4, key=lambda d: d) == [[]]
