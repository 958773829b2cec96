"""The original reports: an index by date, and a page per report with its relays, who relays it and the claims it
starts; lists longer than a page shows continue on listings of their own."""
from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..diagrams import Arrow, Box, layered_svg
from ..formats import plural
from ..links import ActorRef, ChainStep, ClaimRow, DateView, OriginView, Refs, relay_steps
from ..model import Report
from ..paging import page_suffix, paginate, preview, sublisting
from ..xref import Site

DIAGRAM_RELAYERS = 12  # relaying reports and articles drawn in a report's diagram; its list names every one


@dataclass(frozen=True)
class ReportView:
    """An original report: what it relays, who relays it (reports first, then articles), the claims it starts."""

    report: Report
    origin: OriginView
    outlet: ActorRef
    date: DateView | None
    relays: tuple[ChainStep, ...]
    relayers: tuple[OriginView, ...]
    relaying_reports: int  # how many of `relayers` are reports (they come first)
    claims: tuple[ClaimRow, ...]

    @property
    def is_root(self) -> bool:
        """Whether the report relays nothing in the corpus: words start here."""
        return not self.relays

    @property
    def url(self) -> str:
        """The report's page."""
        return self.origin.url


def report_view(site: Site, refs: Refs, report: Report) -> ReportView:
    """One report with its relay neighbourhood."""
    relayers = site.relayed_by.get(report.id, [])
    by_reports = [refs.origins[r] for r in relayers if r in site.corpus.reports]
    by_articles = [refs.origins[a] for a in relayers if a in site.corpus.articles]
    return ReportView(report, refs.origins[report.id], refs.actors[report.outlet],
                      DateView.of(report.published, report.date_basis), relay_steps(refs, report.relays),
                      (*by_reports, *by_articles), len(by_reports),
                      tuple(refs.claims[c] for c in site.claims_by_origin.get(report.id, [])))


def report_diagram(view: ReportView, root: str, more_url: str) -> str:
    """Sources → this report → the reports and articles that relay it, the first DIAGRAM_RELAYERS of them drawn
    and the rest as one box that leads to their list."""
    def box(node: OriginView) -> Box:
        return Box(node.id, node.label, "article" if node.kind == "article" else "", root + node.url,
                   f"node node-{node.kind}")

    this, shown = view.origin, view.relayers[:DIAGRAM_RELAYERS]
    rest = len(view.relayers) - len(shown)
    relayed = [box(v) for v in shown] + ([Box("more", f"{rest} more", "every one in the list", more_url,
                                              "node node-more")] if rest else [])
    columns = [[box(s.node) for s in view.relays], [Box(this.id, this.label, "this report", None, "node node-this")],
               relayed]
    arrows = [Arrow(s.node.id, this.id, s.inferred) for s in view.relays] + [Arrow(this.id, b.id) for b in relayed]
    desc = (f"{this.label} relays {plural(len(view.relays), 'report')} and is relayed by "
            f"{plural(len(view.relayers), 'report')} or article"
            + (f", the first {len(shown)} drawn" if rest else "") + "; the lists beside the diagram name them.")
    return layered_svg([c for c in columns if c], arrows, f"Relays of {this.label}", desc, f"rel-{view.report.id}")


def reports_by_date(views_: list[ReportView]) -> list[ReportView]:
    """Reports in date order, undated last, then by id."""
    return sorted(views_, key=lambda v: (v.date is None, v.date.iso if v.date else "", v.report.id))


def index_pages(views_: list[ReportView]) -> list[tuple[str, dict]]:
    """The reports index by date, cut into pages."""
    return [(p.url, dict(title="Original reports" + page_suffix(p.pager), section="reports", reports=p.items,
                         pager=p.pager))
            for p in paginate(urls.REPORTS, reports_by_date(views_))]


def report_pages(view: ReportView) -> list[tuple[str, str, dict]]:
    """A report's page, and the listings of its relayers and of its claims when they are longer than it shows."""
    url, label = view.url, view.origin.label
    relayed_url, claims_url = urls.sublist(url, "relayed-by"), urls.sublist(url, "claims")
    page = dict(title=label, section="reports", r=view, relayers=view.relayers[:preview()],
                claims=view.claims[:preview()], relayed_url=relayed_url, claims_url=claims_url,
                diagram=report_diagram(view, urls.root_of(url), "#relayed-h" if len(view.relayers) <= preview()
                                       else urls.root_of(url) + relayed_url))
    lists = [*sublisting(url, label, "relayed-by", f"Reports and articles relaying {label}", "origins",
                         view.relayers, "reports"),
             *sublisting(url, label, "claims", f"Claims whose words start in {label}", "claims", view.claims,
                         "reports")]
    return [(url, "report.html", page), *((u, "listing.html", v) for u, v in lists)]


def pages(site: Site, refs: Refs) -> list[tuple[str, str, dict]]:
    """The reports index and every report's pages (in serve, those of a report whose view is unchanged are the last
    gathering's: its diagram is most of the cost)."""
    views_ = [report_view(site, refs, r) for r in site.corpus.reports.values()]
    each = refs.recalled_each("report pages", views_, lambda v: (v.report, v, preview()), report_pages)
    return [*((u, "reports.html", v) for u, v in index_pages(views_)), *(p for made in each for p in made)]
