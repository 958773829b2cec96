"""Article pages: the cleaned text with quotes and mentions marked, its provenance; and the article list."""
from __future__ import annotations

from dataclasses import dataclass

from .. import urls, vocab
from ..formats import plural
from ..links import ActorRef, ArticleRef, ChainStep, ClaimRow, Refs, relay_steps
from ..model import Article
from ..paging import page_suffix, paginate
from ..text import Block, LinkSpan, QuoteMark, decorate
from ..xref import Site


@dataclass(frozen=True)
class FootnoteView:
    """An evidence quote listed under the article it comes from."""

    number: int
    quote_id: str
    claim: ClaimRow
    claim_url: str
    stance: str
    same_as: int | None = None  # the first note on the same claim: its statement and status are not repeated

    @property
    def stance_label(self) -> str:
        """Human label of the stance."""
        return vocab.STANCES[self.stance].label


@dataclass(frozen=True)
class RemovedView:
    """A removed stretch as shown in the provenance panel."""

    lines: str
    reason: str
    reason_label: str
    note: str | None
    text: str


@dataclass(frozen=True)
class Section:
    """One entry of a page's list of contents: an in-page anchor and its label."""

    anchor: str
    label: str


CONTENTS_MIN = 3  # a page with this many sections or more gets a list of contents at its top


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
    text_anchor: str | None  # the first paragraph's anchor: where the text starts

    @property
    def contents(self) -> tuple[Section, ...]:
        """The page's sections in order, for its list of contents (empty when there are too few to need one)."""
        sections = (*((Section(self.text_anchor, "The text"),) if self.text_anchor else ()),
                    Section("evidence-h", f"Evidence quoted ({len(self.footnotes)})"),
                    *((Section("actors-h", "Actors named"),) if self.actors else ()),
                    Section("removed-h", "What was removed"),
                    *((Section("comments-h", "Reader comments"),) if self.comments else ()))
        return sections if len(sections) >= CONTENTS_MIN else ()


def article_body_html(site: Site, refs: Refs, article_id: str, root: str) -> tuple[str, list[FootnoteView]]:
    """The body with paragraph anchors, highlighted quotes with numbered claim links, and linked mentions."""
    quotes: dict[int, list[QuoteMark]] = {}
    footnotes: list[FootnoteView] = []
    first: dict[str, int] = {}  # the first note on each claim
    for ref in site.evidence_by_article.get(article_id, []):
        n = len(footnotes) + 1
        claim = refs.claims[ref.claim_id]
        url = f"{root}{claim.url}#{ref.anchor}"
        # The marker is described by its footnote (stance, claim, status), not by a copy of it: previews.js shows
        # the claim on hover, and article.js finds the quote the marker closes through the footnote's back link.
        after = f'<sup><a href="{url}" aria-label="Evidence {n}" aria-describedby="fn{n}">[{n}]</a></sup>'
        quotes.setdefault(ref.spot.block, []).append(QuoteMark(ref.spot.start, ref.spot.end, ref.quote_id, after))
        footnotes.append(FootnoteView(n, ref.quote_id, claim, claim.url + f"#{ref.anchor}", ref.evidence.stance,
                                      first.get(ref.claim_id)))
        first.setdefault(ref.claim_id, n)
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
                        vocab.REMOVED_REASONS[r.reason].label, r.note, "\n".join(lines[r.first - 1:r.last]).strip("\n"))
            for r in article.removed]


def article_page(site: Site, refs: Refs, article: Article, root: str) -> ArticlePage:
    """The view of one article page."""
    body, footnotes = article_body_html(site, refs, article.id, root)
    removed = removed_views(article, site.corpus.seeds[article.seed])
    mentioned = dict.fromkeys(m.actor for m in site.mentions_by_article.get(article.id, []))
    actors = tuple(sorted((refs.actors[a] for a in mentioned), key=lambda a: a.name.lower()))
    blocks = site.docs[article.id].blocks
    return ArticlePage(
        ref=refs.articles[article.id], article=article, author=refs.actors.get(article.author or ""),
        kind_label=vocab.ARTICLE_KINDS[article.kind].label, seed_url=article.seed,
        relays=relay_steps(refs, article.relays),
        removed=tuple(r for r in removed if r.reason != "reader-comments"),
        comments=tuple(r for r in removed if r.reason == "reader-comments"),
        body_html=body, footnotes=tuple(footnotes), actors=actors,
        text_anchor=blocks[0].anchor if blocks else None,
    )


def index_pages(site: Site, refs: Refs) -> list[tuple[str, dict]]:
    """The list of source articles, in id order, cut into pages."""
    quotes = {a: len(v) for a, v in site.evidence_by_article.items()}
    return [(p.url, dict(title="Articles" + page_suffix(p.pager), section="articles", articles=p.items,
                         pager=p.pager, quotes={a.id: quotes.get(a.id, 0) for a in p.items}))
            for p in paginate(urls.ARTICLES, list(refs.articles.values()))]


def view(site: Site, refs: Refs, article: Article) -> dict:
    """One article's page, its body decorated with links relative to the page."""
    page = article_page(site, refs, article, urls.root_of(urls.article(article.id)))
    quotes = plural(len(page.footnotes), "evidence quote")
    return dict(title=article.title, section="articles", page=page,
                description=f"{page.kind_label} with {quotes}, its provenance and what was removed from the capture.")
