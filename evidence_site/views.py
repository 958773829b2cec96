"""View objects: what templates receive. Built once per entity from the cross-referenced Site."""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import quote as urlquote

from .dates import wholly_before
from .diagrams import Arrow, Box, layered_svg
from .model import Actor, Article, Claim, DateBasis, Relay, Report
from .text import Block, LinkSpan, QuoteMark, decorate, render_document
from .xref import ClaimStatus, EvidenceRef, Mention, Site

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
STATUS_LABELS = {
    "contested": "Contested",
    "corroborated": "Corroborated",
    "single-source": "Single source",
    "partly-supported": "Partly supported",
    "unsupported": "Unsupported",
}
STATUS_ICONS = {"contested": "⇄", "corroborated": "✓✓", "single-source": "✓", "partly-supported": "◐",
                "unsupported": "✗"}
KIND_LABELS = {
    "person": "Person", "organisation": "Organisation", "state": "State", "armed-group": "Armed group",
    "outlet": "Media outlet", "anonymous-source": "Anonymous source",
}
KIND_PLURALS = {
    "person": "People", "organisation": "Organisations", "state": "States", "armed-group": "Armed groups",
    "outlet": "Media outlets", "anonymous-source": "Anonymous sources",
}
# Assessments (opinion, analysis) are views, not facts: they never wear a factual claim's word or badge.
VIEW_STATUS_LABELS = {
    "contested": "Disputed view",
    "corroborated": "Shared view",
    "single-source": "One source’s view",
    "partly-supported": "Partly held view",
    "unsupported": "Unsupported view",
}
VIEW_STATUS_ICONS = {"contested": "⇄", "corroborated": "◇◇", "single-source": "◇", "partly-supported": "◐",
                     "unsupported": "✗"}
TYPE_LABELS = {"event": "Event", "statement": "Statement", "denial": "Denial", "assessment": "Assessment"}
STANCE_LABELS = {"supports": "Supports", "disputes": "Disputes", "context": "Context"}
PARTIAL_STANCE_LABELS = {"supports": "Partly supports", "disputes": "Partly disputes", "context": "Context"}
FORM_LABELS = {"quote": "Quote", "paraphrase": "Paraphrase", "headline": "Headline"}
FORM_NOTES = {
    "quote": "the speaker’s words as quoted",
    "paraphrase": "the reporter’s rendering of the speaker, not the speaker’s own words",
    "headline": "the outlet’s headline over its report",
}
ARTICLE_KIND_LABELS = {
    "news-report": "News report", "analysis": "Analysis", "opinion": "Opinion", "blog-post": "Blog post",
    "aggregated-excerpt": "Aggregated excerpt",
}
REMOVED_LABELS = {
    "moved-to-metadata": "Moved to the page header", "duplicate-headline": "Duplicate headline",
    "repeated-byline": "Repeated byline", "reader-comments": "Reader comments",
    "subscription-pitch": "Subscription pitch", "ad-placeholder": "Ad placeholder",
    "related-links": "Related-article links", "scraper-footer": "Scraper or aggregator footer",
    "site-chrome": "Page furniture",
}
RELATION_LABELS = {"contradicts": "Contradicts", "supports": "Supports", "context": "Context for"}
BACK_RELATION_LABELS = {"contradicts": "Contradicted by", "supports": "Supported by", "context": "Context from"}


def format_date(iso: str | None) -> str:
    """'2014-12-27' → '27 Dec 2014'; '2014-09' → 'Sep 2014'; '2014' → '2014'; None → ''."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def plural(n: int, word: str) -> str:
    """'1 article', '2 articles'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def text_fragment(text: str) -> str:
    """A `:~:text=` directive for these exact words (long passages by their first and last words)."""
    def enc(s: str) -> str:
        return urlquote(s, safe="").replace("-", "%2D")
    words = text.split()
    if len(words) > 12:
        return f":~:text={enc(' '.join(words[:5]))},{enc(' '.join(words[-5:]))}"
    return f":~:text={enc(' '.join(words))}"


@dataclass(frozen=True)
class DateView:
    """A date as shown: label, ISO value, and whether (and why) it was inferred."""

    iso: str
    label: str
    inferred: bool
    reason: str

    @staticmethod
    def of(iso: str | None, basis: DateBasis | None) -> "DateView | None":
        """The view of a date, or None when unknown."""
        if not iso:
            return None
        return DateView(iso, format_date(iso), bool(basis and basis.kind == "inferred"), basis.reason if basis else "")


@dataclass(frozen=True)
class ActorRef:
    """A link to an actor."""

    id: str
    name: str
    kind: str
    url: str

    @property
    def kind_label(self) -> str:
        """Human label of the actor kind."""
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class ArticleRef:
    """A link to an article, with what identifies it at a glance."""

    id: str
    title: str
    url: str
    outlet: ActorRef | None
    date: DateView | None
    kind: str


@dataclass(frozen=True)
class OriginView:
    """Where words were first published: a report, or an article of the corpus."""

    id: str
    label: str
    url: str
    kind: str = "report"  # report | article
    date: DateView | None = None


@dataclass(frozen=True)
class ClaimRow:
    """A claim as listed in indexes."""

    id: str
    url: str
    statement: str
    type: str
    status: str
    independent_origins: int
    article_count: int
    anonymous_only: bool
    subjects: tuple[ActorRef, ...]
    actor_ids: tuple[str, ...]  # subjects and speakers, for filtering
    date: DateView | None

    @property
    def is_view(self) -> bool:
        """Whether the claim is an assessment, worded as a view rather than a fact."""
        return self.type == "assessment"

    @property
    def status_label(self) -> str:
        """Human label of the status (an assessment's status is worded as a view)."""
        return (VIEW_STATUS_LABELS if self.is_view else STATUS_LABELS)[self.status]

    @property
    def status_icon(self) -> str:
        """A shape that, with the label, shows the status without relying on colour."""
        return (VIEW_STATUS_ICONS if self.is_view else STATUS_ICONS)[self.status]

    @property
    def type_label(self) -> str:
        """Human label of the claim type."""
        return TYPE_LABELS[self.type]


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
    fragment_url: str  # the highlighted quote's id plus a text directive for the exact words
    note: str | None
    extent: str = "full"
    form: str = "quote"
    chain: tuple["ChainStep", ...] = ()

    @property
    def stance_label(self) -> str:
        """Human label of the stance, 'Partly supports' for a partial item."""
        return (PARTIAL_STANCE_LABELS if self.extent == "partial" else STANCE_LABELS)[self.stance]

    @property
    def form_label(self) -> str:
        """Quote, Paraphrase or Headline."""
        return FORM_LABELS[self.form]

    @property
    def form_note(self) -> str:
        """What the form means for whose words these are."""
        return FORM_NOTES[self.form]

    @property
    def counted(self) -> bool:
        """Whether the item counts toward the status (full, and supporting or disputing)."""
        return self.extent == "full" and self.stance != "context"


@dataclass(frozen=True)
class ChainStep:
    """One report or article on the way words travelled, and whether its link to the next one is inferred."""

    node: OriginView
    inferred: bool = False
    reason: str = ""


@dataclass(frozen=True)
class RelatedView:
    """A link between claims, read from this claim's side."""

    label: str
    relation: str
    claim: ClaimRow


@dataclass
class Refs:
    """Link views for every entity, built once and shared by all pages."""

    site: Site
    actors: dict[str, ActorRef] = field(default_factory=dict)
    articles: dict[str, ArticleRef] = field(default_factory=dict)
    origins: dict[str, OriginView] = field(default_factory=dict)
    claims: dict[str, ClaimRow] = field(default_factory=dict)

    def __post_init__(self) -> None:
        corpus = self.site.corpus
        self.actors = {a.id: ActorRef(a.id, a.name, a.kind, f"actors/{a.id}/") for a in corpus.actors.values()}
        self.articles = {a.id: self._article(a) for a in corpus.articles.values()}
        self.origins = {r.id: self._report_origin(r) for r in corpus.reports.values()}
        self.origins |= {a.id: self._article_origin(a) for a in corpus.articles.values()}
        self.claims = {c.id: self._claim(c, self.site.status[c.id]) for c in corpus.claims.values()}

    def _article(self, a: Article) -> ArticleRef:
        return ArticleRef(a.id, a.title, f"articles/{a.id}/", self.actors.get(a.outlet or ""),
                          DateView.of(a.published, a.date_basis), a.kind)

    def _report_origin(self, r: Report) -> OriginView:
        outlet = self.actors[r.outlet].name if r.outlet in self.actors else r.outlet
        date = DateView.of(r.published, r.date_basis)
        when = f", {date.label}{' (inferred)' if date.inferred else ''}" if date else ", date unknown"
        return OriginView(r.id, f"{outlet}{when}", f"reports/#{r.id}", "report", date)

    def _article_origin(self, a: Article) -> OriginView:
        ref = self.articles[a.id]
        outlet = ref.outlet.name if ref.outlet else "outlet unknown"
        return OriginView(a.id, f"“{a.title}” ({outlet})", ref.url, "article", ref.date)

    def _claim(self, c: Claim, st: ClaimStatus) -> ClaimRow:
        actor_ids = tuple(dict.fromkeys([*c.subjects, *(ev.speaker for ev in c.evidence)]))
        return ClaimRow(c.id, f"claims/{c.id}/", c.statement, c.type, st.status, st.independent_origins,
                        len(st.articles), st.anonymous_only, tuple(self.actors[s] for s in c.subjects),
                        actor_ids, DateView.of(c.date, c.date_basis))

    def status_reason(self, st: ClaimStatus, is_view: bool = False) -> str:
        """The status in words: articles, independent origins (with what restates them), disputes, partial items."""
        sentences = [plural(len(st.articles), "article") + "."]
        if st.supporting:
            what = "independent source" if is_view else "independent origin"
            lead = f"A view held by {plural(len(st.supporting), what)}" if is_view else \
                plural(len(st.supporting), what)
            sentences.append(f"{lead}: {self.groups_in_words(st.supporting)}.")
        else:
            sentences.append("No item supports the whole statement.")
        if st.disputing:
            sentences.append(f"Disputed by {plural(len(st.disputing), 'independent origin')}: "
                             f"{self.groups_in_words(st.disputing)}.")
        if st.partial:
            sentences.append(f"{plural(st.partial, 'item')} bear{'s' * (st.partial == 1)} on only part of the "
                             "statement and {} not counted.".format("is" if st.partial == 1 else "are"))
        if st.anonymous_only:
            sentences.append("Every supporting speaker is anonymous.")
        return " ".join(sentences)

    def groups_in_words(self, groups) -> str:
        """'Daily Ledger, 27 Dec 2014 (restated by “…”); Washington Ledger, date unknown'."""
        out = []
        for group in groups:
            label = self.origins[group.origin].label
            if group.restatements:
                label += " (restated by " + ", ".join(self.origins[r].label for r in group.restatements) + ")"
            out.append(label)
        return "; ".join(out)


# ---------------------------------------------------------------- article pages

@dataclass(frozen=True)
class FootnoteView:
    """An evidence quote listed under the article it comes from."""

    number: int
    quote_id: str
    claim: ClaimRow
    claim_url: str
    stance: str

    @property
    def stance_label(self) -> str:
        """Human label of the stance."""
        return STANCE_LABELS[self.stance]


@dataclass(frozen=True)
class RemovedView:
    """A removed stretch as shown in the provenance panel."""

    lines: str
    reason: str
    reason_label: str
    note: str | None
    text: str


@dataclass(frozen=True)
class ArticlePage:
    """Everything the article template shows."""

    ref: ArticleRef
    article: Article
    author: ActorRef | None
    kind_label: str
    seed_url: str
    relays: tuple[ChainStep, ...]
    removed: tuple[RemovedView, ...]
    comments: tuple[RemovedView, ...]
    body_html: str
    footnotes: tuple[FootnoteView, ...]
    actors: tuple[ActorRef, ...]
    filter_actors: tuple[str, ...]


def article_body_html(site: Site, refs: Refs, article_id: str, root: str) -> tuple[str, list[FootnoteView]]:
    """The body with paragraph anchors, highlighted quotes with numbered claim links, and linked mentions."""
    quotes: dict[int, list[QuoteMark]] = {}
    footnotes: list[FootnoteView] = []
    for ref in site.evidence_by_article.get(article_id, []):
        n = len(footnotes) + 1
        claim = refs.claims[ref.claim_id]
        url = f"{root}{claim.url}#{ref.anchor}"
        label = html.escape(f"Evidence {n}: {STANCE_LABELS[ref.evidence.stance].lower()} the claim “{claim.statement}”")
        after = f'<sup class="evref" data-pagefind-ignore><a href="{url}" title="{label}" aria-label="{label}">[{n}]</a></sup>'
        quotes.setdefault(ref.spot.block, []).append(QuoteMark(ref.spot.start, ref.spot.end, ref.quote_id, after))
        footnotes.append(FootnoteView(n, ref.quote_id, claim, claim.url + f"#{ref.anchor}", ref.evidence.stance))
    links: dict[int, list[LinkSpan]] = {}
    for m in site.mentions_by_article.get(article_id, []):
        links.setdefault(m.block, []).append(LinkSpan(m.start, m.end, f"{root}actors/{m.actor}/"))
    out = []
    for part in site.docs[article_id].parts:
        if isinstance(part, Block):
            inner = decorate(part.inner_html, quotes.get(part.index, []), links.get(part.index, []))
            inner = f"<code>{inner}</code>" if part.tag == "pre" else inner
            out.append(f'<{part.tag} id="{part.anchor}">{inner}</{part.tag}>')
        else:
            out.append(part)
    return "\n".join(out), footnotes


def relay_step(refs: Refs, node: str, relay: Relay | None) -> ChainStep:
    """A report or article on a chain, with the basis of the relay that carried its words on (None: no relay)."""
    return ChainStep(refs.origins[node], bool(relay and relay.inferred),
                     relay.basis.reason if relay and relay.basis else "")


def relay_steps(refs: Refs, relays: tuple[Relay, ...]) -> tuple[ChainStep, ...]:
    """What a report or article relays, each with whether that is inferred and why."""
    return tuple(relay_step(refs, r.id, r) for r in relays)


def removed_views(article: Article, seed: str) -> list[RemovedView]:
    """Each removed stretch with its verbatim seed text."""
    lines = seed.split("\n")
    return [RemovedView(f"{r.first}" if r.first == r.last else f"{r.first}–{r.last}", r.reason,
                        REMOVED_LABELS[r.reason], r.note, "\n".join(lines[r.first - 1:r.last]).strip("\n"))
            for r in article.removed]


def article_page(site: Site, refs: Refs, article: Article, root: str) -> ArticlePage:
    """The view of one article page."""
    body, footnotes = article_body_html(site, refs, article.id, root)
    removed = removed_views(article, site.corpus.seeds[article.seed])
    mentioned = dict.fromkeys(m.actor for m in site.mentions_by_article.get(article.id, []))
    actors = tuple(sorted((refs.actors[a] for a in mentioned), key=lambda a: a.name.lower()))
    return ArticlePage(
        ref=refs.articles[article.id], article=article, author=refs.actors.get(article.author or ""),
        kind_label=ARTICLE_KIND_LABELS[article.kind], seed_url=article.seed,
        relays=relay_steps(refs, article.relays),
        removed=tuple(r for r in removed if r.reason != "reader-comments"),
        comments=tuple(r for r in removed if r.reason == "reader-comments"),
        body_html=body, footnotes=tuple(footnotes), actors=actors,
        filter_actors=tuple(a.name for a in actors),
    )


# ---------------------------------------------------------------- claim pages

@dataclass(frozen=True)
class ProvenanceRow:
    """One evidence item in the claim's provenance table: which independent origin it counts under, and how."""

    item: EvidenceView
    group: OriginView | None  # the independent origin it is counted under; None when it does not count
    restates: bool  # its own origin relays the group's origin


@dataclass(frozen=True)
class ClaimPage:
    """Everything the claim template shows."""

    row: ClaimRow
    claim: Claim
    reason: str
    supports: tuple[EvidenceView, ...]
    disputes: tuple[EvidenceView, ...]
    context: tuple[EvidenceView, ...]
    supporting_speakers: tuple[ActorRef, ...]
    related: tuple[RelatedView, ...]
    filter_actors: tuple[str, ...]
    provenance: tuple[ProvenanceRow, ...] = ()
    diagram: str = ""


def chain_steps(site: Site, refs: Refs, chain: tuple[str, ...]) -> tuple[ChainStep, ...]:
    """A relay chain as views, each step marked when the next one's relay of it is inferred."""
    def relay_of(here: str, there: str | None) -> Relay | None:
        return next((r for r in site.graph.sources.get(there, ()) if r.id == here), None) if there else None

    return tuple(relay_step(refs, here, relay_of(here, there)) for here, there in zip(chain, (*chain[1:], None)))


def evidence_view(site: Site, refs: Refs, ref: EvidenceRef) -> EvidenceView:
    """One evidence item, with links to the paragraph, the highlighted quote and the exact words."""
    ev = ref.evidence
    article = refs.articles[ev.article]
    words = ev.quote
    if ref.spot:
        block = site.docs[ev.article].blocks[ref.spot.block - 1]
        words = block.text[ref.spot.start:ref.spot.end]
    return EvidenceView(ref.anchor, ref.number, words, ev.stance, refs.actors[ev.speaker], refs.origins[ev.origin],
                        article, ref.spot.block if ref.spot else None,
                        f"{article.url}#{ref.quote_id}{text_fragment(words)}", ev.note, ev.extent, ev.form,
                        chain_steps(site, refs, ref.chain or (ev.article,)))


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
    return layered_svg([c for c in columns if c], arrows, f"Relay diagram for this claim", desc, f"relay-{claim.id}")


def claim_page(site: Site, refs: Refs, claim: Claim, root: str = "../../") -> ClaimPage:
    """The view of one claim page."""
    items = [evidence_view(site, refs, r) for r in site.evidence[claim.id]]
    related = [RelatedView(RELATION_LABELS[r.relation], r.relation, refs.claims[r.claim]) for r in claim.related]
    related += [RelatedView(BACK_RELATION_LABELS[rel], rel, refs.claims[src])
                for src, rel in site.related_back.get(claim.id, [])]
    st = site.status[claim.id]
    supporting_speakers = tuple(dict.fromkeys(i.speaker for i in items if i.stance == "supports"))
    row = refs.claims[claim.id]
    return ClaimPage(
        row=row, claim=claim, reason=refs.status_reason(st, row.is_view),
        supports=tuple(i for i in items if i.stance == "supports"),
        disputes=tuple(i for i in items if i.stance == "disputes"),
        context=tuple(i for i in items if i.stance == "context"),
        supporting_speakers=supporting_speakers,
        related=tuple(related),
        filter_actors=tuple(refs.actors[a].name for a in row.actor_ids),
        provenance=provenance_rows(refs, st, items),
        diagram=relay_diagram(refs, claim, items, root),
    )


def claim_jsonld(page: ClaimPage, canonical: str | None, base_url: str | None, site_title: str) -> dict:
    """schema.org Claim: the statement, each article it appears in, who supports it, where it first appeared.

    The template serialises it with Jinja's `tojson`, which escapes <, > and & for a <script> block.
    """
    def absolute(path: str) -> str | None:
        return base_url + path if base_url else None

    appearances = []
    for article in dict.fromkeys(e.article for e in (*page.supports, *page.disputes, *page.context)):
        item = {"@type": "CreativeWork", "name": article.title, "url": absolute(article.url)}
        if article.outlet:
            item["publisher"] = {"@type": "Organization", "name": article.outlet.name}
        if article.date:
            item["datePublished"] = article.date.iso
        appearances.append({k: v for k, v in item.items() if v is not None})
    authors = [{"@type": "Person" if s.kind == "person" else "Organization", "name": s.name, "url": absolute(s.url)}
               for s in page.supporting_speakers]
    origins = dict.fromkeys(r.group for r in page.provenance if r.group and r.item.stance == "supports")
    first = [{k: v for k, v in {"@type": "CreativeWork", "name": o.label, "url": absolute(o.url),
                                "datePublished": o.date.iso if o.date else None}.items() if v} for o in origins]
    data = {
        "@context": "https://schema.org", "@type": "Claim", "name": page.claim.statement,
        "text": page.claim.statement, "url": canonical, "identifier": page.claim.id,
        "appearance": appearances, "author": [{k: v for k, v in a.items() if v} for a in authors],
        "firstAppearance": first[0] if len(first) == 1 else first or None,
        "isPartOf": {"@type": "WebSite", "name": site_title, "url": base_url},
    }
    if page.row.date:
        data["temporalCoverage"] = page.row.date.iso
    clean = {k: v for k, v in data.items() if v is not None}
    clean["isPartOf"] = {k: v for k, v in clean["isPartOf"].items() if v}
    return clean


def bibtex_escape(s: str) -> str:
    """Escape the characters BibTeX treats specially."""
    for ch in "\\{}%&$#_":
        s = s.replace(ch, "\\" + ch)
    return s


# ---------------------------------------------------------------- actor pages

@dataclass(frozen=True)
class MentionView:
    """A sentence of an article in which an actor is named."""

    url: str
    paragraph: int
    sentence_html: str


@dataclass(frozen=True)
class SaidView:
    """A claim an actor is quoted on, with how their words bear on it."""

    claim: ClaimRow
    stances: tuple[str, ...]

    @property
    def stance_labels(self) -> str:
        """'Supports', or 'Supports, Disputes' when they said both."""
        return ", ".join(STANCE_LABELS[s] for s in self.stances)


@dataclass(frozen=True)
class ActorPage:
    """Everything the actor template shows."""

    ref: ActorRef
    actor: Actor
    aliases: tuple[str, ...]
    affiliations: tuple[ActorRef, ...]
    members: tuple[ActorRef, ...]
    said: tuple[SaidView, ...]
    about: tuple[ClaimRow, ...]
    mentions: tuple[tuple[ArticleRef, tuple[MentionView, ...]], ...]
    published_articles: tuple[ArticleRef, ...]
    published_reports: tuple[OriginView, ...]
    mention_count: int


def mention_sentence(site: Site, m: Mention) -> str:
    """The sentence around a mention, escaped, with the name in <mark>."""
    text = site.docs[m.article].blocks[m.block - 1].text
    a, b = m.sentence
    return (html.escape(text[a:m.start].lstrip()) + "<mark>" + html.escape(text[m.start:m.end]) + "</mark>"
            + html.escape(text[m.end:b].rstrip()))


def actor_page(site: Site, refs: Refs, actor: Actor, reports_by_outlet: dict[str, list[str]]) -> ActorPage:
    """The view of one actor page."""
    said = []
    for cid in site.claims_by_speaker.get(actor.id, []):
        stances = tuple(dict.fromkeys(ev.stance for ev in site.corpus.claims[cid].evidence if ev.speaker == actor.id))
        said.append(SaidView(refs.claims[cid], stances))
    grouped: dict[str, list[MentionView]] = {}
    for m in site.mentions_by_actor.get(actor.id, []):
        grouped.setdefault(m.article, []).append(
            MentionView(f"{refs.articles[m.article].url}#p{m.block}", m.block, mention_sentence(site, m)))
    return ActorPage(
        ref=refs.actors[actor.id], actor=actor, aliases=tuple(a for a in actor.aliases if a != actor.name),
        affiliations=tuple(refs.actors[a] for a in actor.affiliations),
        members=tuple(sorted((refs.actors[a] for a in site.members.get(actor.id, [])), key=lambda r: r.name.lower())),
        said=tuple(sorted(said, key=lambda s: s.claim.statement.lower())),
        about=tuple(sorted((refs.claims[c] for c in site.claims_by_subject.get(actor.id, [])),
                           key=lambda r: r.statement.lower())),
        mentions=tuple((refs.articles[a], tuple(v)) for a, v in sorted(grouped.items())),
        published_articles=tuple(refs.articles[a] for a in site.articles_by_actor.get(actor.id, [])),
        published_reports=tuple(refs.origins[r] for r in reports_by_outlet.get(actor.id, [])),
        mention_count=len(site.mentions_by_actor.get(actor.id, [])),
    )


# ---------------------------------------------------------------- reports, timeline, home

@dataclass(frozen=True)
class ReportView:
    """An original report: what it relays, who relays it, which claims it is the origin of, and its diagram."""

    report: Report
    origin: OriginView
    outlet: ActorRef
    date: DateView | None
    relays: tuple[ChainStep, ...]
    relayed_by: tuple[ArticleRef, ...]
    relayed_by_reports: tuple[OriginView, ...]
    claims: tuple[ClaimRow, ...]
    diagram: str

    @property
    def is_root(self) -> bool:
        """Whether the report relays nothing in the corpus: words start here."""
        return not self.relays


def report_view(site: Site, refs: Refs, report: Report) -> ReportView:
    """One report with its relay neighbourhood."""
    relayers = site.relayed_by.get(report.id, [])
    relays = relay_steps(refs, report.relays)
    by_articles = tuple(refs.articles[a] for a in relayers if a in refs.articles)
    by_reports = tuple(refs.origins[r] for r in relayers if r in site.corpus.reports)
    return ReportView(report, refs.origins[report.id], refs.actors[report.outlet],
                      DateView.of(report.published, report.date_basis), relays, by_articles, by_reports,
                      tuple(refs.claims[c] for c in site.claims_by_origin.get(report.id, [])),
                      report_diagram(refs, report, relays, by_reports, by_articles))


def report_diagram(refs: Refs, report: Report, relays: tuple[ChainStep, ...], by_reports: tuple[OriginView, ...],
                   by_articles: tuple[ArticleRef, ...]) -> str:
    """Sources → this report → the reports and articles that relay it (links relative to the reports page)."""
    def box(view: OriginView) -> Box:
        return Box(view.id, view.label, "article" if view.kind == "article" else "", f"../{view.url}",
                   f"node node-{view.kind}")

    this = refs.origins[report.id]
    relayers = [*by_reports, *(refs.origins[a.id] for a in by_articles)]
    columns = [[box(s.node) for s in relays], [Box(this.id, this.label, "this report", None, "node node-this")],
               [box(v) for v in relayers]]
    arrows = [Arrow(s.node.id, this.id, s.inferred) for s in relays] + [Arrow(this.id, v.id) for v in relayers]
    desc = (f"{this.label} relays {plural(len(relays), 'report')} and is relayed by {plural(len(relayers), 'report')} "
            "or article; the lists beside the diagram name them.")
    return layered_svg([c for c in columns if c], arrows, f"Relays of {this.label}", desc, f"rel-{report.id}")


def reports_by_date(views_: list[ReportView]) -> list[ReportView]:
    """Reports in date order, undated last, then by id."""
    return sorted(views_, key=lambda v: (v.date is None, v.date.iso if v.date else "", v.report.id))


@dataclass(frozen=True)
class TimelineEntry:
    """A date on the timeline and the claims dated to it."""

    date: DateView
    claims: tuple[ClaimRow, ...]


def timeline(refs: Refs, cutoff: str) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """Dated claims in date order, split at the cut-off into background and the events under study."""
    by_date: dict[tuple[str, bool], list[ClaimRow]] = {}
    for row in refs.claims.values():
        if row.date:
            by_date.setdefault((row.date.iso, row.date.inferred), []).append(row)
    entries = [TimelineEntry(rows[0].date, tuple(sorted(rows, key=lambda r: r.statement.lower())))
               for (_, _), rows in sorted(by_date.items())]
    # A partial date is background only if its whole month or year is before the cut-off.
    return ([e for e in entries if wholly_before(e.date.iso, cutoff)],
            [e for e in entries if not wholly_before(e.date.iso, cutoff)])


def status_counts(refs: Refs) -> dict[str, int]:
    """How many claims have each status, in the order statuses are explained."""
    counts = {s: 0 for s in STATUS_LABELS}
    for row in refs.claims.values():
        counts[row.status] += 1
    return counts


def render_markdown_inline(text: str) -> str:
    """Render a short Markdown text (an editorial note) to HTML."""
    return "".join(f"<p>{b.inner_html}</p>" for b in render_document(text).blocks)
