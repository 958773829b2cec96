"""The site as readers use it, in Debian's Chromium: at / and under a GitHub Pages sub-path."""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from browser_support import SUB_PATH, axe_violations
from helpers import PROJECT


def site_title() -> str:
    """The title the project's site.yaml gives (whatever corpus the project holds)."""
    from evidence_site.load import load_site_config
    from evidence_site.problems import Problems
    return load_site_config(PROJECT, Problems()).title


def data(mount, name):
    return json.loads((mount.site / "data" / f"{name}.json").read_text())


def page_types(mount) -> dict[str, str]:
    """One URL of every page type, chosen from the built data."""
    claims = data(mount, "claims")
    contested = next((c for c in claims if c["status"] == "contested"), claims[0])  # any corpus has a claim
    actor = next(a for a in data(mount, "actors") if a["kind"] == "person")
    article = data(mount, "articles")[0]
    subjects = Counter(s for c in claims for s in c["subjects"])
    hub = min(subjects, key=lambda a: (-subjects[a], a))  # the actor most claims are about: its list has pages
    return {"home": "", "claims index": "claims/", "claim": contested["url"], "actors index": "actors/",
            "actor": actor["url"], "articles index": "articles/", "article": article["url"],
            "reports": "reports/", "report": data(mount, "reports")[0]["page_url"],
            "listing": f"actors/{hub}/about/",
            "timeline": "timeline/", "search": "search/", "about": "about/"}


# What proves a page is ready once its load event has fired: the element whose `hidden` attribute its script
# removes when it has run (the search filters', once Pagefind's index is loaded and the form handles queries).
# The attribute, not visibility: the stylesheet gives .search-filters a display that overrides `hidden`.
# Pages without scripts are ready on load.
READY = {"claims index": "#claim-filters:not([hidden])",
         "claim": ".copy-button:not([hidden])", "search": "#search-filters:not([hidden])"}


def open_page(pg, mount, kind: str) -> None:
    """Go to one page type and wait for the state that proves it is ready (never for network silence)."""
    pg.goto(mount.url(page_types(mount)[kind]))  # returns after the load event: styles, scripts, images
    if kind in READY:
        pg.locator(READY[kind]).first.wait_for(state="attached")


def unique_quote_phrase(mount) -> tuple[str, str]:
    """A five-word phrase from a quote that belongs to one claim only, and that claim's URL."""
    claims = data(mount, "claims")
    owners = Counter(e["quote"] for c in claims for e in c["evidence"])
    for claim in sorted(claims, key=lambda c: c["id"]):
        for e in claim["evidence"]:
            words = re.findall(r"[A-Za-z]{4,}", e["quote"])
            if owners[e["quote"]] == 1 and len(words) >= 8:
                return " ".join(words[2:7]), claim["url"]
    raise AssertionError("no quote long enough to search for")


def test_home_loads_without_errors(page, mount):
    open_page(page, mount, "home")
    assert page.locator("h1").first.inner_text() == site_title()
    assert page.watch.problems == []


@pytest.mark.parametrize("kind", ["home", "claims index", "claim", "actors index", "actor", "articles index",
                                  "article", "reports", "report", "listing", "timeline", "search",
                                  "about"])
def test_every_page_type_renders_cleanly_and_passes_axe(page, mount, kind):
    open_page(page, mount, kind)
    assert page.locator("main h1").count() == 1
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")  # CSS loaded
    assert page.watch.problems == []
    assert axe_violations(page) == []


@pytest.mark.parametrize("kind", ["home", "claim", "article", "claims index", "search"])
def test_dark_scheme_passes_axe(browser, mount, kind):
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    open_page(pg, mount, kind)
    assert pg.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(21, 23, 26)"
    assert axe_violations(pg) == []
    context.close()


def test_search_finds_a_claim_by_a_phrase_of_its_quote(page, mount):
    phrase, claim_url = unique_quote_phrase(mount)
    open_page(page, mount, "search")
    page.fill("#search-q", phrase)
    page.press("#search-q", "Enter")
    from playwright.sync_api import expect  # imported here: collecting this file needs no Playwright
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ results?"))  # the query has run
    first = page.locator("#search-results li a").first
    href = first.get_attribute("href")
    assert href == SUB_PATH.rstrip("/") * (mount.name == "sub-path") + "/" + claim_url, (phrase, href)
    first.click()
    page.wait_for_url(mount.url(claim_url))  # the claim page has loaded
    page.locator(READY["claim"]).first.wait_for(state="attached")
    assert page.url == mount.url(claim_url)
    # Pagefind cancels index fetches a newer query made unnecessary (and leaving the page cancels the
    # rest): those show as net::ERR_ABORTED. Nothing may fail for any other reason.
    assert [p for p in page.watch.problems if not p.endswith("net::ERR_ABORTED")] == []


def most_common(values) -> str:
    """The most frequent value (ties broken by sorted order), so the choice works on any corpus."""
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def test_claims_index_lists_each_status_and_filters_by_type_and_actor(page, mount):
    claims = data(mount, "claims")
    assert len(claims) <= 200, "the sample's claims index is one page: the filters narrow all of it"
    status, kind = most_common(c["status"] for c in claims), most_common(c["type"] for c in claims)
    involved = [{*c["subjects"], *(e["speaker"] for e in c["evidence"])} for c in claims]
    actor = most_common(a for ids in involved for a in ids)
    page.goto(mount.url(f"claims/?status={status}"))  # a link from before each status had a listing
    page.wait_for_url(mount.url(f"claims/#s-{status}"))  # the index lists claims by status: its first one
    # the listing each status had, with a filter in its query, lands there too, filtered
    page.goto(mount.url(f"claims/status/{status}/?type={kind}"))
    page.wait_for_url(mount.url(f"claims/?type={kind}#s-{status}"))
    page.locator(READY["claims index"]).wait_for(state="attached")
    visible = page.locator("#claims-table tbody tr:visible")
    assert visible.count() == sum(c["type"] == kind for c in claims) > 0
    page.select_option("#f-type", "")
    page.goto(mount.url("claims/"))
    page.locator(READY["claims index"]).wait_for(state="attached")
    page.select_option("#f-type", kind)
    assert visible.count() == sum(c["type"] == kind for c in claims) > 0
    page.select_option("#f-type", "")
    page.select_option("#f-actor", actor)
    expected = sum(actor in ids for ids in involved)
    assert visible.count() == expected > 0
    assert f"actor={actor}" in page.url
    assert page.locator("#filter-count").inner_text() == f"Showing {expected} of {len(claims)} claims."


def test_keyboard_reaches_skip_link_navigation_and_search(page, mount):
    page.goto(mount.url("claims/"))
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim() || document.activeElement.id"))
    assert reached[0] == "Skip to content"
    assert {"Claims", "Actors", "Articles", "Original reports", "Timeline", "Method", "site-search"} <= set(reached)
    focused_outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused_outline != "none"  # focus is visible
    page.goto(mount.url("claims/"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_404_works_at_any_depth(page, mount):
    response = page.goto(mount.url("claims/no-such-claim/deeper/"))  # returns once it and its stylesheet loaded
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    # the 404 page's own links and stylesheet resolve from any depth; the only error is the page's own 404
    assert [p for p in page.watch.problems if "no-such-claim" not in p] == [
        "console: Failed to load resource: the server responded with a status of 404 (Not Found)"]
    if mount.name == "sub-path":
        page.click("text=The claims index")
        assert page.url == mount.url("claims/")


def test_everything_but_search_works_without_javascript(browser, mount):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    claims = data(mount, "claims")
    pg.goto(mount.url("claims/"))
    assert pg.locator("#claims-table tbody tr:visible").count() == len(claims)
    kinds = page_types(mount)
    pg.goto(mount.url(kinds["claim"]))
    claim = next(c for c in claims if c["url"] == kinds["claim"])
    assert pg.locator(".evidence").count() == len(claim["evidence"]) > 0
    assert pg.locator("#cite-text .cite-url").inner_text().endswith(kinds["claim"])  # the link box is copy.js's
    pg.goto(mount.url(kinds["article"]))
    assert pg.locator("mark.ev").count() > 0 and pg.locator('.article-body a[href*="actors/"]').count() > 0
    context.close()


def test_no_horizontal_scrolling_on_a_phone(browser, mount):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    pg = context.new_page()
    urls = [*page_types(mount).values(), *(a["url"] for a in data(mount, "articles"))]
    wide = []
    for url in urls:
        pg.goto(mount.url(url))
        if pg.evaluate("document.documentElement.scrollWidth") > 360:
            wide.append(url)
    assert wide == []
    assert pg.locator(".main-nav .nav-search a").is_visible()  # search stays one tap away
    context.close()


def test_copy_link_puts_the_permanent_url_on_the_clipboard(browser, mount):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    url = page_types(mount)["claim"]
    pg.goto(mount.url(url))
    pg.click(".permalink-row .copy-button")
    copied = pg.evaluate("navigator.clipboard.readText()")
    expected = ("https://example.github.io" + SUB_PATH + url) if mount.name == "sub-path" else mount.url(url)
    assert copied == expected
    assert expected in pg.locator("#cite-bibtex").inner_text()
    context.close()


def test_evidence_links_land_on_the_highlighted_quote(page, mount):
    page.goto(mount.url(page_types(mount)["claim"]))
    link = page.locator(".evidence .ev-read").first
    target = link.get_attribute("href").split("#")[1].split(":~:")[0]
    link.click()
    page.wait_for_url(re.compile(r"/articles/"))
    page.wait_for_function(f"document.getElementById('{target}') !== null")  # the article, with the quote's anchor
    assert page.evaluate(f"document.getElementById('{target}').nextElementSibling.tagName") == "MARK"


def test_print_hides_navigation_and_controls(page, mount):
    page.goto(mount.url(page_types(mount)["claim"]))
    page.emulate_media(media="print")
    # the header prints the site's name only (docs/design-decisions.md, item 90)
    assert page.locator(".main-nav").is_hidden() and page.locator(".header-search").is_hidden()
    assert page.locator(".brand").is_visible()
    assert page.locator(".evidence").first.is_visible()


def test_a_partial_quote_is_drawn_apart_from_full_ones(page, mount):
    """A partial quote's item has a dashed top rule (the stance rules once overrode it); full ones stay solid."""
    claim = next((c for c in data(mount, "claims") if {"partial", "full"} <= {e["extent"] for e in c["evidence"]}),
                 None)
    if claim is None:
        pytest.skip("the corpus has no claim with both a partial and a full quote")
    page.goto(mount.url(claim["url"]))
    style = "e => getComputedStyle(e).borderTopStyle"
    assert page.eval_on_selector(".evidence-partial", style) == "dashed"
    assert page.eval_on_selector(".evidence:not(.evidence-partial)", style) == "solid"
