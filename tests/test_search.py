"""The search documents written from the model (evidence_site/search.py), and what index_site leaves behind.

What Pagefind makes of them is checked in tests/test_search_format.py; what a reader sees in the browser in
tests/test_browser.py and tests/test_reader_b.py.
"""
from __future__ import annotations

import dataclasses
import gzip
import json
import re
import signal
import sys
import tempfile
from html import unescape

import pytest

from evidence_site import build, search, urls
from evidence_site.links import Refs
from evidence_site.outdir import BuildError
from evidence_site.pagefind_bundle import read_pf

from helpers import MINI


@pytest.fixture(scope="module")
def gathered():
    """The mini corpus's Site and Plan."""
    site, plan, problems = build.gather(MINI, None)
    assert not problems.errors
    return site, plan


@pytest.fixture(scope="module")
def docs(gathered) -> list[search.SearchDoc]:
    """Every search document of the mini corpus."""
    site, plan = gathered
    return list(search.search_corpus(site, plan.names))


def kind(doc: search.SearchDoc) -> str:
    """The document's type filter."""
    return re.search(r'data-pagefind-filter="type\[content\]" content="(\w+)"', doc.html).group(1)


def sections(doc: search.SearchDoc) -> dict[str, str]:
    """A claim group's claims: heading id -> the heading and everything up to the next heading."""
    body = doc.html.split("<body>")[1]
    return dict(re.findall(r'<h2 id="([^"]+)">(.*?)(?=<h2 |</body>)', body, re.S))


def text(fragment: str) -> str:
    """Visible text of HTML, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_every_claim_is_one_heading_whose_id_is_its_url_in_a_group_of_its_status(gathered, docs):
    site, _ = gathered
    rows = Refs(site).claims  # the claims index's own status wording: the badges are keyed by it
    seen = {}
    for doc in docs:
        if kind(doc) == "claim":
            status = re.search(r'data-pagefind-filter="status\[content\]" content="([^"]+)"', doc.html).group(1)
            assert 0 < len(sections(doc)) <= search.GROUP_SIZE
            for anchor in sections(doc):
                assert anchor not in seen
                seen[anchor] = unescape(status)
    assert seen == {urls.claim(c): row.status_label for c, row in rows.items()}


def test_a_claim_is_found_by_its_statement_and_the_words_of_its_quotes_with_weight(gathered, docs):
    site, _ = gathered
    claimed = {a: s for d in docs if kind(d) == "claim" for a, s in sections(d).items()}
    for claim in site.corpus.claims.values():
        section = claimed[urls.claim(claim.id)]
        assert text(section.split("</h2>")[0]) == " ".join(claim.statement.split())
        for ev in claim.evidence:
            assert f'<p data-pagefind-weight="{search.QUOTE_WEIGHT}">{search.esc(ev.quote)}</p>' in section


def test_group_documents_hold_nothing_before_their_first_claim(docs):
    """Text before the first heading would be a result of its own, linking the group's URL, which no page has."""
    for doc in docs:
        if kind(doc) == "claim":
            assert doc.html.split("<body>\n")[1].startswith("<h2 id=")


def test_actors_and_articles_are_one_document_each_at_their_page_url(gathered, docs):
    site, _ = gathered
    by_url = {d.url: d for d in docs}
    for actor in site.corpus.actors.values():
        doc = by_url[urls.actor(actor.id)]
        assert kind(doc) == "actor" and f"<h1>{search.esc(actor.name)}</h1>" in doc.html
        assert all(search.esc(alias) in doc.html for alias in actor.aliases)
    for article in site.corpus.articles.values():
        doc = by_url[urls.article(article.id)]
        assert kind(doc) == "article" and f"<h1>{search.esc(article.title)}</h1>" in doc.html
        assert re.findall(r"<h\d", doc.html) == ["<h1"]  # no heading splits an article into sub-results
        for block in site.docs[article.id].blocks:
            assert f"<p>{search.esc(block.text)}</p>" in doc.html
    assert len(docs) == len(by_url)


def test_prose_names_pages_by_their_titles_and_everything_is_escaped(gathered):
    site, plan = gathered
    actor, other = list(site.corpus.actors.values())[:2]
    odd = dataclasses.replace(actor, name="A <b> & “C”", description=f"Works with [[{other.id}]] & <i>friends</i>.")
    html = search.actor_html(odd, plan.names)
    assert "<h1>A &lt;b&gt; &amp; “C”</h1>" in html
    assert f"<p>Works with {search.esc(other.name)} &amp; &lt;i&gt;friends&lt;/i&gt;.</p>" in html


def test_parts_keep_the_order_and_stay_within_the_budget_but_for_one_large_document():
    docs = [search.SearchDoc(f"d{i}/", "x" * size) for i, size in enumerate([40, 40, 30, 100, 10, 10])]
    parts = list(search.parts(docs, 80))
    assert [[d.url for d in part] for part in parts] == [["d0/", "d1/"], ["d2/"], ["d3/"], ["d4/", "d5/"]]


def test_index_site_writes_the_bundle_and_leaves_no_temporary_folder(gathered, tmp_path, monkeypatch):
    site, plan = gathered
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(search, "PART_BYTES", 2000)  # several Pagefind runs, even for the mini corpus
    search.index_site(site, tmp_path / "out", plan.names)
    assert list((tmp_path / "tmp").iterdir()) == []
    entry = json.loads((tmp_path / "out" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(list(search.search_corpus(site, plan.names)))


def test_the_built_index_gives_each_claim_its_status_label(real_site):
    """End to end: every claim of the project's own site is in the index, under its status label."""
    bundle = real_site / "pagefind"
    ((_, info),) = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"].items()
    found = {}
    for name, _ in read_pf(bundle / f"pagefind.{info['hash']}.pf_meta")[1]:
        raw = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
        page = json.loads(raw[raw.index(b"{"):])
        for anchor in page["anchors"]:
            found[anchor["id"]] = page["filters"]["status"]
    claims = json.loads((real_site / "data" / "claims.json").read_text(encoding="utf-8"))
    assert found == {c["url"]: [c["status_label"]] for c in claims}


def test_a_failing_pagefind_run_is_a_build_error_with_what_pagefind_said(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(BuildError, match="(?s)pagefind failed .*not able to build an index"):
        search.run_pagefind(tmp_path / "empty", tmp_path / "bundle")


def test_a_site_with_nothing_to_find_gets_no_index(gathered, tmp_path):
    site, plan = gathered
    nothing = dataclasses.replace(site.corpus, claims={}, actors={}, articles={})
    search.index_site(dataclasses.replace(site, corpus=nothing), tmp_path, plan.names)
    assert list(tmp_path.iterdir()) == []


# A stand-in for Pagefind: notes when it starts and ends, sleeps, then writes a bundle, or fails at once when its
# documents' folder is named "broken".
FAKE_PAGEFIND = """
import os, pathlib, sys, time
corpus, bundle, log = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
with open(log, "a") as f:
    f.write(f"start {corpus.name} {time.monotonic()}\\n")
if corpus.name == "broken":
    sys.exit("not able to build an index")
time.sleep(float(os.environ.get("FAKE_PAGEFIND_SECONDS", "0.8")))
bundle.mkdir(parents=True)
(bundle / "pagefind.js").write_text("")
with open(log, "a") as f:
    f.write(f"end {corpus.name} {time.monotonic()}\\n")
"""


@pytest.fixture
def fake_pagefind(tmp_path, monkeypatch):
    """Pagefind replaced by FAKE_PAGEFIND; returns its log of starts and ends."""
    script, log = tmp_path / "fake_pagefind.py", tmp_path / "runs.log"
    script.write_text(FAKE_PAGEFIND, encoding="utf-8")
    monkeypatch.setattr(search, "pagefind_command",
                        lambda corpus, bundle: [sys.executable, str(script), str(corpus), str(bundle), str(log)])
    return log


def most_at_once(log) -> int:
    """The most fake Pagefind runs that were running at the same time, from its log."""
    events = sorted((float(t), 1 if what == "start" else -1) for what, _, t in
                    (line.split() for line in log.read_text().splitlines()))
    running = peak = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    return peak


@pytest.mark.parametrize("width", [1, 2, 3])
def test_pagefind_runs_as_many_parts_at_once_as_the_build_has_jobs(tmp_path, fake_pagefind, width):
    runs = [(tmp_path / f"corpus-{n}", tmp_path / f"bundle-{n}") for n in range(width + 2)]
    search.run_pagefind_over(runs, width)
    assert all((bundle / "pagefind.js").exists() for _, bundle in runs)
    assert most_at_once(fake_pagefind) == width


def test_a_failing_pagefind_run_stops_the_others_and_is_a_build_error(tmp_path, fake_pagefind, monkeypatch):
    monkeypatch.setenv("FAKE_PAGEFIND_SECONDS", "60")
    started, real = [], search.PagefindRun.start

    def start(corpus, bundle):
        started.append(real(corpus, bundle))
        return started[-1]

    monkeypatch.setattr(search.PagefindRun, "start", staticmethod(start))
    runs = [(tmp_path / "slow", tmp_path / "bundle-slow"), (tmp_path / "broken", tmp_path / "bundle-broken"),
            (tmp_path / "never", tmp_path / "bundle-never")]
    with pytest.raises(BuildError, match="(?s)pagefind failed .*not able to build an index"):
        search.run_pagefind_over(runs, 2)
    assert [run.corpus.name for run in started] == ["slow", "broken"]  # the third was never started
    slow = started[0].process
    assert slow.returncode == -signal.SIGKILL  # stopped (and reaped) rather than left to run its 60 s
