"""Valid HTML (Nu HTML Checker), page weight budgets, and share metadata of claim pages."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from helpers import PROJECT

VNU = PROJECT / "tests" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.slow  # a Java program over every page: ~10 s of CPU
def test_every_page_passes_the_nu_html_checker(real_site):
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail("the Nu HTML Checker needs tests/node_modules (npm ci --prefix tests) and java: run `bash .ci/run`")
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(real_site)],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m['url'].split('_site/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m["type"] == "error" or m.get("subType") == "fatal"]
    assert errors == []


def test_page_weight_budgets(real_site):
    claim_pages = list((real_site / "claims").glob("*/index.html"))
    heaviest = max(claim_pages, key=lambda p: p.stat().st_size)
    assert heaviest.stat().st_size < 60_000, f"{heaviest} is {heaviest.stat().st_size} bytes"
    # 20 KB before issue 12 added the pictures, the header, search, article and phone fixes: 26.4 KB, 6.6 KB gzipped
    assert (real_site / "assets/style.css").stat().st_size < 28_000
    for path in real_site.rglob("*.html"):
        if "pagefind" not in path.parts:
            scripts = re.findall(r'<script[^>]*src="([^"]+)"', path.read_text())
            allowed = ("search.js", "filter.js", "copy.js", "article.js", "previews.js")
            assert all(s.endswith(allowed) for s in scripts), (path, scripts)


class Meta(HTMLParser):
    """The <head> metadata of a page."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a["name"], a.get("content", ""))
        if tag == "link":
            self.links[a.get("rel", "")] = a.get("href", "")
        self._in_jsonld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)
            self._in_jsonld = False


def test_claim_page_share_metadata_and_json_ld(tmp_path):
    from evidence_site import build
    out = tmp_path / "_site"
    build.build(PROJECT, out, "https://example.github.io/evidence-site/", search=False)
    claims = json.loads((out / "data/claims.json").read_text())
    claim = next((c for c in claims if c["status"] == "contested"), claims[0])
    parser = Meta()
    parser.feed((out / claim["url"] / "index.html").read_text())
    url = "https://example.github.io/evidence-site/" + claim["url"]
    assert parser.links["canonical"] == url
    assert parser.meta["og:url"] == url
    # previews show about 70 characters of a title: a longer statement is cut on a word, with …
    title = parser.meta["og:title"]
    assert title == claim["statement"] or (title.endswith("…") and claim["statement"].startswith(title[:-1])
                                            and len(title) <= 70)
    assert parser.meta["og:description"].startswith(claim["status_label"] + ". ")
    assert parser.meta["twitter:card"] == "summary_large_image"
    view = "view-" if claim["type"] == "assessment" else ""
    assert parser.meta["og:image"] == f"https://example.github.io/evidence-site/cards/{view}{claim['status']}.png"
    ld = json.loads(parser.jsonld[0])
    assert ld["@type"] == "Claim" and ld["text"] == claim["statement"] and ld["url"] == url
    articles = {a["id"]: a for a in json.loads((out / "data/articles.json").read_text())}
    appearing = {e["article"] for e in claim["evidence"]}
    assert sorted(a["name"] for a in ld["appearance"]) == sorted(articles[i]["title"] for i in appearing)
    actors = {a["id"]: a for a in json.loads((out / "data/actors.json").read_text())}
    # authors are the supporting speakers only: who denies a claim is not its author
    supporting = {actors[e["speaker"]]["name"] for e in claim["evidence"] if e["stance"] == "supports"}
    disputing = {actors[e["speaker"]]["name"] for e in claim["evidence"] if e["stance"] == "disputes"}
    assert {a["name"] for a in ld["author"]} == supporting and disputing - supporting
    assert not {a["name"] for a in ld["author"]} & (disputing - supporting)
    # firstAppearance names the independent supporting origins
    first = ld["firstAppearance"] if isinstance(ld["firstAppearance"], list) else [ld["firstAppearance"]]
    assert len(first) == claim["independent_origins"] >= 1
