"""The scale benchmark's synthetic corpus (tests/bench/generate.py): valid, deterministic and realistic.

No timings here: figures live in the benchmark and docs/performance.md.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from evidence_site import build

from helpers import PROJECT

sys.path.insert(0, str(PROJECT / "tests"))
from bench import edit, generate, hugo_site

N = 30


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A generated project of N articles."""
    root = tmp_path_factory.mktemp("synthetic") / "project"
    generate.write_corpus(generate.generate(N), root)
    return root


def files(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def front_matter(path: Path) -> tuple[dict, str]:
    """An article's front matter and body."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def articles(root: Path) -> dict[str, tuple[dict, str]]:
    """Article id → (front matter, body)."""
    return {p.stem: front_matter(p) for p in sorted((root / "site_src" / "articles").glob("*.md"))}


def evidence(root: Path) -> list[dict]:
    """Every evidence item of every claim, one per article of a list-form item."""
    items = []
    for path in sorted((root / "site_src" / "claims").glob("*.yaml")):
        for claim in yaml.safe_load(path.read_text(encoding="utf-8")):
            for ev in claim["evidence"]:
                ids = ev["article"] if isinstance(ev["article"], list) else [ev["article"]]
                items += [{**ev, "article": a} for a in ids]
    return items


def relay_ids(entries: list) -> set[str]:
    """The ids of a relays list, plain or in the mapping form."""
    return {e["id"] if isinstance(e, dict) else e for e in entries or []}


def test_passes_check_with_no_problems_and_has_the_reference_shape(corpus):
    problems = build.check(corpus)
    assert [str(e) for e in problems.errors] == []
    assert [f"{w.loc}: {w.message}" for w in problems.warnings] == []
    assert len(articles(corpus)) == N
    claims = [c for p in (corpus / "site_src" / "claims").glob("*.yaml") for c in yaml.safe_load(p.read_text())]
    assert len(claims) == 5 * N
    assert all(1 <= sum(len(e["article"]) if isinstance(e["article"], list) else 1 for e in c["evidence"]) <= 3
               for c in claims)


def test_same_size_gives_identical_bytes_and_another_size_differs(corpus, tmp_path):
    again = tmp_path / "again"
    generate.write_corpus(generate.generate(N), again)
    assert files(again) == files(corpus)
    other = tmp_path / "other"
    generate.write_corpus(generate.generate(N + 1), other)
    assert files(other)["site_src/actors.yaml"] != files(corpus)["site_src/actors.yaml"]


def test_articles_remove_debris_from_their_seeds(corpus):
    reasons = set()
    for aid, (fm, body) in articles(corpus).items():
        seed = (corpus / fm["seed"]).read_text(encoding="utf-8").split("\n")
        paragraphs = {p.removeprefix("> ") for p in body.split("\n\n")}
        for item in fm["removed"]:
            first, _, last = str(item["lines"]).partition("-")
            stretch = [line.strip() for line in seed[int(first) - 1:int(last or first)] if line.strip()]
            assert stretch, f"{aid}: removed lines {item['lines']} are blank"
            assert not paragraphs & set(stretch), f"{aid}: a removed line is a paragraph of the body"
            reasons.add(item["reason"])
    assert {"moved-to-metadata", "reader-comments", "subscription-pitch", "ad-placeholder"} <= reasons


def test_actors_are_named_by_their_aliases_in_the_text(corpus):
    bodies = "\n".join(body for _, body in articles(corpus).values())
    actors = yaml.safe_load((corpus / "site_src" / "actors.yaml").read_text(encoding="utf-8"))
    used = [(a["id"], alias) for a in actors for alias in a.get("aliases", [])
            if len(re.findall(rf"\b{re.escape(alias)}\b", bodies)) > bodies.count(a["name"]) * (alias in a["name"])]
    kinds = {a["id"]: a["kind"] for a in actors}
    assert {"person", "anonymous-source"} <= {kinds[aid] for aid, _ in used}


def test_words_travel_along_relay_chains(corpus):
    reports = yaml.safe_load((corpus / "site_src" / "reports.yaml").read_text(encoding="utf-8"))
    report_relays = {r["id"]: relay_ids(r.get("relays")) for r in reports}
    assert any(report_relays.values()), "no report relays another"
    arts = articles(corpus)
    direct = {aid: relay_ids(fm["relays"]) for aid, (fm, _) in arts.items()}
    two_hops = [ev for ev in evidence(corpus) if ev["origin"] not in direct[ev["article"]] | {ev["article"]}
                and any(ev["origin"] in report_relays.get(r, set()) for r in direct[ev["article"]])]
    assert two_hops, "no evidence whose origin is reached through a relayed report"
    assert any(relay_ids(fm["relays"]) & arts.keys() for fm, _ in arts.values()), "no article relays another"


def test_anonymous_speakers_and_contested_claims(corpus):
    actors = yaml.safe_load((corpus / "site_src" / "actors.yaml").read_text(encoding="utf-8"))
    anonymous = {a["id"] for a in actors if a["kind"] == "anonymous-source"}
    items = evidence(corpus)
    assert any(ev["speaker"] in anonymous for ev in items)
    assert any(ev["stance"] == "disputes" for ev in items)
    quotes = [ev["quote"] for ev in items]
    assert len(set(quotes)) < len(quotes), "no quote is carried by two articles"


def test_the_hugo_twin_has_a_page_per_article_claim_and_actor(corpus, tmp_path):
    out = tmp_path / "hugo"
    source = hugo_site.read_project(corpus)
    hugo_site.write_hugo_site(source, out)
    pages = {p.parent.name: len(list(p.parent.glob("*.md"))) - 1 for p in (out / "content").glob("*/_index.md")}
    assert pages == {"articles": N, "claims": 5 * N, "actors": len(source.actors)}
    claim = source.claims[0]
    page = (out / "content" / "claims" / f"{claim['id']}.md").read_text(encoding="utf-8")
    assert f"> {claim['evidence'][0]['quote']}" in page


def test_the_command_never_writes_into_a_folder_that_holds_files(tmp_path):
    mine = tmp_path / "notes.txt"
    mine.write_text("mine")
    result = subprocess.run([sys.executable, "-m", "tests.bench.generate", "5", str(tmp_path)], cwd=PROJECT,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "not empty" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"] and mine.read_text() == "mine"


def test_the_benchmark_edit_changes_one_statement_and_keeps_the_corpus_valid(corpus, tmp_path):
    """tests/bench/edit.py's edit: the first statement of the first claims file gains the marker, nothing else moves."""
    project = tmp_path / "project"
    shutil.copytree(corpus, project)
    path = edit.first_claims_file(project)
    before = path.read_text(encoding="utf-8")
    claim = edit.edit_statement(path, " [edited]")
    after = path.read_text(encoding="utf-8")
    first = yaml.safe_load(after)[0]
    assert first["id"] == claim and first["statement"].endswith(" [edited]")
    assert after.replace(" [edited]", "", 1) == before and after.count("[edited]") == 1
    assert not build.check(project).errors
