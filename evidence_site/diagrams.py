"""Inline SVG diagrams drawn at build time: deterministic, labelled, linked, styled by the site's CSS.

A diagram is a few columns of boxes joined by arrows (a layered graph). Colours come from CSS
classes, so dark mode and print follow the stylesheet; every box whose lines are clipped has a <title> with its
full label, and the page always shows a table with the same information beside the picture.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 200, 42, 44, 12, 4
CHARS = 27  # characters that fit on one line of a box at the diagram's font size


@dataclass(frozen=True)
class Box:
    """A node of a diagram: its text, an optional link (relative to the page), and its CSS class."""

    id: str
    label: str
    detail: str = ""
    url: str | None = None
    css: str = "node"


@dataclass(frozen=True)
class Arrow:
    """An edge from one box to another; dashed when the link is inferred."""

    source: str
    target: str
    dashed: bool = False
    title: str = ""


def clip(text: str, limit: int = CHARS) -> str:
    """Text cut to fit a box, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def layered_svg(columns: list[list[Box]], arrows: list[Arrow], title: str, desc: str, key: str,
                css: str = "diagram") -> str:
    """An SVG of boxes in columns, left to right, with arrows between them; `key` makes its ids unique on the page."""
    columns = untangle(columns, arrows)
    at = {box.id: (c, r) for c, column in enumerate(columns) for r, box in enumerate(column)}
    rows = max((len(col) for col in columns), default=0)
    width = len(columns) * BOX_W + (len(columns) - 1) * GAP_X + 2 * PAD
    height = rows * BOX_H + (rows - 1) * GAP_Y + 2 * PAD
    parts = [f'<svg class="{css}" role="group" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-labelledby="{key}-t {key}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{key}-t">{esc(title)}</title><desc id="{key}-d">{esc(desc)}</desc>']
    parts += [_arrow(a, at) for a in arrows if a.source in at and a.target in at]
    parts += [_box(box, c, r) for c, column in enumerate(columns) for r, box in enumerate(column)]
    parts.append("</svg>")
    return "".join(parts)


def untangle(columns: list[list[Box]], arrows: list[Arrow]) -> list[list[Box]]:
    """Order each column by the mean row of its neighbours (one pass each way), so fewer arrows cross."""
    cols = [list(c) for c in columns]
    for order in (range(1, len(cols)), range(len(cols) - 2, -1, -1)):
        for c in order:
            side = cols[c - 1] if order.step == 1 else cols[c + 1]
            row = {box.id: r for r, box in enumerate(side)}
            ends = [(a.source, a.target) if order.step == 1 else (a.target, a.source) for a in arrows]
            keys = {box.id: _mean_row(box.id, row, ends, len(side)) for box in cols[c]}
            cols[c] = [box for _, box in sorted(enumerate(cols[c]), key=lambda item: (keys[item[1].id], item[0]))]
    return cols


def _mean_row(box_id: str, row: dict[str, int], ends: list[tuple[str, str]], fallback: int) -> float:
    """The mean row of a box's neighbours in the next column over (boxes without neighbours sink to the end)."""
    near = [row[other] for other, me in ends if me == box_id and other in row]
    return sum(near) / len(near) if near else float(fallback)


def _xy(column: int, row: int) -> tuple[int, int]:
    """Top-left corner of the box at a column and row."""
    return PAD + column * (BOX_W + GAP_X), PAD + row * (BOX_H + GAP_Y)


def _box(box: Box, column: int, row: int) -> str:
    """One box: a rectangle, its label and detail line, a tooltip, a link when it has a page."""
    x, y = _xy(column, row)
    full = box.label + (f" — {box.detail}" if box.detail else "")
    label, detail = clip(box.label), clip(box.detail, CHARS + 2)
    # the tooltip gives what a line clips; a box shown in full is named by its own text
    title = f"<title>{esc(full)}</title>" if (label, detail) != (box.label, box.detail) else ""
    inner = (f'{title}<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="5"/>'
             f'<text x="{x + 8}" y="{y + 17}">{esc(label)}</text>')
    if box.detail:
        inner += f'<text class="detail" x="{x + 8}" y="{y + 33}">{esc(detail)}</text>'
    group = f'<g class="{box.css}">{inner}</g>'
    return f'<a href="{esc(box.url)}">{group}</a>' if box.url else group


def _arrow(arrow: Arrow, at: dict[str, tuple[int, int]]) -> str:
    """A curve from the right edge of one box to the left edge of another, ending in an arrowhead."""
    (sc, sr), (tc, tr) = at[arrow.source], at[arrow.target]
    x1, y1 = _xy(sc, sr)
    x2, y2 = _xy(tc, tr)
    x1, y1, x2, y2 = x1 + BOX_W, y1 + BOX_H // 2, x2 - 6, y2 + BOX_H // 2
    mid = (x1 + x2) // 2
    dash = ' stroke-dasharray="5 4"' if arrow.dashed else ""
    tip = f'<path class="tip" d="M{x2} {y2 - 5}L{x2 + 6} {y2}L{x2} {y2 + 5}z"/>'
    label = f"<title>{esc(arrow.title)}</title>" if arrow.title else ""
    return (f'<g class="edge">{label}<path d="M{x1} {y1}C{mid} {y1} {mid} {y2} {x2} {y2}" fill="none"{dash}/>'
            f"{tip}</g>")


def esc(text: str) -> str:
    """Escape text for SVG markup."""
    return html.escape(text, quote=True)
