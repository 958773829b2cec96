"""Pass one over several processes (load, validate, cross-reference): the same model and the same problems, in the
same order, as one process."""
from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest

from evidence_site import build, workers
from evidence_site.problems import Loc, Problems

from helpers import PROJECT, in_a_fresh_process

sys.path.insert(0, str(PROJECT / "tests"))
from bench import generate

N = 80  # articles: more than a chunk of each list is shared out (workers.CHUNK)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A generated project of N articles."""
    root = tmp_path_factory.mktemp("gather") / "project"
    generate.write_corpus(generate.generate(N), root)
    return root


def replace_first(path: Path, pattern: str, new: str) -> None:
    """Replace the first match of `pattern` in a file (it must be there)."""
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, new, text, count=1)
    assert changed != text, f"{pattern!r} not found in {path}"
    path.write_text(changed, encoding="utf-8")


def model_of(site) -> tuple:
    """What pass one derived: every quote's place, every mention, each claim's status."""
    spots = {cid: [(r.number, r.spot, r.chain) for r in refs] for cid, refs in site.evidence.items()}
    docs = {aid: [(b.index, b.tag, b.inner_html, b.line, b.normalized[0]) for b in doc.blocks]
            for aid, doc in site.docs.items()}
    return spots, site.mentions_by_article, site.mentions_by_actor, site.status, docs, site.corpus


@in_a_fresh_process
def test_two_processes_derive_what_one_does(corpus):
    one, two = build.gather(corpus, None, jobs=1), build.gather(corpus, None, jobs=2)
    assert two[2].errors == [] and one[2].errors == []
    assert model_of(two[0]) == model_of(one[0])
    assert [p.url for p in two[1].pages] == [p.url for p in one[1].pages]
    assert sum(len(m) for m in one[0].mentions_by_article.values()) > N  # the bodies name actors


@in_a_fresh_process
def test_two_processes_report_every_problem_one_does_in_the_same_order(corpus, tmp_path):
    broken = tmp_path / "broken"
    generate.write_corpus(generate.generate(N), broken)
    claims = sorted((broken / "site_src" / "claims").glob("*.yaml"))
    articles = sorted((broken / "site_src" / "articles").glob("*.md"))
    replace_first(claims[0], r'quote: "(\w+)', r'quote: "Not \1')  # a quote not in its article
    replace_first(claims[-1], r"speaker: [a-z-]+", "speaker: nobody-at-all")
    replace_first(articles[3], r"\n\n(\w+)", r"\n\nAdded words. \1")  # a paragraph not in its seed
    replace_first(articles[40], r"\nkind: ([a-z-]+)", r"\nkind: [\1")  # a YAML syntax error
    replace_first(articles[-1], r"outlet: [a-z-]+", "outlet: no-such-outlet")
    one, two = build.gather(broken, None, jobs=1)[2], build.gather(broken, None, jobs=2)[2]
    messages = [str(p) for p in one.errors]
    assert len(messages) >= 5
    assert any("not found verbatim" in m and "closest passage" in m for m in messages)  # hints still worked out
    assert [str(p) for p in two.errors] == messages
    assert [str(p) for p in two.warnings] == [str(p) for p in one.warnings]


def slow_square(item: int) -> tuple[int, int]:
    """The item squared, and which process worked it out (slowly enough for the work to be shared)."""
    time.sleep(0.002)
    return item * item, os.getpid()


@in_a_fresh_process
def test_spread_returns_every_result_in_order_and_shares_the_work():
    results = workers.spread(range(400), slow_square, jobs=2, size=4)
    assert [square for square, _ in results] == [i * i for i in range(400)]
    assert len({pid for _, pid in results}) == 2


@in_a_fresh_process
def test_spread_raises_an_error_from_any_process():
    def do(item: int) -> int:
        if item in (200, 201, 202):
            raise ValueError(f"item {item} is bad")
        return item

    with pytest.raises(ValueError, match=r"item 20[012] is bad"):
        workers.spread(range(300), do, jobs=2, size=4)


def test_spread_checked_adds_each_items_problems_in_the_order_of_the_items():
    def do(item: int, problems: Problems) -> int:
        problems.error(Loc(f"f{item}.yaml", 1), "bad")
        if item % 2:
            problems.warn(Loc(f"f{item}.yaml", 2), "odd")
        return -item

    problems = Problems()
    assert workers.spread_checked(range(100), do, problems, jobs=2, size=4) == [-i for i in range(100)]
    assert [p.loc.file for p in problems.errors] == [f"f{i}.yaml" for i in range(100)]
    assert [p.loc.file for p in problems.warnings] == [f"f{i}.yaml" for i in range(1, 100, 2)]


def test_one_job_works_here_in_order():
    assert workers.spread(range(100), lambda i: (i, os.getpid()), jobs=1) == [(i, os.getpid()) for i in range(100)]
