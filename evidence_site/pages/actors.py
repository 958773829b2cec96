"""Actor pages: what each actor said, what was said about them, every mention; and the actor list."""
from __future__ import annotations

import html
from dataclasses import dataclass

from .. import urls, vocab
from ..formats import plain_refs, plural
from ..links import ActorRef, ArticleRef, ClaimRow, OriginView, Refs
from ..model import Actor
from ..pictures import Picture, actor_network, claims_matrix, rank_claims
from ..xref import Mention, Site


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
    mentions: tuple[tuple[ArticleRef, tuple[MentionView, ...]], ...]
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
        works=tuple(work_view(site, refs, actor, a) for a in dict.fromkeys(site.articles_by_actor.get(actor.id, []))),
        published_reports=tuple(refs.origins[r] for r in reports_by_outlet.get(actor.id, [])),
        mention_count=len(site.mentions_by_actor.get(actor.id, [])),
        network=actor_network(site, actor.id, refs.linker(root)),
        matrix=claims_matrix(site, rank_claims(site, site.claims_by_subject.get(actor.id, [])), refs.linker(root),
                             key=f"m-{actor.id}"),
    )


def index_view(site: Site, refs: Refs) -> dict:
    """Every actor, grouped by kind, with how often each is quoted, discussed and named."""
    by_kind = {k: sorted((a for a in refs.actors.values() if a.kind == k), key=lambda a: a.name.lower())
               for k in vocab.ACTOR_KINDS.values}
    return dict(title="Actors", section="actors", by_kind={k: v for k, v in by_kind.items() if v},
                kind_plurals=vocab.ACTOR_KINDS.labels("plural"), said=site.claims_by_speaker,
                about=site.claims_by_subject, mentions={k: len(v) for k, v in site.mentions_by_actor.items()})


def reports_by_outlet(site: Site) -> dict[str, list[str]]:
    """The ids of the reports each outlet published."""
    by_outlet: dict[str, list[str]] = {}
    for report in site.corpus.reports.values():
        by_outlet.setdefault(report.outlet, []).append(report.id)
    return by_outlet


def view(site: Site, refs: Refs, actor: Actor, by_outlet: dict[str, list[str]]) -> dict:
    """One actor's page."""
    return dict(title=actor.name, section="actors", description=plain_refs(actor.description, refs.names),
                page=actor_page(site, refs, actor, by_outlet))
