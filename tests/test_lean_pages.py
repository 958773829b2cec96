"""Lean pages, second round (issue 10, docs/design-decisions.md items 90 on): what a page says twice is said once,
and what it leaves out is still said or reachable elsewhere on the page."""
from __future__ import annotations

import re
from pathlib import Path

from evidence_site.links import ClaimRow


def read(site: Path, url: str) -> str:
    """The HTML of one built page."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def row(status: str, claim_type: str = "event", origins: int = 1) -> ClaimRow:
    """A listed claim with only what its listing line reads."""
    return ClaimRow("c", "claims/c/", "C.", claim_type, status, origins, 1, False, (), (), None)


# Item 91: a listed claim's line says what its badge leaves unsaid

def test_a_listed_claim_says_its_type_and_count_only_where_the_badge_does_not():
    assert row("single-source").listed_facts == ("Event",)  # "single source": one origin
    assert row("unsupported", origins=0).listed_facts == ("Event",)
    assert row("corroborated", origins=3).listed_facts == ("Event", "3 independent origins")
    assert row("contested", "statement").listed_facts == ("Statement", "1 independent origin")
    # a view's badge ("One source’s view") says it is an assessment
    assert row("single-source", "assessment").listed_facts == ()
    assert row("contested", "assessment", 2).listed_facts == ("2 independent origins",)


def test_actor_pages_list_claims_with_the_badge_and_what_it_leaves_unsaid(mini_site):
    lines = re.findall(r"<li><a href=\"../../claims/[^\"]+/\">.*?</li>", read(mini_site, "actors/ministry"))
    assert lines, "the ministry is the subject of claims"
    for line in lines:
        assert "independent origin" not in line or "Disputed view" in line or "Contested" in line
        assert "Assessment" not in line
    assert any('<span class="status status-view view-contested">Disputed view</span> · 2 independent origins</span>'
               in line for line in lines)


# Item 95: an actor's mentions link each paragraph once; the title leads to the first

def test_an_actors_mentions_link_each_paragraph_once_the_title_leading_to_the_first(mini_site):
    page = read(mini_site, "actors/ministry")
    groups = re.findall(r'<h3><a href="([^"]+)">[^<]+</a></h3>\n<ul class="mentions sentences">\n(.*?)</ul>',
                        page, re.S)
    assert [g[0] for g in groups] == ["../../articles/alpha/#p1", "../../articles/beta/#p1"]
    alpha = groups[0][1]
    assert alpha.startswith("<li><span>¶1</span> The Daily Ledger reported that the <mark>ministry</mark>")
    assert '<a href="../../articles/alpha/#p4" aria-label="Paragraph 4">¶4</a> A senior official' in alpha
    assert "alpha/#p1" not in alpha  # said once, by the title


# Item 90: the breadcrumb links up; the print shows the site's name from the header

def test_a_breadcrumb_is_one_link_up_and_no_page_has_a_print_only_copy_of_the_site_name(mini_site):
    crumbs = 0
    for path in sorted(mini_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert "print-site" not in text and "print-head" not in text, path  # no --base-url: no URL to print
        for nav in re.findall(r'<nav class="breadcrumb"[^>]*>(.*?)</nav>', text):
            crumbs += 1
            assert re.fullmatch(r'<a href="[^"]+">[^<]+</a>', nav), path
    assert crumbs > 10
