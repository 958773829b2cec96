"""Trust basics: the corrections log (site_src/corrections.yaml) as a page, its note on each corrected claim, and
the date the content was last updated, taken from what the content states (never a file time or the build clock).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..links import ClaimRow, DateView, Refs
from ..model import Correction, SiteConfig


@dataclass(frozen=True)
class CorrectionView:
    """One correction as shown: its anchor in the log, its date, its claim (None: the site), what changed."""

    anchor: str
    date: DateView
    claim: ClaimRow | None
    what: str


@dataclass(frozen=True)
class Trust:
    """What every page's footer and each claim page show: the last update, whether there is a log, notes by claim."""

    updated: DateView | None = None
    log: bool = False  # whether the site publishes a corrections page
    notes: dict[str, tuple[CorrectionView, ...]] = field(default_factory=dict)  # claim id → its corrections


def last_updated(config: SiteConfig, corrections: tuple[Correction, ...] | None) -> str | None:
    """The latest date the content states: site.yaml's `updated` or the newest correction; None when none does."""
    dates = [d for d in (config.updated, *(c.date for c in corrections or ())) if d]
    return max(dates, default=None)  # ISO dates sort as text, a partial date ('2025') after the days before it


def anchors(corrections: tuple[Correction, ...]) -> list[str]:
    """Each entry's anchor, from its date ('c-2025-03-01'; '-2', '-3' for more on that date, in file order)."""
    seen: dict[str, int] = {}
    out = []
    for c in corrections:
        seen[c.date] = seen.get(c.date, 0) + 1
        out.append(f"c-{c.date}" + (f"-{seen[c.date]}" if seen[c.date] > 1 else ""))
    return out


def entries(corrections: tuple[Correction, ...], refs: Refs) -> list[CorrectionView]:
    """The log as shown, newest first (entries of one date in file order)."""
    views = [CorrectionView(anchor, DateView.of(c.date, None), refs.claims[c.claim] if c.claim else None, c.what)
             for c, anchor in zip(corrections, anchors(corrections))]
    return sorted(views, key=lambda v: v.date.iso, reverse=True)  # sorted() is stable, also in reverse


def trust(config: SiteConfig, corrections: tuple[Correction, ...] | None, refs: Refs) -> Trust:
    """The footer's last update and log link, and the corrections of each claim, newest first."""
    notes: dict[str, tuple[CorrectionView, ...]] = {}
    for entry in entries(corrections or (), refs):
        if entry.claim:
            notes[entry.claim.id] = (*notes.get(entry.claim.id, ()), entry)
    return Trust(DateView.of(last_updated(config, corrections), None), corrections is not None, notes)


def view(corrections: tuple[Correction, ...], refs: Refs) -> dict:
    """The corrections page: every entry, newest first; an empty log says there are none."""
    return dict(title="Corrections", section="corrections", entries=entries(corrections, refs))
