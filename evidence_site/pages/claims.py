"""Claim pages: one permanent page per claim (evidence, provenance, relay diagram), and the claims index."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import cards, urls, vocab
from ..diagrams import Arrow, Box, layered_svg
from ..formats import plural
from ..links import (
    ActorRef,
    ArticleRef,
    ChainStep,
    ClaimRow,
    OriginView,
    Refs,
    chain_steps,
    rows_by_statement,
    status_counts,
)
from ..model import Claim
from ..paging import Pager, page_suffix, page_url, paginate, per_page
from ..xref import ClaimStatus, EvidenceRef, Site


@dataclass(frozen=True)
class EvidenceView:
    """One evidence item on a claim page."""

    anchor: str
    number: int
    quote: str
    stance: str
    speaker: ActorRef
    origin: OriginView
    article: ArticleRef
    paragraph: int | None
    fragment_url: str  # the highlighted quote in its article (article.js lights it up on arrival)
    note: str | None
    extent: str = "full"
    form: str = "quote"
    chain: tuple[ChainStep, ...] = ()

    @property
    def stance_label(self) -> str:
        """Human label of the stance, 'Partly supports' for a partial item."""
        term = vocab.STANCES[self.stance]
        return term.partial_label if self.extent == "partial" else term.label

    @property
    def form_label(self) -> str:
        """Quote, Paraphrase or Headline."""
        return vocab.FORMS[self.form].label

    @property
    def form_note(self) -> str:
        """What the form means for whose words these are."""
        return vocab.FORMS[self.form].note

    @property
    def counted(self) -> bool:
        """Whether the item counts toward the status (full, and supporting or disputing)."""
        return self.extent == "full" and self.stance != "context"


@dataclass(frozen=True)
class SourceGroup:
    """The items of one stance quoted from one article: the article is named once, then its items."""

    article: ArticleRef
    items: tuple[EvidenceView, ...]

    @property
    def own(self) -> bool:
        """Whether every item's words were first published in this article (no relay)."""
        return all(i.origin.id == self.article.id for i in self.items)


def by_article(items: Sequence[EvidenceView]) -> tuple[SourceGroup, ...]:
    """Items grouped by the article they are quoted from, the articles in the order of their first item."""
    groups: dict[str, list[EvidenceView]] = {}
    for item in items:
        groups.setdefault(item.article.id, []).append(item)
    return tuple(SourceGroup(g[0].article, tuple(g)) for g in groups.values())


@dataclass(frozen=True)
class RelatedView:
    """A related claim, listed once, with how it bears on this claim in words."""

    claim: ClaimRow
    relation: str  # the first relation in vocabulary order, for styling
    sentence: str  # e.g. "Contradicts this claim", "They contradict each other"


@dataclass(frozen=True)
class ProvenanceRow:
    """One evidence item in the claim's provenance table: which independent origin it counts under, and how."""

    item: EvidenceView
    group: OriginView | None  # the independent origin it is counted under; None when it does not count
    restates: bool  # its own origin relays the group's origin


    @property
    def says_more(self) -> bool:
        """Whether the row says more than the item's card: a relay, or an origin other than its own to count under."""
        return len(self.item.chain) > 1 or (self.group is not None and self.group.id != self.item.origin.id)


@dataclass(frozen=True)
class TableRow:
    """Items whose words travelled the same chain and count under the same origin: one row of the table."""

    items: tuple[EvidenceView, ...]
    group: OriginView | None
    restates: bool

    @property
    def chain(self) -> tuple[ChainStep, ...]:
        """The chain the items' words travelled, origin first."""
        return self.items[0].chain


def merged_rows(rows: Iterable[ProvenanceRow]) -> tuple[TableRow, ...]:
    """Rows of the same chain and counting origin merged, in the order of their first item."""
    merged: dict[tuple, list[ProvenanceRow]] = {}
    for r in rows:
        key = (tuple((s.node.id, s.inferred) for s in r.item.chain), r.group.id if r.group else None, r.restates)
        merged.setdefault(key, []).append(r)
    return tuple(TableRow(tuple(r.item for r in g), g[0].group, g[0].restates) for g in merged.values())


@dataclass(frozen=True)
class ClaimPage:
    """Everything the claim template shows."""

    row: ClaimRow
    claim: Claim
    reason: str
    supports: tuple[EvidenceView, ...]
    disputes: tuple[EvidenceView, ...]
    context: tuple[EvidenceView, ...]
    related: tuple[RelatedView, ...]
    provenance: tuple[ProvenanceRow, ...] = ()
    diagram: str = ""  # the relay diagram, drawn only when some item's words came through a relay

    @staticmethod
    def sources(items: Sequence[EvidenceView]) -> tuple[SourceGroup, ...]:
        """Items grouped by the article they are quoted from, for the template (see by_article)."""
        return by_article(items)

    @property
    def table(self) -> tuple[TableRow, ...]:
        """The provenance table: items whose words came through a relay, or that count under another origin; items
        sharing a chain and an origin in one row (docs/design-decisions.md, item 92)."""
        return merged_rows(r for r in self.provenance if r.says_more)

    @property
    def table_leaves_out(self) -> bool:
        """Whether some supporting or disputing item is not in the table (its card says all the table would)."""
        return any(not r.says_more for r in self.provenance)

    @property
    def own_origins_only(self) -> bool:
        """Whether every item's words were first published in the article it is quoted from (no relay, so no
        diagram) and each counted item counts under that origin: the provenance table would then only repeat what
        the evidence cards say."""
        return not self.diagram and all(r.group is None or r.group.id == r.item.origin.id for r in self.provenance)


def evidence_view(site: Site, refs: Refs, ref: EvidenceRef) -> EvidenceView:
    """One evidence item, with links to the paragraph and the highlighted quote."""
    ev = ref.evidence
    article = refs.articles[ev.article]
    words = ev.quote
    if ref.spot:
        block = site.docs[ev.article].blocks[ref.spot.block - 1]
        words = block.text[ref.spot.start:ref.spot.end]
    return EvidenceView(ref.anchor, ref.number, words, ev.stance, refs.actors[ev.speaker], refs.origins[ev.origin],
                        article, ref.spot.block if ref.spot else None,
                        f"{article.url}#{ref.quote_id}", ev.note, ev.extent, ev.form,
                        chain_steps(site, refs, ref.chain or (ev.article,)))


def relation_sentence(linked: set[str], linking: set[str]) -> str:
    """How a related claim bears on this one: each relation once, merged into one wording when it runs both ways."""
    parts = []
    for term in vocab.RELATIONS:
        if term.value in linked and term.value in linking:
            parts.append(term.mutual)
        elif term.value in linked or term.value in linking:
            parts.append(term.linked if term.value in linked else term.linking)
    return "; ".join([parts[0], *(p[0].lower() + p[1:] for p in parts[1:])])


def related_views(site: Site, refs: Refs, claim: Claim) -> tuple[RelatedView, ...]:
    """Every claim linked to or from this one, once each, in relation order, then as the content lists them."""
    linked: dict[str, set[str]] = {}
    linking: dict[str, set[str]] = {}
    for r in claim.related:
        linked.setdefault(r.claim, set()).add(r.relation)
    for src, rel in site.related_back.get(claim.id, []):
        linking.setdefault(src, set()).add(rel)
    views = []
    for other in dict.fromkeys([*linked, *linking]):
        relations = linked.get(other, set()) | linking.get(other, set())
        first = next(v for v in vocab.RELATIONS.values if v in relations)
        views.append(RelatedView(refs.claims[other], first,
                                 relation_sentence(linked.get(other, set()), linking.get(other, set()))))
    return tuple(sorted(views, key=lambda v: vocab.RELATIONS.values.index(v.relation)))


def provenance_rows(refs: Refs, st: ClaimStatus, items: list[EvidenceView]) -> tuple[ProvenanceRow, ...]:
    """Every supporting and disputing item with the independent origin it is counted under."""
    group_of = {}
    for group in (*st.supporting, *st.disputing):
        for origin in (group.origin, *group.restatements):
            group_of.setdefault(origin, group.origin)
    rows = []
    for item in items:
        if item.stance == "context":
            continue
        root = group_of.get(item.origin.id) if item.counted else None
        rows.append(ProvenanceRow(item, refs.origins[root] if root else None, bool(root and root != item.origin.id)))
    return tuple(rows)


def relay_diagram(refs: Refs, claim: Claim, items: list[EvidenceView], root: str) -> str:
    """The claim's relay diagram: origins, the reports and articles that carried the words, the evidence items."""
    consumers: dict[str, set[str]] = {}
    nodes: dict[str, OriginView] = {}
    dashed: set[tuple[str, str]] = set()
    for item in items:
        for step, nxt in zip(item.chain, item.chain[1:]):
            consumers.setdefault(step.node.id, set()).add(nxt.node.id)
            dashed |= {(step.node.id, nxt.node.id)} if step.inferred else set()
        for step in item.chain:
            nodes.setdefault(step.node.id, step.node)
            consumers.setdefault(step.node.id, set())
    level: dict[str, int] = {}

    def depth(node: str) -> int:
        if node not in level:
            level[node] = 0  # guards a cycle, which validation has already refused
            level[node] = 1 + max((depth(c) for c in consumers[node]), default=-1)
        return level[node]

    top = max((depth(n) for n in nodes), default=0)
    columns: list[list[Box]] = [[] for _ in range(top + 2)]
    for node_id, view in nodes.items():
        detail = view.date.label if view.kind == "report" and view.date else ("article" if view.kind == "article"
                                                                             else "date unknown")
        label = view.label.split(", ")[0] if view.kind == "report" else view.label
        columns[top - depth(node_id)].append(Box(node_id, label, detail, root + view.url, f"node node-{view.kind}"))
    arrows = [Arrow(a, b, (a, b) in dashed, "inferred relay" if (a, b) in dashed else "relayed by")
              for a in nodes for b in sorted(consumers[a])]
    for item in items:
        columns[-1].append(Box(item.anchor, f"{item.anchor} · {item.stance_label}",
                               f"{item.speaker.name} · {item.form_label.lower()}", f"#{item.anchor}",
                               f"node ev-node ev-{item.stance}"))
        arrows.append(Arrow(item.article.id, item.anchor))
    desc = (f"How the words of the {plural(len(items), 'evidence item')} travelled: from the report or article "
            "where they were first published, through each report or article that relayed them, to the evidence. "
            "Dashed arrows are inferred relays. The table below gives the same information.")
    return layered_svg([c for c in columns if c], arrows, "Relay diagram for this claim", desc, "relay")


def claim_page(site: Site, refs: Refs, claim: Claim, root: str = "../../") -> ClaimPage:
    """The view of one claim page."""
    items = [evidence_view(site, refs, r) for r in site.evidence[claim.id]]
    st = site.status[claim.id]
    row = refs.claims[claim.id]
    return ClaimPage(
        row=row, claim=claim, reason=refs.status_reason(st, row.is_view),
        supports=tuple(i for i in items if i.stance == "supports"),
        disputes=tuple(i for i in items if i.stance == "disputes"),
        context=tuple(i for i in items if i.stance == "context"),
        related=related_views(site, refs, claim),
        provenance=provenance_rows(refs, st, items),
        diagram=relay_diagram(refs, claim, items, root) if relayed(items) else "",
    )


def relayed(items: list[EvidenceView]) -> bool:
    """Whether any item's words travelled through a relay: without one, the diagram would only repeat the table."""
    return any(len(item.chain) > 1 for item in items)


def rows_by_status(refs: Refs) -> list[ClaimRow]:
    """Every claim row, by status in the order statuses are explained, then alphabetically by statement: one listing
    whose runs are the listings by status (docs/design-decisions.md, item 89)."""
    order = {s: i for i, s in enumerate(vocab.STATUSES.values)}
    return sorted(rows_by_statement(refs), key=lambda r: order[r.status])


def status_starts(rows: Sequence[ClaimRow]) -> dict[str, int]:
    """Where each status's run starts in the listing (0-based), in listing order."""
    starts: dict[str, int] = {}
    for i, row in enumerate(rows):
        starts.setdefault(row.status, i)
    return starts


def status_links(refs: Refs) -> dict[str, str]:
    """Each status that has claims: the site-relative URL of its first claim in the claims index."""
    return {s: f"{page_url(urls.CLAIMS, i // per_page() + 1)}#s-{s}"
            for s, i in status_starts(rows_by_status(refs)).items()}


def page_actors(refs: Refs, rows: Sequence[ClaimRow]) -> list[ActorRef]:
    """The actors the claims of one page are about or quote: the page's actor filter."""
    ids = {a for row in rows for a in row.actor_ids}
    return sorted((refs.actors[a] for a in ids), key=lambda a: (a.name.lower(), a.id))


def index_title(pager: Pager) -> str:
    """'Claims index', with ', page 2 of 9' after the first page."""
    return "Claims index" + page_suffix(pager)


def index_pages(refs: Refs) -> list[tuple[str, dict]]:
    """Every page of the claims index, with the filters of the rows it shows; the first row of each status is an
    anchor the status links above the table lead to."""
    counts, rows = status_counts(refs), rows_by_status(refs)
    starts = {i: s for s, i in status_starts(rows).items()}
    targets = status_links(refs)
    links = [(s, targets[s], n) for s, n in counts.items() if n]
    return [(p.url, dict(title=index_title(p.pager), section="claims", rows=p.items, pager=p.pager,
                         counts=counts, total=len(refs.claims), status_links=links,
                         starts={i - p.pager.first + 1: s for i, s in starts.items()
                                 if p.pager.first - 1 <= i < p.pager.last},
                         actors=page_actors(refs, p.items), types=vocab.CLAIM_TYPES.labels()))
            for p in paginate(urls.CLAIMS, rows)]


def index_inputs(refs: Refs) -> tuple:
    """What the claims index is made from: the claim rows, the actors they name (its filters), the page length."""
    return (per_page(), *refs.claims.values(), *refs.actors.values())


def status_redirects(refs: Refs, base_url: str | None) -> list[tuple[str, dict]]:
    """Each page the listings by status had (claims/status/contested/, …/page/2/): it sends the reader on to the
    same claims in the claims index, which lists them by status (item 89)."""
    rows, out = rows_by_status(refs), []
    counts = status_counts(refs)
    for status, start in status_starts(rows).items():
        for p in paginate(urls.claims_with_status(status), range(counts[status])):
            offset = start + p.pager.first - 1
            target = page_url(urls.CLAIMS, offset // per_page() + 1) + (f"#s-{status}" if p.pager.number == 1 else "")
            label = vocab.STATUSES[status].label
            out.append((p.url, dict(title=f"Moved: claims {label.lower()}", section="", what="listing",
                                    name=f"the claims index, {label}", target=urls.root_of(p.url) + target,
                                    target_canonical=base_url + target if base_url else urls.root_of(p.url) + target)))
    return out


def preview_text(page: ClaimPage, origins: list[str], limit: int = 200) -> str:
    """og:description: the status, its origins, then the claim's first quote, so no two claims share a preview."""
    text = cards.og_description(page.row.status_label, origins, limit=limit * 3 // 5)
    first = next(iter((*page.supports, *page.disputes, *page.context)), None)
    room = limit - len(text) - 3
    return f"{text} “{cards.clip(first.quote, room)}”" if first and room > 20 else text


def view(site: Site, refs: Refs, claim: Claim) -> dict:
    """A claim's permanent page; its description (also its link preview's) is the status, its origins and the
    claim's first quote."""
    page = claim_page(site, refs, claim, urls.root_of(urls.claim(claim.id)))
    st, row = site.status[claim.id], page.row
    origins = [refs.origins[g.origin].label for g in (*st.supporting, *st.disputing)]
    return dict(title=claim.statement, section="claims", page=page,
                description=preview_text(page, origins), og_title=cards.og_title(claim.statement),
                og_image=cards.card_path(row.status, row.is_view), og_image_alt=f"Claim status: {row.status_label}")
