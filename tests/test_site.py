"""The built site: every page type, every internal link and fragment, the data files, no other host."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from evidence_site import build, paging

from helpers import PROJECT, edit


class PageParser(HTMLParser):
    """Collects ids, links and resource references of one HTML page."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, url)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for attr in ("href", "src"):
            if a.get(attr) is not None:
                self.refs.append((tag, attr, a[attr]))


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def site_pages(site: Path) -> dict[str, PageParser]:
    """Every HTML page of a built site (but the Pagefind bundle), keyed by site-relative URL path."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        pages["/" + rel] = parse(path)
    return pages


def resolve(site: Path, page_url: str, href: str) -> tuple[Path, str]:
    """The file an internal href points at from a page, and its fragment (text directives dropped)."""
    url = urlsplit(urljoin("http://site" + page_url, href))
    path = unquote(url.path)
    target = site / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return target, url.fragment.split(":~:")[0]


def broken_links(site: Path) -> list[str]:
    """Numbered list material: every internal href/src whose file or #fragment does not exist."""
    pages = site_pages(site)
    broken = []
    for page_url, parser in pages.items():
        if page_url == "/404.html":
            continue  # its links are rooted at the base path; checked in test_404_links_are_rooted
        for tag, attr, href in parser.refs:
            external = re.match(r"^(https?:|mailto:|data:)", href)
            if external or tag == "link" and attr == "href" and href.startswith("http"):
                continue
            target, fragment = resolve(site, page_url, href)
            if not target.is_file():
                broken.append(f"{page_url}: {href} (no file {target.relative_to(site)})")
                continue
            if fragment:
                key = "/" + target.relative_to(site).as_posix()
                ids = pages[key].ids if key in pages else set()
                if fragment not in ids:
                    broken.append(f"{page_url}: {href} (no id '{fragment}' in {key})")
    return broken


@pytest.mark.parametrize("site_name", ["mini_site", "real_site"])
def test_every_internal_link_and_fragment_resolves(site_name, request):
    site = request.getfixturevalue(site_name)
    broken = broken_links(site)
    assert not broken, "broken links:\n" + "\n".join(f"{i}. {b}" for i, b in enumerate(broken, 1))


def test_link_checker_catches_a_broken_fragment(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="x"><a href="../b/#y">b</a><a href="#x">self</a></p>')
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<p id="z"></p><a href="../c/">c</a>')
    assert broken_links(tmp_path) == ["/a/index.html: ../b/#y (no id 'y' in /b/index.html)",
                                      "/b/index.html: ../c/ (no file c/index.html)"]


@pytest.mark.parametrize("site_name", ["mini_site", "real_site"])
def test_no_page_loads_anything_from_another_host(site_name, request):
    site = request.getfixturevalue(site_name)
    offenders = []
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r'<(script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)="(https?:)?//', text):
            if 'rel="canonical"' not in m.group(0):
                offenders.append(f"{path.relative_to(site)}: {m.group(0)}")
    for path in (site / "assets").glob("*"):
        if re.search(r"https?://", path.read_text(encoding="utf-8")) and path.suffix in (".css", ".js"):
            offenders.append(str(path.relative_to(site)))
    assert not offenders


def test_every_page_type_exists(real_site):
    corpus_ids = {kind: [p.stem for p in (PROJECT / "site_src" / kind).glob("*.md")] for kind in ("articles",)}
    for path in ["index.html", "claims/index.html", "actors/index.html", "articles/index.html", "reports/index.html",
                 "timeline/index.html", "search/index.html", "about/index.html", "404.html", "sitemap.xml",
                 ".nojekyll", "robots.txt", "data/claims.json", "data/actors.json", "data/articles.json",
                 "data/reports.json", "pagefind/pagefind.js"]:
        assert (real_site / path).is_file(), path
    for article_id in corpus_ids["articles"]:
        assert (real_site / "articles" / article_id / "index.html").is_file()
    claims = json.loads((real_site / "data/claims.json").read_text())
    actors = json.loads((real_site / "data/actors.json").read_text())
    for item in claims:
        assert (real_site / item["url"] / "index.html").is_file()
    for item in actors:
        assert (real_site / item["url"] / "index.html").is_file()


def test_claim_page_shows_status_evidence_and_anchors(mini_site):
    html = (mini_site / "claims/ministry-partners-militia/index.html").read_text()
    # an assessment is worded as a view, never with a factual claim's word or badge
    assert '<span class="status status-view view-contested">Disputed view</span>' in html
    assert "Contested" not in html.split("<main")[1]
    # the status reason in words: articles, independent origins, and what disputes it
    assert ("2 articles. A view held by 2 independent sources: Washington Ledger, date unknown; "
            "“Beta headline — a second look” (Beta Blog).") in html
    assert "Disputed by 1 independent origin: Washington Ledger, date unknown." in html
    for anchor in ("e1", "e2", "e3"):
        assert f'id="{anchor}"' in html
    # each evidence item links to the highlighted quote in its article
    assert 'href="../../articles/alpha/#q-ministry-partners-militia-1">Read it in the article (¶4)</a>' in html
    assert 'href="../../articles/alpha/#q-ministry-partners-militia-2">Read it in the article (¶' in html
    # related claims appear on both sides, the relation worded from each side (tests/test_reader_a.py)
    assert "Is given context by this claim" in html
    back = (mini_site / "claims/anonymous-partnering/index.html").read_text()
    assert "Gives context to this claim" in back and 'href="../../claims/ministry-partners-militia/"' in back


def test_article_page_highlights_quotes_links_mentions_and_keeps_comments_apart(mini_site):
    html = (mini_site / "articles/alpha/index.html").read_text()
    body = html.split('<div class="article-body">')[1].split("</div>")[0]
    assert '<p id="p1">' in body and '<p id="p4">' in body
    assert '<mark class="ev">' in body
    assert 'href="../../claims/ministry-funded-militia/#e1"' in body
    assert '<a href="../../actors/jane-roe/">Jane Roe</a>' in body  # the stylesheet knows a name by its link
    assert "fraud" not in body  # reader comments are not part of the body
    comments = html.split('class="reader-comments"')[1]
    assert "not part of the article · not evidence" in comments and "This is all lies" in comments
    assert "Subscription pitch" in html and "Subscribe now for exclusive access!" in html  # removed, shown why


def test_actor_page_lists_said_about_and_mentions(mini_site):
    html = (mini_site / "actors/jane-roe/index.html").read_text()
    assert "What they said" in html and 'href="../../claims/ministry-partners-militia/"' in html
    assert "Disputes" in html
    ministry = (mini_site / "actors/ministry/index.html").read_text()
    assert "Claims about them <span class=\"count\">(3)</span>" in ministry
    assert "<mark>ministry</mark> spent $1 billion" in ministry
    assert 'href="../../articles/beta/#p1"' in ministry
    assert 'href="../../actors/jane-roe/"' in ministry  # affiliated actors are listed


def test_an_actors_full_listing_of_mentions_links_paragraphs_and_leaves_the_sentences_to_the_actor_page(
        mini, tmp_path, monkeypatch):
    monkeypatch.setattr(paging, "PREVIEW", 1)  # the actor's page shows one article; its listing has both
    build.build(mini, tmp_path / "out", None, search=False)
    page = (tmp_path / "out/actors/ministry/index.html").read_text()
    assert "the <mark>ministry</mark> “has been partnering" in page  # alpha ¶4, with its sentence
    assert "the <mark>ministry</mark> and the militia are allies" not in page  # beta: on the listing only
    assert 'href="../../actors/ministry/mentions/">All 2 articles that name them, with every mention' in page
    listing = (tmp_path / "out/actors/ministry/mentions/index.html").read_text()
    # the title links the first paragraph naming them, each further paragraph has a link of its own
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> ¶(\d+)'
                       r'((?: <a href="[^"]+" aria-label="[^"]+">¶\d+</a>)*)</li>', listing)
    assert [(title, first, n, re.findall(r'href="([^"]+)" aria-label="Paragraph (\d+)"', more))
            for first, title, n, more in items] == [
        ("Alpha headline: the ministry and the militia", "../../../articles/alpha/#p1", "1",
         [("../../../articles/alpha/#p4", "4")]),
        ("Beta headline — a second look", "../../../articles/beta/#p1", "1", [("../../../articles/beta/#p2", "2")]),
    ]
    assert "<mark>" not in listing


def test_claims_index_rows_carry_filter_data(mini_site):
    html = (mini_site / "claims/index.html").read_text()
    rows = re.findall(r'<tr(?: id="[^"]+")? data-type="([^"]+)" data-actors="([^"]+)"( data-anonymous="1")?>', html)
    assert len(rows) == 3
    assert ("assessment", " ministry militia senior-official jane-roe beta-blog ", "") in rows
    # the index lists the claims by status; each status's link leads to its first claim (the contested one first)
    assert re.search(r'<tr id="s-contested" data-type="assessment"[^>]*><td><a href="../claims/ministry-partners-'
                     r'militia/">', html)
    assert 'href="../claims/#s-contested" data-status="contested"' in html
    # the listing each status had sends the reader on to it (docs/design-decisions.md, item 89)
    moved = (mini_site / "claims/status/contested/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../../../claims/#s-contested">' in moved


def test_data_files_follow_the_documented_schema(real_site):
    claims = json.loads((real_site / "data/claims.json").read_text())
    for c in claims:
        assert {"id", "url", "statement", "type", "status", "independent_origins", "anonymous_only", "subjects",
                "evidence"} <= c.keys()
        for e in c["evidence"]:
            assert {"article", "quote", "speaker", "origin", "stance"} <= e.keys()
    for a in json.loads((real_site / "data/actors.json").read_text()):
        assert {"id", "name", "kind", "aliases", "url"} <= a.keys()
    for a in json.loads((real_site / "data/articles.json").read_text()):
        assert {"id", "title", "seed", "url", "outlet", "author", "published", "kind"} <= a.keys()


def test_sitemap_and_canonical_use_the_base_url(tmp_path):
    from evidence_site import build
    out = tmp_path / "_site"
    build.build(PROJECT / "tests/fixtures/mini", out, "https://example.org/evidence", search=False)
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://example.org/evidence/claims/anonymous-partnering/</loc>" in sitemap
    assert "404.html" not in sitemap
    claim = (out / "claims/anonymous-partnering/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/evidence/claims/anonymous-partnering/">' in claim
    assert '<meta property="og:url" content="https://example.org/evidence/claims/anonymous-partnering/">' in claim
    not_found = (out / "404.html").read_text()
    assert 'href="/evidence/assets/style.css"' in not_found and 'href="/evidence/claims/"' in not_found
    assert "Sitemap: https://example.org/evidence/sitemap.xml" in (out / "robots.txt").read_text()


def test_a_sitemap_past_the_protocol_limit_becomes_an_index_of_sitemaps():
    """The sitemap protocol allows 50,000 URLs a file; past that, sitemap.xml lists sitemap-N.xml files."""
    import xml.etree.ElementTree as ET

    from evidence_site import build, render
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    plan = build.gather(PROJECT / "tests/fixtures/mini", "https://example.org/evidence")[1]
    single = render.sitemaps(plan)
    assert list(single) == ["sitemap.xml"]
    every = [el.text for el in ET.fromstring(single["sitemap.xml"]).iter(f"{ns}loc")]
    split = render.sitemaps(plan, limit=3)
    index = ET.fromstring(split["sitemap.xml"])
    assert index.tag == f"{ns}sitemapindex"
    parts = [loc.text.removeprefix("https://example.org/evidence/") for loc in index.iter(f"{ns}loc")]
    assert parts == [f"sitemap-{n}.xml" for n in range(1, len(split))] and len(parts) == -(-len(every) // 3)
    urls = [el.text for name in parts for el in ET.fromstring(split[name]).iter(f"{ns}loc")]
    assert urls == every and all(len(list(ET.fromstring(split[name]))) <= 3 for name in parts)


def test_404_links_are_rooted_without_a_base_url(mini_site):
    html = (mini_site / "404.html").read_text()
    assert 'href="/assets/style.css"' in html and 'href="/claims/"' in html


def test_a_claim_page_draws_its_relay_diagram_when_words_came_through_a_relay(real_site):
    claims = json.loads((real_site / "data/claims.json").read_text())
    drawn = 0
    for claim in claims:
        html = (real_site / claim["url"] / "index.html").read_text()
        relayed = any(len(e["chain"]) > 1 for e in claim["evidence"])
        restated = {r for g in claim["supporting_groups"] + claim["disputing_groups"] for r in g["restatements"]}
        counted_origins = {e["origin"] for e in claim["evidence"] if e["stance"] != "context" and e["extent"] == "full"}
        if not relayed and not restated & counted_origins:
            # each item counts under its own article: a table would repeat the cards, which say where each group of
            # items was first published (docs/design-decisions.md, item 86)
            assert 'id="provenance-h"' not in html and "relay-table" not in html, claim["id"]
            assert "First published in" in html or not claim["evidence"], claim["id"]
            continue
        # otherwise the table: every item whose words came through a relay, or that counts under another origin,
        # once; items of one chain and origin share a row (docs/design-decisions.md, item 92)
        table = html.split('<table class="provenance-table relay-table">')[1].split("</table>")[0]
        groups = {o: g["origin"] for g in claim["supporting_groups"] + claim["disputing_groups"]
                  for o in (g["origin"], *g["restatements"])}
        def counts_under(e: dict, groups: dict = groups) -> str | None:
            """The origin an item counts under (None: a partial item, not counted)."""
            return groups.get(e["origin"]) if e["extent"] == "full" else None

        listed = [e for e in claim["evidence"] if e["stance"] != "context"
                  and (len(e["chain"]) > 1 or counts_under(e) not in (None, e["origin"]))]
        rows = table.split("<tbody>")[1].split("</tr>")[:-1]
        assert sorted(re.findall(r'href="#(e\d+)"', table)) == sorted(e["anchor"] for e in listed), claim["id"]
        assert len(rows) == len({(tuple(e["chain"]), counts_under(e)) for e in listed}), claim["id"]
        assert ("Items not listed count under" in html) == (len(listed) < len(
            [e for e in claim["evidence"] if e["stance"] != "context"])), claim["id"]
        assert ('<div class="diagram-wrap">' in html) == relayed, claim["id"]  # without a relay it would repeat
        if not relayed:
            continue
        drawn += 1
        svg = html.split('<div class="diagram-wrap">')[1].split("</svg>")[0]
        assert '<svg class="diagram" role="group"' in svg and "<title id=" in svg and "<desc id=" in svg
        for ev in claim["evidence"]:
            assert f'href="#{ev["anchor"]}"' in svg, (claim["id"], ev["anchor"])  # every item is a node
            assert f'href="../../articles/{ev["article"]}/"' in svg  # its article links to its page
    assert drawn


def provenance_corpus(mini: Path) -> Path:
    """The mini corpus with a report chain, an inferred article relay, a paraphrase, a headline and a partial item."""
    edit(mini, "site_src/reports.yaml", "  description: Daily Ledger report on ministry spending.\n",
         "  description: Daily Ledger report on ministry spending.\n  relays: [wl-partnering]\n")
    edit(mini, "site_src/articles/beta.md", "relays: [ledger-spending]",
         "relays:\n  - id: ledger-spending\n    basis: {kind: inferred, reason: \"the wording matches\"}")
    edit(mini, "site_src/claims/main.yaml", "      origin: beta\n      stance: supports\n",
         "      origin: wl-partnering\n      stance: supports\n      form: paraphrase\n      extent: partial\n")
    return mini


def test_claim_page_shows_chain_form_and_extent(mini, tmp_path):
    out = tmp_path / "_site"
    build.build(provenance_corpus(mini), out, None, search=False)
    html = (out / "claims/ministry-partners-militia/index.html").read_text()
    assert "Partly supports" in html and "only part of the statement; not counted" in html
    assert '<span class="form form-paraphrase"' in html and "the reporter’s words, not theirs" in html
    # the partial item's chain runs through the report the inferred relay names
    assert "(inferred: the wording matches)" in html
    assert ("1 item bears on only part of the statement and is not counted.") in html
    data = {c["id"]: c for c in json.loads((out / "data/claims.json").read_text())}
    item = data["ministry-partners-militia"]["evidence"][2]
    assert (item["form"], item["extent"]) == ("paraphrase", "partial")
    assert item["chain"] == ["wl-partnering", "ledger-spending", "beta"]
    assert data["ministry-partners-militia"]["partial_items"] == 1
    reports = {r["id"]: r for r in json.loads((out / "data/reports.json").read_text())}
    assert reports["ledger-spending"]["relays"] == [{"id": "wl-partnering", "basis": None}]
    assert reports["wl-partnering"]["relayed_by"] == ["alpha", "ledger-spending"]
    articles = {a["id"]: a for a in json.loads((out / "data/articles.json").read_text())}
    assert articles["beta"]["relays"] == [{"id": "ledger-spending",
                                           "basis": {"kind": "inferred", "reason": "the wording matches"}}]
    beta = (out / "articles/beta/index.html").read_text()
    assert "(inferred: the wording matches)" in beta


def test_reports_page_orders_by_date_and_marks_roots(mini, tmp_path):
    out = tmp_path / "_site"
    build.build(provenance_corpus(mini), out, None, search=False)
    html = (out / "reports/index.html").read_text()
    rows = html.split('<table class="reports-table">')[1].split("</table>")[0].split("<tr>")[2:]
    assert "Daily Ledger" in rows[0] and "Washington Ledger" in rows[1]  # dated first, undated last
    assert "root" not in rows[0] and '<span class="root-mark">root</span>' in rows[1]
    assert '<a href="../reports/ledger-spending/">' in rows[0]  # each report has a page of its own
    page = (out / "reports/ledger-spending/index.html").read_text()
    assert 'id="rel-ledger-spending-t"' in page  # with its diagram
    assert '<a href="../../reports/wl-partnering/">Washington Ledger, date unknown</a>' in page  # what it relays
