"""The build cache (evidence_site/cache.py): a rebuild after an edit reuses what it can and is byte for byte a
cold build; a damaged cache or a changed output file is never trusted; every problem is still reported."""
from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest

from evidence_site import build, outdir, search, validate, xref
from evidence_site import cache as cache_module
from evidence_site.cache import Cache, PageReuse, UsedNames, plain_dataclasses
from evidence_site.cli import main
from evidence_site.links import ActorRef, ClaimRow, DateView
from evidence_site.pages.claims import ClaimPage
from evidence_site.problems import ContentError, Loc
from evidence_site.text import IndexMap

from helpers import PROJECT, edit, tree_digest

sys.path.insert(0, str(PROJECT / "tests"))
from bench import edit as bench_edit
from bench import generate

N = 24


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A generated project of N articles (read-only: copy it)."""
    root = tmp_path_factory.mktemp("cache-corpus") / "project"
    generate.write_corpus(generate.generate(N), root)
    return root


@pytest.fixture
def project(generated, tmp_path) -> Path:
    """A private copy of the generated project."""
    return Path(shutil.copytree(generated, tmp_path / "project"))


@pytest.fixture
def small_parts(monkeypatch):
    """Search documents cut into several parts even for a small corpus (kept in forked children too)."""
    monkeypatch.setattr(search, "PART_BYTES", 40_000)
    monkeypatch.setattr(search, "CUT_EVERY", 3)


@pytest.fixture
def pagefind_runs(monkeypatch) -> list[Path]:
    """The parts Pagefind is run over (Pagefind runs from the build's own process, after the write pass)."""
    runs, real = [], search.PagefindRun.start

    def start(corpus, bundle):
        runs.append(corpus)
        return real(corpus, bundle)

    monkeypatch.setattr(search.PagefindRun, "start", staticmethod(start))
    return runs


@pytest.fixture
def parsed_parts(monkeypatch) -> list[Path]:
    """The Pagefind bundles whose words the assembler parses (a kept one's are parsed once, then kept)."""
    parsed, real = [], cache_module.read_words

    def read_words(part):
        parsed.append(part.folder)
        return real(part)

    monkeypatch.setattr(cache_module, "read_words", read_words)
    return parsed


def edit_article(root: Path) -> None:
    """Change the first article's title (shown on its page and wherever it is cited)."""
    bench_edit.edit_article(root, " [edited]")


def edit_claim(root: Path) -> None:
    """Change the first claim's statement."""
    bench_edit.edit_statement(bench_edit.first_claims_file(root), " [edited]")


def edit_actor(root: Path) -> None:
    """Change the first actor's description."""
    bench_edit.edit_actor(root, " [edited]")


def rename_actor(root: Path) -> None:
    """Rename the first actor (its name is on many pages)."""
    path = root / "site_src" / "actors.yaml"
    path.write_text(re.sub(r'^  name: "', '  name: "Renamed ', path.read_text(encoding="utf-8"), count=1, flags=re.M),
                    encoding="utf-8")


def add_alias(root: Path) -> None:
    """Give the first actor an alias that is a word of the first article's body (mentions move)."""
    body = sorted((root / "site_src" / "articles").glob("*.md"))[0].read_text(encoding="utf-8").split("---", 2)[2]
    word = next(w for w in re.findall(r"\b[A-Z][a-z]{4,}\b", body) if body.count(w) == 1)
    path = root / "site_src" / "actors.yaml"
    path.write_text(re.sub(r"^  aliases: \[", f'  aliases: ["{word}", ', path.read_text(encoding="utf-8"), count=1,
                           flags=re.M), encoding="utf-8")


def edit_body_and_seed(root: Path) -> None:
    """Change one word of an article's body and of its seed alike (its paragraphs, mentions and quotes move)."""
    article = sorted((root / "site_src" / "articles").glob("*.md"))[1]
    text = article.read_text(encoding="utf-8")
    seed = root / re.search(r"^seed: (\S+)", text, re.M).group(1)
    raw = seed.read_text(encoding="utf-8")
    word = next(w for w in re.findall(r"\b[a-z]{6,}\b", text.split("---", 2)[2]) if text.count(w) == raw.count(w) == 1)
    article.write_text(text.replace(word, word + "x"), encoding="utf-8")
    seed.write_text(raw.replace(word, word + "x"), encoding="utf-8")


def inodes(out: Path) -> dict[str, int]:
    """Every file of a site with its inode."""
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}


@pytest.mark.parametrize(("change", "jobs"), [(edit_article, 1), (edit_claim, 2), (edit_actor, 1), (rename_actor, 1),
                                               (add_alias, 2), (edit_body_and_seed, 1)])
def test_a_cached_rebuild_after_an_edit_is_a_cold_build_byte_for_byte(project, tmp_path, small_parts, pagefind_runs,
                                                                      parsed_parts, change, jobs):
    out, cache = tmp_path / "_site", Cache(tmp_path / "cache")
    build.build(project, out, None, jobs=jobs, cache=cache)
    parts, before = len(pagefind_runs), inodes(out)
    assert parts > 2 and len(parsed_parts) == parts
    change(project)
    pagefind_runs.clear()
    parsed_parts.clear()
    build.build(project, out, None, jobs=jobs, cache=cache)
    reindexed = len(pagefind_runs)
    assert len(parsed_parts) == reindexed  # the words of the other parts are those kept
    build.build(project, tmp_path / "cold", None, jobs=jobs)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
    after = inodes(out)
    kept = [p for p in after if before.get(p) == after[p]]
    assert len(kept) > len(after) // 2  # most files are the previous build's, linked
    assert "index.html" in kept or change in (rename_actor, add_alias)
    assert 1 <= reindexed < parts  # the part holding the edit, not every part


@pytest.fixture
def calls(monkeypatch) -> dict[str, list]:
    """The items pass one works on in this process: bodies parsed, claims located, articles searched."""
    made: dict[str, list] = {"bodies": [], "quotes": [], "mentions": []}
    parse, spots, mentions = validate.parse_body, xref.quiet_spots, xref.mentions_in
    monkeypatch.setattr(validate, "parse_body", lambda seeds, article, problems: (
        made["bodies"].append(article.id), parse(seeds, article, problems))[1])
    monkeypatch.setattr(xref, "quiet_spots", lambda site, claim: (
        made["quotes"].append(claim.id), spots(site, claim))[1])
    monkeypatch.setattr(xref, "mentions_in", lambda names, aid, doc: (
        made["mentions"].append(aid), mentions(names, aid, doc))[1])
    return made


def test_a_rebuild_works_again_only_on_what_an_edit_touched(project, tmp_path, calls):
    """Pass one's results are kept in the cache by content: an edit to a claim locates the quotes of its file's
    claims again, and parses and searches no body; an alias searches every body and parses none."""
    cache = Cache(tmp_path / "cache")  # `check` gathers in this process, with the cache as a build does
    assert not build.check(project, None, cache).errors
    assert len(calls["bodies"]) == N and len(calls["mentions"]) == N
    saved = {p.name: p.stat().st_ino for p in cache.folder.glob("results-*.pickle")}
    edit_claim(project)
    for made in calls.values():
        made.clear()
    assert not build.check(project, None, cache).errors
    resaved = sorted(p.name for p in cache.folder.glob("results-*.pickle") if p.stat().st_ino != saved[p.name])
    assert resaved == ["results-quotes.pickle"]  # the bodies and the mentions found are those kept
    in_file = re.findall(r"^- id: (\S+)", bench_edit.first_claims_file(project).read_text(encoding="utf-8"), re.M)
    assert calls["bodies"] == calls["mentions"] == [] and sorted(calls["quotes"]) == sorted(in_file)
    add_alias(project)
    for made in calls.values():
        made.clear()
    assert not build.check(project, None, cache).errors
    assert calls["bodies"] == calls["quotes"] == [] and len(calls["mentions"]) == N


def test_an_unchanged_rebuild_writes_no_file_but_its_list_and_runs_no_pagefind(project, tmp_path, small_parts,
                                                                               pagefind_runs):
    out, cache = tmp_path / "_site", Cache(tmp_path / "cache")
    build.build(project, out, None, cache=cache)
    before, pagefind_runs[:] = inodes(out), []
    build.build(project, out, None, cache=cache)
    after = inodes(out)
    changed = sorted(p for p in after if before.get(p) != after[p])
    assert pagefind_runs == []
    assert changed == [".evidence-site-build", "pagefind/pagefind-entry.json"]


def test_a_damaged_cache_and_a_changed_output_file_are_not_trusted(project, tmp_path, small_parts):
    out, cache = tmp_path / "_site", Cache(tmp_path / "cache")
    build.build(project, out, None, cache=cache)
    (cache.folder / "files.pickle").write_bytes(b"not a cache")
    pages = cache.folder / "pages.pickle"
    pages.write_bytes(pages.read_bytes()[:-10])  # truncated
    bundle = sorted(p for p in cache.parts.iterdir() if p.is_dir())[0]
    chunk = sorted((bundle / "index").iterdir())[0]
    chunk.write_bytes(b"\0" + chunk.read_bytes()[1:])  # one byte changed in a kept Pagefind part
    words = sorted(cache.parts.glob("*.words"))[-1]
    assert words.name.split(".")[0] != bundle.name
    words.write_bytes(words.read_bytes()[:-10])  # another part's parsed words, truncated
    with open(out / "about" / "index.html", "r+b") as page:  # changed in place: same inode, other bytes
        page.write(b"<!-- hand-edited -->")
    build.build(project, out, None, cache=cache)
    build.build(project, tmp_path / "cold", None)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_the_page_records_of_the_previous_build_are_checked(project, tmp_path):
    """A page file replaced by another with the same key and names but another inode is rendered again."""
    out, cache = tmp_path / "_site", Cache(tmp_path / "cache")
    build.build(project, out, None, search=False, cache=cache)
    page = out / "about" / "index.html"
    text = page.read_bytes()
    page.unlink()
    page.write_bytes(text.replace(b"<", b"&lt;", 1))  # a new file, the same size
    build.build(project, out, None, search=False, cache=cache)
    assert page.read_bytes() == text


def test_problems_in_a_cached_file_are_reported_on_every_build(mini, tmp_path):
    out, cache = tmp_path / "_site", Cache(tmp_path / "cache")
    edit(mini, "site_src/claims/main.yaml", "type: event", "type: evnt")
    messages = []
    for _ in range(2):
        with pytest.raises(ContentError) as failed:
            build.build(mini, out, None, search=False, cache=cache)
        messages.append([str(p) for p in failed.value.problems.errors])
    assert messages[0] == messages[1]
    assert any("main.yaml" in m and "evnt" in m for m in messages[0])
    assert not out.exists()


def test_a_cached_file_s_warnings_are_reported_again(mini, tmp_path):
    out, cache = tmp_path / "_site", Cache(tmp_path / "cache")
    edit(mini, "site_src/articles/beta.md", "outlet: beta-blog", "outlet: beta-blog\nurl: https://example.org/b")
    warnings = [[str(w) for w in build.build(mini, out, None, search=False, cache=cache).warnings] for _ in range(2)]
    assert warnings[0] == warnings[1]
    assert any("'url' is deprecated" in w for w in warnings[0])


def test_no_cache_writes_no_cache_and_the_default_cache_is_the_tool_s_own_folder(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert main(["--root", str(mini), "--out", str(tmp_path / "a"), "--no-search", "--no-cache"]) == 0
    assert not (tmp_path / "xdg").exists()
    assert main(["--root", str(mini), "--out", str(tmp_path / "b"), "--no-search"]) == 0
    (folder,) = (tmp_path / "xdg" / "evidence-site").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == [
        "files.pickle", "pages.pickle", "results-bodies.pickle", "results-mentions.pickle", "results-names.pickle",
        "results-quotes.pickle"]
    assert sorted(p.name for p in mini.iterdir()) == ["seeds", "site_src"]  # nothing among the user's files
    assert main(["--root", str(mini), "--out", str(tmp_path / "c"), "--no-search", "--cache-dir",
                 str(tmp_path / "mine")]) == 0
    assert len(list((tmp_path / "mine").iterdir())) == 1
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b") == tree_digest(tmp_path / "c")


def test_a_rebuild_reuses_the_folders_of_the_site_before_last(mini, tmp_path):
    out, cache = tmp_path / "_site", Cache(tmp_path / "cache")
    actors = mini / "site_src" / "actors.yaml"
    original = actors.read_text(encoding="utf-8")
    actors.write_text(original + "- id: extra-person\n  name: Extra Person\n  kind: person\n  description: Extra.\n",
                      encoding="utf-8")
    for _ in range(3):
        build.build(mini, out, None, search=False, cache=cache)
    spare = cache.folder / "spare"
    assert (spare / "actors" / "extra-person" / "index.html").is_file()  # the site before last, files and all
    kept = sorted(p.relative_to(spare).as_posix() for p in spare.rglob("*") if not p.is_dir())
    assert kept == sorted([*outdir.read_manifest(spare), outdir.MARKER])  # nothing but what a build wrote
    actors.write_text(original, encoding="utf-8")  # the actor's page is gone
    build.build(mini, out, None, search=False, cache=cache)
    build.build(mini, tmp_path / "cold", None, search=False)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
    assert [p for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())] == []  # no empty folder left
    assert sorted(os.listdir(tmp_path)) == ["_site", "cache", "cold", "mini"]


def test_the_site_before_last_is_emptied_before_a_page_is_written_into_its_folders(mini, tmp_path, monkeypatch):
    """The build deletes the spare's files while it gathers; the write pass waits for it (workers.Gate)."""
    out, cache = tmp_path / "_site", Cache(tmp_path / "cache")
    for _ in range(2):
        build.build(mini, out, None, search=False, cache=cache)
    assert (cache.folder / "spare" / "index.html").is_file()
    slow = outdir.empty_folders

    def late(folder: Path) -> None:  # done by the build's own process, long after the gathering has ended
        time.sleep(1.5)
        slow(folder)

    monkeypatch.setattr(outdir, "empty_folders", late)
    edit(mini, "site_src/actors.yaml", "description: A government ministry.", "description: A ministry.")
    build.build(mini, out, None, search=False, jobs=2, cache=cache)
    build.build(mini, tmp_path / "cold", None, search=False)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_parts_are_cut_where_an_edit_moves_no_boundary(monkeypatch):
    monkeypatch.setattr(search, "CUT_EVERY", 4)
    docs = [search.SearchDoc(f"d{i}/", "x" * 100) for i in range(400)]
    before = list(search.parts(docs, 2000))
    docs[150] = search.SearchDoc("d150/", "x" * 160)  # one document grows
    after = list(search.parts(docs, 2000))
    assert len(before) > 10
    assert sum(part not in before for part in after) == 1


def test_a_symlinked_output_is_written_through_with_the_cache_too(project, tmp_path):
    real, out, cache = tmp_path / "real", tmp_path / "_site", Cache(tmp_path / "cache")
    real.mkdir()
    out.symlink_to(real)
    build.build(project, out, None, search=False, cache=cache)
    edit_claim(project)
    build.build(project, out, None, search=False, cache=cache)
    build.build(project, tmp_path / "cold", None, search=False)
    assert out.is_symlink()
    assert tree_digest(real) == tree_digest(tmp_path / "cold")


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_content_file_read_is_kept_for_the_next_build_even_by_a_forked_reader(project, tmp_path, jobs):
    """Files read in forked children come back with their memo entries: the second build parses nothing."""
    out, cache = tmp_path / "_site", Cache(tmp_path / "cache")
    build.build(project, out, None, search=False, jobs=jobs, cache=cache)
    kept = cache.load(build.FILES)
    articles = sorted((project / "site_src" / "articles").glob("*.md"))
    assert {key[1] for key in kept} >= {f"site_src/articles/{p.name}" for p in articles}
    assert len(kept) == len(articles) + len(list((project / "site_src" / "claims").glob("*.y*ml"))) + 2


def claim_row(statement: str, subject: str = "Iran") -> ClaimRow:
    """A claim row as Refs makes it, showing `statement` about `subject`."""
    actor = ActorRef(subject.lower(), subject, "state", f"actors/{subject.lower()}/")
    return ClaimRow("c", "claims/c/", statement, "event", "corroborated", 2, 3, False, (actor,), (actor.id,),
                    DateView.of("2014-12-27", None))


def test_a_page_key_shows_each_shared_link_view_by_what_it_holds(tmp_path):
    reuse = PageReuse({}, "stamp", tmp_path, tmp_path / "notes", UsedNames({}))
    key = lambda *rows: reuse.key("listing.html", "x/", {"rows": list(rows), "title": "T"})  # noqa: E731
    row = claim_row("Words")
    assert key(row) == key(row) == key(claim_row("Words"))  # another object holding the same: another build's
    assert key(row) == PageReuse({}, "stamp", tmp_path, tmp_path / "n", UsedNames({})).key(
        "listing.html", "x/", {"rows": [claim_row("Words")], "title": "T"})
    assert len({key(row), key(claim_row("Other words")), key(claim_row("Words", "Iraq")), key(row, row)}) == 4
    assert reuse.key("listing.html", "x/", {"rows": [lambda: 1]}) is None  # cannot be pickled: never reused
    dated = [reuse.key("t.html", "x/", {"date": DateView.of(iso, None)}) for iso in ("2014-12-27", "2014-12-28")]
    assert dated[0] != dated[1] and DateView in plain_dataclasses()  # a view object by its attributes


def test_only_dataclasses_pickled_as_their_attributes_are_keyed_by_them():
    assert {ClaimPage, Loc, DateView} <= set(plain_dataclasses())
    assert IndexMap not in plain_dataclasses()  # slots: keyed as pickle keys it
