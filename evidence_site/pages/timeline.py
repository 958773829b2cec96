"""The timeline: dated claims in date order, the background before the cut-off kept apart."""
from __future__ import annotations

from dataclasses import dataclass

from ..dates import wholly_before
from ..formats import format_date
from ..links import ClaimRow, DateView, Refs
from ..xref import Site


@dataclass(frozen=True)
class TimelineEntry:
    """A date on the timeline and the claims dated to it."""

    date: DateView
    claims: tuple[ClaimRow, ...]


def timeline(refs: Refs, cutoff: str) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """Dated claims in date order, split at the cut-off into background and the events under study."""
    by_date: dict[tuple[str, bool], list[ClaimRow]] = {}
    for row in refs.claims.values():
        if row.date:
            by_date.setdefault((row.date.iso, row.date.inferred), []).append(row)
    entries = [TimelineEntry(rows[0].date, tuple(sorted(rows, key=lambda r: r.statement.lower())))
               for (_, _), rows in sorted(by_date.items())]
    # A partial date is background only if its whole month or year is before the cut-off.
    return ([e for e in entries if wholly_before(e.date.iso, cutoff)],
            [e for e in entries if not wholly_before(e.date.iso, cutoff)])


def view(site: Site, refs: Refs) -> dict:
    """Dated claims in date order, with the background before the cut-off kept apart."""
    cutoff = site.corpus.config.timeline_cutoff
    background, events = timeline(refs, cutoff)
    return dict(title="Timeline", section="timeline", background=background, events=events,
                cutoff=format_date(cutoff))
