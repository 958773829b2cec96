"""View objects: what templates receive. Built once per entity from the cross-referenced Site."""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from urllib.parse import quote as urlquote

from .model import Actor, Article, Claim, DateBasis, Report
from .text import Block, LinkSpan, QuoteMark, decorate, render_document
from .xref import ClaimStatus, EvidenceRef, Mention, Site

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
STATUS_LABELS = {
    "contested": "Contested",
    "corroborated": "Corroborated",
    "single-source": "Single source",
    "unsupported": "Unsupported",
}
STATUS_ICONS = {"contested": "⇄", "corroborated": "✓✓", "single-source": "✓", "unsupported": "✗"}
KIND_LABELS = {
    "person": "Person", "organisation": "Organisation", "state": "State", "armed-group": "Armed group",
    "outlet": "Media outlet", "anonymous-source": "Anonymous source",
}
KIND_PLURALS = {
    "person": "People", "organisation": "Organisations", "state": "States", "armed-group": "Armed groups",
    "outlet": "Media outlets", "anonymous-source": "Anonymous sources",
}
TYPE_LABELS = {"event": "Event", "statement": "Statement", "denial": "Denial", "assessment": "Assessment"}
STANCE_LABELS = {"supports": "Supports", "disputes": "Disputes", "context": "Context"}
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
    """Where words were first published: a report, or an article's own text."""

    id: str
    label: str
    url: str


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
    def status_label(self) -> str:
        """Human label of the status."""
        return STATUS_LABELS[self.status]

    @property
    def status_icon(self) -> str:
        """A shape that, with the label, shows the status without relying on colour."""
        return STATUS_ICONS[self.status]

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

    @property
    def stance_label(self) -> str:
        """Human label of the stance."""
        return STANCE_LABELS[self.stance]


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
        return OriginView(r.id, f"{outlet}{when}", f"reports/#{r.id}")

    def _article_origin(self, a: Article) -> OriginView:
        ref = self.articles[a.id]
        outlet = ref.outlet.name if ref.outlet else "outlet unknown"
        return OriginView(a.id, f"the article’s own words: “{a.title}” ({outlet})", ref.url)

    def _claim(self, c: Claim, st: ClaimStatus) -> ClaimRow:
        actor_ids = tuple(dict.fromkeys([*c.subjects, *(ev.speaker for ev in c.evidence)]))
        return ClaimRow(c.id, f"claims/{c.id}/", c.statement, c.type, st.status, st.independent_origins,
                        len(st.articles), st.anonymous_only, tuple(self.actors[s] for s in c.subjects),
                        actor_ids, DateView.of(c.date, c.date_basis))

    def status_reason(self, st: ClaimStatus) -> str:
        """The status in words: 'Contested: 2 articles, 1 independent origin: …; disputed by …'."""
        parts = [plural(len(st.articles), "article")]
        if st.supporting_origins:
            labels = "; ".join(self.origins[o].label for o in st.supporting_origins)
            parts.append(f"{plural(st.independent_origins, 'independent origin')}: {labels}")
        else:
            parts.append("no supporting origin")
        if st.disputing_origins:
            labels = "; ".join(self.origins[o].label for o in st.disputing_origins)
            parts.append(f"disputed by {plural(len(st.disputing_origins), 'origin')}: {labels}")
        reason = ", ".join(parts[:2]) + "".join(f"; {p}" for p in parts[2:])
        return reason + (". Every supporting speaker is anonymous." if st.anonymous_only else ".")


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
    relays: tuple[OriginView, ...]
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
        relays=tuple(refs.origins[r] for r in article.relays),
        removed=tuple(r for r in removed if r.reason != "reader-comments"),
        comments=tuple(r for r in removed if r.reason == "reader-comments"),
        body_html=body, footnotes=tuple(footnotes), actors=actors,
        filter_actors=tuple(a.name for a in actors),
    )


# ---------------------------------------------------------------- claim pages

@dataclass(frozen=True)
class ClaimPage:
    """Everything the claim template shows."""

    row: ClaimRow
    claim: Claim
    reason: str
    supports: tuple[EvidenceView, ...]
    disputes: tuple[EvidenceView, ...]
    context: tuple[EvidenceView, ...]
    speakers: tuple[ActorRef, ...]
    related: tuple[RelatedView, ...]
    filter_actors: tuple[str, ...]


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
                        f"{article.url}#{ref.quote_id}{text_fragment(words)}", ev.note)


def claim_page(site: Site, refs: Refs, claim: Claim) -> ClaimPage:
    """The view of one claim page."""
    items = [evidence_view(site, refs, r) for r in site.evidence[claim.id]]
    related = [RelatedView(RELATION_LABELS[r.relation], r.relation, refs.claims[r.claim]) for r in claim.related]
    related += [RelatedView(BACK_RELATION_LABELS[rel], rel, refs.claims[src])
                for src, rel in site.related_back.get(claim.id, [])]
    st = site.status[claim.id]
    speakers = tuple(dict.fromkeys(i.speaker for i in items))
    row = refs.claims[claim.id]
    return ClaimPage(
        row=row, claim=claim, reason=refs.status_reason(st),
        supports=tuple(i for i in items if i.stance == "supports"),
        disputes=tuple(i for i in items if i.stance == "disputes"),
        context=tuple(i for i in items if i.stance == "context"),
        speakers=speakers,
        related=tuple(related),
        filter_actors=tuple(refs.actors[a].name for a in row.actor_ids),
    )


JSON_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def claim_jsonld(page: ClaimPage, canonical: str | None, base_url: str | None, site_title: str) -> str:
    """schema.org Claim: the statement, each article it appears in, and who said it."""
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
               for s in page.speakers]
    data = {
        "@context": "https://schema.org", "@type": "Claim", "name": page.claim.statement,
        "text": page.claim.statement, "url": canonical, "identifier": page.claim.id,
        "appearance": appearances, "author": [{k: v for k, v in a.items() if v} for a in authors],
        "isPartOf": {"@type": "WebSite", "name": site_title, "url": base_url},
    }
    if page.row.date:
        data["temporalCoverage"] = page.row.date.iso
    clean = {k: v for k, v in data.items() if v is not None}
    clean["isPartOf"] = {k: v for k, v in clean["isPartOf"].items() if v}
    text = json.dumps(clean, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, '<!--' or '</script' in a statement would end or blank the block; as Jinja's |tojson does,
    # write <, > and & as JSON escapes (and ' for attribute contexts), which parse back to the same text.
    return text.translate(JSON_SCRIPT_ESCAPES)


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
    """An original report with who relays it and which claims it is the origin of."""

    report: Report
    origin: OriginView
    outlet: ActorRef
    date: DateView | None
    relayed_by: tuple[ArticleRef, ...]
    claims: tuple[ClaimRow, ...]


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
    return [e for e in entries if e.date.iso < cutoff], [e for e in entries if e.date.iso >= cutoff]


def status_counts(refs: Refs) -> dict[str, int]:
    """How many claims have each status, in the order statuses are explained."""
    counts = {s: 0 for s in STATUS_LABELS}
    for row in refs.claims.values():
        counts[row.status] += 1
    return counts


def render_markdown_inline(text: str) -> str:
    """Render a short Markdown text (an editorial note) to HTML."""
    return "".join(f"<p>{b.inner_html}</p>" for b in render_document(text).blocks)
