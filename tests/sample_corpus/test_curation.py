"""Curation checks on the real corpus that catch regressions (they do not restate the data)."""
from __future__ import annotations

import json
import re
from collections import Counter
from html import unescape
from pathlib import Path

from conftest import PROJECT
from evidence_site import build
from evidence_site.dates import wholly_before
from evidence_site.load import load_corpus
from evidence_site.problems import Problems
from evidence_site.text import normal, render_document


def corpus():
    problems = Problems()
    return load_corpus(PROJECT, problems), problems


def test_every_seed_has_exactly_one_article():
    c, _ = corpus()
    seeds = sorted(p.relative_to(PROJECT).as_posix() for p in (PROJECT / "seeds").iterdir() if p.is_file())
    assert sorted(a.seed for a in c.articles.values()) == seeds


def test_check_is_clean_with_no_warnings():
    """No errors, and nothing unused: every actor, report and article is referred to somewhere."""
    problems = build.check(PROJECT)
    assert [str(p) for p in problems.errors + problems.warnings] == []


def test_no_quote_comes_from_reader_comments_or_other_removed_text():
    c, _ = corpus()
    for claim in c.claims.values():
        for ev in claim.evidence:
            article = c.articles[ev.article]
            lines = c.seeds[article.seed].split("\n")
            for stretch in article.removed:
                removed = normal(render_document("\n".join(lines[stretch.first - 1:stretch.last])).text)
                body = normal(render_document(article.body).text)
                pin = normal(ev.quote)
                # a quote may repeat words that also stand in a removed headline, but never words found only there
                assert pin in body, (claim.id, ev.quote)
                if stretch.reason == "reader-comments":
                    assert pin not in removed, (claim.id, ev.quote)


def test_each_name_form_links_to_one_actor(real_site):
    """Every mention link's text is a name or alias of the actor it points to, and no form points two ways."""
    actors = {a["id"]: a for a in json.loads((real_site / "data/actors.json").read_text())}
    targets: dict[str, set[str]] = {}
    for page in (real_site / "articles").glob("*/index.html"):
        for href, text in re.findall(r'<a class="mention" href="\.\./\.\./actors/([^/]+)/">([^<]+)</a>', page.read_text()):
            text = unescape(text)
            forms = {normal(f) for f in [actors[href]["name"], *actors[href]["aliases"]]}
            assert normal(text) in forms, (page, href, text)
            targets.setdefault(normal(text), set()).add(href)
    assert {t: ids for t, ids in targets.items() if len(ids) > 1} == {}
    # the commander's three spellings and the group's many names each reach one page
    assert len(targets["Qassim Soleimani"] | targets["Qassem Suleimani"] | targets["Qasem Soleimani"]) == 1
    assert len(set().union(*(targets[f] for f in ("ISIS", "ISIL", "IS", "Islamic State", "Daesh", "DAESH")))) == 1


def shown_status(html: str) -> tuple[str, int]:
    label = re.search(r'<p class="status-line"><span class="status status-([a-z-]+)">', html).group(1)
    reason = unescape(re.search(r'<p class="status-reason">(.*?)</p>', html, re.S).group(1))
    origins = re.search(r"(\d+) independent origins?", reason)
    return label, int(origins.group(1)) if origins else 0


def test_each_status_shown_matches_the_published_rule(real_site):
    """Recount every claim page's status from its evidence, independently of the build's code."""
    claims = json.loads((real_site / "data/claims.json").read_text())
    anonymous = {a["id"] for a in json.loads((real_site / "data/actors.json").read_text())
                 if a["kind"] == "anonymous-source"}
    for claim in claims:
        supports = {e["origin"] for e in claim["evidence"] if e["stance"] == "supports"}
        disputes = {e["origin"] for e in claim["evidence"] if e["stance"] == "disputes"}
        expected = ("contested" if supports and disputes else "corroborated" if len(supports) >= 2
                    else "single-source" if supports else "unsupported")
        html = (real_site / claim["url"] / "index.html").read_text()
        assert shown_status(html) == (expected, len(supports)), claim["id"]
        speakers = [e["speaker"] for e in claim["evidence"] if e["stance"] == "supports"]
        flagged = "anonymous sources only" in html.split('<p class="status-line">')[1].split("</p>")[0]
        assert flagged == (bool(speakers) and all(s in anonymous for s in speakers)), claim["id"]


def test_relaying_the_same_report_counts_once(real_site):
    """Somewhere in the corpus two articles relay one report for the same claim: one origin, two articles."""
    claims = json.loads((real_site / "data/claims.json").read_text())
    shared = [c for c in claims
              if any(n > 1 for n in Counter(e["origin"] for e in c["evidence"] if e["stance"] == "supports").values())
              and len({e["article"] for e in c["evidence"]}) > 1]
    assert shared, "expected at least one claim relayed by two articles from one report"
    for c in shared:
        assert c["independent_origins"] == len({e["origin"] for e in c["evidence"] if e["stance"] == "supports"})


def test_timeline_is_in_date_order_and_split_at_the_cutoff(real_site):
    html = (real_site / "timeline/index.html").read_text()
    events, background = html.split('id="events-h"')[1].split('id="background-h"')
    event_dates = re.findall(r'<p class="when"><time datetime="([^"]+)"', events)
    background_dates = re.findall(r'<p class="when"><time datetime="([^"]+)"', background)
    assert event_dates and background_dates
    assert event_dates == sorted(event_dates) and background_dates == sorted(background_dates)
    cutoff = re.search(r"timeline_cutoff:\s*(\S+)", (PROJECT / "site_src/site.yaml").read_text()).group(1)
    # compared at each date's own precision: a year is background only if all of it is before the cut-off
    assert wholly_before(background_dates[-1], cutoff) and not wholly_before(event_dates[0], cutoff)


def test_the_capture_with_lost_apostrophes_says_so_on_its_page(real_site):
    """Articles whose body keeps capture damage (Tehrans, thats) carry a visible note saying so."""
    for page in (real_site / "articles").glob("*/index.html"):
        html = page.read_text()
        body = html.split('<div class="article-body">')[1].split("</div>")[0]
        if re.search(r"\bTehrans\b|\bthats\b", body):
            assert re.search(r'<div class="note" role="note"><strong>Editorial note:</strong>.*apostrophes', html, re.I), page


def test_article_bodies_are_faithful_to_their_seeds():
    """Independently of the build's checker: each body line is seed text, and the seed minus its
    removed lines is the body, word for word (Markdown block quote markers aside)."""
    c, _ = corpus()
    for article in c.articles.values():
        lines = c.seeds[article.seed].split("\n")
        removed = {n for r in article.removed for n in range(r.first, r.last + 1)}
        kept = " ".join(" ".join(line.split()) for n, line in enumerate(lines, 1) if n not in removed)
        kept_words = kept.split()
        body_words = []
        for line in article.body.split("\n"):
            text = re.sub(r"^(\s*>)+", "", line).strip()
            if text:
                assert " ".join(text.split()) in " ".join(kept_words), (article.id, text[:80])
                body_words += text.split()
        # the same words in the same order: nothing added, nothing silently dropped
        assert body_words == kept_words, article.id
