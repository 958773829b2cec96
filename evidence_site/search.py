"""Stage 5: the Pagefind search index, built from the model (never downloaded at build time).

Pagefind does not crawl the rendered site: its cost and memory follow the text it reads, and a reader's
browser loads an entry for every indexed page before the first query (docs/design-decisions.md, "Search at
scale"). `search_corpus` writes small HTML documents instead, into a temporary folder outside the output:
  - claims, GROUP_SIZE to a document, each claim a heading whose id is the claim's own URL, followed by its
    quotes. Pagefind returns a "sub-result" per matching heading, and search.js shows each as a claim
    result linking to the claim's permanent page; the group document's own URL is never shown.
    Claims are grouped by their status label, which the document carries (a filter) for the status badge.
  - one document per actor (name, aliases, description) and per article (title, notes, body text), at the
    URL of its page.
Pagefind runs over parts of PART_BYTES of documents, --jobs of them at a time, so its memory stays bounded
however large the site; pagefind_bundle.assemble joins the parts into one byte-stable bundle in <out>/pagefind.
"""
from __future__ import annotations

import hashlib
import html
import importlib.metadata
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import urls, vocab
from .cache import keep_bundle, kept_bundle, kept_words, prune_bundles
from .formats import plain_refs
from .model import Actor, Article, Claim
from .outdir import BuildError
from .pagefind_bundle import FormatError, assemble
from .text import render_document
from .xref import Site

# Claims per search document. A reader's browser loads ~8 bytes per document before any query, and the
# whole document (gzipped) for each result shown: 20 keeps both small (docs/performance.md, "Search at scale").
GROUP_SIZE = 20
# A phrase from a quote should find its claim before the long article the quote comes from.
QUOTE_WEIGHT = 4
# HTML per Pagefind run: Pagefind needs about 70 bytes of memory per byte of article text it holds, so a part of
# 8 MB peaks near 600 MB (docs/performance.md, "Search at scale").
PART_BYTES = 8_000_000
# One URL in CUT_EVERY may end a part once it holds an eighth of PART_BYTES: with documents of about 4 KB, a
# part then holds about 1 + 1.6 MB of them. A rebuild indexes again the part an edit touched (writing and then
# deleting its documents), where each more part costs a cold build about 0.17 s of Pagefind's start-up.
CUT_EVERY = 400
# How often the build looks for an ended Pagefind process when several run at once (a run takes about a second).
POLL_SECONDS = 0.02
Names = Mapping[str, tuple[str, str]]  # what [[id]] in editorial prose names (links.Refs.names)


@dataclass(frozen=True)
class SearchDoc:
    """One HTML document for Pagefind: the site-relative URL it is indexed under, and its HTML."""

    url: str
    html: str


def index_site(site: Site, out: Path, names: Names) -> None:
    """Index the model's claims, actors and articles with Pagefind into out/pagefind, byte-stable.

    The build does the two halves in two processes (build.build): the documents are written by the process
    that holds the model, Pagefind runs after that process has exited and given its memory back.
    """
    require_pagefind()
    with tempfile.TemporaryDirectory(prefix="evidence-search-") as tmp:
        write_search_corpus(site, names, Path(tmp))
        index_corpus(Path(tmp), out)


def require_pagefind() -> None:
    """A build error, with the fix, when Pagefind is not installed."""
    if importlib.util.find_spec("pagefind") is None:
        raise BuildError("pagefind is not installed; run: pip install 'pagefind[bin]' (or pip install -e .)")


def write_search_corpus(site: Site, names: Names, folder: Path, kept: Path | None = None) -> None:
    """The search documents, cut into parts of about PART_BYTES, each written to folder/corpus-NNNNN.

    With `kept` (the build cache's bundles), each part's key is written to folder/key-NNNNN, and its documents
    only when no whole bundle is kept for that key: the parts an edit did not touch are neither written nor
    indexed again.
    """
    for number, docs in enumerate(parts(search_corpus(site, names), PART_BYTES)):
        key = part_key(docs) if kept else None
        if key:
            (folder / f"key-{number:05d}").write_text(key, encoding="ascii")
        if key is None or kept_bundle(kept, key) is None:
            write_corpus(docs, folder / f"corpus-{number:05d}")


def index_corpus(folder: Path, out: Path, kept: Path | None = None, previous: Path | None = None,
                 jobs: int = 1) -> None:
    """Pagefind over each part in `folder`, `jobs` parts at a time (its memory stays that of `jobs` parts), then the
    parts assembled into out/pagefind. A site without a claim, actor or article has no part and gets no index.

    With `kept`, a part with a key but no documents is the bundle kept under that key (checked whole when the
    documents were written), and Pagefind's bundles of the other parts are kept there for the next build. A file
    of the bundle with the same name and bytes in `previous` (the output before this build) is linked from there.
    """
    numbers = sorted({p.name.split("-")[1] for p in folder.glob("corpus-*")} |
                     {p.name.split("-")[1] for p in folder.glob("key-*")})
    parts = [part_of(folder, number, kept) for number in numbers]
    run_pagefind_over([(part.corpus, part.bundle) for part in parts if part.corpus], jobs)
    bundles = [keep_bundle(kept, part.key, part.bundle) if kept and part.key else part.bundle for part in parts]
    if bundles:
        assemble_bundle(bundles, out / "pagefind", kept, previous and previous / "pagefind")
    if kept:
        prune_bundles(kept, {b.name for b in bundles})


@dataclass(frozen=True)
class SearchPart:
    """One part of the search documents: where its bundle is or will be, and how it is made."""

    bundle: Path
    corpus: Path | None = None  # the documents Pagefind indexes into `bundle`; None: a bundle kept whole
    key: str | None = None  # the cache key the bundle Pagefind makes is kept under


def part_of(folder: Path, number: str, kept: Path | None) -> SearchPart:
    """Part `number`: its kept bundle, or its documents for Pagefind to index (into the cache, with one)."""
    corpus, key_file, made = folder / f"corpus-{number}", folder / f"key-{number}", folder / f"bundle-{number}"
    key = key_file.read_text(encoding="ascii") if kept and key_file.exists() else None
    if key is None:
        return SearchPart(made, corpus)
    if not corpus.exists():
        return SearchPart(kept / key)
    try:
        kept.mkdir(parents=True, exist_ok=True)
    except OSError:  # the cache cannot be written: Pagefind writes where it would without one
        return SearchPart(made, corpus)
    return SearchPart(kept / f".{key}.{os.getpid()}.new", corpus, key)  # on the cache's own file system, then renamed


def part_key(docs: list[SearchDoc]) -> str:
    """What Pagefind's bundle of a part depends on: its version, and every document's path and text."""
    digest = hashlib.sha256(f"pagefind {importlib.metadata.version('pagefind_bin')}\0".encode())
    for doc in docs:
        digest.update(f"{urls.output_path(doc.url)}\0{doc.html}\0".encode())
    return digest.hexdigest()[:32]


def assemble_bundle(bundles: list[Path], dest: Path, kept: Path | None = None, previous: Path | None = None
                    ) -> None:
    """pagefind_bundle.assemble (leaving the bundles whole, their words parsed once, when `kept` keeps them), its
    format errors a build error."""
    try:
        assemble(bundles, dest, keep=kept is not None, previous=previous, words=kept and partial(kept_words, kept))
    except FormatError as error:
        raise BuildError(f"Pagefind wrote an index this build cannot read ({error}); pyproject.toml pins the "
                         "Pagefind version it can read: pip install -e .") from error


def parts(docs: Iterable[SearchDoc], budget: int) -> Iterator[list[SearchDoc]]:
    """The documents in order, cut into runs of at most `budget` bytes of HTML (at least one document each).

    A run ends after a document whose URL is a cut point (`cut_after`) once it holds an eighth of the budget, or
    where the next document would take it over the budget. The cut points depend on URLs, not on sizes, so an
    edit to one document changes one run and the build cache reuses Pagefind's bundles of all the others.
    """
    part, size = [], 0
    for doc in docs:
        if part and size + len(doc.html) > budget:
            yield part
            part, size = [], 0
        part.append(doc)
        size += len(doc.html)
        if size >= budget // 8 and cut_after(doc.url):
            yield part
            part, size = [], 0
    if part:
        yield part


def cut_after(url: str) -> bool:
    """Whether a run of documents may end after this URL: one URL in CUT_EVERY, by a hash (stable everywhere)."""
    return int.from_bytes(hashlib.sha256(url.encode()).digest()[:4], "big") % CUT_EVERY == 0


@dataclass
class PagefindRun:
    """One `python -m pagefind` process over a folder of search documents, writing its bundle; output to a log."""

    corpus: Path
    bundle: Path
    process: subprocess.Popen

    @staticmethod
    def start(corpus: Path, bundle: Path) -> PagefindRun:
        """Start Pagefind over `corpus`."""
        with open(bundle.with_suffix(".log"), "wb") as log:
            return PagefindRun(corpus, bundle, subprocess.Popen(pagefind_command(corpus, bundle), stdout=log,
                                                                stderr=subprocess.STDOUT))

    def wait(self) -> None:
        """Wait for it to end; a failure is a build error with what Pagefind said."""
        code = self.process.wait()
        if code != 0 or not (self.bundle / "pagefind.js").exists():
            said = self.bundle.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
            raise BuildError(f"pagefind failed (exit {code}):\n{said}")

    def stop(self) -> None:
        """End the process if it still runs (the build failed or was interrupted meanwhile)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def pagefind_command(corpus: Path, bundle: Path) -> list[str]:
    """The command that indexes `corpus` into `bundle`: the Pagefind installed with this tool."""
    return [sys.executable, "-m", "pagefind", "--site", str(corpus), "--output-path", str(bundle), "--quiet"]


def run_pagefind(corpus: Path, bundle: Path) -> None:
    """Pagefind over one folder of search documents, waited for (and stopped if the build is interrupted)."""
    run_pagefind_over([(corpus, bundle)], 1)


def run_pagefind_over(runs: list[tuple[Path, Path]], width: int) -> None:
    """Pagefind over each (documents, bundle) of `runs`, `width` processes at a time (each keeps one core busy);
    every process still running is stopped when one fails or the build is interrupted."""
    waiting, running = list(reversed(runs)), []
    try:
        while waiting or running:
            while waiting and len(running) < max(width, 1):
                running.append(PagefindRun.start(*waiting.pop()))
            ended = first_ended(running)
            running.remove(ended)
            ended.wait()
    finally:
        for run in running:
            run.stop()


def first_ended(runs: list[PagefindRun]) -> PagefindRun:
    """The first of `runs` to end; the only one, without waiting (its `wait` does)."""
    while len(runs) > 1:
        for run in runs:
            if run.process.poll() is not None:
                return run
        time.sleep(POLL_SECONDS)
    return runs[0]


def write_corpus(docs: Iterable[SearchDoc], folder: Path) -> None:
    """Write each document where Pagefind derives its URL from the path: 'articles/x/' → articles/x/index.html."""
    for doc in docs:
        path = folder / urls.output_path(doc.url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc.html, encoding="utf-8", newline="\n")


def search_corpus(site: Site, names: Names) -> Iterator[SearchDoc]:
    """Every search document, in a fixed order: claim groups, actors, articles."""
    corpus, lang = site.corpus, site.corpus.config.language
    for url, label, body in claim_groups(site, names):
        yield SearchDoc(url, document(lang, "claim", body, status=label))
    for a in corpus.actors.values():
        yield SearchDoc(urls.actor(a.id), document(lang, "actor", actor_html(a, names)))
    for a in corpus.articles.values():
        yield SearchDoc(urls.article(a.id), document(lang, "article", article_html(site, a, names)))


def claim_groups(site: Site, names: Names) -> Iterator[tuple[str, str, str]]:
    """(URL, status label, body) per group: claims of one status label, GROUP_SIZE at a time, by first subject."""
    by_label: dict[str, list[Claim]] = {}
    for claim in site.corpus.claims.values():
        by_label.setdefault(status_label(site, claim), []).append(claim)
    for number, (label, claims) in enumerate(sorted(by_label.items())):
        claims.sort(key=lambda c: (c.subjects[:1], c.id))  # a name's claims fall in few documents
        for start in range(0, len(claims), GROUP_SIZE):
            body = "\n".join(claim_html(c, names) for c in claims[start:start + GROUP_SIZE])
            # The group's own URL is never shown: search.js links each claim's page (its heading's id).
            yield f"claim-groups/{number}-{start // GROUP_SIZE}/", label, body


def status_label(site: Site, claim: Claim) -> str:
    """The status as the claim's badge words it (an assessment's as a view), as links.ClaimRow does."""
    term = vocab.STATUSES[site.status[claim.id].status]
    return term.view_label if claim.type == "assessment" else term.label


def claim_html(claim: Claim, names: Names) -> str:
    """A claim as a heading (id: its URL) over its quotes and notes."""
    lines = [f'<h2 id="{esc(urls.claim(claim.id))}">{esc(claim.statement)}</h2>']
    lines += [f'<p data-pagefind-weight="{QUOTE_WEIGHT}">{esc(e.quote)}</p>' for e in claim.evidence]
    notes = [claim.note, *(e.note for e in claim.evidence)]
    lines += [f"<p>{esc(prose_text(n, names))}</p>" for n in notes if n]
    return "\n".join(lines)


def actor_html(actor: Actor, names: Names) -> str:
    """The body of an actor's document: name, the other names they are written as, description."""
    lines = [f"<h1>{esc(actor.name)}</h1>"]
    lines += [f"<p>{esc(', '.join(actor.aliases))}</p>"] if actor.aliases else []
    lines += [f"<p>{esc(plain_refs(actor.description, names))}</p>"]
    return "\n".join(lines)


def article_html(site: Site, article: Article, names: Names) -> str:
    """The body of an article's document: title, editorial notes, the text of each block (as paragraphs, so no
    heading of the body splits the article into sub-results)."""
    lines = [f"<h1>{esc(article.title)}</h1>"]
    lines += [f"<p>{esc(prose_text(n, names))}</p>" for n in article.notes]
    lines += [f"<p>{esc(b.text)}</p>" for b in site.docs[article.id].blocks]
    return "\n".join(lines)


def document(lang: str, kind: str, body: str, status: str | None = None) -> str:
    """A search document in the site's language (Pagefind keeps one index per language, the search page loads
    its own): its type filter, a claim group's status label (for the badge), then the body."""
    head = f'<meta data-pagefind-filter="type[content]" content="{kind}">'
    if status:
        head += f'\n<meta data-pagefind-filter="status[content]" content="{esc(status)}">'
    return (f'<!doctype html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">\n{head}\n</head><body>\n'
            f"{body}\n</body></html>\n")


def prose_text(markdown_text: str, names: Names) -> str:
    """What a reader sees of an editorial note: Markdown rendered to text, each [[id]] as the name of its page."""
    return plain_refs(render_document(markdown_text).text, names)


def esc(text: str) -> str:
    """Text escaped for HTML content and attributes."""
    return html.escape(text, quote=True)
