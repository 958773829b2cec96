"""Pictures drawn at build time as inline SVG: actor networks, a claims × origins matrix, a time axis.

Every picture is bounded (a fixed number of nodes, cells or dots, whatever the corpus size), drawn
in a fixed order from sorted data (the same input gives the same string), coloured only through CSS
classes (so dark mode and print follow the stylesheet), and comes with its text equivalent as a
table the page shows beside it. Every node that is a page is a link; `url_of(kind, id)` gives its
page-relative href, kind being "actor", "claim", "report" or "article".
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .dates import period_start, wholly_before
from .diagrams import clip, esc
from .formats import format_date, plural
from .xref import Site

UrlOf = Callable[[str, str], str]


@dataclass(frozen=True)
class Cell:
    """One cell of a picture's text equivalent: its text, an optional link, an optional CSS class."""

    text: str
    url: str | None = None
    css: str = ""


@dataclass(frozen=True)
class Picture:
    """An inline SVG and the same information as a table (head and rows of cells)."""

    svg: str
    title: str
    desc: str
    head: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]


def svg_frame(css: str, key: str, width: int, height: int, title: str, desc: str, body: Iterable[str]) -> str:
    """A complete inline <svg>: a labelled group (so its links stay reachable) with a <title> and a <desc>."""
    return (f'<svg class="picture {css}" role="group" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" aria-labelledby="{key}-t {key}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{key}-t">{esc(title)}</title><desc id="{key}-d">{esc(desc)}</desc>{"".join(body)}</svg>')


def link(url: str | None, tip: str, inner: str, css: str = "") -> str:
    """Markup wrapped in a link with a tooltip, if any (a plain group when there is no page to link to)."""
    cls = f' class="{css}"' if css else ""
    group = f"<g{cls}>{f'<title>{esc(tip)}</title>' if tip else ''}{inner}</g>"
    return f'<a href="{esc(url)}">{group}</a>' if url else group


def text(x: float, y: float, words: str, css: str = "", anchor: str = "") -> str:
    """A <text> element (positions rounded so output does not depend on float noise)."""
    cls = f' class="{css}"' if css else ""
    at = f' text-anchor="{anchor}"' if anchor else ""
    return f'<text x="{x:.0f}" y="{y:.0f}"{cls}{at}>{esc(words)}</text>'


def actor_name(site: Site, actor_id: str) -> str:
    """An actor's name, or its id when the corpus lacks it."""
    actor = site.corpus.actors.get(actor_id)
    return actor.name if actor and actor.name else actor_id


CHAR_W = 6.6  # mean width of a character at the pictures' 12px font, for sizing text boxes


def head_size(chars: int) -> tuple[int, int]:
    """Height and rightward overhang of column headings of `chars` characters written up at 50°."""
    return int(0.766 * chars * CHAR_W) + 14, int(0.643 * chars * CHAR_W)


def two_lines(words: str, chars: int) -> tuple[str, str]:
    """Text broken at a space into two lines of at most `chars` characters, the second clipped."""
    if len(words) <= chars:
        return words, ""
    cut = words.rfind(" ", 0, chars + 1)
    cut = cut if cut > 0 else chars
    return words[:cut], clip(words[cut:].strip(), chars)


def grid_head(labels: list[str], urls: list[str], tips: list[str], x0: int, cell: int, head: int) -> list[str]:
    """Column headings of a grid (already clipped to fit), written up at a slope, each linked to its page."""
    out = []
    for i, (label, url, tip) in enumerate(zip(labels, urls, tips)):
        x, y = x0 + i * cell + cell / 2 + 4, head - 6
        words = f'<text transform="translate({x:.0f} {y}) rotate(-50)">{esc(label)}</text>'
        out.append(link(url, tip, words, "col"))
    return out


# ---- networks ----

@dataclass(frozen=True)
class Link:
    """How two actors are linked, in distinct claims: a speaks about b, b about a, both subjects; all together."""

    a: str
    b: str
    a_about_b: int = 0
    b_about_a: int = 0
    shared: int = 0
    total: int = 0

    def other(self, actor_id: str) -> str:
        """The actor at the other end from `actor_id`."""
        return self.b if actor_id == self.a else self.a

    def about(self, speaker: str) -> int:
        """Claims in which `speaker` speaks about the other actor."""
        return self.a_about_b if speaker == self.a else self.b_about_a


def pair(a: str, b: str) -> tuple[str, str]:
    """Two actor ids in sorted order: the key of the link between them."""
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class Links:
    """Claims counted between actors: (speaker, subject) → claims; sorted pair → claims with both as subjects;
    sorted pair → claims linking them at all. Counts only: a Link is made for the few pairs a picture shows."""

    about: Counter
    shared: Counter
    total: Counter

    def link(self, a: str, b: str) -> Link:
        """The link between two actors."""
        a, b = pair(a, b)
        return Link(a, b, self.about[(a, b)], self.about[(b, a)], self.shared[(a, b)], self.total[(a, b)])

    def of(self, actor_id: str) -> list[Link]:
        """Every link of one actor."""
        return [self.link(a, b) for a, b in self.total if actor_id in (a, b)]

    def among(self, nodes: set[str]) -> dict[tuple[str, str], Link]:
        """The links between any two of these actors, by sorted pair."""
        return {(a, b): self.link(a, b) for a, b in sorted(self.total) if a in nodes and b in nodes}

    def degrees(self) -> tuple[Counter, Counter]:
        """For each actor: how many others it is linked to, and the claims over all its links."""
        degree: Counter = Counter()
        weight: Counter = Counter()
        for (a, b), n in self.total.items():
            degree[a] += 1
            degree[b] += 1
            weight[a] += n
            weight[b] += n
        return degree, weight


def count_links(site: Site, claim_ids: Iterable[str]) -> Links:
    """Count, in distinct claims, who speaks about whom and who are subjects together (self-links left out)."""
    about: Counter = Counter()
    shared: Counter = Counter()
    total: Counter = Counter()
    for cid in set(claim_ids):
        claim = site.corpus.claims[cid]
        subjects = set(claim.subjects)
        said = {(s, t) for s in {ev.speaker for ev in claim.evidence} for t in subjects if s != t}
        both = {pair(s, t) for s in subjects for t in subjects if s < t}
        about.update(said)
        shared.update(both)
        total.update({pair(s, t) for s, t in said} | both)
    return Links(about, shared, total)


def strongest(links: Iterable[Link], site: Site, actor_id: str, limit: int) -> list[Link]:
    """The `limit` heaviest links of one actor; ties by the other actor's name, then id."""
    def key(lk: Link) -> tuple:
        other = lk.other(actor_id)
        return (-lk.total, actor_name(site, other).lower(), other)
    return sorted((lk for lk in links if actor_id in (lk.a, lk.b)), key=key)[:limit]


def ego_claims(site: Site, actor_id: str) -> set[str]:
    """The claims an actor speaks in or is a subject of."""
    return set(site.claims_by_speaker.get(actor_id, ())) | set(site.claims_by_subject.get(actor_id, ()))


def link_words(site: Site, lk: Link) -> str:
    """A link in words: who speaks about whom in how many claims, and how many they are subjects of together."""
    a, b = actor_name(site, lk.a), actor_name(site, lk.b)
    parts = [f"{x} speaks about {y} in {plural(n, 'claim')}" for x, y, n in
             ((a, b, lk.a_about_b), (b, a, lk.b_about_a)) if n]
    if lk.shared:
        parts.append(f"both are subjects of {plural(lk.shared, 'claim')}")
    return f"{a} — {b}: {plural(lk.total, 'claim')} ({'; '.join(parts)})"


NET_W, ROW, NODE_X, EGO_X, TOP = 320, 26, 150, 14, 40  # NET_W fits a 360 px phone screen
Point = tuple[float, float]


def arrowhead(tip: Point, direction: Point) -> str:
    """A small triangle with its point at `tip`, pointing along the unit vector `direction`."""
    (tx, ty), (ux, uy) = tip, direction
    bx, by = tx - 8 * ux, ty - 8 * uy
    return (f'<path class="tip" d="M{tx:.1f} {ty:.1f}L{bx - 4 * uy:.1f} {by + 4 * ux:.1f}'
            f'L{bx + 4 * uy:.1f} {by - 4 * ux:.1f}z"/>')


def stroke_width(weight: int, heaviest: int) -> float:
    """Line width for an edge: 1 to 4 px, growing with the square root of its share of the heaviest edge."""
    return round(1 + 3 * (weight / max(heaviest, 1)) ** 0.5, 1)


def fan_edge(site: Site, ego: str, lk: Link, y: float, heaviest: int) -> str:
    """One edge of an actor's network: a curve from the actor to its neighbour's row, then straight to the
    neighbour, with arrowheads there for who speaks about whom, dashed when they only share claims, and the count."""
    bend = EGO_X + 76  # where the curve meets the neighbour's row; the rest runs level, so heads never overlap
    dash = "" if lk.about(ego) or lk.about(lk.other(ego)) else ' stroke-dasharray="4 3"'
    path = (f'<path d="M{EGO_X} {TOP}C{EGO_X + 46} {TOP} {EGO_X + 20} {y:.0f} {bend} {y:.0f}H{NODE_X - 8}" '
            f'fill="none" stroke-width="{stroke_width(lk.total, heaviest)}"{dash}/>')
    heads = [arrowhead((bend + 18, y), (1, 0))] if lk.about(ego) else []
    heads += [arrowhead((bend + 4, y), (-1, 0))] if lk.about(lk.other(ego)) else []
    # no tooltip of its own: the neighbour's node beside it, a link, says the same words (link_words)
    return (f'<g class="edge">{path}{"".join(heads)}'
            f'{text(NODE_X - 22, y + 4, str(lk.total), "count", "middle")}</g>')


def network_node(x: float, y: float, label: str, url: str, tip: str, css: str, r: int = 6) -> str:
    """A linked node: a circle and its label to the right."""
    inner = f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{r}"/>' + (text(x + r + 5, y + 4, clip(label, 24)) if label else "")
    return link(url, tip, inner, css)


def actor_network(site: Site, actor_id: str, url_of: UrlOf, limit: int = 12) -> Picture:
    """An actor's closest neighbours: who they speak about, who speaks about them, with whom they share claims.

    The actor sits top left; its `limit` strongest neighbours stand in a column, heaviest first, each
    edge labelled with the number of distinct claims that link the two.
    """
    name = actor_name(site, actor_id)
    everything = count_links(site, ego_claims(site, actor_id)).of(actor_id)
    links = strongest(everything, site, actor_id, limit)
    neighbours = len(everything)
    heaviest = max((lk.total for lk in links), default=1)
    ys = [TOP + i * ROW for i in range(len(links))]
    body = [fan_edge(site, actor_id, lk, y, heaviest) for lk, y in zip(links, ys)]
    body.append(network_node(EGO_X, TOP, "", url_of("actor", actor_id), name, "node ego", 9))
    body.append(text(4, 16, clip(name, 40), "ego-label"))
    body += [network_node(NODE_X, y, actor_name(site, lk.other(actor_id)), url_of("actor", lk.other(actor_id)),
                          link_words(site, lk), "node") for lk, y in zip(links, ys)]
    height = (ys[-1] if ys else TOP) + 52
    body.append(text(4, height - 24, "Arrow: who speaks about whom. Dashed: subjects", "legend"))
    body.append(text(4, height - 10, "of the same claims only. Numbers: claims.", "legend"))
    shown = f"the {plural(len(links), 'closest neighbour')}" + (f" of {neighbours}" if neighbours > len(links) else "")
    desc = (f"{name} and {shown}, heaviest first: an arrow shows who speaks about whom, a dashed line that both "
            "are subjects of the same claims; each number counts the distinct claims that link the two. "
            "The table lists the same links.")
    head = (Cell("Actor"), Cell(f"Speaks about {name}"), Cell(f"{name} speaks about"), Cell("Subjects together"),
            Cell("Claims in all"))
    rows = tuple((Cell(actor_name(site, lk.other(actor_id)), url_of("actor", lk.other(actor_id))),
                  Cell(str(lk.about(lk.other(actor_id)))), Cell(str(lk.about(actor_id))), Cell(str(lk.shared)),
                  Cell(str(lk.total))) for lk in links)
    title = f"Network of {name}"
    return Picture(svg_frame("picture-network", f"net-{actor_id}", NET_W, height, title, desc, body), title, desc,
                   head, rows)


def most_connected(site: Site, degree: Counter, weight: Counter, limit: int) -> list[str]:
    """The `limit` actors with the most distinct neighbours; ties by claims linking them, name, id."""
    return sorted(degree, key=lambda a: (-degree[a], -weight[a], actor_name(site, a).lower(), a))[:limit]


def short_count(n: int) -> str:
    """A count that fits a small cell: '7', '312', '12k' (the table gives it exactly)."""
    return str(n) if n < 1000 else f"{n // 1000}k"


def shade(weight: int, heaviest: int) -> int:
    """A shade from 1 (light) to 4 (dark) for a weight, by its share of the heaviest (square root, so light
    links stay visible); the number in the cell says the same, so the shade is never the only signal."""
    return min(4, 1 + int(4 * (weight / max(heaviest, 1)) ** 0.5))


NET_LABEL_W, NET_CELL, NET_CHARS = 160, 22, 20


def square(x: int, y: int, size: int) -> str:
    """Path data for a square cell inset by 1 px, so neighbouring cells stay apart."""
    return f"M{x + 1} {y + 1}h{size - 2}v{size - 2}h{2 - size}z"


def network_cells(links: dict[tuple[str, str], Link], nodes: list[str], top: int) -> list[str]:
    """The cells of the actor × actor grid, grouped by shade: one path of squares and one group of counts per
    shade, which keeps a full grid of 25 × 25 cells near 40 KB."""
    heaviest = max((lk.total for lk in links.values()), default=1)
    shapes: dict[int, list[str]] = {}
    counts: dict[int, list[str]] = {}
    for r, a in enumerate(nodes):
        for c, b in enumerate(nodes):
            lk = links.get(pair(a, b))
            if lk:
                x, y, w = NET_LABEL_W + c * NET_CELL, top + r * NET_CELL, shade(lk.total, heaviest)
                shapes.setdefault(w, []).append(square(x, y, NET_CELL))
                label = f'<text x="{x + NET_CELL // 2}" y="{y + 15}">{short_count(lk.total)}</text>'
                counts.setdefault(w, []).append(label)
    return ([f'<path class="w{w}" d="{"".join(d)}"/>' for w, d in sorted(shapes.items())]
            + [f'<g class="w{w}">{"".join(t)}</g>' for w, t in sorted(counts.items())])


def neighbours_in_words(site: Site, actor_id: str, links: dict[tuple[str, str], Link], nodes: list[str]) -> str:
    """An actor's links to the other shown actors, heaviest first: 'Ministry (27), Daily Ledger (15)'."""
    mine = [lk for lk in links.values() if actor_id in (lk.a, lk.b) and lk.other(actor_id) in nodes]
    return ", ".join(f"{actor_name(site, lk.other(actor_id))} ({lk.total})"
                     for lk in strongest(mine, site, actor_id, len(mine)))


def site_network(site: Site, url_of: UrlOf, limit: int = 25) -> Picture:
    """The most connected actors as a grid: a row and a column per actor, most connected first, and in each
    cell the number of distinct claims that link the two (one speaks about the other, or both are subjects).

    A grid rather than nodes and lines: in a corpus built around a few actors every line runs to
    them and a node-link drawing becomes a tangle; a grid keeps every link and its count readable.
    """
    everything = count_links(site, site.corpus.claims)
    degree, weight = everything.degrees()
    nodes = most_connected(site, degree, weight, limit)
    among = everything.among(set(nodes))
    names = [actor_name(site, a) for a in nodes]
    urls = [url_of("actor", a) for a in nodes]
    tips = [f"{n}: linked to {plural(degree[a], 'actor')}" for n, a in zip(names, nodes)]
    head_h, overhang = head_size(NET_CHARS)
    body = grid_head([clip(n, NET_CHARS) for n in names], urls, tips, NET_LABEL_W, NET_CELL, head_h)
    body += [link(u, t, text(NET_LABEL_W - 6, head_h + r * NET_CELL + 15, clip(n, 21), "", "end"), "row")
             for r, (n, u, t) in enumerate(zip(names, urls, tips))]
    body += network_cells(among, nodes, head_h)
    body += [text(4, 16, "In each cell: the claims that", "legend"), text(4, 30, "link its row and column", "legend")]
    width = NET_LABEL_W + len(nodes) * NET_CELL + overhang
    height = head_h + len(nodes) * NET_CELL + 10
    desc = (f"The {plural(len(nodes), 'most connected actor')} of {len(degree)} (those linked to the most others), "
            "most connected first, each with a row and a column; a cell holds the number of distinct claims that "
            "link the two actors (one speaks about the other, or both are subjects of the same claim), darker for "
            "more. An empty cell: no claim links them. The table lists each actor's links.")
    head = (Cell("Actor"), Cell("Actors linked in all"), Cell("Links to the actors shown (claims)"))
    rows = tuple((Cell(n, u), Cell(str(degree[a])), Cell(neighbours_in_words(site, a, among, nodes)))
                 for a, n, u in zip(nodes, names, urls))
    title = "The most connected actors"
    return Picture(svg_frame("picture-network picture-grid", "net-site", width, height, title, desc, body), title,
                   desc, head, rows)


# ---- claims × origins matrix ----

STANCE_SYMBOLS = {("supports", "full"): "✓", ("disputes", "full"): "✗", ("supports", "partial"): "◐",
                  ("disputes", "partial"): "◑", ("context", "full"): "○", ("context", "partial"): "○"}
STANCE_WORDS = {"✓": "supports", "✗": "disputes", "◐": "partly supports", "◑": "partly disputes", "○": "context"}
SYMBOL_ORDER = "✓✗◐◑○"
MATRIX_LEGEND = "✓ supports  ✗ disputes  ◐ partly supports  ◑ partly disputes  ○ context"


def origin_label(site: Site, origin_id: str) -> str:
    """What names an origin: a report's title, else its outlet and date; an article's title."""
    corpus = site.corpus
    if origin_id in corpus.articles:
        return corpus.articles[origin_id].title
    report = corpus.reports.get(origin_id)
    if report is None:
        return origin_id
    return report.title or f"{actor_name(site, report.outlet)}, {format_date(report.published) or 'date unknown'}"


def origin_kind(site: Site, origin_id: str) -> str:
    """'article' or 'report': the kind of page an origin has."""
    return "article" if origin_id in site.corpus.articles else "report"


def root_of(site: Site, claim_id: str) -> dict[str, str]:
    """For one claim, each origin that counts under an independent origin, mapped to that origin."""
    st = site.status[claim_id]
    roots: dict[str, str] = {}
    for group in (*st.supporting, *st.disputing):
        for origin in (group.origin, *group.restatements):
            roots.setdefault(origin, group.origin)
    return roots


def claim_cells(site: Site, claim_id: str) -> dict[str, str]:
    """A claim's evidence by column: the independent origin each item counts under (its own origin when it
    counts under none, as context does) → the stance symbols of the items there, in legend order."""
    roots = root_of(site, claim_id)
    found: dict[str, set[str]] = {}
    for ev in site.corpus.claims[claim_id].evidence:
        found.setdefault(roots.get(ev.origin, ev.origin), set()).add(STANCE_SYMBOLS[(ev.stance, ev.extent)])
    return {col: "".join(s for s in SYMBOL_ORDER if s in symbols) for col, symbols in sorted(found.items())}


def cell_css(symbols: str) -> str:
    """The colour class of a cell: supports, disputes, both, or context; the symbols carry the meaning too."""
    pro, con = any(s in symbols for s in "✓◐"), any(s in symbols for s in "✗◑")
    return "both" if pro and con else "supports" if pro else "disputes" if con else "context"


def in_words(symbols: str) -> str:
    """Cell symbols in words: '✓◑' → 'supports, partly disputes'."""
    return ", ".join(STANCE_WORDS[s] for s in symbols)


def origin_labels(site: Site, origin_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Each origin's label and a suffix: ' [1]', ' [2]'… (in id order) for labels two origins share, so columns
    stay distinguishable however the label is clipped; '' otherwise."""
    labels = {o: origin_label(site, o) for o in sorted(origin_ids)}
    seen = Counter(labels.values())
    number: Counter = Counter()
    out = {}
    for o, label in labels.items():
        number[label] += 1
        out[o] = (label, f" [{number[label]}]" if seen[label] > 1 else "")
    return out


LABEL_W, LABEL_CHARS, CELL_W, CELL_H, HEAD_CHARS = 244, 36, 32, 34, 26


def matrix_cell(x: int, y: int, symbols: str) -> str:
    """A cell: its stance symbols on a box coloured by stance (no tooltip: the legend explains the symbols, and
    360 tooltips would double the size of a full matrix)."""
    return (f'<g class="cell-{cell_css(symbols)}">'
            f'<path d="M{x + 1} {y + 1}h{CELL_W - 2}v{CELL_H - 2}h{2 - CELL_W}z"/>'
            f'{text(x + CELL_W / 2, y + CELL_H / 2 + 5, symbols)}</g>')  # centred by the stylesheet


def matrix_row(site: Site, claim_id: str, y: int, cols: list[str], cells: dict[str, str], url_of: UrlOf) -> str:
    """One claim's row: its statement on two lines (linked), and a cell under each origin it has items from."""
    statement = site.corpus.claims[claim_id].statement
    first, second = two_lines(statement, LABEL_CHARS)
    label = text(4, y + 14, first) + (text(4, y + 28, second) if second else "")
    # the tooltip gives the statement only when its two lines clip it
    tip = "" if " ".join(w for w in (first, second) if w) == statement else clip(statement, 120)
    parts = [link(url_of("claim", claim_id), tip, label, "row")]
    parts += [matrix_cell(LABEL_W + c * CELL_W, y, cells[o]) for c, o in enumerate(cols) if o in cells]
    return "".join(parts)


def rank_claims(site: Site, claim_ids: Iterable[str]) -> list[str]:
    """Claims in the order a capped matrix should keep them: contested first, then those with the most
    independent origins (supporting and disputing), then by id."""
    def key(cid: str) -> tuple:
        st = site.status[cid]
        return (st.status != "contested", -(len(st.supporting) + len(st.disputing)), cid)
    return sorted(set(claim_ids), key=key)


def left_out(counts: list[tuple[int, str]]) -> str:
    """' Left out to keep it readable: 3 claims and 2 origins.' (or '' when nothing was)."""
    parts = [plural(n, word) for n, word in counts if n]
    return f" Left out to keep it readable: {' and '.join(parts)}." if parts else ""


def claims_matrix(site: Site, claim_ids: Iterable[str], url_of: UrlOf, max_rows: int = 30, max_cols: int = 12,
                  key: str = "matrix") -> Picture:
    """Claims (rows: the first `max_rows`, in the order given) × the origins of their evidence (columns: the
    `max_cols` that the shown claims draw on most), with the stance of the evidence in each cell.

    An origin that only restates another (it relays it) counts under that one, as in the claim's status.
    """
    wanted = list(dict.fromkeys(claim_ids))
    shown = wanted[:max_rows]
    cells = {cid: claim_cells(site, cid) for cid in shown}
    uses = Counter(col for row in cells.values() for col in row)
    named = origin_labels(site, list(uses))
    labels = {o: label + suffix for o, (label, suffix) in named.items()}
    cols = sorted(uses, key=lambda o: (-uses[o], labels[o].lower(), o))[:max_cols]
    head_h, overhang = head_size(HEAD_CHARS)
    headings = [clip(named[o][0], HEAD_CHARS - len(named[o][1])) + named[o][1] for o in cols]
    body = grid_head(headings, [url_of(origin_kind(site, o), o) for o in cols], [labels[o] for o in cols],
                     LABEL_W, CELL_W, head_h)
    body += [matrix_row(site, cid, head_h + r * CELL_H, cols, cells[cid], url_of) for r, cid in enumerate(shown)]
    right = LABEL_W + len(cols) * CELL_W
    body.insert(0, '<path class="grid" d="' + "".join(f"M4 {head_h + r * CELL_H}H{right}"  # row rules guide the eye
                                                      for r in range(len(shown) + 1)) + '"/>')
    height = head_h + len(shown) * CELL_H + 24
    body.append(text(4, height - 8, MATRIX_LEGEND, "legend"))
    width = max(LABEL_W + len(cols) * CELL_W + overhang, int(len(MATRIX_LEGEND) * CHAR_W))
    desc = (f"{plural(len(shown), 'claim')} (rows) against the {plural(len(cols), 'origin')} of their evidence "
            "(columns; an origin that only restates another counts under it). Each cell shows the stance of the "
            f"evidence under that origin: {MATRIX_LEGEND.replace('  ', ', ')}."
            + left_out([(len(wanted) - len(shown), "claim"), (len(uses) - len(cols), "origin")])
            + " The table lists the same cells.")
    head = (Cell("Claim"), Cell("Origin"), Cell("Evidence"))
    rows = tuple((Cell(site.corpus.claims[cid].statement, url_of("claim", cid)),
                  Cell(labels[o], url_of(origin_kind(site, o), o)),
                  Cell(f"{cells[cid][o]} {in_words(cells[cid][o])}", css=f"cell-{cell_css(cells[cid][o])}"))
                 for cid in shown for o in cols if o in cells[cid])
    title = "Claims and the origins of their evidence"
    return Picture(svg_frame("picture-matrix", key, width, height, title, desc, body), title, desc, head, rows)


# ---- time axis ----

@dataclass(frozen=True)
class ClaimDate:
    """A claim's own date and the basis for it, as the timeline shows them."""

    claim_id: str
    iso: str
    label: str
    inferred: bool
    reason: str

    @property
    def precision(self) -> str:
        """'day', 'month' or 'year': how much of the date is known."""
        return ("year", "month", "day")[self.iso.count("-")]

    @property
    def basis(self) -> str:
        """The basis in words: 'Date inferred: …' or 'Date stated: …' ('' when none is given)."""
        return f"Date {'inferred' if self.inferred else 'stated'}: {self.reason}" if self.reason else ""


def date_bases(site: Site, claim_ids: Iterable[str]) -> dict[str, ClaimDate]:
    """Each dated claim's own date and date basis, in date order (start of the period, then id)."""
    dates = []
    for cid in set(claim_ids):
        claim = site.corpus.claims[cid]
        if claim.date:
            basis = claim.date_basis
            dates.append(ClaimDate(cid, claim.date, format_date(claim.date), bool(basis and basis.kind == "inferred"),
                                   basis.reason if basis else ""))
    return {d.claim_id: d for d in sorted(dates, key=lambda d: (period_start(d.iso), d.iso, d.claim_id))}


UNITS = ("month", "year", "decade", "century")
MAX_ROWS, MAX_DOTS, MAX_PER_ROW = 48, 140, 12  # bounds: about 40 KB of SVG at most
AXIS_X, DOT_X, DOT_STEP, STEP = 66, 80, 15, 20


def unit_index(iso: str, unit: str) -> int:
    """The number of the month, year, decade or century a date's period starts in (months count from year 0)."""
    year, month = int(iso[:4]), int(period_start(iso)[5:7])
    return {"month": year * 12 + month - 1, "year": year, "decade": year // 10, "century": year // 100}[unit]


def unit_label(index: int, unit: str) -> str:
    """A row's label: 'Sep 2014', '2014', '1950s', '1900–1999'."""
    if unit == "month":
        return format_date(f"{index // 12:04d}-{index % 12 + 1:02d}")
    return {"year": f"{index}", "decade": f"{index * 10}s", "century": f"{index * 100}–{index * 100 + 99}"}[unit]


def fitting_unit(dates: list[ClaimDate]) -> str:
    """The finest unit (month first) that spans these dates in at most MAX_ROWS rows."""
    for unit in UNITS[:-1]:
        if unit_index(dates[-1].iso, unit) - unit_index(dates[0].iso, unit) < MAX_ROWS:
            return unit
    return UNITS[-1]


def dot(site: Site, d: ClaimDate, x: float, y: float, url_of: UrlOf) -> str:
    """A claim on the axis, linked: a filled dot for a day, a ring for a month, a square for a year only."""
    shape = {"day": f'<circle cx="{x:.0f}" cy="{y:.0f}" r="5"/>',
             "month": f'<circle cx="{x:.0f}" cy="{y:.0f}" r="4.5"/>',
             "year": f'<rect x="{x - 4.5:.0f}" y="{y - 4.5:.0f}" width="9" height="9"/>'}[d.precision]
    tip = f"{clip(site.corpus.claims[d.claim_id].statement, 70)} — {d.label}{' (inferred)' if d.inferred else ''}"
    return link(url_of("claim", d.claim_id), tip, shape, f"dot dot-{d.precision}")


@dataclass(frozen=True)
class Segment:
    """A stretch of the axis with its own unit: the background before the cut-off, or the events from it."""

    heading: str
    unit: str
    rows: dict[int, list[ClaimDate]]  # unit number -> the claims dated in it, for each unit that has any

    @property
    def first(self) -> int:
        """The unit number of the first row."""
        return min(self.rows)

    @property
    def last(self) -> int:
        """The unit number of the last row."""
        return max(self.rows)


def segment(heading: str, dates: list[ClaimDate]) -> Segment:
    """Dates (in date order) grouped into rows of the finest unit that keeps the segment bounded."""
    unit = fitting_unit(dates)
    rows: dict[int, list[ClaimDate]] = {}
    for d in dates:
        rows.setdefault(unit_index(d.iso, unit), []).append(d)
    return Segment(f"{heading}: a row per {unit}", unit, rows)


def segments(dates: list[ClaimDate], cutoff: str) -> list[Segment]:
    """Background (wholly before the cut-off) then events, each with the finest unit that keeps it bounded."""
    before = [d for d in dates if wholly_before(d.iso, cutoff)]
    after = [d for d in dates if not wholly_before(d.iso, cutoff)]
    when = format_date(cutoff)
    return [segment(heading, ds) for heading, ds in ((f"Background, before {when}", before), (f"From {when}", after))
            if ds]


def draw_segment(site: Site, seg: Segment, y0: float, per_row: int, url_of: UrlOf) -> tuple[list[str], float]:
    """One segment: its heading, an axis with a tick per unit, and each row's claims (capped, with a count)."""
    out = [text(4, y0 + 12, seg.heading, "legend")]
    top = y0 + 30
    y_end = top + (seg.last - seg.first) * STEP
    out.append(f'<path class="axis" d="M{AXIS_X} {top - 8:.0f}V{y_end + 8:.0f}'
               + "".join(f"M{AXIS_X - 3} {top + i * STEP:.0f}h6" for i in range(seg.last - seg.first + 1)) + '"/>')
    for index, ds in sorted(seg.rows.items()):
        y = top + (index - seg.first) * STEP
        out.append(text(AXIS_X - 8, y + 4, unit_label(index, seg.unit), "tick", "end"))
        out += [dot(site, d, DOT_X + k * DOT_STEP, y, url_of) for k, d in enumerate(ds[:per_row])]
        if len(ds) > per_row:
            out.append(text(DOT_X + per_row * DOT_STEP - 4, y + 4, f"+{len(ds) - per_row}", "count"))
    return out, y_end + 12


def timeline_axis(site: Site, claim_ids: Iterable[str], url_of: UrlOf, cutoff: str, key: str = "time") -> Picture:
    """Dated claims on a vertical time axis scaled by real time: one row per month (or year, decade, century
    when the span is long), empty rows for gaps; each row shows its first claims as dots and counts the rest."""
    dates = list(date_bases(site, claim_ids).values())
    segs = segments(dates, cutoff)
    per_row = max(1, min(MAX_PER_ROW, MAX_DOTS // max(1, sum(len(s.rows) for s in segs))))
    body = [text(4, 14, "● day  ○ month  □ year only, at the start of its period", "legend")]
    y = 20.0
    shown: list[tuple[Segment, int, list[ClaimDate]]] = []
    for seg in segs:
        part, y = draw_segment(site, seg, y, per_row, url_of)
        body += part
        shown += [(seg, index, ds) for index, ds in sorted(seg.rows.items())]
    height = int(y) + 8
    capped = sum(max(0, len(ds) - per_row) for _, _, ds in shown)
    spans = "; ".join(f"{s.heading}, {unit_label(s.first, s.unit)} to {unit_label(s.last, s.unit)}"
                      for s in segs)
    desc = (f"{plural(len(dates), 'dated claim')} on a time axis running down the page. {spans}. Rows are spaced by "
            "real time, so an empty stretch of axis is a time with no dated claim. A filled dot is a claim dated to "
            "the day, a ring to the month, a square to the year only, each at the start of its period."
            + (f" Rows show at most {plural(per_row, 'claim')} and count the rest ({capped} not drawn)." if capped
               else "") + " The table lists the claims drawn, with each one's own date basis.")
    head = (Cell("Period"), Cell("Claim"), Cell("Date"), Cell("Date basis"))
    rows = tuple(row for seg, index, ds in shown for row in period_rows(site, seg, index, ds, per_row, url_of))
    title = "Dated claims on a time axis"
    return Picture(svg_frame("picture-timeline", key, NET_W, height, title, desc, body), title, desc, head, rows)


def period_rows(site: Site, seg: Segment, index: int, ds: list[ClaimDate], per_row: int, url_of: UrlOf
                ) -> list[tuple[Cell, ...]]:
    """The table rows of one period: each claim drawn with its date and basis, then how many more there are."""
    period = Cell(unit_label(index, seg.unit))
    rows = [(period, Cell(site.corpus.claims[d.claim_id].statement, url_of("claim", d.claim_id)),
             Cell(d.label + (" (inferred)" if d.inferred else "")), Cell(d.basis)) for d in ds[:per_row]]
    if len(ds) > per_row:
        rows.append((period, Cell(f"and {plural(len(ds) - per_row, 'more claim')} in this period"), Cell(""), Cell("")))
    return rows
