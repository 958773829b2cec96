"""Issue 12, reader fixes B: header naming, home numbers, search results, calm quote marks, contents, link previews."""
from __future__ import annotations

import json
import re
from collections import Counter
from html import unescape
from pathlib import Path

import pytest

from evidence_site import vocab
from evidence_site.text import normal

ROOT_ONLY = pytest.mark.parametrize("mount", ["root"], indirect=True)  # one build is enough for these


def html_of(site: Path, url: str) -> str:
    """The written HTML of a site-relative URL."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def claims_data(site: Path) -> list[dict]:
    """data/claims.json of a built site."""
    return json.loads((site / "data" / "claims.json").read_text(encoding="utf-8"))


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# Header and names


def test_the_nav_names_the_reports_page_by_its_title(real_site):
    reports = html_of(real_site, "reports")
    title = text_of(re.search(r"<h1[^>]*>(.*?)</h1>", reports).group(1))
    for url in ("", "claims", "reports", "search"):
        nav = re.search(r'<nav class="main-nav".*?</nav>', html_of(real_site, url), re.S).group(0)
        labels = {text_of(label) for href, label in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', nav)
                  if href.endswith("reports/")}
        assert labels == {title}, (url, labels)


def test_the_search_box_comes_before_the_sections_so_it_sits_beside_the_title(real_site):
    page = html_of(real_site, "")
    header = re.search(r'<header class="site-header">.*?</header>', page, re.S).group(0)
    assert header.index('class="brand"') < header.index('class="header-search"') < header.index('class="main-nav"')


# Home


def test_home_lists_every_status_and_never_links_to_an_empty_list(real_site):
    home = html_of(real_site, "")
    summary = re.search(r'<ul class="status-summary".*?</ul>', home, re.S).group(0)
    counts = {term.value: 0 for term in vocab.STATUSES}
    for claim in claims_data(real_site):
        counts[claim["status"]] += 1
    # each status links its first claim in the claims index, which lists the claims by status
    linked = {s: page for page, s in re.findall(r'href="(claims/(?:page/\d+/)?)#s-([a-z-]+)"', summary)}
    assert linked.keys() == {status for status, n in counts.items() if n}
    for status, page in linked.items():
        index = html_of(real_site, page.rstrip("/"))
        first = re.search(rf'<tr id="s-{status}" data-type=.*?</tr>', index).group(0)
        assert f'class="status status-{status}"' in first or f"view-{status}" in first
    for term in vocab.STATUSES:  # every status is named, with its count in words
        item = next(li for li in re.findall(r"<li>(.*?)</li>", summary, re.S) if f"status-{term.value}" in li)
        n = counts[term.value]
        assert text_of(item).endswith(f"{n} claim{'s' if n != 1 else ''}" if n else "no claim"), item


def test_home_puts_the_numbers_beside_the_intro(real_site):
    home = html_of(real_site, "")
    top = re.search(r'<div class="home-top">(.*?)</div>\s*<section aria-labelledby="contested-h">', home, re.S)
    assert top and 'class="hero"' in top.group(1) and 'class="home-numbers"' in top.group(1)


# Search


def test_the_search_page_carries_a_badge_for_every_status_wording(real_site):
    page = html_of(real_site, "search")
    badges = re.search(r'<template id="status-badges">(.*?)</template>', page, re.S).group(1)
    found = dict(re.findall(r'<span data-label="([^"]+)"><span class="status ([^"]+)">', badges))
    for term in vocab.STATUSES:
        assert found[term.label] == f"status-{term.value}"
        assert found[term.view_label] == f"status-view view-{term.value}"
    assert re.search(r'<select id="s-type" name="type">\s*<option value="">Any type</option>', page)


def test_claim_pages_give_link_previews_the_status_label_the_badges_are_keyed_by(real_site):
    claim = claims_data(real_site)[0]
    page = html_of(real_site, claim["url"].strip("/"))
    # previews.js reads the badge of the status panel (its class and words); the status label starts the description
    label = re.escape(claim["status_label"])
    assert re.search(rf'<p class="status-line"><span class="status [^"]+">{label}</span>', page)
    assert f'<meta name="description" property="og:description" content="{claim["status_label"]}. ' in page


# Articles


def test_every_quote_marker_names_a_quote_that_starts_before_it(real_site):
    for path in sorted((real_site / "articles").glob("*/index.html")):
        body = path.read_text(encoding="utf-8").split('<div class="article-body">')[1]
        # a marker is described by its footnote, whose back link names the quote (article.js reads it so)
        notes = dict(re.findall(r'<li id="(fn\d+)"><a href="#([^"]+)" aria-label="Back to quote \d+">', body))
        markers = re.findall(r'<sup><a [^>]*aria-describedby="(fn\d+)"', body)
        assert len(markers) == len(set(markers)) == len(notes) == len(set(notes.values())), path
        for fn in markers:
            q = notes[fn]
            assert body.index(f'<span id="{q}">') < body.index(f'aria-describedby="{fn}"'), (path, q)


def test_article_contents_link_to_sections_that_exist(real_site):
    for path in sorted((real_site / "articles").glob("*/index.html")):
        page = path.read_text(encoding="utf-8")
        contents = re.search(r'<nav class="page-contents".*?</nav>', page, re.S).group(0)
        anchors = re.findall(r'<a href="#([^"]+)">', contents)
        assert anchors[:2] == ["p1", "evidence-h"] and "removed-h" in anchors, path  # the text starts at ¶1
        assert ("comments-h" in anchors) == ('id="comments-h"' in page), path
        assert all(f'id="{a}"' in page for a in anchors), path


def test_every_page_loads_the_preview_script_once(real_site):
    for url in ("", "claims", "search", "about"):
        assert html_of(real_site, url).count("assets/previews.js") == 1, url
    assert (real_site / "assets" / "previews.js").exists() and (real_site / "assets" / "article.js").exists()


# In the browser (the site built once, at /)

SHIFTS = """window.__shift = 0; new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__shift += e.value; }).observe({type: "layout-shift", buffered: true});"""


@ROOT_ONLY
@pytest.mark.parametrize("width", [360, 1280])
def test_search_results_arrive_without_moving_the_page(browser, mount, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    pg = context.new_page()
    pg.add_init_script(SHIFTS)
    words = Counter(re.findall(r"[A-Za-z]{5,}", " ".join(c["statement"] for c in claims_data(mount.site))))
    word = min(words, key=lambda w: (-words[w], w))  # the commonest long word of the statements: many results
    pg.goto(mount.url(f"search/?q={word}"))
    pg.locator("#search-results li").first.wait_for()
    pg.fill("#search-q", "")
    pg.type("#search-q", "the", delay=30)
    pg.wait_for_function("document.getElementById('search-status').textContent.includes('result')")
    pg.select_option("#s-type", "claim")
    pg.wait_for_function("!document.getElementById('search-results').hasAttribute('aria-busy')")
    assert pg.evaluate("window.__shift") < 0.05
    context.close()


@ROOT_ONLY
def test_claim_results_show_their_status_badge(page, mount):
    claims = {c["url"]: c for c in claims_data(mount.site)}
    page.goto(mount.url("search/?type=claim"))
    page.locator("#search-results li .status").first.wait_for()
    for item in page.locator("#search-results li").all()[:10]:
        url = item.locator(".result-title a").get_attribute("href").lstrip("/")
        # the badge's words; its shape is the stylesheet's (design decision 85)
        assert item.locator(".status").inner_text() == claims[url]["status_label"]


@ROOT_ONLY
def test_focusing_a_marker_lights_up_exactly_its_quote(page, mount):
    quotes = {f"q-{c['id']}-{e['anchor'][1:]}": e["quote"] for c in claims_data(mount.site) for e in c["evidence"]}
    articles = sorted((mount.site / "articles").glob("*/index.html"))
    path = max(articles, key=lambda p: p.read_text().count("ev-multi"))  # the article with most overlaps
    page.goto(mount.url(f"articles/{path.parent.name}/"))
    markers = page.locator(".article-body sup")
    assert markers.count() > 0
    def quote(marker):  # the quote marker [n] closes: named by the back link of footnote n
        return page.locator(f"#fn{marker.inner_text().strip('[]')} a").first.get_attribute("href")[1:]

    for i in range(min(markers.count(), 12)):
        q = quote(markers.nth(i))
        markers.nth(i).locator("a").focus()
        lit = page.evaluate("[...document.querySelectorAll('mark.ev-lit')].map(m => m.textContent).join('')")
        assert normal(lit) == normal(quotes[q]), q
    page.locator("h1").click()
    assert page.locator("mark.ev-lit").count() == 0
    q = quote(markers.first)
    page.goto(mount.url(f"articles/{path.parent.name}/#{q}"))
    assert normal(page.evaluate("[...document.querySelectorAll('mark.ev-target')].map(m => m.textContent).join('')")
                  ) == normal(quotes[q])


@ROOT_ONLY
def test_a_claim_link_previews_its_statement_and_status_and_esc_closes_it(page, mount):
    page.add_init_script(SHIFTS)
    claim = next(c for c in claims_data(mount.site) if c["status"] == "contested")  # home lists contested claims
    page.goto(mount.url())
    page.wait_for_load_state("networkidle")
    link = page.locator(f'.claim-list a[href$="{claim["url"]}"]').first
    link.hover()
    preview = page.locator(".link-preview")
    preview.wait_for()
    assert preview.get_attribute("role") == "tooltip"
    assert link.get_attribute("aria-describedby") == preview.get_attribute("id")
    assert preview.locator(".pv-title").inner_text() == claim["statement"]
    assert claim["status_label"] in preview.locator(".status").inner_text()
    page.keyboard.press("Escape")
    assert preview.count() == 0 and link.get_attribute("aria-describedby") is None
    assert page.evaluate("window.__shift") == 0


@ROOT_ONLY
def test_an_actor_link_previews_on_keyboard_focus(page, mount):
    actors = json.loads((mount.site / "data" / "actors.json").read_text())
    article = json.loads((mount.site / "data" / "articles.json").read_text())[0]
    page.goto(mount.url(article["url"]))
    mention = page.locator('.article-body p > a[href*="actors/"]').first
    actor = next(a for a in actors if mention.get_attribute("href").endswith(a["url"]))
    mention.focus()  # a script focus; previews follow keyboard focus, so press Tab back onto it
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    preview = page.locator(".link-preview")
    page.wait_for_function("(name) => document.querySelector('.link-preview .pv-title')?.textContent === name",
                           arg=actor["name"])
    assert mention.get_attribute("aria-describedby") == "link-preview"
    if actor["description"]:
        assert preview.locator(".pv-detail").inner_text().rstrip(" …") in actor["description"]
    page.keyboard.press("Tab")  # focus moves on: this preview goes (the next link may show its own)
    assert mention.get_attribute("aria-describedby") is None
    assert actor["name"] not in preview.locator(".pv-title").all_inner_texts()
    page.keyboard.press("Escape")
    assert preview.count() == 0
