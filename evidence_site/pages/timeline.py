"""The timeline: dated claims in date order, the background before the cut-off kept apart, both cut into pages
of about PER_PAGE claims that each cover a period (a day's claims stay on one page unless they alone fill more)."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from .. import urls
from ..dates import wholly_before
from ..formats import format_date
from ..links import ClaimRow, DateView, Refs
from ..paging import Paged, chunk_by, page_suffix, paginate_runs, per_page
from ..pictures import timeline_axis
from ..xref import Site


@dataclass(frozen=True)
class TimelineEntry:
    """A date on the timeline and the claims dated to it."""

    date: DateView
    claims: tuple[ClaimRow, ...]


def dated_rows(refs: Refs, cutoff: str) -> tuple[list[ClaimRow], list[ClaimRow]]:
    """Dated claims in date order (then by statement), split at the cut-off into background and events."""
    rows = sorted((r for r in refs.claims.values() if r.date), key=lambda r: (r.date.iso, r.statement.lower(), r.id))
    # A partial date is background only if its whole month or year is before the cut-off.
    return ([r for r in rows if wholly_before(r.date.iso, cutoff)],
            [r for r in rows if not wholly_before(r.date.iso, cutoff)])


def entries(rows: list[ClaimRow]) -> list[TimelineEntry]:
    """Rows grouped by date. The group shows the date only; each claim shows its own basis, which may differ."""
    return [TimelineEntry(group[0].date, tuple(group))
            for group in (list(g) for _, g in groupby(rows, key=lambda r: r.date.iso))]


def period_pages(base: str, rows: list[ClaimRow]) -> list[Paged[TimelineEntry]]:
    """Rows cut into pages of about PER_PAGE claims, never between two claims of one date unless it is alone
    longer than a page; each page holds its dates' entries."""
    runs = chunk_by(rows, per_page(), key=lambda r: r.date.iso)
    return paginate_runs(base, [entries(list(run)) for run in runs])


def period(page: Paged[TimelineEntry]) -> str:
    """The dates a page covers: '3 Mar 2014 – 19 Mar 2014', or one date."""
    if not page.items:
        return ""
    first, last = page.items[0].date.label, page.items[-1].date.label
    return first if first == last else f"{first} – {last}"


def listing(base: str, rows: list[ClaimRow], part: str, common: dict) -> list[tuple[str, dict]]:
    """The pages of one part of the timeline (events or background), each with the claims it holds, counted
    (its pager counts dates)."""
    title = "Timeline" if part == "events" else "Timeline: background"
    out, done = [], 0
    for p in period_pages(base, rows):
        count = sum(len(e.claims) for e in p.items)
        out.append((p.url, common | dict(title=title + page_suffix(p.pager), part=part, entries=p.items,
                                         pager=p.pager, period=period(p), claims=(done + 1, done + count, len(rows)))))
        done += count
    return out


def inputs(site: Site, refs: Refs) -> tuple:
    """What the timeline is made from: the cut-off, the page length, the claim rows (their dates, statements and
    links; the time axis draws what they hold: each claim's date, its basis and statement)."""
    return (site.corpus.config.timeline_cutoff, per_page(), *refs.claims.values())


def pages(site: Site, refs: Refs) -> list[tuple[str, dict]]:
    """The timeline's pages: the events from the cut-off (the first page with the time axis), then the background.

    A timeline that fits on one page keeps its background on it, below the events, as before it had pages.
    """
    cutoff = site.corpus.config.timeline_cutoff
    background, events = dated_rows(refs, cutoff)
    whole = len(events) + len(background) <= per_page()
    axis = timeline_axis(site, site.corpus.claims, refs.linker(urls.root_of(urls.TIMELINE)), cutoff)
    common = dict(section="timeline", cutoff=format_date(cutoff), axis=axis, background_url=urls.BACKGROUND,
                  background_total=len(background), events_total=len(events),
                  background=entries(background) if whole else None)
    return [*listing(urls.TIMELINE, events, "events", common),
            *([] if whole or not background else listing(urls.BACKGROUND, background, "background", common))]
