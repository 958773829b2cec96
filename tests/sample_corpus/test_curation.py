"""Curation checks on the real corpus that catch regressions (they do not restate the data)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import yaml

from evidence_site import build
from evidence_site.dates import wholly_before
from evidence_site.load import load_corpus
from evidence_site.problems import Problems
from evidence_site.text import normal, render_document

from helpers import PROJECT


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
    # each body and each removed stretch rendered once (not once per quote: that took seconds)
    bodies = {aid: normal(render_document(a.body).text) for aid, a in c.articles.items()}
    comments = {aid: [normal(render_document("\n".join(c.seeds[a.seed].split("\n")[r.first - 1:r.last])).text)
                      for r in a.removed if r.reason == "reader-comments"] for aid, a in c.articles.items()}
    assert any(comments.values())  # the sample has reader comments, so the check below is not vacuous
    for claim in c.claims.values():
        for ev in claim.evidence:
            pin = normal(ev.quote)
            # a quote may repeat words that also stand in a removed headline, but never words found only there
            assert pin in bodies[ev.article], (claim.id, ev.quote)
            assert not any(pin in removed for removed in comments[ev.article]), (claim.id, ev.quote)


def test_each_name_form_links_to_one_actor(real_site):
    """Every mention link's text is a name or alias of the actor it points to, and no form points two ways."""
    actors = {a["id"]: a for a in json.loads((real_site / "data/actors.json").read_text())}
    targets: dict[str, set[str]] = {}
    for page in (real_site / "articles").glob("*/index.html"):
        body = page.read_text().split('<div class="article-body">')[1].split("\n</div>")[0]
        links = re.findall(r'<a href="\.\./\.\./actors/([^/]+)/">([^<]+)</a>', body)
        for href, text in links:
            text = unescape(text)
            forms = {normal(f) for f in [actors[href]["name"], *actors[href]["aliases"]]}
            assert normal(text) in forms, (page, href, text)
            targets.setdefault(normal(text), set()).add(href)
    assert {t: ids for t, ids in targets.items() if len(ids) > 1} == {}
    # the commander's three spellings and the group's many names each reach one page
    assert len(targets["Qassim Soleimani"] | targets["Qassem Suleimani"] | targets["Qasem Soleimani"]) == 1
    assert len(set().union(*(targets[f] for f in ("ISIS", "ISIL", "IS", "Islamic State", "Daesh", "DAESH")))) == 1


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
            note = r'<div class="note" role="note"><strong>Editorial note:</strong>.*apostrophes'
            assert re.search(note, html, re.I), page


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


# --- An independent recount, read straight from the YAML (no evidence_site code) -------------------

SRC = PROJECT / "site_src"


@dataclass(frozen=True)
class Content:
    """The corpus as plain data: claims, relay edges, articles' front matter, anonymous actors."""

    claims: dict[str, dict]
    relays: dict[str, list[dict]]  # report or article id -> its relays as {id, basis}
    articles: dict[str, dict]
    anonymous: frozenset[str]


def front_matter(path: Path) -> dict:
    """The YAML between an article's two '---' lines."""
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n")[0].removeprefix("---\n"))


def relay_items(entries: list | None) -> list[dict]:
    """Relays as mappings: a plain id means the relaying text names its source (stated)."""
    return [e if isinstance(e, dict) else {"id": e, "basis": {"kind": "stated"}} for e in entries or []]


def read_content() -> Content:
    """Load claims, reports, articles and actors from site_src/ with plain YAML."""
    claims = {c["id"]: c for f in sorted((SRC / "claims").glob("*.yaml")) for c in yaml.safe_load(f.read_text())}
    reports = yaml.safe_load((SRC / "reports.yaml").read_text())
    articles = {p.stem: front_matter(p) for p in sorted((SRC / "articles").glob("*.md"))}
    relays = {r["id"]: relay_items(r.get("relays")) for r in reports}
    relays |= {aid: relay_items(a.get("relays")) for aid, a in articles.items()}
    actors = yaml.safe_load((SRC / "actors.yaml").read_text())
    return Content(claims, relays, articles, frozenset(a["id"] for a in actors if a["kind"] == "anonymous-source"))


def carried(content: Content, node: str) -> set[str]:
    """Every report or article whose words `node` carries, directly or through a chain of relays."""
    seen: set[str] = set()
    todo = [r["id"] for r in content.relays.get(node, [])]
    while todo:
        nxt = todo.pop()
        if nxt not in seen:
            seen.add(nxt)
            todo += [r["id"] for r in content.relays.get(nxt, [])]
    return seen


def independent(content: Content, origins: list[str]) -> set[str]:
    """Origins that carry no other origin of the same list: restatements fold into what they relay."""
    return {o for o in origins if not any(p != o and p in carried(content, o) for p in origins)}


def full_items(claim: dict, stance: str, skip_form: str | None = None) -> list[dict]:
    """The claim's full (not partial) items with this stance, optionally leaving one form out."""
    return [e for e in claim["evidence"] if e["stance"] == stance and e.get("extent", "full") == "full"
            and e.get("form", "quote") != skip_form]


def recount(content: Content, claim: dict, skip_form: str | None = None) -> tuple[str, int, bool]:
    """The published rule: (status, independent supporting origins, anonymous only)."""
    supporting = full_items(claim, "supports", skip_form)
    origins = independent(content, [e["origin"] for e in supporting])
    disputed = bool(full_items(claim, "disputes", skip_form))
    partly = any(e["stance"] == "supports" and e.get("extent") == "partial" for e in claim["evidence"])
    status = ("contested" if origins and disputed else "corroborated" if len(origins) >= 2
              else "single-source" if origins else "partly-supported" if partly else "unsupported")
    anonymous = bool(supporting) and all(e["speaker"] in content.anonymous for e in supporting)
    return status, len(origins), anonymous


CONTENT = read_content()


def test_each_status_shown_matches_the_published_rule(real_site):
    """Recount every claim from the YAML, independently of the build's code, and compare with the site."""
    shown = {c["id"]: c for c in json.loads((real_site / "data/claims.json").read_text())}
    assert sorted(shown) == sorted(CONTENT.claims)
    for cid, claim in sorted(CONTENT.claims.items()):
        status, origins, anonymous = recount(CONTENT, claim)
        got = shown[cid]
        assert (got["status"], got["independent_origins"], got["anonymous_only"]) == (status, origins, anonymous), cid
        html = (real_site / got["url"] / "index.html").read_text()
        assert f'<section class="status-panel status-panel-{status}"' in html, cid


def test_every_origin_is_reachable_from_its_article_through_relays():
    """An item's words come from its article, or from a report or article that article relays, at any depth."""
    for cid, claim in sorted(CONTENT.claims.items()):
        for ev in claim["evidence"]:
            assert ev["origin"] == ev["article"] or ev["origin"] in carried(CONTENT, ev["article"]), (cid, ev["quote"])


def test_every_headline_has_an_origin_reachable_from_its_article():
    headlines = [(cid, ev) for cid, c in CONTENT.claims.items() for ev in c["evidence"] if ev.get("form") == "headline"]
    assert len(headlines) >= 2  # Jerusalem Online's headline, used on two claims
    for cid, ev in headlines:
        assert ev["origin"] in {ev["article"], *carried(CONTENT, ev["article"])}, cid


def test_no_claim_counts_a_headline_over_its_own_report_as_a_second_origin():
    """Leaving every headline out never lowers a claim's count of independent origins."""
    for cid, claim in sorted(CONTENT.claims.items()):
        assert recount(CONTENT, claim)[1] == recount(CONTENT, claim, skip_form="headline")[1], cid


def test_relays_form_no_cycle_and_every_inferred_relay_says_why():
    for node, relays in sorted(CONTENT.relays.items()):
        assert node not in carried(CONTENT, node), node
        for relay in relays:
            assert relay["id"] in CONTENT.relays, (node, relay["id"])
            if relay["basis"]["kind"] == "inferred":
                assert len(relay["basis"]["reason"]) > 40, (node, relay["id"])


def test_the_aggregator_relays_the_december_post_by_inference_only():
    """G1: seed 001 never names the Washington Post, so its one relay is marked inferred, with a reason."""
    seed = (PROJECT / CONTENT.articles["us-iran-aligned-in-iraq"]["seed"]).read_text()
    assert "Post" not in seed
    (relay,) = CONTENT.relays["us-iran-aligned-in-iraq"]
    assert relay["id"] == "wapo-iran-military-involvement" and relay["basis"]["kind"] == "inferred"


def test_relaying_the_same_report_counts_once():
    """Somewhere two articles relay one report for the same claim, and the claim counts that report once."""
    shared = [cid for cid, c in CONTENT.claims.items()
              if len({e["article"] for e in full_items(c, "supports")}) > 1
              and len({e["origin"] for e in full_items(c, "supports")}) == 1]
    assert "iran-credited-with-liberated-areas" in shared
    for cid in shared:
        assert recount(CONTENT, CONTENT.claims[cid])[1] == 1, cid


def test_a_restatement_folds_into_the_report_it_relays():
    """The New American's paraphrase of the cleric (origin: its own article) folds into the December Post."""
    claim = CONTENT.claims["iran-sent-advisers-and-elite-units"]
    assert {e["origin"] for e in full_items(claim, "supports")} == {"us-iran-now-allied-in-iraq",
                                                                   "wapo-iran-military-involvement"}
    assert recount(CONTENT, claim)[:2] == ("single-source", 1)


# --- Findings of the editorial audit (shared/reviews/curation-audit.md) that were fixed ------------

def stance_of(cid: str, fragment: str) -> dict:
    """The one evidence item of a claim whose quote contains this fragment."""
    (item,) = [e for e in CONTENT.claims[cid]["evidence"] if fragment in e["quote"]]
    return item


def test_f1_harf_denial_is_single_source_and_the_headline_only_partial():
    assert recount(CONTENT, CONTENT.claims["harf-denies-military-cooperation"])[:2] == ("single-source", 1)
    headline = stance_of("harf-denies-military-cooperation", "won’t share intel")
    assert (headline["form"], headline["extent"]) == ("headline", "partial")


def test_f2_mosul_dam_is_not_contested_and_rests_on_anonymous_sources_only():
    claim = CONTENT.claims["quds-force-at-mosul-dam"]
    assert recount(CONTENT, claim) == ("single-source", 1, True)
    assert stance_of("quds-force-at-mosul-dam", "does not know the affiliations")["stance"] == "context"


def test_a_refusal_to_confirm_is_never_a_dispute():
    """F2, F14: 'does not know' and 'not decisive' do not speak against the claim they sit on."""
    for cid, fragment in [("quds-force-at-mosul-dam", "does not know"),
                          ("us-airstrikes-helped-at-amerli", "figment of the American imagination"),
                          ("us-airstrikes-helped-at-amerli", "media hype")]:
        assert stance_of(cid, fragment)["stance"] == "context", (cid, fragment)
    # the militiamen's "inconsequential" does dispute it, so the claim stays contested
    assert recount(CONTENT, CONTENT.claims["us-airstrikes-helped-at-amerli"])[0] == "contested"


def test_f3_f4_earnest_paraphrase_is_the_magazines_words_and_disputes_no_bombing():
    for cid in ("administration-denies-direct-coordination", "us-iran-military-coordination",
                "iran-joined-coalition-bombing"):
        item = stance_of(cid, "not actively cooperating")
        assert (item["form"], item["speaker"], item["origin"]) == ("paraphrase", "josh-earnest",
                                                                  "us-iran-now-allied-in-iraq"), cid
    assert stance_of("iran-joined-coalition-bombing", "not actively cooperating")["stance"] == "context"
    assert recount(CONTENT, CONTENT.claims["iran-joined-coalition-bombing"])[0] == "single-source"
    assert recount(CONTENT, CONTENT.claims["administration-denies-direct-coordination"])[:2] == ("single-source", 1)


def test_half_supports_are_partial_and_do_not_corroborate():
    """F5, F6, F7, F23: where the second origin supports only part of the statement, it does not count."""
    for cid in ("daesh-acronym", "iran-traditionally-opposed-us-in-iraq", "situation-uncomfortable",
                "obama-aided-syrian-rebels"):
        claim = CONTENT.claims[cid]
        assert any(e.get("extent") == "partial" and e["stance"] == "supports" for e in claim["evidence"]), cid
        assert recount(CONTENT, claim)[:2] == ("single-source", 1), cid


def test_f8_ron_paul_is_context_on_the_counterfactual():
    assert stance_of("saddam-would-have-kept-isis-out", "get rid of all the radicals")["stance"] == "context"
    assert recount(CONTENT, CONTENT.claims["saddam-would-have-kept-isis-out"])[0] == "single-source"


def test_f9_the_blogs_retort_and_ricochets_own_line_fold_into_the_bbc():
    claim = CONTENT.claims["khamenei-approved-cooperation"]
    roots = independent(CONTENT, [e["origin"] for e in full_items(claim, "supports")])
    assert roots == {"bbc-khamenei-cooperation", "jerusalem-online-harf"}
    assert stance_of("khamenei-approved-cooperation", "reportedly approved")["speaker"] == "ricochet-news"


def test_f15_f16_anonymous_flags():
    """The BBC's named account stands beside 'Sources say'; the letter's conditions come from the same unnamed
    people."""
    assert recount(CONTENT, CONTENT.claims["khamenei-sanctioned-soleimani"])[2] is False
    assert recount(CONTENT, CONTENT.claims["obama-letter-conditional-on-nuclear-deal"])[2] is True
    assert recount(CONTENT, CONTENT.claims["obama-letter-to-khamenei"])[2] is True


def test_statements_no_longer_say_more_than_their_quotes():
    """F10-F13, F18: the blog's Quds Force, the paper's 'would be', the magazine's object, 'eased', a gender."""
    text = {cid: c["statement"] for cid, c in CONTENT.claims.items()}
    assert "Quds" not in text["administration-welcomes-iran"]
    assert "would be the first known clash" in text["mosul-dam-first-same-side"]
    assert "The New American describes" in text["obama-mobilize-support-syria"]
    assert "eased" not in text["khedery-tensions-masked"]
    assert not re.search(r"\bhe\b", text["iran-has-role-on-the-ground"])
    assert "US defense official" not in text["iranian-bombing-no-us-response"]


def test_every_report_date_kind_is_honest_about_relative_dates():
    """F19: a date read off a report's own date is an upper bound for the event, so it is inferred."""
    basis = CONTENT.claims["iaea-technical-meeting"]["date_basis"]
    assert basis["kind"] == "inferred" and basis["reason"].startswith("By ")
    assert "date" not in CONTENT.claims["iranian-bombing-no-us-response"]  # F17: the day is not given
