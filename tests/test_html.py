"""Valid HTML (Nu HTML Checker), page weight budgets, and share metadata of claim pages."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from evidence_site import vocab

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
    # 28 KB until issue 10's lean pages moved what every page repeated (the status shapes…) into it, loaded once
    assert (real_site / "assets/style.css").stat().st_size < 30_000
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
        self.descriptions = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            for key in ("property", "name"):
                if key in a:
                    self.meta.setdefault(a[key], a.get("content", ""))
            self.descriptions += a.get("name") == "description" or a.get("property") == "og:description"
        if tag == "link":
            self.links[a.get("rel", "")] = a.get("href", "")


def test_claim_page_share_metadata(tmp_path):
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
    # one element serves search engines and link previews alike (docs/design-decisions.md, item 84)
    assert parser.meta["description"] == parser.meta["og:description"] and parser.descriptions == 1
    assert parser.meta["twitter:card"] == "summary_large_image"
    view = "view-" if claim["type"] == "assessment" else ""
    assert parser.meta["og:image"] == f"https://example.github.io/evidence-site/cards/{view}{claim['status']}.png"
    # no JSON-LD: schema.org's Claim has no consumer; data/claims.json holds the same and more (item 84)
    assert "application/ld+json" not in (out / claim["url"] / "index.html").read_text()


def test_the_stylesheet_draws_each_status_badge_with_its_vocabulary_shape():
    """Badges carry their words and a class; the shape (vocab.STATUSES icon) is the stylesheet's, not read out."""
    css = (PROJECT / "templates/assets/style.css").read_text()
    shapes = {}
    for selectors, shape in re.findall(r'^([^{\n]+)\{ content: "[^"]+"; content: "([^"]+)" / ""; \}', css, re.M):
        for selector in selectors.split(","):
            shapes[selector.strip()] = shape
    for term in vocab.STATUSES:
        assert shapes[f".status-{term.value}::before"] == term.icon, term.value
        assert shapes[f".view-{term.value}::before"] == term.view_icon, term.value
