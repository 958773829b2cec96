"""The home page and the about page: the question, the counts, contested claims first, how to read the site."""
from __future__ import annotations

from .. import urls
from ..links import ArticleRef, Refs, status_counts
from ..model import Corpus
from ..paging import preview
from ..pictures import claims_matrix, rank_claims
from ..xref import Site
from .claims import status_links


def totals(corpus: Corpus) -> dict[str, int]:
    """How many articles, actors, claims and reports the corpus holds."""
    return dict(articles=len(corpus.articles), actors=len(corpus.actors), claims=len(corpus.claims),
                reports=len(corpus.reports))


def report_outlets(site: Site, limit: int = 3) -> list[str]:
    """Names of the outlets most relayed by the articles (most relaying articles first, then by name).

    The home page names them, so that its words come from the content and not from a template.
    """
    relays: dict[str, int] = {}
    for report in site.corpus.reports.values():
        by_articles = [r for r in site.relayed_by.get(report.id, []) if r in site.corpus.articles]
        relays[report.outlet] = relays.get(report.outlet, 0) + len(by_articles)
    names = {oid: site.corpus.actors[oid].name for oid in relays if oid in site.corpus.actors}
    ranked = sorted(names, key=lambda oid: (-relays[oid], names[oid].lower(), oid))
    return [names[oid] for oid in ranked[:limit]]


def newest_articles(refs: Refs, limit: int) -> list[ArticleRef]:
    """The `limit` most recently published articles (newest first, then by id), undated ones last."""
    dated = sorted((a for a in refs.articles.values() if a.date), key=lambda a: a.id)
    dated.sort(key=lambda a: a.date.iso if a.date else "", reverse=True)  # stable: one date stays in id order
    return [*dated, *(a for a in refs.articles.values() if not a.date)][:limit]


def view(site: Site, refs: Refs) -> dict:
    """The home page: the question, counts, the most contested claims first, the newest articles, entry points.

    Its lists are bounded (PREVIEW items each) and link to the full listings, so the page does not grow with
    the corpus.
    """
    corpus = site.corpus
    contested = [refs.claims[c] for c in rank_claims(site, (r.id for r in refs.claims.values()
                                                            if r.status == "contested"))]
    matrix = claims_matrix(site, [r.id for r in contested], refs.linker(urls.root_of(urls.HOME)), key="m-home")
    counts, links = status_counts(refs), status_links(refs)
    return dict(title=corpus.config.title, section="home", counts=counts, contested=contested[:preview()],
                contested_total=len(contested), contested_url=links.get("contested", urls.CLAIMS),
                status_urls=links,
                matrix=matrix, totals=totals(corpus), articles=newest_articles(refs, preview()),
                report_outlets=report_outlets(site))


def about_view(site: Site, refs: Refs) -> dict:
    """How to read the site: the status rules, with this corpus's counts."""
    return dict(title="How to read this site", section="about", counts=status_counts(refs),
                totals=totals(site.corpus))
