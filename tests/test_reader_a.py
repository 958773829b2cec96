"""Reader fixes A (issue 12): related claims once each, titles in breadcrumbs, a link and citation per evidence
item, actor pages without empty sections, compact phone layouts, and print."""
from __future__ import annotations

import html
import re
import shutil
import threading
from pathlib import Path

import pytest
from sample_corpus.conftest import holds_sample_corpus

from evidence_site import build
from evidence_site.pages.claims import relation_sentence
from evidence_site.serve import make_server

from helpers import edit

BASE = "https://example.org/mini/"


def built(root: Path, tmp_path: Path, base_url: str | None = None) -> Path:
    """A corpus built without its search index (these tests read pages, not search)."""
    out = tmp_path / "_site"
    problems = build.build(root, out, base_url, search=False)
    assert not problems.errors
    return out


def read(site: Path, url: str) -> str:
    """The HTML of one built page."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def section(page: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by heading_id ('' when the page has none)."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', page, re.S)
    return match.group(0) if match else ""


# 1. Related claims: each once, the relation in words from this claim's side

def test_relation_sentences_read_from_this_claims_side():
    assert relation_sentence({"contradicts"}, set()) == "Is contradicted by this claim"
    assert relation_sentence(set(), {"contradicts"}) == "Contradicts this claim"
    assert relation_sentence({"contradicts"}, {"contradicts"}) == "They contradict each other"
    assert relation_sentence({"context"}, {"context"}) == "Each gives context to the other"
    # different relations each way: both said, in vocabulary order, as one sentence
    assert relation_sentence({"supports"}, {"contradicts"}) == "Contradicts this claim; is supported by this claim"


def test_a_one_way_link_reads_differently_on_each_side(mini_site):
    here = section(read(mini_site, "claims/ministry-partners-militia"), "related-h")
    assert ('<span class="relation relation-context">Is given context by this claim</span> '
            '<a href="../../claims/anonymous-partnering/">') in here
    there = section(read(mini_site, "claims/anonymous-partnering"), "related-h")
    assert ('<span class="relation relation-context">Gives context to this claim</span> '
            '<a href="../../claims/ministry-partners-militia/">') in there
    assert "<h3" not in here + there  # one list, no heading per direction


def test_a_link_both_ways_lists_the_claim_once_in_one_sentence(mini, tmp_path):
    anonymous = """      quote: A senior official, who spoke on the condition of anonymity
      speaker: senior-official
      origin: wl-partnering
      stance: supports
"""
    edit(mini, "site_src/claims/main.yaml", anonymous,
         anonymous + "  related:\n    - claim: ministry-partners-militia\n      relation: context\n")
    site = built(mini, tmp_path)
    for here, other in (("ministry-partners-militia", "anonymous-partnering"),
                        ("anonymous-partnering", "ministry-partners-militia")):
        related = section(read(site, f"claims/{here}"), "related-h")
        assert related.count(f'href="../../claims/{other}/"') == 1
        assert related.count("<li>") == 1 and "Each gives context to the other" in related
        assert "Gives context to this claim" not in related and "given context by" not in related


# 2. Breadcrumbs: the link up to the section (or the page a listing belongs to), never an id; the title is the h1

def breadcrumb(page: str) -> str:
    """The breadcrumb's text as shown."""
    nav = re.search(r'<nav class="breadcrumb".*?</nav>', page, re.S).group(0)
    return html.unescape(re.sub(r"<[^>]+>", "", nav))


def test_breadcrumbs_link_up_and_the_title_is_said_once_by_the_h1(mini_site):
    page = read(mini_site, "claims/anonymous-partnering")
    assert breadcrumb(page) == "Claims"
    assert '<nav class="breadcrumb" aria-label="Breadcrumb"><a href="../../claims/">Claims</a></nav>' in page
    assert "<h1>An anonymous official said the ministry has partnered with" in page
    # the title follows the breadcrumb, in full, under the claim's kind
    assert re.search(r'Claims</a></nav>\n<article class="claim-page">\n<p class="eyebrow">[^\n]*</p>\n<h1>', page)
    assert breadcrumb(read(mini_site, "actors/jane-roe")) == "Actors"
    assert breadcrumb(read(mini_site, "reports/wl-partnering")) == "Original reports"


# 3. Each evidence item: its number, a permanent link that JavaScript can copy, and a citation

def test_each_evidence_item_has_a_number_a_link_and_what_its_citation_names(mini_site):
    page = read(mini_site, "claims/ministry-partners-militia")
    for n in (1, 2, 3):
        item = re.search(rf'<li class="evidence[^"]*" id="e{n}">.*?</li>', page, re.S).group(0)
        # the item's number is its permanent link, a plain link without JavaScript
        assert f'<a class="ev-num" href="#e{n}">e{n}</a>' in item
        # copy.js makes the copy button and the citation: the page holds no hidden copy of either
        assert "<button" not in item and " hidden" not in item and "<pre" not in item
    # the article is said once, above the items quoted from it (all of beta's words were first published there)
    beta = re.search(r'<div class="ev-group">\n<p class="ev-source">([^\n]*)</p>\n<ol class="evidence-list">'
                     r'<li class="evidence[^"]*" id="e3">', page, re.S).group(1)
    assert beta == ('First published in <a href="../../articles/beta/">Beta headline — a second '
                    'look</a>, <span>Beta Blog</span>, <time datetime="2015-01-02">2 Jan 2015</time>')
    # the claim's own citation, with its permanent link, stays in the page for readers without JavaScript
    assert ("<pre class=\"cite\" id=\"cite-text\">“The ministry works with the militia.” Claim "
            "“ministry-partners-militia”, Mini evidence. Evidence status: disputed view. "
            '<span class="cite-url">../../claims/ministry-partners-militia/</span></pre>') in page


def test_with_a_base_url_the_permanent_link_is_the_canonical_one(mini, tmp_path):
    page = read(built(mini, tmp_path, BASE), "claims/ministry-partners-militia")
    assert f'<span class="cite-url">{BASE}claims/ministry-partners-militia/</span></pre>' in page
    assert "<input" not in page.split('<section class="share"')[1]  # copy.js makes the link's box


# 5. Actor pages: no empty sections; an author-only actor's page lists what they wrote

def test_actor_sections_with_nothing_in_them_are_left_out(mini_site):
    ministry = read(mini_site, "actors/ministry")  # discussed and named, never quoted
    assert 'id="about-h"' in ministry and 'id="mentions-h"' in ministry
    assert 'id="said-h"' not in ministry and 'class="empty"' not in ministry and "None." not in ministry
    jane = read(mini_site, "actors/jane-roe")  # quoted, no alias, nothing about her
    assert 'id="said-h"' in jane and 'id="about-h"' not in jane and "Also written as" not in jane


def test_an_author_only_actor_gets_the_articles_they_wrote_with_their_claims(mini, tmp_path):
    with (mini / "site_src/actors.yaml").open("a", encoding="utf-8") as f:
        f.write("- id: john-doe\n  name: John Doe\n  kind: person\n  description: Writes for Beta Blog.\n")
    edit(mini, "site_src/articles/beta.md", "author: null", "author: john-doe")
    site = built(mini, tmp_path)
    page = read(site, "actors/john-doe")
    for absent in ("said-h", "about-h", "mentions-h"):
        assert f'id="{absent}"' not in page
    assert 'class="empty"' not in page
    assert "<dt>In the corpus</dt> <dd>1 article written</dd>" in page
    work = section(page, "published-h")
    assert ('<span class="work-role">Wrote:</span> <a href="../../articles/beta/">Beta headline — a second look</a>'
            in work)
    assert "2 claims quoted from it:" in work
    assert 'href="../../claims/ministry-funded-militia/"' in work
    assert 'href="../../claims/ministry-partners-militia/"' in work
    assert 'href="../../claims/anonymous-partnering/"' not in work  # quoted from alpha only
    outlet = section(read(site, "actors/beta-blog"), "published-h")
    assert '<span class="work-role">Published:</span>' in outlet


# 3, 4 and 6 in Chromium: copying, phones, print

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The mini corpus built and served on 127.0.0.1; yields its base URL."""
    site = built(Path(__file__).parent / "fixtures" / "mini", tmp_path_factory.mktemp("reader-a"))
    server = make_server(site, 0, "/")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_copy_link_copies_the_evidence_items_absolute_url(browser, served):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    pg.goto(served + "claims/ministry-partners-militia/")
    pg.click("#e2 .ev-head .copy-button")
    assert pg.evaluate("navigator.clipboard.readText()") == served + "claims/ministry-partners-militia/#e2"
    pg.click("#e3 summary")
    pg.click("#e3 .ev-cite .copy-button")
    assert pg.evaluate("navigator.clipboard.readText()").endswith(
        "Mini evidence. " + served + "claims/ministry-partners-militia/#e3")
    context.close()


def citations(pg) -> dict[str, str]:
    """Each evidence item's citation as copy.js writes it, by anchor."""
    return pg.evaluate("Object.fromEntries(Array.from(document.querySelectorAll('.evidence'), "
                       "li => [li.id, li.querySelector('.ev-cite pre').textContent]))")


def test_an_evidence_citation_says_what_is_known_and_invents_nothing(browser, served):
    pg = browser.new_page()
    pg.goto(served + "claims/ministry-partners-militia/")
    cites = citations(pg)
    url = served + "claims/ministry-partners-militia/"
    # beta has an outlet and a stated date
    assert cites["e3"] == (
        "Beta Blog: “the ministry and the militia are allies”, in “Beta headline — a second look”, Beta Blog, "
        f"2 Jan 2015, ¶2. Evidence 3 for the claim “The ministry works with the militia.”, Mini evidence. {url}#e3")
    # alpha has neither outlet nor date: none is given, and no access date is made up either
    assert cites["e1"] == (
        "A senior official: “has been partnering with the militia for a year”, in “Alpha headline: the ministry "
        f"and the militia”, ¶4. Evidence 1 for the claim “The ministry works with the militia.”, Mini evidence. "
        f"{url}#e1")
    # the quote stays verbatim, its own curly quotes included
    assert cites["e2"].startswith("Jane Roe: ““We do not coordinate with the militia,” spokeswoman")
    bibtex = pg.locator("#cite-bibtex").text_content()
    assert bibtex == ("@misc{ministry-partners-militia,\n  title = {The ministry works with the militia.},\n"
                      f"  howpublished = {{\\url{{{url}}}}},\n  organization = {{Mini evidence}},\n"
                      "  note = {Evidence status: disputed view}\n}")
    pg.close()


def test_titles_in_a_citation_nest_their_quotes_and_bibtex_escapes(browser, tmp_path):
    root = tmp_path / "mini"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", root)
    edit(root, "site_src/articles/beta.md", 'title: "Beta headline — a second look"',
         'title: "Iran: “indirect confederates” or \\"allies\\""')
    edit(root, "site_src/site.yaml", "title: Mini evidence", "title: Mini_evidence & 100%")
    site = built(root, tmp_path)
    server = make_server(site, 0, "/")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pg = browser.new_page()
    pg.goto(f"http://127.0.0.1:{server.server_address[1]}/claims/ministry-partners-militia/")
    assert "in “Iran: ‘indirect confederates’ or 'allies'”, Beta Blog" in citations(pg)["e3"]
    assert "organization = {Mini\\_evidence \\& 100\\%}" in pg.locator("#cite-bibtex").text_content()
    pg.close()
    server.shutdown()


def top(pg, selector: str) -> float:
    """The top edge of the first element a selector matches, in CSS pixels."""
    return pg.locator(selector).first.bounding_box()["y"]


def test_on_a_phone_evidence_labels_sit_beside_their_values(browser, served):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    pg = context.new_page()
    pg.goto(served + "claims/ministry-partners-militia/")
    assert top(pg, "#e1 .ev-meta dd") == pytest.approx(top(pg, "#e1 .ev-meta dt"), abs=2)
    assert pg.locator("#e1 .ev-meta dt").first.inner_text() == "Said by"  # the colon is CSS, not content
    assert top(pg, "#e1 .ev-meta dd >> nth=1") > top(pg, "#e1 .ev-meta dd") + 10  # one line per label
    context.close()


def test_on_a_phone_a_claims_index_row_is_its_statement_and_one_line_of_meta(browser, served):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    pg = context.new_page()
    pg.goto(served + "claims/")
    for row in pg.locator("#claims-table tbody tr").all():
        cells = row.locator("td").all()
        assert [c.is_visible() for c in cells] == [True, True, False, True, True, False]  # no type, no subjects
        cells = [cells[0], cells[1], cells[3], cells[4]]
        tops = [round(c.bounding_box()["y"]) for c in cells]
        assert tops[0] < tops[1] <= tops[2] == tops[3]  # the statement, then the meta, counts on one line
        if row.get_attribute("data-anonymous") is None:  # only the "anonymous sources only" flag needs a 2nd line
            assert tops[1] == tops[2]
        labels = [c.evaluate("c => getComputedStyle(c, '::before').content") for c in cells[2:]]
        assert labels == ['"Origins "', '"Articles "'] and re.fullmatch(r"\d+", cells[2].inner_text().strip())
    context.close()


def test_print_shows_site_name_permanent_url_numbers_and_paragraphs_not_controls(browser, served):
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(served + "claims/ministry-partners-militia/")
    pg.emulate_media(media="print")
    # the header prints the site's name only; the claim's citation, which ends with its permanent URL, closes it
    assert pg.locator(".brand").is_visible() and pg.locator(".brand").inner_text() == "Mini evidence"
    assert pg.locator("#cite-text").is_visible()
    assert pg.locator("#cite-text").inner_text().endswith(" " + served + "claims/ministry-partners-militia/")
    assert pg.locator("#e2 .ev-num").inner_text() == "e2"
    assert pg.locator("#e2 .ev-read").inner_text() == "Read it in the article (¶3)"
    for hidden in (".main-nav", ".header-search", ".breadcrumb", "#e2 .copy-button", "#e2 .ev-cite", "#share-h",
                   "#permalink", "#cite-bibtex"):
        assert pg.locator(hidden).first.is_hidden(), hidden
    context.close()


@pytest.mark.skipif(not holds_sample_corpus(), reason="page counts are the sample corpus's")
def test_the_longest_sample_claims_print_on_at_most_two_a4_pages(browser, real_site):
    server = make_server(real_site, 0, "/")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pg = browser.new_page()
    longest = sorted(real_site.glob("claims/*/index.html"), key=lambda p: p.stat().st_size)[-3:]
    counts = {}
    for path in longest:
        pg.goto(f"http://127.0.0.1:{server.server_address[1]}/claims/{path.parent.name}/")
        counts[path.parent.name] = len(re.findall(rb"/Type\s*/Page[^s]", pg.pdf(format="A4")))
    pg.close()
    server.shutdown()
    assert max(counts.values()) <= 2, counts
