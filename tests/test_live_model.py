"""`serve`'s model: the content gathered again after a save reuses what did not change (cache.HeldFiles,
workers.Recall), and renders every page exactly as a fresh gathering, and as the build writes it."""
from __future__ import annotations

import gc

import pytest

from evidence_site.build import build, gather
from evidence_site.cache import HeldFiles
from evidence_site.serve import Model
from evidence_site.workers import Recall, frozen

from helpers import edit


class Gatherer:
    """Gathers one project again and again in this process, as `serve` does."""

    def __init__(self, root):
        self.root, self.memo, self.recall = root, HeldFiles(), Recall()

    def __call__(self):
        site, plan, problems = gather(self.root, None, 1, self.memo, recall=self.recall)
        self.memo.turn()
        self.recall.turn()
        return site, plan, problems


def rendered(plan) -> dict[str, bytes]:
    """Every page and file the model serves, by path."""
    model = Model.of(plan)
    return {path: model.file(path) for path in [*model.pages, *model.files, *plan.files, "sitemap.xml"]}


EDITS = {  # (file, text before, text after): each leaves the mini corpus valid
    "a claim's statement": ("site_src/claims/main.yaml", "statement: The ministry works with the militia.",
                            "statement: The ministry works with the militia, officials say."),
    "a quote moved to another passage": ("site_src/claims/main.yaml",
                                         "quote: has been partnering with the militia for a year",
                                         "quote: who spoke on the condition of anonymity"),
    "an actor's alias (its mentions)": ("site_src/actors.yaml", "  description: Spokeswoman of the ministry.",
                                        "  aliases: [spokeswoman]\n  description: Spokeswoman of the ministry."),
    "an actor's description": ("site_src/actors.yaml", "description: An armed group.",
                               "description: An armed group in the north."),
    "an article's title": ("site_src/articles/alpha.md", 'title: "Alpha headline: the ministry and the militia"',
                           'title: "Alpha headline, edited"'),
    "the site's title": ("site_src/site.yaml", "title: Mini evidence", "title: Mini evidence, edited"),
    "an article's body, and its seed": [(f, "Ledger reported that", "Ledger reported on Monday that")
                                        for f in ("site_src/articles/alpha.md", "seeds/alpha.txt")],
    # What the page plan recalls (Refs.recalled): each edit changes what one recalled view is made from.
    "outlets' names (their links, their articles' and reports' labels, the network)": [
        ("site_src/actors.yaml", f"name: {name}", f"name: The {name}") for name in ("Daily Ledger", "Beta Blog")],
    "a speaker (the network's counts)": ("site_src/claims/main.yaml", "speaker: jane-roe", "speaker: militia"),
    "a claim's date (the timeline)": ("site_src/claims/main.yaml", "date: 2013\n", "date: 2015-02\n"),
    "a relay in another file (a claim's independent origins, its row)": (
        "site_src/articles/beta.md", "relays: [ledger-spending]", "relays: [ledger-spending, wl-partnering]"),
    "a speaker's kind in another file (a claim's anonymous flag, its row)": (
        "site_src/actors.yaml", "kind: anonymous-source", "kind: person"),
    "a claim's statement named in prose (the names links are titled by)": [
        ("site_src/actors.yaml", "description: An armed group.",
         "description: An armed group; see [[claim:anonymous-partnering]]."),
        ("site_src/claims/main.yaml", "statement: An anonymous official said", "statement: An unnamed official said")],
}
NEW_CLAIM = """- id: militia-allies
  statement: Beta Blog calls the militia an ally.
  type: assessment
  subjects: [militia]
  date: 2015-01-02
  date_basis: {kind: stated, reason: "the article's date"}
  evidence:
    - article: beta
      quote: the ministry and the militia are allies
      speaker: beta-blog
      origin: beta
      stance: supports
"""


def assert_renders_as_afresh(root, change) -> None:
    """Gathered, changed by `change()`, gathered again: every page is as a fresh gathering renders it, and differs."""
    again = Gatherer(root)
    _, before, _ = again()
    change()
    _, plan, problems = again()
    _, fresh, fresh_problems = gather(root, None)
    assert not problems.errors and not fresh_problems.errors, [str(e) for e in problems.errors]
    pages, fresh_pages = rendered(plan), rendered(fresh)
    assert sorted(pages) == sorted(fresh_pages)
    assert [p for p in pages if pages[p] != fresh_pages[p]] == []
    assert pages != rendered(before)  # the edit shows


@pytest.mark.parametrize("what", sorted(EDITS))
def test_gathered_again_after_an_edit_it_renders_as_gathered_afresh(mini, what):
    changes = EDITS[what] if isinstance(EDITS[what], list) else [EDITS[what]]
    assert_renders_as_afresh(mini, lambda: [edit(mini, *change) for change in changes])


def test_gathered_again_after_a_new_claim_file_it_renders_as_gathered_afresh(mini):
    new = mini / "site_src/claims/extra.yaml"
    assert_renders_as_afresh(mini, lambda: new.write_text(NEW_CLAIM, encoding="utf-8"))


def test_gathered_again_after_a_new_article_and_seed_it_renders_as_gathered_afresh(mini):
    def add() -> None:
        text = (mini / "site_src/articles/beta.md").read_text(encoding="utf-8")
        (mini / "seeds/gamma.txt").write_bytes((mini / "seeds/beta.txt").read_bytes())
        (mini / "site_src/articles/gamma.md").write_text(text.replace("seeds/beta.txt", "seeds/gamma.txt"),
                                                          encoding="utf-8")
    assert_renders_as_afresh(mini, add)


def test_gathered_again_after_a_relay_between_reports_it_renders_as_gathered_afresh(mini):
    """Only the reports file changes: the chain along which a quote's words reached its article gets a step,
    though the claims and the articles are the very objects they were (their evidence items must follow)."""
    edit(mini, "site_src/articles/beta.md", "relays: [ledger-spending]", "relays: [wl-partnering]")
    edit(mini, "site_src/reports.yaml", "  outlet: washington-ledger\n",
         "  outlet: washington-ledger\n  relays: [ledger-spending]\n")

    def add_a_step() -> None:
        edit(mini, "site_src/reports.yaml", "  relays: [ledger-spending]\n", "  relays: [ledger-digest]\n")
        with (mini / "site_src/reports.yaml").open("a", encoding="utf-8") as reports:
            reports.write("- id: ledger-digest\n  outlet: daily-ledger\n  relays: [ledger-spending]\n"
                          "  description: Daily Ledger digest of its spending report.\n")
    assert_renders_as_afresh(mini, add_a_step)


def test_what_did_not_change_is_not_worked_again(mini):
    again = Gatherer(mini)
    site, _, _ = again()
    edit(mini, *EDITS["a claim's statement"])
    after, _, _ = again()
    assert after.corpus.articles["alpha"] is site.corpus.articles["alpha"]  # the file's records, held
    assert after.docs["alpha"] is site.docs["alpha"]  # its body, not parsed again
    assert after.mentions_by_article["alpha"] is site.mentions_by_article["alpha"]  # its mentions, not sought again
    assert after.corpus.claims["ministry-partners-militia"] is not site.corpus.claims["ministry-partners-militia"]
    edit(mini, *EDITS["an article's title"])
    last, _, _ = again()
    assert last.docs["alpha"] is not after.docs["alpha"] and last.docs["beta"] is after.docs["beta"]


def test_a_model_frozen_as_serve_freezes_it_leaves_no_garbage_behind(mini):
    """serve moves each model out of the collector's sight (workers.frozen): a reference cycle in one would never be
    freed, and every save would leave its model behind."""
    again = Gatherer(mini)
    gc.unfreeze()  # what earlier tests froze (build.check freezes its model) is not this test's
    gc.collect()
    try:
        frozen(again)
        edit(mini, *EDITS["a claim's statement"])
        frozen(again)
    finally:
        gc.unfreeze()
    assert gc.collect() == 0


def test_a_files_problems_are_reported_again_while_it_is_held(mini):
    edit(mini, "site_src/claims/main.yaml", "      stance: disputes", "      stance: dispute")
    again = Gatherer(mini)
    first = again()[2]
    assert [str(e) for e in first.errors] == [str(e) for e in again()[2].errors] != []


def test_a_body_that_no_longer_matches_its_seed_is_reported_again(mini):
    edit(mini, "site_src/articles/beta.md", "allies", "friends")
    again = Gatherer(mini)
    first = [str(e) for e in again()[2].errors]
    assert any("beta.md" in e for e in first)
    assert [str(e) for e in again()[2].errors] == first


def test_the_model_serves_what_the_build_writes(mini, tmp_path):
    out = tmp_path / "site"
    build(mini, out, None, search=False)
    _, plan, _ = gather(mini, None)
    served = rendered(plan)
    assert len(served) > 20
    for path, body in served.items():
        assert body == (out / path).read_bytes(), path


def test_the_model_leaves_to_the_output_folder_what_only_writing_makes(mini):
    _, plan, _ = gather(mini, None)
    model = Model.of(plan)
    assert model.file("data/index.html") is None  # gives the data files' sizes
    assert model.file("data/claims.json") is None and model.file("pagefind/pagefind.js") is None
    assert model.is_folder("claims/ministry-partners-militia") and not model.is_folder("claims/none")


def test_a_recalled_result_is_made_again_when_one_input_is_another_object():
    recall, made = Recall(), []
    a, b, c = object(), object(), object()

    def run(items):
        made.extend(items)
        return [f"r{i}" for i in items]

    assert recall.spread("k", lambda i: (i, a), [1, 2], run) == ["r1", "r2"]
    recall.turn()
    assert recall.spread("k", lambda i: (i, a if i == 1 else b), [1, 2], run) == ["r1", "r2"]
    assert made == [1, 2, 2]  # 2's second input changed
    recall.turn()
    assert recall.value("v", (c,), lambda: "made") == "made"
    recall.turn()
    assert recall.value("v", (c,), lambda: "again") == "made"
    recall.turn()
    assert recall.value("v", (object(),), lambda: "again") == "again"
