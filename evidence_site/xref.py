"""Stage 2b: cross-reference — locate every quote and mention, derive statuses, build the indexes.

Every index is built in one pass over the corpus, so no page has to scan all claims.
"""
from __future__ import annotations

import operator
import re
from collections import defaultdict
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import partial

from . import workers
from .model import Claim, Corpus, Evidence
from .problems import Problems
from .provenance import OriginGroup, RelayGraph, independent_groups
from .text import (
    Block,
    Document,
    closest_passage,
    find_spans,
    first_difference,
    normal,
    normalize,
    sentence_spans,
)
from .validate import Parsed

STATUSES = ("contested", "corroborated", "single-source", "partly-supported", "unsupported")


@dataclass(frozen=True)
class QuoteSpot:
    """Where a quote sits in its article: block number and character span in the block text."""

    block: int
    start: int
    end: int


@dataclass(frozen=True)
class EvidenceRef:
    """One evidence item of a claim, numbered within the claim (#e1…), with its located quote."""

    claim_id: str
    number: int
    evidence: Evidence
    spot: QuoteSpot | None
    chain: tuple[str, ...] = ()  # origin first, then each report or article that relayed the words, the article last

    @property
    def anchor(self) -> str:
        """Fragment id of this item on its claim page."""
        return f"e{self.number}"

    @property
    def quote_id(self) -> str:
        """Fragment id of the highlighted quote on the article page."""
        return f"q-{self.claim_id}-{self.number}"


@dataclass(frozen=True)
class Mention:
    """An actor named in an article block, with the sentence it stands in."""

    actor: str
    article: str
    block: int
    start: int
    end: int
    sentence: tuple[int, int]


@dataclass(frozen=True)
class ClaimStatus:
    """The derived evidence status of a claim (see docs/status-rules.md)."""

    status: str
    supporting: tuple[OriginGroup, ...]  # independent origins of the full supporting items
    disputing: tuple[OriginGroup, ...]  # independent origins of the full disputing items
    articles: tuple[str, ...]
    anonymous_only: bool
    partial: int = 0  # items that support or dispute only part of the statement (never counted)

    @property
    def supporting_origins(self) -> tuple[str, ...]:
        """The independent supporting origins."""
        return tuple(g.origin for g in self.supporting)

    @property
    def disputing_origins(self) -> tuple[str, ...]:
        """The independent disputing origins."""
        return tuple(g.origin for g in self.disputing)

    @property
    def independent_origins(self) -> int:
        """How many independent origins support the claim."""
        return len(self.supporting)


def compute_status(evidence: tuple[Evidence, ...], anonymous: AbstractSet[str], graph: RelayGraph | None = None
                   ) -> ClaimStatus:
    """Apply the published rule: count independent origins of full items; a full dispute makes it contested."""
    full = [ev for ev in evidence if ev.counts]
    supporting = independent_groups((ev.origin for ev in full if ev.stance == "supports"), graph)
    disputing = independent_groups((ev.origin for ev in full if ev.stance == "disputes"), graph)
    partial = [ev for ev in evidence if ev.extent == "partial" and ev.stance != "context"]
    if supporting and disputing:
        status = "contested"
    elif len(supporting) >= 2:
        status = "corroborated"
    elif supporting:
        status = "single-source"
    elif any(ev.stance == "supports" for ev in partial):
        status = "partly-supported"
    else:
        status = "unsupported"
    speakers = [ev.speaker for ev in full if ev.stance == "supports"]
    return ClaimStatus(status, supporting, disputing, tuple(dict.fromkeys(ev.article for ev in evidence)),
                       bool(speakers) and all(s in anonymous for s in speakers), len(partial))


@dataclass
class Site:
    """The corpus plus everything derived from it: what the render stage reads."""

    corpus: Corpus
    docs: dict[str, Document]
    graph: RelayGraph
    evidence: dict[str, list[EvidenceRef]] = field(default_factory=dict)
    evidence_by_article: dict[str, list[EvidenceRef]] = field(default_factory=dict)
    mentions_by_article: dict[str, list[Mention]] = field(default_factory=dict)
    mentions_by_actor: dict[str, list[Mention]] = field(default_factory=dict)
    status: dict[str, ClaimStatus] = field(default_factory=dict)
    claims_by_speaker: dict[str, list[str]] = field(default_factory=dict)
    claims_by_subject: dict[str, list[str]] = field(default_factory=dict)
    related_back: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    claims_by_origin: dict[str, list[str]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    articles_by_actor: dict[str, list[str]] = field(default_factory=dict)
    relayed_by: dict[str, list[str]] = field(default_factory=dict)  # id -> reports and articles relaying it


def cross_reference(corpus: Corpus, parsed: Parsed, problems: Problems, jobs: int = 1,
                    recall: workers.Recall | None = None) -> Site:
    """Stage 3: locate every quote and mention (over `jobs` processes), count origins, and derive the whole-site
    indexes. With `recall`, a claim's quotes or an article's mentions found before in the same texts are not
    looked for again."""
    site = Site(corpus, parsed.docs, parsed.graph)
    locate_evidence(site, problems, jobs, first=partial(build_indexes, site, workers.held(recall)), recall=recall)
    find_mentions(site, jobs, recall)
    warn_unused(site, problems)
    return site


HINT_BUDGET = 20_000  # paragraphs compared per run for closest-passage hints (each a difflib match), as for bodies


def locate_quote(ev: Evidence, article_file: str, blocks: list[Block], problems: Problems,
                 hint: bool = True) -> QuoteSpot | None:
    """Find an evidence quote in its article as the reader sees it; report a miss (with the closest passage when
    `hint`) or an ambiguity."""
    pin = normal(ev.quote)
    spans = [(b, s, e) for b in blocks for s, e in find_spans(b.normalized, pin, normalized_needle=True)]
    loc = ev.loc.of("quote")
    if not spans:
        near = closest_passage(ev.quote, blocks) if hint else None
        hint = (f"closest passage, in {near[0].anchor}: “{near[1]}”; {first_difference(ev.quote, near[1])}"
                if near and near[2] > 0.4 else "copy the words exactly from the article body")
        problems.error(loc, f"quote not found verbatim in article '{ev.article}' ({article_file})", hint)
        return None
    if ev.occurrence is None and len(spans) > 1:
        where = ", ".join(b.anchor for b, _, _ in spans)
        problems.error(loc, f"quote occurs {len(spans)} times in article '{ev.article}' ({where})",
                       "add 'occurrence: N' to say which one (1 = first), or quote a longer passage")
        return None
    n = ev.occurrence or 1
    if n > len(spans):
        problems.error(ev.loc.of("occurrence"), f"occurrence {n} asked, but the quote occurs {len(spans)} time(s)",
                       f"use a number from 1 to {len(spans)}")
        return None
    block, start, end = spans[n - 1]
    return QuoteSpot(block.index, start, end)


def locate_evidence(site: Site, problems: Problems, jobs: int = 1, first: Callable[[], None] = lambda: None,
                    recall: workers.Recall | None = None) -> None:
    """Locate every evidence quote once; index evidence by claim and by article.

    The quotes are located over `jobs` processes (`first()` runs here meanwhile: work that needs no quote's place);
    a claim with a quote to report (not found, or found more than once) is located again here, in order, so that
    the hints stay within one budget for the whole run.
    """
    by_article: dict[str, list[EvidenceRef]] = defaultdict(list)
    hinted = 0  # bounds the cost of many bad quotes: past the budget, misses are reported without a hint
    claims = list(site.corpus.claims.values())
    run = partial(workers.spread, do=partial(quiet_spots, site), jobs=jobs, first=first)
    inputs = lambda claim: (claim, *(site.docs.get(ev.article) for ev in claim.evidence))  # noqa: E731
    located = []
    for claim, spots in zip(claims, workers.recalled(recall, "quotes", claims, inputs, run)):
        if spots is None:
            spots, hinted = claim_spots(site, claim, problems, hinted)
        located.append((claim, spots))
    each = workers.recalled(workers.held(recall), "evidence refs", located, lambda pair: (*pair, site.graph),
                            lambda todo: [evidence_refs(site, claim, spots) for claim, spots in todo])
    for (claim, _), refs in zip(located, each):
        for ref in refs:
            if ref.spot:
                by_article[ref.evidence.article].append(ref)
        site.evidence[claim.id] = refs
    site.evidence_by_article = {aid: sorted(refs, key=lambda r: (r.spot.block, r.spot.start, r.claim_id, r.number))
                                for aid, refs in sorted(by_article.items())}


def evidence_refs(site: Site, claim: Claim, spots: list[QuoteSpot | None]) -> list[EvidenceRef]:
    """A claim's evidence items, numbered, each with its quote's place and the chain its words travelled along."""
    return [EvidenceRef(claim.id, number, ev, spot, site.graph.chain(ev.article, ev.origin))
            for number, (ev, spot) in enumerate(zip(claim.evidence, spots), start=1)]


def claim_spots(site: Site, claim: Claim, problems: Problems, hinted: int) -> tuple[list[QuoteSpot | None], int]:
    """Where each quote of one claim is, misses reported (with the closest passage while `hinted`, the paragraphs
    compared for hints so far, is within the budget); and `hinted` after them."""
    spots = []
    for ev in claim.evidence:
        article = site.corpus.articles.get(ev.article)
        blocks = site.docs[ev.article].blocks if article else []
        before = len(problems.errors)
        spots.append(locate_quote(ev, article.loc.file, blocks, problems, hinted <= HINT_BUDGET) if article else None)
        hinted += len(blocks) if len(problems.errors) > before else 0
    return spots, hinted


def quiet_spots(site: Site, claim: Claim) -> list[QuoteSpot | None] | None:
    """Where each quote of one claim is; None when one must be reported (`claim_spots` then does, with hints)."""
    scratch = Problems()
    spots, _ = claim_spots(site, claim, scratch, HINT_BUDGET + 1)  # past the budget: no hint is worked out
    return None if scratch.errors else spots


_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class NameIndex:
    """Every actor name and alias, normalised, keyed by its first word (longest form first).

    Looking names up by the word they start with keeps mention-finding linear in the text,
    where one regex alternation of every name would cost text length × number of names.
    """

    by_first_word: dict[str, list[tuple[str, str]]]  # word -> [(form, actor id)], longest first

    @staticmethod
    def of(corpus: Corpus) -> NameIndex:
        """Index the names of every actor in the corpus."""
        index: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for actor in corpus.actors.values():
            for form in actor.names:
                norm = normalize(form)[0]
                first = _WORD.match(norm)
                if first:
                    index[first.group(0)].append((norm, actor.id))
        return NameIndex({w: sorted(forms, key=lambda f: (-len(f[0]), f[0])) for w, forms in index.items()})

    def find(self, text: str):
        """Yield (start, end, actor id) for each name in normalised text, on whole words, longest first."""
        pos = 0
        for word in _WORD.finditer(text):
            if word.start() < pos:
                continue
            for form, actor_id in self.by_first_word.get(word.group(0), ()):
                end = word.start() + len(form)
                runs_on = end < len(text) and (text[end].isalnum() or text[end] == "_")  # part of a longer word
                if text.startswith(form, word.start()) and not runs_on:
                    yield word.start(), end, actor_id
                    pos = end
                    break


def find_mentions(site: Site, jobs: int = 1, recall: workers.Recall | None = None) -> None:
    """Every mention of every actor in every article body, with its sentence (the bodies searched over `jobs`
    processes)."""
    if recall:  # the names, not the actors: an edit to an actor's description leaves every mention where it was
        forms = tuple((a.id, a.names) for a in site.corpus.actors.values())
        names = recall.value("names", forms, partial(NameIndex.of, site.corpus), operator.eq)
    else:
        names = NameIndex.of(site.corpus)
    by_actor: dict[str, list[Mention]] = defaultdict(list)
    ids = list(site.docs)
    run = partial(workers.spread, do=lambda aid: mentions_in(names, aid, site.docs[aid]), jobs=jobs)
    for aid, found in zip(ids, workers.recalled(recall, "mentions", ids, lambda aid: (site.docs[aid], names), run)):
        for mention in found:
            by_actor[mention.actor].append(mention)
        site.mentions_by_article[aid] = found
    site.mentions_by_actor = dict(sorted(by_actor.items()))


def mentions_in(names: NameIndex, aid: str, doc: Document) -> list[Mention]:
    """Every mention of an actor in one article body, in reading order."""
    found = []
    for block in doc.blocks:
        norm, index = block.normalized
        sentences = sentence_spans(block.text)
        for n_start, n_end, actor_id in names.find(norm):
            start, end = index[n_start], index[n_end - 1] + 1
            sentence = next((s for s in sentences if s[0] <= start < s[1]), (0, len(block.text)))
            found.append(Mention(actor_id, aid, block.index, start, end, sentence))
    return found


def _append(index: dict, key, value) -> None:
    """Add value to index[key] once, keeping first-seen order.

    Values arrive grouped (every entry for one claim, article or actor before the next), so a repeat can only be
    the bucket's last item: checking that keeps the cost constant where a search of the list grew with hub actors.
    """
    bucket = index.setdefault(key, [])
    if not bucket or bucket[-1] != value:
        bucket.append(value)


def build_indexes(site: Site, recall: workers.Recall | None = None) -> None:
    """Statuses and reverse indexes, in one pass over claims, articles and actors (in serve, a claim's status is
    the last one while the claim, the relay graph and the anonymous sources are)."""
    corpus = site.corpus
    found = frozenset(a.id for a in corpus.actors.values() if a.kind == "anonymous-source")
    anonymous = workers.recalled_value(recall, "anonymous", lambda: (found,), lambda: found, operator.eq)
    claims = list(corpus.claims.values())
    statuses = workers.recalled(recall, "statuses", claims, lambda c: (c, site.graph, anonymous),
                                lambda todo: [compute_status(c.evidence, anonymous, site.graph) for c in todo])
    for claim, status in zip(claims, statuses):
        site.status[claim.id] = status
        for sid in claim.subjects:
            _append(site.claims_by_subject, sid, claim.id)
        for ev in claim.evidence:
            _append(site.claims_by_speaker, ev.speaker, claim.id)
            _append(site.claims_by_origin, ev.origin, claim.id)
        for rel in claim.related:
            _append(site.related_back, rel.claim, (claim.id, rel.relation))
    site.relayed_by = site.graph.relayed_by()
    for article in corpus.articles.values():
        for aid in (article.outlet, article.author):
            if aid:
                _append(site.articles_by_actor, aid, article.id)
    for actor in corpus.actors.values():
        for aff in actor.affiliations:
            _append(site.members, aff, actor.id)


def warn_unused(site: Site, problems: Problems) -> None:
    """Warn about actors, reports and articles that nothing refers to."""
    corpus = site.corpus
    used_actors = (site.claims_by_subject.keys() | site.claims_by_speaker.keys() | site.mentions_by_actor.keys()
                   | site.articles_by_actor.keys() | site.members.keys()
                   | {r.outlet for r in corpus.reports.values()})
    for actor in corpus.actors.values():
        if actor.id not in used_actors:
            problems.warn(actor.loc, f"actor '{actor.id}' is not mentioned, quoted or referred to anywhere",
                          "remove it, or add the alias under which the articles name it")
    for report in corpus.reports.values():
        if report.id not in site.relayed_by and report.id not in site.claims_by_origin:
            problems.warn(report.loc, f"report '{report.id}' is neither relayed nor an evidence origin",
                          "add it to the relays of the article or report that carries its words, or remove it")
    for article in corpus.articles.values():
        if article.id not in site.evidence_by_article:
            problems.warn(article.loc, f"article '{article.id}' has no evidence quoted from it",
                          "add claims with evidence from it")
