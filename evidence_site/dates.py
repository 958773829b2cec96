"""Partial ISO dates (2014, 2014-09, 2014-09-05) as the periods they stand for."""
from __future__ import annotations

import calendar


def period_start(iso: str) -> str:
    """The first day of the period a partial date stands for: '2014-09' → '2014-09-01'."""
    parts = iso.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def period_end(iso: str) -> str:
    """The last day of the period a partial date stands for: '2014-02' → '2014-02-28'."""
    parts = iso.split("-")
    if len(parts) == 1:
        return f"{iso}-12-31"
    if len(parts) == 2:
        return f"{iso}-{calendar.monthrange(int(parts[0]), int(parts[1]))[1]:02d}"
    return iso


def wholly_before(iso: str, cutoff: str) -> bool:
    """Whether the whole period `iso` ends before the cut-off's first day (each at its own precision)."""
    return period_end(iso) < period_start(cutoff)


def split_by(iso: str, cutoff: str) -> bool:
    """Whether the cut-off falls strictly inside the period `iso` (so part of it is before, part after)."""
    return period_start(iso) < period_start(cutoff) <= period_end(iso)
