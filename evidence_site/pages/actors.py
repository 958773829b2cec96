"""Actor pages: what each actor said, what was said about them, every mention; and the actor list."""
from __future__ import annotations

import html
from dataclasses import dataclass
from itertools import groupby

from .. import urls, vocab
from ..formats import plain_refs, plural
from ..links import ActorRef, ArticleRef, ClaimRow, OriginView, Refs
from ..model import Actor
from ..paging import page_suffix, paginate, preview, sublisting
from ..pictures import Picture, actor_network, claims_matrix, rank_claims
from ..xref import Mention, Site


@dataclass(frozen=True)
class MentionView:
    """A place in an article where an actor is named: its paragraph, and the sentence on the actor's own page."""

    url: str
    paragraph: int
    sentence_html: str = ""  # only for the articles the actor's page shows; the full listing links paragraphs


@dataclass(frozen=True)
class MentionGroup:
    """The mentions of an actor in one article, in reading order."""

    article: ArticleRef
    mentions: tuple[MentionView, ...]

    @property
    def paragraphs(self) -> tuple[int, ...]:
        """Each paragraph that names the actor, once."""
        return tuple(dict.fromkeys(m.paragraph for m in self.mentions))


@dataclass(frozen=True)
class SaidView:
    """A claim an actor is quoted on, with how their words bear on it."""

    claim: ClaimRow
    stances: tuple[str, ...]

    @property
    def stance_labels(self) -> str:
        """'Supports', or 'Supports, Disputes' when they said both."""
        return ", ".join(vocab.STANCES[s].label for s in self.stances)


@dataclass(frozen=True)
class WorkView:
    """An article the actor wrote or published, with the claims quoted from it (in the article's order)."""

    article: ArticleRef
    role: str  # "Wrote", "Published" or "Wrote and published"
    claims: tuple[ClaimRow, ...]


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
    mentions: tuple[MentionGroup, ...]
    works: tuple[WorkView, ...]
    published_reports: tuple[OriginView, ...]
    mention_count: int
    network: Picture | None = None  # who they speak about, who speaks about them, with whom they share claims
    matrix: Picture | None = None  # the claims about them × the independent origins of the evidence

    @property
    def summary(self) -> str:
        """What the corpus holds on them, leaving out what it does not: '2 claims quoting them · 1 article written'."""
        written = sum(1 for w in self.works if w.role != "Published")
        parts = [(len(self.said), "claim", " quoting them"), (len(self.about), "claim", " about them"),
                 (self.mention_count, "mention", ""), (written, "article", " written"),
                 (len(self.works) - written, "article", " published"), (len(self.published_reports), "report", "")]
        return " · ".join(plural(n, word) + tail for n, word, tail in parts if n)


def mention_sentence(site: Site, m: Mention) -> str:
    """The sentence around a mention, escaped, with the name in <mark>."""
    text = site.docs[m.article].blocks[m.block - 1].text
    a, b = m.sentence
    return (html.escape(text[a:m.start].lstrip()) + "<mark>" + html.escape(text[m.start:m.end]) + "</mark>"
            + html.escape(text[m.end:b].rstrip()))


def mention_groups(site: Site, refs: Refs, actor_id: str) -> tuple[MentionGroup, ...]:
    """The articles that name an actor, in id order, with each mention; the sentence only in the first ones, which
    the actor's page shows: its full listing gives each article's paragraph links (a second copy of the articles'
    text, arranged by actor, was 108 MB at 10,000 articles)."""
    grouped: dict[str, list[Mention]] = {}
    for m in site.mentions_by_actor.get(actor_id, []):
        grouped.setdefault(m.article, []).append(m)
    shown = preview()
    return tuple(MentionGroup(refs.articles[a], tuple(
        MentionView(f"{refs.articles[a].url}#p{m.block}", m.block, mention_sentence(site, m) if i < shown else "")
        for m in mentions)) for i, (a, mentions) in enumerate(sorted(grouped.items())))


def work_view(site: Site, refs: Refs, actor: Actor, article_id: str) -> WorkView:
    """One article the actor wrote or published, with the claims quoted from it."""
    article = site.corpus.articles[article_id]
    roles = [r for r, who in (("wrote", article.author), ("published", article.outlet)) if who == actor.id]
    claims = dict.fromkeys(ref.claim_id for ref in site.evidence_by_article.get(article_id, []))
    return WorkView(refs.articles[article_id], " and ".join(roles).capitalize(), tuple(refs.claims[c] for c in claims))


def actor_page(site: Site, refs: Refs, actor: Actor, reports_by_outlet: dict[str, list[str]]) -> ActorPage:
    """The view of one actor page."""
    root = urls.root_of(urls.actor(actor.id))
    said = []
    for cid in site.claims_by_speaker.get(actor.id, []):
        stances = tuple(dict.fromkeys(ev.stance for ev in site.corpus.claims[cid].evidence if ev.speaker == actor.id))
        said.append(SaidView(refs.claims[cid], stances))
    return ActorPage(
        ref=refs.actors[actor.id], actor=actor, aliases=tuple(a for a in actor.aliases if a != actor.name),
        affiliations=tuple(refs.actors[a] for a in actor.affiliations),
        members=tuple(sorted((refs.actors[a] for a in site.members.get(actor.id, [])), key=lambda r: r.name.lower())),
        said=tuple(sorted(said, key=lambda s: s.claim.statement.lower())),
        about=tuple(sorted((refs.claims[c] for c in site.claims_by_subject.get(actor.id, [])),
                           key=lambda r: r.statement.lower())),
        mentions=mention_groups(site, refs, actor.id),
        works=tuple(work_view(site, refs, actor, a) for a in dict.fromkeys(site.articles_by_actor.get(actor.id, []))),
        published_reports=tuple(refs.origins[r] for r in reports_by_outlet.get(actor.id, [])),
        mention_count=len(site.mentions_by_actor.get(actor.id, [])),
        network=actor_network(site, actor.id, refs.linker(root)),
        matrix=claims_matrix(site, rank_claims(site, site.claims_by_subject.get(actor.id, [])), refs.linker(root),
                             key=f"m-{actor.id}"),
    )


@dataclass(frozen=True)
class ActorRow:
    """An actor in the actors index, with how often it is quoted, discussed and named."""

    ref: ActorRef
    said: int
    about: int
    mentions: int


def actor_rows(site: Site, refs: Refs) -> list[ActorRow]:
    """Every actor, by kind (in vocabulary order), then by name."""
    kinds = vocab.ACTOR_KINDS.values
    ordered = sorted(refs.actors.values(), key=lambda a: (kinds.index(a.kind), a.name.lower(), a.id))
    return [ActorRow(a, len(site.claims_by_speaker.get(a.id, [])), len(site.claims_by_subject.get(a.id, [])),
                     len(site.mentions_by_actor.get(a.id, []))) for a in ordered]


def index_pages(site: Site, refs: Refs) -> list[tuple[str, dict]]:
    """The actors index, by kind then name, cut into pages; each page groups its rows under their kind, and the
    list of kinds leads to the page where each kind starts."""
    pages = paginate(urls.ACTORS, actor_rows(site, refs))
    plurals = vocab.ACTOR_KINDS.labels("plural")
    starts: dict[str, tuple[str, int]] = {}
    for p in pages:
        for row in p.items:
            url, n = starts.get(row.ref.kind, (p.url, 0))
            starts[row.ref.kind] = (url, n + 1)
    kinds = [(k, plurals[k], url, n) for k, (url, n) in starts.items()]
    return [(p.url, dict(title="Actors" + page_suffix(p.pager), section="actors", kinds=kinds, pager=p.pager,
                         groups=[(k, plurals[k], list(rows)) for k, rows in groupby(p.items, lambda r: r.ref.kind)]))
            for p in pages]


def reports_by_outlet(site: Site) -> dict[str, list[str]]:
    """The ids of the reports each outlet published."""
    by_outlet: dict[str, list[str]] = {}
    for report in site.corpus.reports.values():
        by_outlet.setdefault(report.outlet, []).append(report.id)
    return by_outlet


def listings(page: ActorPage) -> list[tuple[str, str, dict]]:
    """The full listings of an actor's lists that are longer than the actor's page shows."""
    url, name = page.ref.url, page.ref.name
    lists = [("said", f"What {name} said", "said", page.said), ("about", f"Claims about {name}", "claims", page.about),
             ("works", f"What {name} wrote or published", "works", page.works),
             ("reports", f"Reports published by {name}", "reports", page.published_reports),
             ("mentions", f"Every mention of {name} in the articles", "mentions", page.mentions)]
    return [(u, "listing.html", v) for sub, heading, kind, items in lists
            for u, v in sublisting(url, name, sub, heading, kind, items, "actors")]


def pages(site: Site, refs: Refs, actor: Actor, by_outlet: dict[str, list[str]]) -> list[tuple[str, str, dict]]:
    """One actor's page, showing the first PREVIEW items of each list, and the listings of the longer ones."""
    page = actor_page(site, refs, actor, by_outlet)
    view = dict(title=actor.name, section="actors", description=plain_refs(actor.description, refs.names),
                page=page, preview=preview(), lists={sub: urls.sublist(page.ref.url, sub)
                                                   for sub in ("said", "about", "works", "reports", "mentions")})
    return [(page.ref.url, "actor.html", view), *listings(page)]
