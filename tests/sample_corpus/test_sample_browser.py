"""Search filters on the sample corpus, in Debian's Chromium (the queries are the sample's words)."""
from __future__ import annotations

import re

# the browser, mount and page fixtures come from tests/conftest.py


def test_search_filters_narrow_the_results(page, mount):
    page.goto(mount.url("search/?q=Iran"))
    page.locator("#search-results li").first.wait_for()
    status = page.locator("#search-status")
    total = int(re.match(r"(\d+)", status.inner_text()).group(1))
    page.select_option("#s-type", "actor")
    page.wait_for_function("document.querySelector('#search-status').textContent.match(/^\\d+ result/)"
                           f" && !document.querySelector('#search-status').textContent.startsWith('{total} ')")
    types = page.locator("#search-results .result-type").all_text_contents()
    assert types and set(types) == {"Actor"}
    by_type = int(re.match(r"(\d+)", status.inner_text()).group(1))
    assert 0 < by_type < total
    page.select_option("#s-type", "claim")
    page.fill("#search-q", "Qasem Soleimani")
    page.press("#search-q", "Enter")
    # only the latest search writes the status line and the results
    page.wait_for_function("/^(\\d+ results?|No results)/.test(document.querySelector('#search-status').textContent)"
                           " && document.querySelector('#search-results li').textContent.includes('Soleimani')")
    links = page.locator("#search-results .result-title a").evaluate_all("as => as.map(a => a.pathname)")
    assert links and all(re.fullmatch(r".*/claims/[a-z0-9-]+/", href) for href in links)
    assert "q=Qasem+Soleimani&type=claim" in page.url  # the filtered search can be linked
    assert page.watch.problems == []
