"""Features a new corpus needs: capture metadata, the evidence shorthand, the cut-off at its own precision,
mismatch messages that point at the difference, and pages free of any sample-corpus words."""
from __future__ import annotations

import json

from evidence_site import build
from evidence_site.dates import period_end, split_by, wholly_before
from evidence_site.text import closest_passage, first_difference, render_document

from helpers import PROJECT, check_messages, edit

SHORTHAND = '''    - article: alpha
      quote: "the ministry spent $1 billion on the militia last year"
      speaker: daily-ledger
      origin: ledger-spending
      stance: supports
    - article: beta
      quote: "the ministry spent $1 billion on the militia last year"
      speaker: daily-ledger
      origin: ledger-spending
      stance: supports
'''


def test_partial_dates_are_periods():
    assert period_end("2012-02") == "2012-02-29" and period_end("2010") == "2010-12-31"
    assert not wholly_before("2010-07", "2010-07-01")  # the old string comparison filed this as background
    assert wholly_before("2010-06", "2010-07-01") and wholly_before("2009", "2010")
    assert not wholly_before("2010", "2010-07")
    assert split_by("2010", "2010-07-01") and split_by("2010-07", "2010-07-15")
    assert not split_by("2010-07", "2010-07-01") and not split_by("2010-07-03", "2010-07-01")


def test_cutoff_inside_a_claims_month_warns_and_keeps_it_with_the_events(mini, tmp_path):
    edit(mini, "site_src/site.yaml", "timeline_cutoff: 2014-01-01", "timeline_cutoff: 2013-07-01")
    problems = build.build(mini, tmp_path / "_site", None, search=False)
    [warning] = [w for w in problems.warnings if "cut-off" in w.message]
    assert str(warning.loc) == "site_src/claims/main.yaml:5"
    assert "falls inside '2013'" in warning.message
    timeline = (tmp_path / "_site/timeline/index.html").read_text()
    events, background = timeline.split('id="events-h"')[1].split('id="background-h"')
    assert 'datetime="2013"' in events and 'datetime="2013"' not in background


def test_evidence_shorthand_lists_several_articles(mini, tmp_path):
    edit(mini, "site_src/claims/main.yaml", SHORTHAND, SHORTHAND.split("    - article: beta")[0].replace(
        "article: alpha", "article: [alpha, beta]"))
    build.build(mini, tmp_path / "_site", None, search=False)
    claim = next(c for c in json.loads((tmp_path / "_site/data/claims.json").read_text())
                 if c["id"] == "ministry-funded-militia")
    assert [(e["anchor"], e["article"]) for e in claim["evidence"]] == [("e1", "alpha"), ("e2", "beta")]
    assert claim["status_reason"].startswith("2 articles. 1 independent origin")


def test_each_article_of_the_shorthand_is_checked(mini):
    edit(mini, "site_src/claims/main.yaml", SHORTHAND, SHORTHAND.split("    - article: beta")[0].replace(
        "article: alpha", "article: [alpha, beta, gamma]"))
    assert check_messages(mini) == ["site_src/claims/main.yaml:8: unknown article id 'gamma'; "
                                    "use the id of an existing article"]
    edit(mini, "site_src/claims/main.yaml", "[alpha, beta, gamma]", "[alpha, alpha]")
    assert check_messages(mini) == ["site_src/claims/main.yaml:8: field 'article' 'alpha' is listed twice; "
                                    "remove the duplicate"]


def test_closest_passage_is_whole_words_around_the_difference():
    blocks = render_document("Intro.\n\nIt is said that the Quds Forces have been operating in Iraq since June.").blocks
    block, passage, _ = closest_passage("XThe Quds Forces have been in Iraq since June", blocks)
    assert block.anchor == "p2"
    assert passage == "the Quds Forces have been operating in Iraq since June."  # no clipped first letter
    assert first_difference("XThe Quds Forces have been in Iraq since June", passage) == (
        "first difference at word 1: the quote has “XThe Quds”, the text has “the Quds”")
    assert first_difference("the Quds Forces have been in Iraq", passage) == (
        "first difference at word 6: the quote has “been in”, the text has “been operating in”")


def test_quote_mismatch_message_shows_passage_and_first_differing_word(mini):
    edit(mini, "site_src/claims/main.yaml", "quote: has been partnering with the militia for a year",
         "quote: has been partnering with the militias for a year")
    [msg] = check_messages(mini)
    assert ('closest passage, in p4: “"has been partnering with the militia for a year."”; '
            "first difference at word 6: the quote has “the militias for”, the text has “the militia for”") in msg


def test_body_mismatch_message_is_not_truncated(mini):
    long_tail = " and the ministry denies it" * 8
    edit(mini, "seeds/beta.txt", "are allies.", "are allies" + long_tail + ".")
    edit(mini, "site_src/articles/beta.md", "are allies.", "are close allies" + long_tail + ".")
    msgs = check_messages(mini)
    para = next(m for m in msgs if "paragraph p2" in m)
    assert "the seed has: “In our view, the ministry and the militia are allies" + long_tail + ".”" in para
    assert "first difference at word 10: the body has “are close allies”, the seed has “are allies”" in para


def test_capture_metadata_shown_and_exported(mini, tmp_path):
    edit(mini, "site_src/articles/beta.md", "kind: opinion\n", "kind: opinion\nsource_url: https://example.org/b\n"
         "captured: 2015-01-03\nrights: Quoted for research\n")
    edit(mini, "site_src/site.yaml", "timeline_cutoff", "license: CC BY 4.0\ntimeline_cutoff")
    build.build(mini, tmp_path / "_site", None, search=False)
    site = tmp_path / "_site"
    beta = next(a for a in json.loads((site / "data/articles.json").read_text()) if a["id"] == "beta")
    assert (beta["source_url"], beta["captured"], beta["rights"]) == ("https://example.org/b", "2015-01-03",
                                                                     "Quoted for research")
    page = (site / "articles/beta/index.html").read_text()
    assert '<span class="url">https://example.org/b</span>' in page
    assert '<dt>Captured</dt> <dd><time datetime="2015-01-03">3 Jan 2015</time></dd>' in page
    assert "<dt>Rights</dt> <dd>Quoted for research</dd>" in page
    assert "Licence of the data: CC BY 4.0" in page
    alpha = (site / "articles/alpha/index.html").read_text()
    assert "<dt>Captured</dt>" not in alpha and "<dt>Rights</dt>" not in alpha
    assert "Licence of the data: CC BY 4.0" in alpha  # the data licence is site-wide


def test_old_url_field_still_reads_with_a_warning(mini, tmp_path):
    edit(mini, "site_src/articles/beta.md", "kind: opinion\n", "kind: opinion\nurl: https://example.org/b\n")
    problems = build.build(mini, tmp_path / "_site", None, search=False)
    assert [str(w.loc) + " " + w.message for w in problems.warnings if "deprecated" in w.message] == [
        "site_src/articles/beta.md:9 field 'url' is deprecated"]
    beta = next(a for a in json.loads((tmp_path / "_site/data/articles.json").read_text()) if a["id"] == "beta")
    assert beta["source_url"] == "https://example.org/b"


SAMPLE_WORDS = ("Washington Post", "Washington Times", "Iran", "cleric", "five", "BBC", "Soleimani", "Iraq",
                "Islamic State")


def test_templates_and_code_carry_no_sample_corpus_words():
    files = [*sorted((PROJECT / "templates").rglob("*")), *sorted((PROJECT / "evidence_site").rglob("*.py"))]
    for path in files:
        if path.is_file() and path.suffix in (".html", ".js", ".css", ".py", ".svg"):
            text = path.read_text(encoding="utf-8")
            for word in SAMPLE_WORDS:
                assert word not in text, f"{path.relative_to(PROJECT)} says '{word}'"


def test_no_licence_line_when_the_site_gives_none(mini_site):
    assert "Licence of the data" not in (mini_site / "index.html").read_text()


def test_mini_site_pages_speak_only_of_the_mini_corpus(mini_site):
    for path in sorted(mini_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for word in SAMPLE_WORDS:
            assert word not in text, f"{path.relative_to(mini_site)} says '{word}'"
