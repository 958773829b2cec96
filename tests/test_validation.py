"""Bad input: each problem is reported as `file:line: what; how to fix`, all in one run."""
from __future__ import annotations

import subprocess
import sys

from evidence_site import build
from evidence_site.pages import Page, Plan, check_collisions
from evidence_site.problems import Loc, Problems

from helpers import PROJECT, check_messages, edit


def test_mini_corpus_is_valid(mini):
    assert check_messages(mini) == []


def test_yaml_syntax_error_names_file_and_line(mini):
    edit(mini, "site_src/actors.yaml", "  aliases: [ministry]", "  aliases: [ministry")
    [msg] = check_messages(mini)  # one error: references to actors are not reported again
    assert msg.startswith("site_src/actors.yaml:4: YAML syntax error: ")  # the parser's own words follow
    assert "(while parsing a flow sequence on this line, noticed on line 5); check indentation" in msg


def test_duplicate_key_is_reported(mini):
    edit(mini, "site_src/actors.yaml", "  kind: armed-group\n", "  kind: armed-group\n  kind: outlet\n")
    assert check_messages(mini) == [
        "site_src/actors.yaml:9: key 'kind' appears twice in this mapping; keep one of them"]


def test_missing_required_field(mini):
    edit(mini, "site_src/claims/main.yaml", "  statement: The ministry works with the militia.\n", "")
    [msg] = check_messages(mini)
    assert msg == "site_src/claims/main.yaml:18: claim has no 'statement'; add 'statement:'"


def test_bad_enum_value_suggests_the_near_miss(mini):
    edit(mini, "site_src/claims/main.yaml", "      stance: disputes", "      stance: dispute")
    [msg] = check_messages(mini)
    assert msg.startswith("site_src/claims/main.yaml:32: field 'stance' 'dispute' is not one of")
    assert msg.endswith("did you mean 'disputes'?")


def test_unknown_field_suggests_the_near_miss(mini):
    edit(mini, "site_src/actors.yaml", "  description: A newspaper.\n- id: beta-blog",
         "  descripton: A newspaper.\n- id: beta-blog")
    msgs = check_messages(mini)
    assert "site_src/actors.yaml:28: unknown field 'descripton' in actor; did you mean 'description'?" in msgs
    assert "site_src/actors.yaml:25: actor has no 'description'; add 'description:'" in msgs


def test_unknown_actor_id_suggests_the_near_miss(mini):
    edit(mini, "site_src/claims/main.yaml", "      speaker: jane-roe", "      speaker: jane-ro")
    assert check_messages(mini) == [
        "site_src/claims/main.yaml:30: unknown actor id 'jane-ro'; did you mean 'jane-roe'?"]


def test_unknown_origin_and_related_claim(mini):
    edit(mini, "site_src/claims/main.yaml", "      origin: beta\n", "      origin: gamma\n")
    edit(mini, "site_src/claims/main.yaml", "    - claim: anonymous-partnering", "    - claim: anonymous-partner")
    msgs = check_messages(mini)
    assert any(m.startswith("site_src/claims/main.yaml:36: unknown origin 'gamma'") for m in msgs)
    assert ("site_src/claims/main.yaml:39: unknown claim id 'anonymous-partner'; "
            "did you mean 'anonymous-partnering'?") in msgs


def test_duplicate_id_points_at_the_first(mini):
    edit(mini, "site_src/claims/main.yaml", "- id: anonymous-partnering", "- id: ministry-funded-militia")
    msgs = check_messages(mini)
    assert any(m.startswith("site_src/claims/main.yaml:41: duplicate claim id 'ministry-funded-militia' "
                            "(first defined at site_src/claims/main.yaml:1)") for m in msgs)


def test_alias_collision(mini):
    edit(mini, "site_src/actors.yaml", "  aliases: [militia]", "  aliases: [militia, ministry]")
    [msg] = check_messages(mini)
    assert msg.startswith("site_src/actors.yaml:9: name or alias 'ministry' of actor 'militia' also belongs to "
                          "actor 'ministry'")
    assert msg.endswith("an alias may name one actor only; remove it from one of them")


def test_quote_not_verbatim_shows_closest_passage(mini):
    edit(mini, "site_src/claims/main.yaml", "quote: has been partnering with the militia for a year",
         "quote: has been partnering with the militias for a year")
    [msg] = check_messages(mini)
    assert msg.startswith("site_src/claims/main.yaml:24: quote not found verbatim in article 'alpha' "
                          "(site_src/articles/alpha.md); closest passage, in p4: ")
    assert "has been partnering with the militia for a year" in msg


def test_quote_from_reader_comments_is_rejected(mini):
    edit(mini, "site_src/claims/main.yaml", "quote: has been partnering with the militia for a year",
         "quote: the militia is a fraud")
    [msg] = check_messages(mini)
    assert "quote not found verbatim in article 'alpha'" in msg


def test_ambiguous_quote_needs_occurrence(mini):
    edit(mini, "site_src/claims/main.yaml", "quote: A senior official, who spoke on the condition of anonymity",
         "quote: militia")
    [msg] = check_messages(mini)
    assert msg.startswith("site_src/claims/main.yaml:47: quote occurs 3 times in article 'alpha' (p1, p3, p4)")
    assert "add 'occurrence: N'" in msg


def test_occurrence_picks_one(mini):
    edit(mini, "site_src/claims/main.yaml", "quote: A senior official, who spoke on the condition of anonymity",
         "quote: militia\n      occurrence: 2")
    assert check_messages(mini) == []


def test_edited_body_paragraph_is_caught(mini):
    edit(mini, "site_src/articles/beta.md", "are allies.", "are close allies.")
    msgs = check_messages(mini)
    assert msgs[0].startswith("seeds/beta.txt:7: seed line is neither in the body of site_src/articles/beta.md")
    assert msgs[1].startswith("site_src/articles/beta.md:18: paragraph p2 is not in the seed seeds/beta.txt as "
                              "written; the seed has: “In our view, the ministry and the militia are allies.")


def test_unlisted_seed_line_is_caught(mini):
    edit(mini, "site_src/articles/alpha.md", "  - lines: 11\n    reason: subscription-pitch\n", "")
    [msg] = check_messages(mini)
    assert msg == ("seeds/alpha.txt:11: seed line is neither in the body of site_src/articles/alpha.md nor listed "
                   "under its 'removed'; add the line to the body, or list line 11 under removed with a reason")


def test_removed_range_past_end_of_seed(mini):
    edit(mini, "site_src/articles/alpha.md", "lines: 12-15", "lines: 12-99")
    [msg] = check_messages(mini)
    assert msg.startswith("site_src/articles/alpha.md:14: lines 12-99 go past the end of seeds/alpha.txt (15 lines)")


def test_date_needs_its_basis(mini):
    edit(mini, "site_src/articles/beta.md", 'date_basis: {kind: stated, reason: "test date"}\n', "")
    [msg] = check_messages(mini)
    assert msg.startswith("site_src/articles/beta.md:6: 'published: 2015-01-02' has no date_basis; add 'date_basis:")


def test_missing_front_matter(mini):
    path = mini / "site_src/articles/beta.md"
    path.write_text(path.read_text().split("---\n", 2)[2], encoding="utf-8")
    msgs = check_messages(mini)
    assert "site_src/articles/beta.md:1: file does not start with a '---' front matter block; " \
           "put the article's YAML fields between two '---' lines at the top" in msgs


def test_seed_without_article(mini):
    (mini / "seeds" / "gamma.txt").write_text("A third capture.\n", encoding="utf-8")
    assert check_messages(mini) == [
        "seeds/gamma.txt: this seed has no article; create site_src/articles/<id>.md with 'seed: seeds/gamma.txt'"]


def test_all_problems_reported_in_one_run(mini):
    edit(mini, "site_src/claims/main.yaml", "      speaker: jane-roe", "      speaker: nobody")
    edit(mini, "site_src/actors.yaml", "  kind: armed-group", "  kind: militia")
    edit(mini, "site_src/articles/beta.md", "are allies.", "are close allies.")
    files = {m.split(":")[0] for m in check_messages(mini)}
    assert files == {"site_src/claims/main.yaml", "site_src/actors.yaml", "site_src/articles/beta.md",
                     "seeds/beta.txt"}


def test_output_path_collision_is_reported():
    plan = Plan(PROJECT, None, None)
    plan.pages += [Page("claims/a/", "claim.html", {}, Loc("x.yaml", 1)),
                   Page("claims/A/", "claim.html", {}, Loc("y.yaml", 4))]
    problems = Problems()
    check_collisions(plan, problems)
    assert [str(p) for p in problems.errors] == [
        "y.yaml:4: output path 'claims/A/index.html' is also written for x.yaml:1; "
        "rename one of the ids so each page has its own URL"]


def test_cli_check_exit_status_and_no_traceback(mini):
    edit(mini, "site_src/claims/main.yaml", "      speaker: jane-roe", "      speaker: jane-ro")
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "check", "--root", str(mini)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "site_src/claims/main.yaml:30: unknown actor id 'jane-ro'; did you mean 'jane-roe'?" in result.stderr
    assert "1 problem found; nothing was written." in result.stderr
    assert not (mini / "_site").exists()


def test_reports_with_the_same_outlet_and_date_are_flagged(mini):
    edit(mini, "site_src/reports.yaml", "- id: wl-partnering\n  outlet: washington-ledger",
         "- id: wl-partnering\n  outlet: daily-ledger\n  published: 2014-03\n"
         "  date_basis: {kind: stated, reason: x}")
    problems = build.check(mini)
    assert not problems.errors
    assert [str(w) for w in problems.warnings] == [
        "site_src/reports.yaml:6: reports 'ledger-spending' and 'wl-partnering' have the same outlet and date, so "
        "readers see the same label for both; give the date more precisely if the corpus allows, or merge them "
        "if they are one report"]


# --- relays (docs/content-format.md, "Relays")

def test_origin_must_be_reachable_from_its_article(mini):
    edit(mini, "site_src/claims/main.yaml", "      origin: beta\n", "      origin: wl-partnering\n")
    assert check_messages(mini) == [
        "site_src/claims/main.yaml:36: origin 'wl-partnering' is not reachable from article 'beta' through relays "
        "(chains: ledger-spending → beta); add 'wl-partnering' to the relays of 'beta' (or of a report it relays), "
        "or give as origin the article itself or a report on one of its chains"]


def test_a_chain_through_a_report_makes_an_origin_reachable(mini):
    edit(mini, "site_src/claims/main.yaml", "      origin: beta\n", "      origin: wl-partnering\n")
    edit(mini, "site_src/reports.yaml", "  description: Daily Ledger report on ministry spending.\n",
         "  description: Daily Ledger report on ministry spending.\n  relays: [wl-partnering]\n")
    assert check_messages(mini) == []


def test_relay_cycle_is_named(mini):
    edit(mini, "site_src/reports.yaml", "  description: Daily Ledger report on ministry spending.\n",
         "  description: Daily Ledger report on ministry spending.\n  relays: [wl-partnering]\n")
    edit(mini, "site_src/reports.yaml", "quoting the ministry and an anonymous official.\n",
         "quoting the ministry and an anonymous official.\n  relays:\n    - id: ledger-spending\n"
         "      basis: {kind: inferred, reason: test}\n")
    assert check_messages(mini) == [
        "site_src/reports.yaml:6: relays form a cycle: ledger-spending → wl-partnering → ledger-spending; "
        "words travel one way: remove the relay that points back to where they came from"]


def test_a_report_relays_reports_only_and_nothing_relays_itself(mini):
    edit(mini, "site_src/reports.yaml", "  description: Daily Ledger report on ministry spending.\n",
         "  description: Daily Ledger report on ministry spending.\n  relays: [alpha, ledger-spending]\n")
    assert check_messages(mini) == [
        "site_src/reports.yaml:6: 'ledger-spending' relays itself; remove it from its own relays",
        "site_src/reports.yaml:6: relay 'alpha' is not a report id; use the id of an existing report"]


def test_relay_with_a_basis_needs_its_reason(mini):
    edit(mini, "site_src/articles/beta.md", "relays: [ledger-spending]",
         "relays:\n  - id: ledger-spending\n    basis: {kind: inferred}")
    assert check_messages(mini) == ["site_src/articles/beta.md:11: basis has no 'reason'; add 'reason:'"]
