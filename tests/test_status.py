"""The published status rule, applied to evidence."""
from __future__ import annotations

from evidence_site.model import Evidence
from evidence_site.xref import compute_status


def ev(origin: str, stance: str = "supports", speaker: str = "named", article: str = "a1") -> Evidence:
    return Evidence(article=article, quote="q", speaker=speaker, origin=origin, stance=stance)


def test_two_articles_relaying_one_report_count_once():
    st = compute_status((ev("wapo", article="a1"), ev("wapo", article="a2")), set())
    assert st.status == "single-source"
    assert st.independent_origins == 1
    assert st.articles == ("a1", "a2")


def test_two_independent_origins_corroborate():
    st = compute_status((ev("wapo"), ev("bbc")), set())
    assert (st.status, st.independent_origins) == ("corroborated", 2)


def test_any_dispute_makes_it_contested():
    st = compute_status((ev("wapo"), ev("bbc"), ev("fars", "disputes")), set())
    assert st.status == "contested"
    assert st.disputing_origins == ("fars",)


def test_only_disputes_is_unsupported():
    st = compute_status((ev("fars", "disputes"), ev("wapo", "context")), set())
    assert (st.status, st.independent_origins) == ("unsupported", 0)


def test_context_never_counts():
    st = compute_status((ev("wapo"), ev("bbc", "context")), set())
    assert (st.status, st.independent_origins) == ("single-source", 1)


def test_anonymous_only_looks_at_supporting_speakers():
    anon = {"cleric", "official"}
    assert compute_status((ev("wapo", speaker="cleric"), ev("wt", speaker="official")), anon).anonymous_only
    assert not compute_status((ev("wapo", speaker="cleric"), ev("wt", speaker="kerry")), anon).anonymous_only
    # a named speaker who disputes does not lift the flag from the supporting side
    assert compute_status((ev("wapo", speaker="cleric"), ev("x", "disputes", speaker="kerry")), anon).anonymous_only
    assert not compute_status((ev("x", "disputes", speaker="cleric"),), anon).anonymous_only
