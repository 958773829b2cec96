"""Stage 5: the Pagefind search index, built from the model (never downloaded at build time).

Pagefind does not crawl the rendered site: its cost and memory follow the pages it reads, and a reader's
browser loads one entry per indexed page before the first query (docs/design-decisions.md, "Search at
scale"). `search_corpus` writes small HTML documents instead, into a temporary folder outside the output:
  - claims, GROUP_SIZE to a document, each claim a heading whose id is the claim's own URL, followed by its
    quotes. Pagefind returns a "sub-result" per matching heading, and search.js shows each as a claim
    result linking to the claim's permanent page; the group document's own URL is never shown.
    Claims are grouped by their status label, which the document carries for the status badge.
  - one document per article (title, editorial notes, body text) and per actor (name, aliases,
    description), at the URL of its page.
Pagefind then writes its bundle into <out>/pagefind, and the temporary folder is removed.

Pagefind writes its filter indexes in hash-map order, so two runs over the same pages give
different bytes (Pagefind issue #638). `stabilize` re-encodes those files in sorted order and
renames them by content, so the same input builds a byte-identical site. That depends on Pagefind's
file format, so pyproject.toml pins Pagefind exactly and tests/test_search_format.py fails loudly when
the installed version writes anything stabilize does not expect. CBOR is read and written with cbor2.
"""
from __future__ import annotations

import gzip
import hashlib
import html
import importlib.util
import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import cbor2

from . import urls, vocab
from .formats import plain_refs
from .model import Actor, Article, Claim
from .outdir import BuildError
from .text import render_document
from .xref import Site

SIGNATURE = b"pagefind_dcd"
# Claims per search document. A reader's browser loads ~8 bytes per document before any query, and the
# whole document (gzipped) for each result shown: 20 keeps both small (docs/performance.md, "Search at scale").
GROUP_SIZE = 20
# A phrase from a quote should find its claim before the long article the quote comes from.
QUOTE_WEIGHT = 4
Names = Mapping[str, tuple[str, str]]  # what [[id]] in editorial prose names (links.Refs.names)


@dataclass(frozen=True)
class SearchDoc:
    """One HTML document for Pagefind: the site-relative URL it is indexed under, and its HTML."""

    url: str
    html: str


def index_site(site: Site, out: Path, names: Names) -> None:
    """Index the model's claims, actors and articles with Pagefind into out/pagefind, byte-stable."""
    if importlib.util.find_spec("pagefind") is None:
        raise BuildError("pagefind is not installed; run: pip install 'pagefind[bin]' (or pip install -e .)")
    corpus = Path(tempfile.mkdtemp(prefix="evidence-search-"))
    try:
        write_corpus(search_corpus(site, names), corpus)
        run_pagefind(corpus, out / "pagefind")
    finally:
        shutil.rmtree(corpus, ignore_errors=True)  # the folder mkdtemp made for this build, nothing else
    stabilize(out / "pagefind")


def run_pagefind(corpus: Path, bundle: Path) -> None:
    """`python -m pagefind` over the search corpus, writing its bundle to `bundle`."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(corpus), "--output-path", str(bundle), "--quiet"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0 or not (bundle / "pagefind.js").exists():
        raise BuildError(f"pagefind failed (exit {result.returncode}):\n{result.stdout}{result.stderr}")


def write_corpus(docs: Iterator[SearchDoc], folder: Path) -> None:
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
        head += f'\n<meta data-pagefind-meta="status[content]" content="{esc(status)}">'
    return (f'<!doctype html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">\n{head}\n</head><body>\n'
            f"{body}\n</body></html>\n")


def prose_text(markdown_text: str, names: Names) -> str:
    """What a reader sees of an editorial note: Markdown rendered to text, each [[id]] as the name of its page."""
    return plain_refs(render_document(markdown_text).text, names)


def esc(text: str) -> str:
    """Text escaped for HTML content and attributes."""
    return html.escape(text, quote=True)


def stabilize(bundle: Path) -> None:
    """Sort every filter index, name it by its content, and point the metadata and entry file at it."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_pf(meta_path)
        filters = []
        for name, old_hash in meta[3]:
            old = bundle / "filter" / f"{old_hash}.pf_filter"
            fname, values = read_pf(old)
            new_hash = write_pf_hashed(bundle / "filter", lang, 7, ".pf_filter",
                                       [fname, sorted([v, sorted(pages)] for v, pages in values)])
            if new_hash != old_hash:
                old.unlink()
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        meta_path.unlink()
        info["hash"] = write_pf_hashed(bundle, lang, 10, ".pf_meta", meta, prefix="pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def read_pf(path: Path):
    """Decode a Pagefind index file: gzip, a signature, then one CBOR value."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind index file")
    stream = io.BytesIO(raw[len(SIGNATURE):])
    value = cbor2.load(stream)
    if stream.read(1):
        raise ValueError(f"{path}: trailing bytes after the index")
    return value


def write_pf_hashed(folder: Path, lang: str, digits: int, suffix: str, value, prefix: str = "") -> str:
    """Write a Pagefind index file named by a hash of its content; return the hash as Pagefind names it."""
    # cbor2 writes the shortest form of each head, as Pagefind does; floats (which would need
    # canonical=True to be shortest) never occur in the files stabilize rewrites.
    raw = SIGNATURE + cbor2.dumps(value)
    name = f"{lang}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name
