"""Quote matching, normalisation, Markdown rendering to anchored blocks, and decoration."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from evidence_site.text import (
    LinkSpan,
    QuoteMark,
    closest_passage,
    decorate,
    find_spans,
    line_text,
    normalize,
    render_document,
    sentence_spans,
)


def test_markdown_escape_matches_what_the_reader_sees():
    block = render_document(r"spent more than \$1 billion on *military* aid").blocks[0]
    assert block.text == "spent more than $1 billion on military aid"
    assert find_spans(block.text, "$1 billion on military aid") == [(16, 42)]
    assert find_spans(block.text, r"\$1 billion") == []  # the source escape is not what a reader sees


def test_typographic_quotes_dashes_and_whitespace_are_normalised():
    text = "“We know,” the official said — twice.\nIt’s  done."
    assert find_spans(text, '"We know," the official said - twice. It\'s done.') == [(0, len(text))]


def test_nothing_else_is_normalised():
    text = "Iran’s advice, command, leaders and support"
    assert find_spans(text, "Irans advice") == []  # lost apostrophes are not forgiven
    assert find_spans(text, "iran’s advice") == []  # case matters
    assert find_spans("the checks in the mail…", "the checks in the mail...") == []  # ellipsis is not folded


def test_normalize_maps_back_to_the_original_positions():
    norm, index = normalize("a  “b”\n c")
    assert norm == 'a "b" c'
    assert index == [0, 1, 3, 4, 5, 6, 8]  # a run of spaces maps to its first character


def test_normalize_drops_leading_and_trailing_whitespace_of_any_kind():
    norm, index = normalize("\u00a0 a\t\u2003 b  ")  # no-break and em spaces are whitespace too
    assert norm == "a b"
    assert list(index) == [2, 3, 6]
    assert index[-1] == 6 and index[1:] == [3, 6]
    assert normalize(" \n ") == ("", [])


def test_blocks_are_numbered_in_reading_order_across_containers():
    doc = render_document("One.\n\n> Two.\n>\n> Three.\n\n    code four\n\n- Five\n- Six\n")
    assert [(b.anchor, b.tag, b.text) for b in doc.blocks] == [
        ("p1", "p", "One."), ("p2", "p", "Two."), ("p3", "p", "Three."), ("p4", "pre", "code four"),
        ("p5", "p", "Five"), ("p6", "p", "Six")]


def test_raw_html_in_markdown_is_escaped_not_rendered():
    block = render_document("a <script>x</script> b").blocks[0]
    assert "<script>" not in block.inner_html
    assert block.text == "a <script>x</script> b"


def test_closest_passage_finds_the_near_miss():
    blocks = render_document("Nothing here.\n\nThe Quds Forces have been operating in Iraq.").blocks
    block, passage, ratio = closest_passage("the Quds Force have been operating in Iraq", blocks)
    assert block.anchor == "p2" and ratio > 0.9
    assert "have been operating in Iraq" in passage


class _Nesting(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()


def well_nested(fragment: str) -> bool:
    parser = _Nesting()
    parser.feed(fragment)
    return parser.stack == []


def test_overlapping_quotes_and_inline_markup_stay_well_nested():
    block = render_document("Hello *Washington Post* world and more words.").blocks[0]
    quotes = [QuoteMark(0, 12, "q1", "<sup>1</sup>"), QuoteMark(8, 30, "q2", "<sup>2</sup>")]
    out = decorate(block.inner_html, quotes, [LinkSpan(6, 21, "/wp/")])
    assert well_nested(out)
    assert out.count("<sup>1</sup>") == out.count("<sup>2</sup>") == 1  # one marker per quote
    assert re.sub(r"<[^>]+>", "", re.sub(r"<sup>\d</sup>", "", out)) == block.text  # text unchanged
    assert out.index('id="q1"') < out.index('id="q2"')
    assert '<mark class="ev ev-multi">' in out  # the overlap is shown as such


def test_mention_links_inside_a_quote_and_dropped_when_crossing_its_edge():
    text = "said Kerry at the U.N. today"
    inside = decorate(text, [QuoteMark(0, 22, "q", "")], [LinkSpan(5, 10, "/kerry/")])
    assert '<mark class="ev">said <a href="/kerry/">Kerry</a> at the U.N.</mark>' in inside
    crossing = decorate(text, [QuoteMark(7, 22, "q", "")], [LinkSpan(5, 10, "/kerry/")])
    assert "href" not in crossing and well_nested(crossing)


def test_sentences_do_not_break_at_abbreviations():
    text = "The U.S. said no. Sen. Rand Paul (R-Ky.) spoke. “Yes,” he said."
    assert [text[a:b].strip() for a, b in sentence_spans(text)] == [
        "The U.S. said no.", "Sen. Rand Paul (R-Ky.) spoke.", "“Yes,” he said."]


def test_line_text_is_what_the_line_renders_to():
    assert line_text("  Plain   words, twice.\t") == "Plain words, twice."
    assert line_text("1. First") == "First"  # a list item: the marker is not text
    assert line_text("1985. The year") == "The year"  # also a list item, as CommonMark reads it
    assert line_text("## Heading") == "Heading"
    assert line_text("> quoted *words*") == "quoted words"
    assert line_text("a &amp; b \\* c") == "a & b * c"
    assert line_text("    indented code") == "indented code"
    assert line_text("---") == ""  # a rule has no words
    for line in ("12.5 per cent - a # b", "x: y | z", "«a» “b” —", "a\u00a0b"):
        assert line_text(line) == " ".join(render_document(line).text.split())
