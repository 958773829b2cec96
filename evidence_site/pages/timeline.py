"""The timeline: dated claims in date order, the background before the cut-off kept apart."""
from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..dates import wholly_before
from ..formats import format_date
from ..links import ClaimRow, DateView, Refs
from ..pictures import timeline_axis
from ..xref import Site


@dataclass(frozen=True)
class TimelineEntry:
    """A date on the timeline and the claims dated to it."""

    date: DateView
    claims: tuple[ClaimRow, ...]


def timeline(refs: Refs, cutoff: str) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """Dated claims in date order, split at the cut-off into background and the events under study."""
    by_date: dict[str, list[ClaimRow]] = {}
    for row in refs.claims.values():
        if row.date:
            by_date.setdefault(row.date.iso, []).append(row)
    # The group shows the date only; each claim shows its own basis, which may differ within one date.
    entries = [TimelineEntry(rows[0].date, tuple(sorted(rows, key=lambda r: r.statement.lower())))
               for _, rows in sorted(by_date.items())]
    # A partial date is background only if its whole month or year is before the cut-off.
    return ([e for e in entries if wholly_before(e.date.iso, cutoff)],
            [e for e in entries if not wholly_before(e.date.iso, cutoff)])


def view(site: Site, refs: Refs) -> dict:
    """Dated claims in date order, with the background before the cut-off kept apart."""
    cutoff = site.corpus.config.timeline_cutoff
    background, events = timeline(refs, cutoff)
    axis = timeline_axis(site, site.corpus.claims, refs.linker(urls.root_of(urls.TIMELINE)), cutoff)
    return dict(title="Timeline", section="timeline", background=background, events=events,
                cutoff=format_date(cutoff), axis=axis)
