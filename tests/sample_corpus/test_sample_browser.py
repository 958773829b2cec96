"""Search filters on the sample corpus, in Debian's Chromium (the query and actor are the sample's words)."""
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
    page.select_option("#s-type", "")
    page.select_option("#s-actor", "Qasem Soleimani")  # its change handler says "Searching…" at once
    # only the latest search writes the status line, so a count there is the actor-filtered search's
    page.wait_for_function("/^(\\d+ results?|No results)/.test(document.querySelector('#search-status').textContent)")
    by_actor = int(re.match(r"(\d+)", status.inner_text()).group(1))
    assert 0 < by_actor < total
    assert "actor=Qasem+Soleimani" in page.url  # the filtered search can be linked
    assert page.watch.problems == []
