"""How values are written for readers: dates, counts, BibTeX, inline Markdown."""
from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping

from .text import render_document

# [[id]] or [[kind:id]] in editorial prose (notes, date bases, relay bases): a link to that page, shown by its title
PROSE_REF = re.compile(r"\[\[(?:(actor|article|claim|report):)?([a-z0-9]+(?:-[a-z0-9]+)*)\]\]")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(iso: str | None) -> str:
    """'2014-12-27' → '27 Dec 2014'; '2014-09' → 'Sep 2014'; '2014' → '2014'; None → ''."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def plural(n: int, word: str) -> str:
    """'1 article', '2 articles'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def bibtex_escape(s: str) -> str:
    """Escape the characters BibTeX treats specially."""
    for ch in "\\{}%&$#_":
        s = s.replace(ch, "\\" + ch)
    return s


def render_markdown_inline(text: str) -> str:
    """Render a short Markdown text (an editorial note) to HTML."""
    return "".join(f"<p>{b.inner_html}</p>" for b in render_document(text).blocks)


def prose_refs(text: str) -> Iterator[tuple[str | None, str]]:
    """Each [[id]] or [[kind:id]] written in a prose field, as (kind or None, id)."""
    for match in PROSE_REF.finditer(text):
        yield match.group(1), match.group(2)


def link_refs(html_text: str, names: Mapping[str, tuple[str, str]], root: str) -> str:
    """Replace each [[id]] in escaped HTML by a link to the page it names ({"id" or "kind:id": (label, url)})."""
    def link(match: re.Match) -> str:
        key = f"{match.group(1)}:{match.group(2)}" if match.group(1) else match.group(2)
        label, url = names[key]
        return f'<a href="{html.escape(root + url)}">{html.escape(label)}</a>'
    return PROSE_REF.sub(link, html_text)


def plain_refs(text: str, names: Mapping[str, tuple[str, str]]) -> str:
    """Text with each [[id]] replaced by the name of the page it names (for meta descriptions, which hold no links)."""
    def name(match: re.Match) -> str:
        return names[f"{match.group(1)}:{match.group(2)}" if match.group(1) else match.group(2)][0]
    return PROSE_REF.sub(name, text)
