"""Markdown to anchored blocks, reader-visible text, normalisation, quote search, decoration."""
from __future__ import annotations

import difflib
import html
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from markdown_it import MarkdownIt

_QUOTE_MAP = dict.fromkeys("“”„‟″«»", '"') | dict.fromkeys("‘’‚‛′", "'")
_DASH_MAP = dict.fromkeys("‐‑‒–—―−", "-")
_FOLD = str.maketrans(_QUOTE_MAP | _DASH_MAP)
_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_CONTAINER_TAGS = {"blockquote", "ul", "ol", "li"}
_LEAF_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """The one Markdown parser: CommonMark, raw HTML escaped, no typographic rewriting."""
    return MarkdownIt("commonmark", {"html": False, "typographer": False})


@dataclass
class Block:
    """A leaf block of rendered text (paragraph, heading, code) with its anchor number."""

    index: int
    tag: str
    inner_html: str
    line: int  # 0-based line in the Markdown source where the block starts
    text: str = ""  # what a reader sees, entities decoded

    def __post_init__(self) -> None:
        self.text = "".join(seg for is_tag, seg in split_html(self.inner_html) if not is_tag)

    @cached_property
    def normalized(self) -> tuple[str, IndexMap]:
        """The block text normalised for matching, with the map back to `text` (computed once)."""
        return normalize(self.text)

    @property
    def anchor(self) -> str:
        """The fragment id of this block on its page."""
        return f"p{self.index}"


@dataclass
class Document:
    """Rendered Markdown: container tags as strings, leaf blocks as Block objects, in order."""

    parts: list = field(default_factory=list)

    @cached_property
    def blocks(self) -> list[Block]:
        """The leaf blocks in reading order (read once the document is rendered; looked up per quote)."""
        return [p for p in self.parts if isinstance(p, Block)]

    @property
    def text(self) -> str:
        """All block text, one block per line."""
        return "\n".join(b.text for b in self.blocks)


def render_document(source: str) -> Document:
    """Render Markdown into container tags and numbered leaf blocks."""
    md = markdown()
    tokens = md.parse(source)
    doc, count = Document(), 0
    for i, tok in enumerate(tokens):
        if tok.type in ("paragraph_open", "heading_open"):
            inline = tokens[i + 1]
            count += 1
            inner = md.renderer.renderInline(inline.children or [], md.options, {})
            tag = tok.tag if tok.tag in _LEAF_TAGS else "p"
            doc.parts.append(Block(count, tag, inner.rstrip("\n"), tok.map[0] if tok.map else 0))
        elif tok.type in ("code_block", "fence"):
            count += 1
            doc.parts.append(Block(count, "pre", html.escape(tok.content.rstrip("\n"), quote=False),
                                   tok.map[0] if tok.map else 0))
        elif tok.type.endswith("_open") and tok.tag in _CONTAINER_TAGS:
            doc.parts.append(f"<{tok.tag}>")
        elif tok.type.endswith("_close") and tok.tag in _CONTAINER_TAGS:
            doc.parts.append(f"</{tok.tag}>")
        elif tok.type == "hr":
            doc.parts.append("<hr>")
    return doc


# A line with none of these renders as its own words: no inline markup (escapes, code, emphasis, links, images,
# autolinks, entities) and no block marker at its start (headings, quotes, lists, rules, fences, setext lines).
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]!<>&]")
_BLOCK_MARKER = re.compile(r"\s*(?:[#>+\-*=_`~<|]|\d+[.)])")


def line_text(line: str) -> str:
    """What a reader sees of one line of Markdown rendered on its own, whitespace squashed.

    Most lines of a capture are plain words, which render as themselves: those skip the Markdown parser, which
    took most of the time of checking seeds (one parse per seed line).
    """
    if not _INLINE_MARKUP.search(line) and not _BLOCK_MARKER.match(line):
        return squash_space(line)
    return squash_space(render_document(line).text)


def split_html(fragment: str) -> list[tuple[bool, str]]:
    """Split inline HTML into (is_tag, piece); text pieces come back entity-decoded."""
    out = []
    for piece in _TAG_SPLIT.split(fragment):
        if piece:
            is_tag = piece.startswith("<") and piece.endswith(">")
            out.append((is_tag, piece if is_tag else html.unescape(piece)))
    return out


_SHIFTING_SPACE = re.compile(r"^\s+|\s{2,}")  # leading whitespace, and runs that collapse to one space


class IndexMap(Sequence[int]):
    """For each character of a normalised text, its position in the original: stored as the few places where the
    offset between the two changes (a run of several whitespace characters, leading whitespace), not one int per
    character, which held about a gigabyte at 10,000 articles."""

    __slots__ = ("starts", "shifts", "length")

    def __init__(self, starts: list[int], shifts: list[int], length: int):
        self.starts, self.shifts, self.length = starts, shifts, length  # from starts[k] on, original = i + shifts[k]

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.length))]
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError("normalised position out of range")
        return i + self.shifts[bisect_right(self.starts, i) - 1]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def normalize(s: str) -> tuple[str, IndexMap]:
    """Fold typographic quotes and dashes, collapse whitespace; map each char back to `s`.

    Whole-string operations (split, join, translate) do the work; only runs of two or more whitespace characters,
    and leading whitespace, are visited one by one, to note where the offset to the original changes.
    """
    norm = normal(s)
    starts, shifts, shift = [0], [0], 0
    for run in _SHIFTING_SPACE.finditer(s):
        a, b = run.span()
        if b == len(s) and a > 0:
            break  # trailing whitespace is dropped and moves nothing
        # Leading whitespace is dropped (the first kept character is at b); an inner run's first character stands
        # for the run, and what follows moves back by the rest.
        shift = b if a == 0 else shift + b - a - 1
        starts.append(b - shift)
        shifts.append(shift)
    return norm, IndexMap(starts, shifts, len(norm))


def normal(s: str) -> str:
    """Just the normalised form of `s` (str.split() and the \\s of `normalize` both split where str.isspace())."""
    return " ".join(s.split()).translate(_FOLD)


def squash_space(s: str) -> str:
    """Collapse whitespace only (for checking a body against its seed, where nothing else may differ)."""
    return " ".join(s.split())


def find_spans(haystack: str | tuple[str, Sequence[int]], needle: str, normalized_needle: bool = False
               ) -> list[tuple[int, int]]:
    """Every (start, end) in `haystack` where `needle` occurs, comparing normalised forms.

    `haystack` may be given already normalised, as returned by `normalize`; pass
    `normalized_needle=True` when the needle is too (searching many blocks for one quote).
    """
    hay, index = normalize(haystack) if isinstance(haystack, str) else haystack
    pin = needle if normalized_needle else normal(needle)
    spans, at = [], hay.find(pin) if pin else -1
    while at >= 0:
        spans.append((index[at], index[at + len(pin) - 1] + 1))
        at = hay.find(pin, at + 1)
    return spans


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a span's ends outwards to whole words, so a passage never starts or ends mid-word."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def aligned_span(hay: str, pin: str) -> tuple[int, int]:
    """The span of `hay` that lines up with `pin`: from its first to its last matching stretch, in whole words.

    The search window is anchored on the longest common stretch and has slack on both sides, so that
    a word added or dropped in the quote does not cut the passage short (or clip its first letter).
    """
    anchor = difflib.SequenceMatcher(None, hay, pin, autojunk=False).find_longest_match(0, len(hay), 0, len(pin))
    slack = len(pin) // 4 + 8
    lo, hi = max(0, anchor.a - anchor.b - slack), min(len(hay), anchor.a - anchor.b + len(pin) + slack)
    matched = [m for m in difflib.SequenceMatcher(None, hay[lo:hi], pin, autojunk=False).get_matching_blocks()
               if m.size >= 2]  # single letters matching far away would stretch the passage
    if not matched:
        return widen_to_words(hay, anchor.a, anchor.a + anchor.size)
    return widen_to_words(hay, lo + matched[0].a, lo + matched[-1].a + matched[-1].size)


def closest_passage(needle: str, blocks: list[Block]) -> tuple[Block, str, float] | None:
    """The block, and the whole-word passage in it that lines up with the needle best, with its similarity."""
    pin = normal(needle)
    best = None
    for block in blocks:
        hay = block.normalized[0]
        start, end = aligned_span(hay, pin)
        passage = hay[start:end]
        ratio = difflib.SequenceMatcher(None, passage, pin, autojunk=False).ratio()
        if best is None or ratio > best[2]:
            best = (block, passage, ratio)
    return best


def first_difference(quote: str, passage: str, names: tuple[str, str] = ("the quote", "the text")) -> str:
    """Where two texts first differ, word by word, with a word of context: 'the quote has “…”, the text has “…”'."""
    ours, theirs = normal(quote).split(), normal(passage).split()
    # Words are compared without the punctuation around them first (a passage may start at an opening
    # quotation mark the quote leaves out); only if that finds nothing does punctuation count.
    for key in (lambda w: w.strip(_PUNCT), lambda w: w):
        opcodes = difflib.SequenceMatcher(None, [key(w) for w in ours], [key(w) for w in theirs],
                                          autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in opcodes:
            if tag != "equal":
                mine = " ".join(ours[max(0, i1 - 1):i2 + 1]) or "nothing"
                other = " ".join(theirs[max(0, j1 - 1):j2 + 1]) or "nothing"
                return f"first difference at word {i1 + 1}: {names[0]} has “{mine}”, {names[1]} has “{other}”"
    return ""


_PUNCT = "\"'.,;:!?()[]…-"


_ABBREV = re.compile(r"\b(?:(?:[A-Za-z]\.)*[A-Za-z]|Mr|Mrs|Ms|Dr|Sen|Rep|Gen|Lt|Col|St|Jr|Sr|vs|No|R-\w+|D-\w+)$")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split text into sentences; abbreviations such as 'U.S.' or 'Sen.' do not end one."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == "." and _ABBREV.search(text[start:m.start()]):
            continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@dataclass(frozen=True)
class QuoteMark:
    """A highlighted quote in a block: text span, anchor id, and HTML placed after its end."""

    start: int
    end: int
    anchor_id: str
    after_html: str


@dataclass(frozen=True)
class LinkSpan:
    """A span of block text to wrap in a link (an actor mention)."""

    start: int
    end: int
    href: str
    css_class: str = ""  # none for a mention: the stylesheet knows a name by its link (design decision 93)


def _esc(s: str) -> str:
    """Escape text for an HTML text node."""
    return html.escape(s, quote=False)


def decorate(inner_html: str, quotes: list[QuoteMark], links: list[LinkSpan]) -> str:
    """Wrap quote spans in <mark> and mention spans in <a>, keeping the HTML well nested.

    Marks are split wherever the block's own inline tags open or close. A link that would
    cross a tag or a quote boundary is dropped rather than break nesting.
    """
    pieces = split_html(inner_html)
    seg_bounds, pos = [], 0
    for is_tag, piece in pieces:
        if not is_tag:
            seg_bounds.append((pos, pos + len(piece)))
            pos += len(piece)
    q_edges = {q.start for q in quotes} | {q.end for q in quotes}
    links = [ln for ln in links
             if any(a <= ln.start and ln.end <= b for a, b in seg_bounds)
             and not any(ln.start < e < ln.end for e in q_edges)]
    link_at = {ln.start: ln for ln in links}
    out: list[str] = []
    pos = 0
    for is_tag, piece in pieces:
        if is_tag:
            out.append(piece)
            continue
        out.append(_decorate_text(piece, pos, quotes, link_at))
        pos += len(piece)
    return "".join(out)


def _decorate_text(piece: str, offset: int, quotes: list[QuoteMark], link_at: dict) -> str:
    """Decorate one text node that starts at `offset` in the block text."""
    end = offset + len(piece)
    cuts = {offset, end}
    cuts |= {q.start for q in quotes if offset < q.start < end} | {q.end for q in quotes if offset < q.end < end}
    cuts |= {ln.start for ln in link_at.values() if offset < ln.start < end}
    cuts |= {ln.end for ln in link_at.values() if offset < ln.end < end}
    points = sorted(cuts)
    out: list[str] = []
    open_set: frozenset = frozenset()
    for x, y in zip(points, points[1:]):
        for q in quotes:
            if q.start == x:
                if open_set:
                    out.append("</mark>")
                    open_set = frozenset()
                out.append(f'<span id="{q.anchor_id}"></span>')
        active = frozenset(q.anchor_id for q in quotes if q.start <= x < q.end)
        if active != open_set:
            if open_set:
                out.append("</mark>")
            if active:
                out.append('<mark class="ev ev-multi">' if len(active) > 1 else '<mark class="ev">')
            open_set = active
        link = link_at.get(x)
        chunk = _esc(piece[x - offset:y - offset])
        css = f' class="{link.css_class}"' if link and link.css_class else ""
        out.append(f'<a{css} href="{link.href}">{chunk}</a>' if link and link.end == y else chunk)
        ending = [q for q in quotes if q.end == y]
        if ending:
            if open_set:
                out.append("</mark>")
                open_set = frozenset()
            out.extend(q.after_html for q in ending)
    if open_set:
        out.append("</mark>")
    return "".join(out)
