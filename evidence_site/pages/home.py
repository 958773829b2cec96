"""The home page and the about page: the question, the counts, contested claims first, how to read the site."""
from __future__ import annotations

from .. import urls
from ..links import Refs, rows_by_statement, status_counts
from ..model import Corpus
from ..pictures import claims_matrix
from ..xref import Site


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


def view(site: Site, refs: Refs) -> dict:
    """The home page: the question, counts, contested claims first, entry points."""
    corpus = site.corpus
    contested = [r for r in rows_by_statement(refs) if r.status == "contested"]
    matrix = claims_matrix(site, [r.id for r in contested], refs.linker(urls.root_of(urls.HOME)), key="m-home")
    return dict(title=corpus.config.title, section="home", counts=status_counts(refs), contested=contested,
                matrix=matrix, totals=totals(corpus), articles=list(refs.articles.values()),
                report_outlets=report_outlets(site))


def about_view(site: Site, refs: Refs) -> dict:
    """How to read the site: the status rules, with this corpus's counts."""
    return dict(title="How to read this site", section="about", counts=status_counts(refs),
                totals=totals(site.corpus))
