"""Actor pages: what each actor said, what was said about them, every mention; and the actor list."""
from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from operator import attrgetter

from .. import urls, vocab
from ..formats import plain_refs, plural
from ..links import ActorRef, ArticleRef, ClaimRow, OriginView, Refs
from ..model import Actor
from ..paging import Paged, page_suffix, paginate, preview
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


def mention_groups(site: Site, refs: Refs, actor_id: str, sentences: int = 0) -> tuple[MentionGroup, ...]:
    """The articles that name an actor, in id order, with each mention; the sentence only in the first `sentences`
    articles, the ones the actor's page shows: its full listing gives each article's paragraph links (a second
    copy of the articles' text, arranged by actor, was 108 MB at 10,000 articles)."""
    grouped: dict[str, list[Mention]] = {}
    for m in site.mentions_by_actor.get(actor_id, []):
        grouped.setdefault(m.article, []).append(m)
    return tuple(MentionGroup(refs.articles[a], tuple(
        MentionView(f"{refs.articles[a].url}#p{m.block}", m.block, mention_sentence(site, m) if i < sentences else "")
        for m in mentions)) for i, (a, mentions) in enumerate(sorted(grouped.items())))


def said_views(site: Site, refs: Refs, actor: Actor) -> tuple[SaidView, ...]:
    """The claims an actor is quoted on, by statement, each with how their words bear on it."""
    said = []
    for cid in site.claims_by_speaker.get(actor.id, []):
        stances = tuple(dict.fromkeys(ev.stance for ev in site.corpus.claims[cid].evidence if ev.speaker == actor.id))
        said.append(SaidView(refs.claims[cid], stances))
    return tuple(sorted(said, key=lambda s: s.claim.statement.lower()))


def about_rows(site: Site, refs: Refs, actor: Actor) -> tuple[ClaimRow, ...]:
    """The claims about an actor, by statement."""
    return tuple(sorted((refs.claims[c] for c in site.claims_by_subject.get(actor.id, [])),
                        key=lambda r: r.statement.lower()))


def works(site: Site, refs: Refs, actor: Actor) -> tuple[WorkView, ...]:
    """The articles an actor wrote or published, each with the claims quoted from it."""
    return tuple(work_view(site, refs, actor, a) for a in dict.fromkeys(site.articles_by_actor.get(actor.id, [])))


def work_view(site: Site, refs: Refs, actor: Actor, article_id: str) -> WorkView:
    """One article the actor wrote or published, with the claims quoted from it."""
    article = site.corpus.articles[article_id]
    roles = [r for r, who in (("wrote", article.author), ("published", article.outlet)) if who == actor.id]
    claims = dict.fromkeys(ref.claim_id for ref in site.evidence_by_article.get(article_id, []))
    return WorkView(refs.articles[article_id], " and ".join(roles).capitalize(), tuple(refs.claims[c] for c in claims))


def actor_page(site: Site, refs: Refs, actor: Actor, reports_by_outlet: dict[str, list[str]]) -> ActorPage:
    """The view of one actor page."""
    root = urls.root_of(urls.actor(actor.id))
    return ActorPage(
        ref=refs.actors[actor.id], actor=actor, aliases=tuple(a for a in actor.aliases if a != actor.name),
        affiliations=tuple(refs.actors[a] for a in actor.affiliations),
        members=tuple(sorted((refs.actors[a] for a in site.members.get(actor.id, [])), key=lambda r: r.name.lower())),
        said=said_views(site, refs, actor), about=about_rows(site, refs, actor),
        mentions=mention_groups(site, refs, actor.id, preview()), works=works(site, refs, actor),
        published_reports=published_reports(refs, actor, reports_by_outlet),
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


def published_reports(refs: Refs, actor: Actor, by_outlet: dict[str, list[str]]) -> tuple[OriginView, ...]:
    """The reports an outlet published, by id."""
    return tuple(refs.origins[r] for r in by_outlet.get(actor.id, []))


# An actor's lists that get a full listing when longer than the actor's page shows: (heading, how listing.html
# draws an item, the items).
LISTS: dict[str, tuple[str, str, Callable[[Site, Refs, Actor, dict[str, list[str]]], Sequence]]] = {
    "said": ("What {} said", "said", lambda site, refs, actor, by_outlet: said_views(site, refs, actor)),
    "about": ("Claims about {}", "claims", lambda site, refs, actor, by_outlet: about_rows(site, refs, actor)),
    "works": ("What {} wrote or published", "works", lambda site, refs, actor, by_outlet: works(site, refs, actor)),
    "reports": ("Reports published by {}", "reports", lambda site, refs, actor, by_outlet: published_reports(
        refs, actor, by_outlet)),
    "mentions": ("Every mention of {} in the articles", "mentions",
                 lambda site, refs, actor, by_outlet: mention_groups(site, refs, actor.id)),
}


def list_lengths(site: Site, actor: Actor, by_outlet: dict[str, list[str]]) -> dict[str, int]:
    """How long each of an actor's LISTS is, counted without making it (the site map needs only the URLs)."""
    return {"said": len(site.claims_by_speaker.get(actor.id, [])),
            "about": len(site.claims_by_subject.get(actor.id, [])),
            "works": len(dict.fromkeys(site.articles_by_actor.get(actor.id, []))),
            "reports": len(by_outlet.get(actor.id, [])),
            "mentions": len(set(map(attrgetter("article"), site.mentions_by_actor.get(actor.id, []))))}


def view(site: Site, refs: Refs, actor: Actor, by_outlet: dict[str, list[str]]) -> dict:
    """One actor's page, showing the first PREVIEW items of each list."""
    page = actor_page(site, refs, actor, by_outlet)
    return dict(title=actor.name, section="actors", description=plain_refs(actor.description, refs.names),
                page=page, preview=preview(), lists={sub: urls.sublist(page.ref.url, sub) for sub in LISTS})


def listing_view(site: Site, refs: Refs, actor: Actor, by_outlet: dict[str, list[str]], sub: str,
                 paged: Paged[int]) -> dict:
    """One page of the full listing of an actor's list `sub` (`paged` holds the positions of its items)."""
    heading, kind, items = LISTS[sub]
    heading = heading.format(actor.name)
    return dict(title=heading + page_suffix(paged.pager), heading=heading, section="actors", kind=kind,
                parent_url=refs.actors[actor.id].url, parent=actor.name,
                items=items(site, refs, actor, by_outlet)[paged.items[0]:paged.items[-1] + 1], pager=paged.pager)


def pages(site: Site, refs: Refs, actor: Actor, by_outlet: dict[str, list[str]]
          ) -> list[tuple[str, str, Callable[[], dict]]]:
    """One actor's page and the full listings of its lists longer than the page shows, each view made when its page
    is written: made here, 2,000 actors' views (their pictures, their lists) were held through the write pass."""
    url = refs.actors[actor.id].url
    out: list[tuple[str, str, Callable[[], dict]]] = [(url, "actor.html", partial(view, site, refs, actor, by_outlet))]
    for sub, n in list_lengths(site, actor, by_outlet).items():
        if n > preview():
            out += [(p.url, "listing.html", partial(listing_view, site, refs, actor, by_outlet, sub, p))
                    for p in paginate(urls.sublist(url, sub), range(n))]
    return out
