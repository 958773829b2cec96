"""The pictures (evidence_site/pictures.py): labelled, linked, deterministic, bounded SVG with a text equivalent."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET

import jinja2
import pytest

from evidence_site import build, pictures
from evidence_site.model import Actor, Article, Claim, Corpus, DateBasis, Evidence, Relay, Report, SiteConfig
from evidence_site.provenance import RelayGraph
from evidence_site.xref import Site, build_indexes, compute_status

from helpers import MINI, PROJECT

SVG = "{http://www.w3.org/2000/svg}"


def url_of(kind: str, id_: str) -> str:
    """Page-relative links as the lead's pages would give them (with a character that must be escaped)."""
    return f"../../{kind}s/{id_}/?from=pic&x=1"


def ev(speaker: str, origin: str, stance: str = "supports", extent: str = "full") -> Evidence:
    """An evidence item; the quote and article do not matter to the pictures."""
    return Evidence(article="art", quote="words", speaker=speaker, origin=origin, stance=stance, extent=extent)


def claim(
    cid: str, subjects: tuple[str, ...], evidence: tuple[Evidence, ...] = (), date: str | None = None, reason: str = ""
) -> Claim:
    """A claim with an optional date and a stated or inferred basis ('~' at the start of reason: inferred)."""
    basis = (
        DateBasis(kind="inferred" if reason.startswith("~") else "stated", reason=reason.lstrip("~")) if date else None
    )
    return Claim(
        id=cid,
        statement=f"Statement of {cid}.",
        type="event",
        subjects=subjects,
        evidence=evidence,
        date=date,
        date_basis=basis,
    )


def make_site(
    claims: list[Claim], actors: list[Actor] | None = None, reports: list[Report] = (), fast: bool = False
) -> Site:
    """A cross-referenced Site built straight from model objects (no files, no quotes to locate); `fast` builds
    only the indexes the pictures read, in linear time (xref.build_indexes is quadratic for hub actors)."""
    names = (
        {a for c in claims for a in c.subjects}
        | {e.speaker for c in claims for e in c.evidence}
        | {r.outlet for r in reports}
    )
    actors = actors or [
        Actor(id=a, name=a.replace("-", " ").title(), kind="person", description="") for a in sorted(names)
    ]
    corpus = Corpus(
        SiteConfig(title="T", description="D", question="Q", timeline_cutoff="2014-01-01"),
        actors={a.id: a for a in actors},
        reports={r.id: r for r in reports},
        claims={c.id: c for c in claims},
    )
    corpus.articles["art"] = Article(
        id="art",
        title="An article title",
        seed="seeds/a.txt",
        outlet=None,
        author=None,
        published="2014-09",
        kind="news-report",
        body="",
        body_line=1,
    )
    site = Site(corpus, {}, RelayGraph.of(corpus))
    if not fast:
        build_indexes(site)
        return site
    by_subject: dict[str, dict[str, None]] = {}
    by_speaker: dict[str, dict[str, None]] = {}
    for c in claims:
        site.status[c.id] = compute_status(c.evidence, set(), site.graph)
        for s in c.subjects:
            by_subject.setdefault(s, {})[c.id] = None
        for e in c.evidence:
            by_speaker.setdefault(e.speaker, {})[c.id] = None
    site.claims_by_subject = {a: list(ids) for a, ids in by_subject.items()}
    site.claims_by_speaker = {a: list(ids) for a, ids in by_speaker.items()}
    return site


def parse(svg: str) -> ET.Element:
    """The picture as XML: it must be well formed to be inline SVG."""
    return ET.fromstring(svg)


def assert_labelled(svg: str) -> ET.Element:
    """A group with a <title> and a <desc> that its aria-labelledby names."""
    root = parse(svg)
    assert root.get("role") == "group"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    return root


def links(root: ET.Element) -> list[str]:
    """Every href in the picture, in document order."""
    return [a.get("href") for a in root.iter(f"{SVG}a")]


# ---- actor network ----

NETWORK = [
    claim("c1", ("iran", "usa"), (ev("wapo", "r1"),)),  # wapo speaks about both; iran and usa share it
    claim("c2", ("usa",), (ev("iran", "r1"),)),  # iran speaks about usa
    claim("c3", ("iran",), (ev("iran", "r1"),)),  # iran about itself: no link
    claim("c4", ("bbc",), (ev("wapo", "r1"),)),  # nothing to do with iran
    claim("c5", ("lone",)),  # linked to nobody
]


def test_actor_network_counts_each_relation_in_distinct_claims():
    pic = pictures.actor_network(make_site(NETWORK), "iran", url_of)
    rows = [tuple(c.text for c in row) for row in pic.rows]
    # Actor, speaks about Iran, Iran speaks about, subjects together, claims in all
    assert rows == [("Usa", "0", "1", "1", "2"), ("Wapo", "1", "0", "0", "1")]
    assert [h.text for h in pic.head][1:3] == ["Speaks about Iran", "Iran speaks about"]


def test_actor_network_is_labelled_and_every_node_links_to_its_actor():
    pic = pictures.actor_network(make_site(NETWORK), "iran", url_of)
    root = assert_labelled(pic.svg)
    assert links(root) == [url_of("actor", a) for a in ("iran", "usa", "wapo")]
    assert "&amp;x=1" in pic.svg  # hrefs escaped
    counts = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "count"]
    assert counts == ["2", "1"]


def test_actor_network_draws_direction_and_shared_claims_differently():
    pic = pictures.actor_network(make_site(NETWORK), "iran", url_of)
    edges = [g for g in parse(pic.svg).iter(f"{SVG}g") if g.get("class") == "edge"]
    usa, wapo = edges
    assert usa.find(f"{SVG}title") is None  # the neighbour's node, a link beside the edge, says it in words
    nodes = {a.get("href"): a.find(f"{SVG}g/{SVG}title").text for a in parse(pic.svg).iter(f"{SVG}a")}
    assert "Iran speaks about Usa in 1 claim" in nodes[url_of("actor", "usa")]
    assert len(usa.findall(f"{SVG}path[@class='tip']")) == 1  # one direction: Iran → USA
    only_shared = pictures.actor_network(make_site([claim("s", ("iran", "usa"))]), "iran", url_of)
    assert "stroke-dasharray" in only_shared.svg and 'class="tip"' not in only_shared.svg


def test_actor_network_keeps_the_strongest_neighbours_ties_by_name_then_id():
    actors = [Actor(id="ego", name="Ego", kind="person", description="")] + [
        Actor(id=f"a{i}", name=name, kind="person", description="")
        for i, name in enumerate(["Zed", "Amy", "Bob", "Amy"])
    ]
    claims = [claim(f"c{i}", ("ego", f"a{i}")) for i in range(4)] + [
        claim("heavy", ("ego", "a0")),
        claim("heavy2", ("ego", "a0")),
    ]
    pic = pictures.actor_network(make_site(claims, actors), "ego", url_of, limit=3)
    assert [(r[0].text, r[0].url) for r in pic.rows] == [
        ("Zed", url_of("actor", "a0")),
        ("Amy", url_of("actor", "a1")),
        ("Amy", url_of("actor", "a3")),
    ]
    assert "the 3 closest neighbours of 4" in pic.desc


def test_actor_network_of_an_actor_without_links_is_empty():
    pic = pictures.actor_network(make_site(NETWORK), "lone", url_of)
    assert pic.rows == () and parse(pic.svg) is not None


# ---- site network ----


def test_site_network_grid_counts_links_and_keeps_the_most_connected():
    pic = pictures.site_network(make_site(NETWORK), url_of, limit=3)
    root = assert_labelled(pic.svg)
    # wapo: iran, usa, bbc (3 neighbours); iran: usa, wapo; usa: iran, wapo; bbc: wapo only
    assert [r[0].text for r in pic.rows] == ["Wapo", "Iran", "Usa"]
    assert [r[2].text for r in pic.rows] == ["Iran (1), Usa (1)", "Usa (2), Wapo (1)", "Iran (2), Wapo (1)"]
    cells = sorted(t.text for g in root.iter(f"{SVG}g") if re.fullmatch(r"w\d", g.get("class") or "") for t in g)
    assert cells == ["1", "1", "1", "1", "2", "2"]  # symmetric: each link in its row and its column
    assert links(root).count(url_of("actor", "iran")) == 2  # column and row heading


# ---- claims × origins matrix ----


def matrix_site() -> Site:
    """Origin r2 relays r1, so it restates it; r3 is independent; an article is an origin too."""
    reports = [
        Report(id="r1", outlet="wapo", description="", published="2014-09"),
        Report(id="r2", outlet="wapo", description="", published="2014-09", relays=(Relay(id="r1"),)),
        Report(id="r3", outlet="bbc", description="", title="BBC report"),
    ]
    claims = [
        claim("k1", ("iran",), (ev("a", "r1"), ev("b", "r2"), ev("c", "r3", "disputes"), ev("d", "art", "context"))),
        claim("k2", ("iran",), (ev("a", "r3", "supports", "partial"), ev("b", "r3", "disputes", "partial"))),
    ]
    return make_site(claims, reports=reports)


def test_matrix_cells_show_stance_by_symbol_and_restatements_count_under_their_origin():
    pic = pictures.claims_matrix(matrix_site(), ["k1", "k2"], url_of)
    cells = {(r[0].url.split("/")[-2], r[1].text): r[2].text for r in pic.rows}
    assert cells == {
        ("k1", "Wapo, Sep 2014"): "✓ supports",
        ("k1", "BBC report"): "✗ disputes",
        ("k1", "An article title"): "○ context",
        ("k2", "BBC report"): "◐◑ partly supports, partly disputes",
    }
    root = assert_labelled(pic.svg)
    shown = [
        t.text for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("cell-") for t in g.iter(f"{SVG}text")
    ]
    assert sorted(shown) == sorted(["✓", "✗", "○", "◐◑"])  # the symbol is drawn, not only a colour class
    assert url_of("article", "art") in links(root) and url_of("report", "r1") in links(root)
    assert url_of("report", "r2") not in links(root)  # it restates r1: no column of its own


def test_matrix_is_capped_and_says_what_it_left_out():
    claims = [claim(f"k{i:02d}", ("x",), tuple(ev("s", f"r{j}") for j in range(i % 5 + 1))) for i in range(40)]
    reports = [Report(id=f"r{j}", outlet="s", description="", title=f"Report {j}") for j in range(5)]
    site = make_site(claims, reports=reports)
    pic = pictures.claims_matrix(site, [c.id for c in claims], url_of, max_rows=10, max_cols=3)
    root = assert_labelled(pic.svg)
    assert "Left out to keep it readable: 30 claims and 2 origins." in pic.desc
    assert len({r[0].text for r in pic.rows}) == 10 and len({r[1].text for r in pic.rows}) == 3
    assert sum(1 for h in links(root) if "/claims/" in h) == 10
    # columns: the origins the shown rows use most (r0 by all ten, r1 by eight, r2 by six)
    assert [r[1].text for r in pic.rows[:1]] == ["Report 0"]
    assert {r[1].text for r in pic.rows} == {"Report 0", "Report 1", "Report 2"}


def test_a_full_matrix_of_long_statements_and_ids_stays_small():
    reports = [
        Report(id=f"report-{j:02d}-" + "r" * 80, outlet="s", description="", title="A long report title " * 5)
        for j in range(12)
    ]
    claims = [
        claim(
            f"claim-{i:02d}-" + "c" * 90,
            ("x",),
            tuple(ev("s", r.id, stance) for r in reports for stance in ("supports", "disputes", "context")),
        )
        for i in range(30)
    ]
    site = make_site(
        [
            Claim(id=c.id, statement="A long statement. " * 30, type="event", subjects=c.subjects, evidence=c.evidence)
            for c in claims
        ],
        reports=reports,
    )
    pic = pictures.claims_matrix(site, [c.id for c in claims], url_of)
    assert len(pic.rows) == 30 * 12
    assert len(pic.svg.encode()) < 60_000, len(pic.svg.encode())


def test_rank_claims_puts_contested_and_best_sourced_first():
    site = matrix_site()
    assert pictures.rank_claims(site, ["k2", "k1"]) == ["k1", "k2"]  # k1 is contested


# ---- time axis ----


def label_y(root: ET.Element, label: str) -> int:
    """The baseline of the axis label with this text."""
    return next(int(t.get("y")) for t in root.iter(f"{SVG}text") if t.text == label)


def test_timeline_spaces_months_by_real_time_and_marks_date_precision():
    site = make_site(
        [
            claim("a", ("x",), date="2014-01-15", reason="x"),
            claim("b", ("x",), date="2014-02", reason="x"),
            claim("c", ("x",), date="2014-06", reason="x"),
            claim("d", ("x",), date="2015", reason="x"),
        ]
    )
    pic = pictures.timeline_axis(site, ["a", "b", "c", "d"], url_of, "2014-01-01")
    root = assert_labelled(pic.svg)
    jan, feb, jun, year = (label_y(root, m) for m in ("Jan 2014", "Feb 2014", "Jun 2014", "Jan 2015"))
    assert jun - feb == 4 * (feb - jan) and year - jun == 7 * (feb - jan)  # a year-only date sits at its start
    kinds = [g.get("class") for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("dot")]
    assert kinds == ["dot dot-day", "dot dot-month", "dot dot-month", "dot dot-year"]
    assert links(root) == [url_of("claim", c) for c in "abcd"]


def test_timeline_splits_background_and_switches_to_coarser_rows_for_long_spans():
    claims = [claim(f"y{y}", ("x",), date=str(y), reason="r") for y in (1900, 1950, 2010)]
    claims.append(claim("e", ("x",), date="2014-09", reason="r"))
    pic = pictures.timeline_axis(make_site(claims), [c.id for c in claims], url_of, "2014-01-01")
    assert "Background, before 1 Jan 2014: a row per decade, 1900s to 2010s" in pic.desc
    assert "From 1 Jan 2014: a row per month, Sep 2014 to Sep 2014" in pic.desc


def test_timeline_caps_dots_per_row_and_counts_the_rest():
    claims = [claim(f"c{i:03d}", ("x",), date="2014-09", reason="r") for i in range(200)]
    pic = pictures.timeline_axis(make_site(claims), [c.id for c in claims], url_of, "2014-01-01")
    root = parse(pic.svg)
    assert len(links(root)) == pictures.MAX_PER_ROW
    assert f"+{200 - pictures.MAX_PER_ROW}" in [t.text for t in root.iter(f"{SVG}text")]
    assert pic.rows[-1][1].text == f"and {200 - pictures.MAX_PER_ROW} more claims in this period"


def test_each_claim_keeps_its_own_date_basis():
    site = make_site(
        [
            claim("a", ("x",), date="2014-09", reason="~first reason"),
            claim("b", ("x",), date="2014-09", reason="second reason"),
            claim("u", ("x",)),
        ]
    )
    bases = pictures.date_bases(site, ["b", "u", "a"])
    assert list(bases) == ["a", "b"]
    assert bases["a"].basis == "Date inferred: first reason" and bases["b"].basis == "Date stated: second reason"
    pic = pictures.timeline_axis(site, ["a", "b"], url_of, "2014-01-01")
    assert [(r[2].text, r[3].text) for r in pic.rows] == [
        ("Sep 2014 (inferred)", "Date inferred: first reason"),
        ("Sep 2014", "Date stated: second reason"),
    ]


# ---- all pictures ----


def all_pictures(site: Site, actor: str, cutoff: str) -> list[pictures.Picture]:
    """One of each picture."""
    claims = list(site.corpus.claims)
    return [
        pictures.actor_network(site, actor, url_of),
        pictures.site_network(site, url_of),
        pictures.claims_matrix(site, pictures.rank_claims(site, claims), url_of),
        pictures.timeline_axis(site, claims, url_of, cutoff),
    ]


def shuffled(site: Site, seed: int) -> Site:
    """The same corpus loaded in another order."""
    corpus = site.corpus
    order = random.Random(seed)
    claims = list(corpus.claims.values())
    order.shuffle(claims)
    return make_site(
        claims, sorted(corpus.actors.values(), key=lambda a: order.random()), list(corpus.reports.values())
    )


@pytest.fixture(scope="module")
def mini_corpus_site() -> Site:
    """The mini fixture corpus, cross-referenced."""
    site, _, problems = build.gather(MINI, None)
    assert not problems.errors
    return site


def test_pictures_of_a_real_corpus_are_labelled_well_formed_and_linked(mini_corpus_site):
    site = mini_corpus_site
    actor = max(site.claims_by_subject, key=lambda a: len(site.claims_by_subject[a]))
    for pic in all_pictures(site, actor, site.corpus.config.timeline_cutoff):
        root = assert_labelled(pic.svg)
        assert pic.rows, pic.title
        assert links(root) and all(h.startswith("../../") for h in links(root))


def test_same_input_gives_the_same_pictures_whatever_the_load_order():
    site = matrix_site()
    first = [p.svg for p in all_pictures(site, "iran", "2014-01-01")]
    assert first == [p.svg for p in all_pictures(shuffled(site, 1), "iran", "2014-01-01")]


@pytest.fixture(scope="module")
def big_site() -> Site:
    """2,000 actors and 50,000 claims, a few of them hubs, dated over two centuries."""
    rnd = random.Random(12)
    actors = [f"actor-{i:04d}-with-a-long-identifier" for i in range(2000)]

    def pick() -> str:  # skewed: low numbers are hubs
        return actors[int(len(actors) * rnd.random() ** 3)]

    reports = [
        Report(id=f"report-{j:03d}", outlet=actors[j], description="", title=f"A report with a long title, number {j}")
        for j in range(300)
    ]
    claims = []
    for i in range(50_000):
        year = 1820 + int(200 * rnd.random() ** 0.2)
        date = rnd.choice([f"{year}", f"{year}-{rnd.randint(1, 12):02d}", f"{year}-{rnd.randint(1, 12):02d}-11"])
        evidence = tuple(
            ev(pick(), f"report-{rnd.randrange(300):03d}", rnd.choice(["supports", "disputes"])) for _ in range(3)
        )
        claims.append(
            Claim(
                id=f"claim-{i:05d}-" + "x" * 60,
                statement="A statement long enough to be clipped. " * 4,
                type="event",
                subjects=(pick(), pick()),
                evidence=evidence,
                date=date,
                date_basis=DateBasis(kind="stated", reason="r"),
            )
        )
    return make_site(
        claims, [Actor(id=a, name=f"Name of {a}", kind="person", description="") for a in actors], reports, fast=True
    )


def test_the_fast_test_indexes_match_the_real_ones():
    fast, real = make_site(NETWORK, fast=True), make_site(NETWORK)
    assert (fast.claims_by_subject, fast.claims_by_speaker, fast.status) == (
        real.claims_by_subject,
        real.claims_by_speaker,
        real.status,
    )


@pytest.mark.slow  # builds a 50,000-claim site in memory: a scale check, run by .ci/run
def test_pictures_stay_small_at_two_thousand_actors_and_fifty_thousand_claims(big_site):
    hub = "actor-0000-with-a-long-identifier"
    for pic in all_pictures(big_site, hub, "2000-01-01"):
        assert len(pic.svg.encode()) < 60_000, (pic.title, len(pic.svg.encode()))
        assert len(pic.rows) <= 200, pic.title
        assert_labelled(pic.svg)


# ---- partials ----


def test_the_picture_macro_shows_the_picture_and_its_table_and_nothing_when_empty():
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PROJECT / "templates")), autoescape=True, undefined=jinja2.StrictUndefined
    )
    pic = pictures.actor_network(make_site(NETWORK), "iran", url_of)
    macro = '{% import "macros.html" as m with context %}{{ m.picture(pic, "As a table") }}'
    html = env.from_string(macro).render(pic=pic, root="")
    assert pic.svg in html
    assert html.count("<tr>") == 1 + len(pic.rows) and '<th scope="col">Speaks about Iran</th>' in html
    assert f'<a href="{url_of("actor", "usa").replace("&", "&amp;")}">Usa</a>' in html
    empty = pictures.actor_network(make_site(NETWORK), "lone", url_of)
    assert "As a table" in html
    assert env.from_string(macro).render(pic=empty, root="").strip() == ""
