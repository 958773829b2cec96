"""The published status rule, applied to evidence."""
from __future__ import annotations

from evidence_site.model import Evidence, Relay
from evidence_site.provenance import RelayGraph
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


# --- independence along relay chains (docs/status-rules.md, "Independent origins")

def graph(edges: dict[str, list[str]]) -> RelayGraph:
    """A relay graph from {relaying id: [ids it relays]}."""
    return RelayGraph({node: tuple(Relay(id=r) for r in relays) for node, relays in edges.items()})


def test_an_article_restating_the_report_it_relays_is_not_a_second_origin():
    g = graph({"blog": ["wapo"]})
    st = compute_status((ev("wapo", article="blog"), ev("blog", article="blog")), set(), g)
    assert (st.status, st.supporting_origins) == ("single-source", ("wapo",))
    assert st.supporting[0].restatements == ("blog",)


def test_a_chain_folds_into_its_first_origin():
    g = graph({"blog": ["jpost"], "jpost": ["presser"]})
    st = compute_status((ev("presser", article="blog"), ev("jpost", article="blog"), ev("blog", article="blog")),
                        set(), g)
    assert st.supporting_origins == ("presser",) and st.supporting[0].restatements == ("jpost", "blog")


def test_a_diamond_keeps_its_two_independent_roots():
    # the aggregator relays two reports that share nothing: its own words restate both, the roots stay two
    g = graph({"agg": ["wapo", "bbc"]})
    st = compute_status((ev("agg", article="agg"), ev("wapo", article="agg"), ev("bbc", article="agg")), set(), g)
    assert (st.status, st.supporting_origins) == ("corroborated", ("wapo", "bbc"))
    assert st.supporting[0].restatements == ("agg",)


def test_two_reports_relaying_a_common_source_stay_independent_when_their_own_words_are_quoted():
    g = graph({"wt": ["kerry"], "jpost": ["kerry"]})
    st = compute_status((ev("wt"), ev("jpost")), set(), g)
    assert st.independent_origins == 2


def test_an_article_relaying_an_article_is_folded_into_it():
    g = graph({"copy": ["original"], "original": ["wapo"]})
    st = compute_status((ev("original", article="original"), ev("copy", article="copy")), set(), g)
    assert (st.status, st.supporting_origins) == ("single-source", ("original",))


def test_partial_items_never_count():
    partial = Evidence(article="a1", quote="q", speaker="named", origin="bbc", stance="supports", extent="partial")
    st = compute_status((ev("wapo"), partial), set())
    assert (st.status, st.independent_origins, st.partial) == ("single-source", 1, 1)
    only_partial = compute_status((partial,), set())
    assert (only_partial.status, only_partial.independent_origins) == ("partly-supported", 0)
    # a partial dispute does not make a claim contested
    half_denial = Evidence(article="a1", quote="q", speaker="x", origin="bbc", stance="disputes", extent="partial")
    assert compute_status((ev("wapo"), half_denial), set()).status == "single-source"


def test_anonymous_only_counts_full_supporting_items_only():
    named_partial = Evidence(article="a1", quote="q", speaker="kerry", origin="bbc", stance="supports",
                             extent="partial")
    assert compute_status((ev("wapo", speaker="cleric"), named_partial), {"cleric"}).anonymous_only


def test_chain_and_reach():
    g = graph({"blog": ["jpost"], "jpost": ["presser"], "other": []})
    assert g.chain("blog", "presser") == ("presser", "jpost", "blog")
    assert g.chain("blog", "blog") == ("blog",)
    assert g.chain("other", "presser") == ()
    assert g.reaches("blog", "presser") and not g.reaches("presser", "blog")


def test_cycles_are_found_once():
    assert graph({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}).cycles() == [("a", "b", "c", "a")]
    assert graph({"a": ["b"], "b": []}).cycles() == []
