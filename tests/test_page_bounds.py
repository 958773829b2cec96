"""Issue 10: no page grows with the corpus, and every claim stays reachable without script.

Two generated corpora (tests/bench/generate.py), one four times the other, are built with short pages (a few
items a listing page, a couple shown of each list on an actor's or report's page), so that at both sizes every
listing already runs over several pages: a page whose size follows the corpus shows up as a page type whose
largest page grows with it. Pictures and diagrams are left out of the comparison: each has bounds of its own,
tested in tests/test_pictures.py, which the small corpus does not reach.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from evidence_site import build, paging

from helpers import PROJECT

sys.path.insert(0, str(PROJECT / "tests"))
from bench import generate

SMALL, LARGE = 40, 160  # articles: 200 and 800 claims, 8 and 32 actors
PER_PAGE, PREVIEW = 6, 2
LIMIT = 500_000  # no page over 500 KB, at any corpus size

pytestmark = pytest.mark.slow  # two corpora generated and built: several seconds


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[int, Path]:
    """The two corpora built with short pages (the bounds are read when the pages are planned)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "PER_PAGE", PER_PAGE)
        patch.setattr(paging, "PREVIEW", PREVIEW)
        out = {}
        for n in (SMALL, LARGE):
            root = tmp_path_factory.mktemp(f"bounds-{n}")
            generate.write_corpus(generate.generate(n), root / "project")
            build.build(root / "project", root / "_site", None, search=False)
            out[n] = root / "_site"
        return out


def page_type(site: Path, path: Path) -> str:
    """What kind of page a file is, from its place: 'claims', 'claims/status', 'claims/*', 'actors/*/said' …"""
    if path.name != "index.html":
        return path.name
    parts = path.relative_to(site).parent.parts
    if "page" in parts:  # page 2 and after of a listing are the same type as its first page
        parts = parts[:parts.index("page")]
    if len(parts) < 2:
        return parts[0] if parts else "home"
    fixed = {("claims", "status"), ("timeline", "background"), ("actors", "network")}
    return f"{parts[0]}/{parts[1]}" if parts[:2] in fixed else "/".join([parts[0], "*", *parts[2:]])


def without_pictures(html: str) -> str:
    """A page without its pictures and diagrams (bounded on their own) and the select of a page's actors."""
    html = re.sub(r'<figure class="picture-figure">.*?</figure>', "", html, flags=re.S)
    return re.sub(r'<div class="diagram-wrap">.*?</div>', "", html, flags=re.S)


def largest_by_type(site: Path) -> dict[str, int]:
    """The largest page of each type, in bytes, pictures left out."""
    largest: dict[str, int] = defaultdict(int)
    for path in site.rglob("*.html"):
        kind = page_type(site, path)
        largest[kind] = max(largest[kind], len(without_pictures(path.read_text(encoding="utf-8")).encode()))
    return largest


def test_no_page_type_grows_with_the_corpus(sites):
    small, large = largest_by_type(sites[SMALL]), largest_by_type(sites[LARGE])
    assert {"claims", "claims/status", "claims/*", "actors", "actors/*", "actors/*/mentions", "articles",
            "articles/*", "reports", "reports/*", "timeline", "timeline/background", "home"} <= small.keys()
    # Four times the corpus: a listing or list that grew with it would be about four times larger. The
    # allowance covers longer names and statements and longer numbers (a bigger corpus has longer ids).
    grown = {kind: (small[kind], large[kind]) for kind in small if large.get(kind, 0) > 1.3 * small[kind] + 2000}
    assert grown == {}


def test_no_page_is_over_the_limit(sites):
    for site in sites.values():
        heavy = [(p.relative_to(site).as_posix(), p.stat().st_size) for p in site.rglob("*.html")
                 if p.stat().st_size > LIMIT]
        assert heavy == []


def test_listing_pages_hold_at_most_a_page_of_rows(sites):
    site = sites[LARGE]
    rows = re.compile(r'<tr(?: id="s-[a-z-]+")? data-type=')  # a status's first claim is its link's anchor
    for path in (site / "claims").glob("page/*/index.html"):  # claims/status/ holds only pages sending readers on
        assert 0 < len(rows.findall(path.read_text(encoding="utf-8"))) <= PER_PAGE, path
    for path in [site / "timeline/index.html", *(site / "timeline").glob("**/page/*/index.html")]:
        html = path.read_text(encoding="utf-8")
        events = html.split('class="timeline"')[1].split("</ol>")[0]
        first, last = map(int, re.search(r"claims (\d+)–(\d+) of \d+", html).groups())
        assert events.count('<li><a href="') == last - first + 1 <= PER_PAGE, path
    index = (site / "claims/index.html").read_text(encoding="utf-8")
    assert len(rows.findall(index)) == PER_PAGE
    assert 'rel="next"' in index and "rel=\"prev\"" not in index


class Links(HTMLParser):
    """The href of every <a> in a page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def reachable(site: Path) -> set[str]:
    """Every page reachable from the home page by following links, as site-relative URLs (no script runs)."""
    seen, todo = {""}, [""]
    while todo:
        url = todo.pop()
        parser = Links()
        parser.feed((site / url / "index.html").read_text(encoding="utf-8"))
        for href in parser.hrefs:
            target = urlparse(urljoin("http://site/" + url, href)).path.lstrip("/")
            if target.endswith("/") and target not in seen and (site / target / "index.html").is_file():
                seen.add(target)
                todo.append(target)
    return seen


def test_every_claim_and_report_is_reachable_without_script(sites):
    site = sites[LARGE]
    pages = reachable(site)
    claims = {p.parent.relative_to(site).as_posix() + "/" for p in (site / "claims").glob("*/index.html")
              if p.parent.name not in ("page", "status")}
    reports = {p.parent.relative_to(site).as_posix() + "/" for p in (site / "reports").glob("*/index.html")
               if p.parent.name != "page"}
    assert len(claims) == LARGE * generate.CLAIMS_PER_ARTICLE and claims <= pages
    assert reports and reports <= pages
