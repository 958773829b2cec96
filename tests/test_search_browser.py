"""The search page in Chromium, over the project's own site, at / and under a sub-path: what readers find, where
results link, and the results that come a page at a time (the index itself: tests/test_search_format.py)."""
from __future__ import annotations

import json
import re
from collections import Counter

from browser_support import SUB_PATH

READY = "#search-filters:not([hidden])"


def data(mount, name: str) -> list[dict]:
    """A data file of the built site."""
    return json.loads((mount.site / "data" / f"{name}.json").read_text(encoding="utf-8"))


def href_of(mount, url: str) -> str:
    """The href a result for a site-relative URL has: the page's path on the server."""
    return (SUB_PATH if mount.name == "sub-path" else "/") + url


def result_links(page) -> list[str]:
    """The href of every result shown."""
    return page.locator("#search-results li .result-title a").evaluate_all("as => as.map(a => a.getAttribute('href'))")


def search(page, mount, query: str) -> list[str]:
    """Open the search page at a query (as a linked search does), wait for the results; their links."""
    page.goto(mount.url(f"search/?{query}"))
    page.locator(READY).wait_for(state="attached")
    page.wait_for_function("/result/.test(document.getElementById('search-status').textContent)")
    return result_links(page)


def rare_word(texts: list[str], owner: int) -> str:
    """A word of five letters or more that only texts[owner] has."""
    counts = Counter(w.lower() for t in texts for w in set(re.findall(r"[A-Za-z]{5,}", t)))
    return next(w for w in re.findall(r"[A-Za-z]{5,}", texts[owner]) if counts[w.lower()] == 1)


def test_claims_come_thirty_at_a_time_each_linking_its_own_page(page, mount):
    claims = data(mount, "claims")
    links = search(page, mount, "type=claim")
    more = page.locator("#search-more")
    while more.is_visible():
        count = len(links)
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#search-results li').length > {count}")
        links = result_links(page)
    assert sorted(links) == sorted(href_of(mount, c["url"]) for c in claims)  # each claim once, never a group
    assert page.locator("#search-status").inner_text() == f"{len(claims)} results."
    assert page.watch.problems == []


def test_an_actor_is_found_by_an_alias(page, mount):
    actor = next(a for a in data(mount, "actors") if a.get("aliases"))
    alias = max(actor["aliases"], key=len)
    assert href_of(mount, actor["url"]) in search(page, mount, f"q={alias}&type=actor")


def test_an_article_is_found_by_words_of_its_text(page, mount):
    articles = data(mount, "articles")
    bodies = [(mount.site / a["url"] / "index.html").read_text(encoding="utf-8").split('class="article-body"')[1]
              .split("</div>")[0] for a in articles]
    texts = [re.sub(r"<[^>]+>", " ", b) for b in bodies]
    word = rare_word(texts, 0)
    assert search(page, mount, f"q={word}&type=article") == [href_of(mount, articles[0]["url"])]


def test_links_made_for_the_retired_actor_filter_search_for_the_name(page, mount):
    actor = next(a for a in data(mount, "actors") if a["kind"] == "person")
    links = search(page, mount, f"actor={actor['name']}")
    assert page.locator("#search-q").input_value() == actor["name"]
    assert href_of(mount, actor["url"]) in links
