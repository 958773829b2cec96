"""The original reports page: each report by date with its relays, who relays it and the claims it starts."""
from __future__ import annotations

from dataclasses import dataclass

from ..diagrams import Arrow, Box, layered_svg
from ..formats import plural
from ..links import ActorRef, ArticleRef, ChainStep, ClaimRow, DateView, OriginView, Refs, relay_steps
from ..model import Report
from ..xref import Site


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


def view(site: Site, refs: Refs) -> dict:
    """The original reports by date, each with what it relays, who relays it and the claims it is the origin of."""
    reports = reports_by_date([report_view(site, refs, r) for r in site.corpus.reports.values()])
    return dict(title="Original reports", section="reports", reports=reports)
