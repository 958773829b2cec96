"""Share cards and share metadata (evidence_site/cards.py): size, determinism, fit, limits."""
from __future__ import annotations

import io
import struct

import pytest

PIL = pytest.importorskip("PIL")
from PIL import Image  # noqa: E402

from evidence_site import cards  # noqa: E402

TITLE = "US–Iran alignment against the Islamic State, 2014: the evidence"
SHORT = "Iran's Quds Force fought the Islamic State in Iraq."
LONG = " ".join(["The administration says the coordination was indirect and limited to deconfliction"] * 8)


def image(png: bytes) -> Image.Image:
    """A PNG read back as RGB."""
    opened = Image.open(io.BytesIO(png))
    assert opened.format == "PNG"
    return opened.convert("RGB")


def chunk_types(png: bytes) -> list[str]:
    """The chunk types of a PNG file, in order."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    types, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at:at + 4])
        types.append(png[at + 4:at + 8].decode("ascii"))
        at += 12 + length
    return types


@pytest.fixture
def fallback_font(monkeypatch):
    """Cards set as on a machine without DejaVu: Pillow's own font."""
    monkeypatch.setattr(cards, "FONT_FILES", {False: "no-such-font.ttf", True: "no-such-font-bold.ttf"})
    for cached in (cards.fonts, cards.face, cards.glyph):
        cached.cache_clear()
    yield
    for cached in (cards.fonts, cards.face, cards.glyph):
        cached.cache_clear()


def test_a_card_is_1200_by_630():
    assert image(cards.card_png(SHORT, "Single source", TITLE, "✓", "single-source")).size == (1200, 630)
    assert image(cards.status_card_png("Contested", TITLE, "⇄", "contested")).size == (1200, 630)


def test_the_same_card_is_the_same_bytes_and_carries_no_metadata():
    first = cards.card_png(LONG, "Contested", TITLE, "⇄", "contested")
    for cached in (cards.fonts, cards.face, cards.glyph, cards.palette):
        cached.cache_clear()
    assert cards.card_png(LONG, "Contested", TITLE, "⇄", "contested") == first
    assert chunk_types(first) == ["IHDR", "PLTE", "IDAT", "IEND"]  # no tIME, tEXt or pHYs


def test_the_card_shows_what_it_is_given():
    one = cards.card_png(SHORT, "Single source", TITLE, "✓", "single-source")
    assert cards.card_png(SHORT + " Again.", "Single source", TITLE, "✓", "single-source") != one
    band = image(one).getpixel((5, 300))
    assert band == cards.rgb(cards.TONES["single-source"][0])
    assert image(cards.card_png(SHORT, "One source’s view", TITLE, "◇", None)).getpixel((5, 300)) == \
        cards.rgb(cards.NEUTRAL[0])


def test_a_short_statement_is_set_whole():
    font, lines = cards.statement_lines(SHORT, 1000)
    assert " ".join(lines) == SHORT
    assert font.size == cards.STATEMENT_SIZES[0][0]


def test_a_long_statement_is_cut_with_an_ellipsis_and_stays_inside_the_card():
    width = cards.WIDTH - cards.LEFT - cards.MARGIN
    font, lines = cards.statement_lines(LONG, width)
    size, most = cards.STATEMENT_SIZES[-1]
    assert font.size == size and len(lines) == most
    assert lines[-1].endswith("…")
    assert all(font.getlength(line) <= width for line in lines)
    card = image(cards.card_png(LONG + " " + "x" * 300, "Contested", TITLE * 3, "⇄", "contested"))
    margin = card.crop((cards.WIDTH - cards.MARGIN + 2, 0, cards.WIDTH, cards.HEIGHT))
    assert len(margin.getcolors()) == 1  # the background alone: no text ran into the right margin


def test_an_unbreakable_word_is_split_to_fit():
    font = cards.face(48, bold=True)
    lines = cards.wrap(font, "a " + "W" * 80, 500)
    assert lines[0] == "a" and "".join(lines[1:]) == "W" * 80
    assert all(font.getlength(line) <= 500 for line in lines)


def test_without_dejavu_the_card_falls_back_to_pillows_font(fallback_font):
    assert cards.fonts().fallback
    png = cards.card_png("A claim – with a dash.", "Corroborated", TITLE, "✓✓", "corroborated")
    assert image(png).size == (1200, 630)
    assert not cards.has_glyphs(cards.face(34, bold=True), "✓✓")  # so the badge shows the label alone
    assert cards.settable("US–Iran") == "US-Iran"


def test_dejavu_draws_every_status_icon():
    if cards.fonts().fallback:
        pytest.skip("DejaVu Sans is not installed (Debian: fonts-dejavu-core)")
    assert cards.has_glyphs(cards.face(34, bold=True), "⇄✓◇◐✗")
    assert not cards.has_glyphs(cards.face(34, bold=True), "中")  # DejaVu Sans has no CJK


def test_shared_cards_have_one_path_per_status_and_wording():
    assert cards.card_path("contested", False) == "cards/contested.png"
    assert cards.card_path("contested", True) == "cards/view-contested.png"


def test_og_title_is_trimmed_on_a_word_boundary():
    assert cards.og_title("A  short\nstatement.") == "A short statement."
    title = cards.og_title(LONG)
    assert len(title) <= 70 and title.endswith("…")
    assert LONG.startswith(title[:-1]) and LONG[len(title) - 1] == " "
    assert cards.og_title("x" * 100) == "x" * 69 + "…"
    exact = "word " * 13 + "words"  # 70 characters: kept whole
    assert cards.og_title(exact) == exact


def test_og_description_is_the_status_and_origins_within_200_characters():
    assert cards.og_description("Corroborated", ["Washington Post, 27 Dec 2014", "BBC, Sep 2014"]) == \
        "Corroborated. Origins: Washington Post, 27 Dec 2014; BBC, Sep 2014."
    assert cards.og_description("Single source", ["BBC"]) == "Single source. Origin: BBC."
    assert cards.og_description("Unsupported", []) == "Unsupported."
    many = [f"Outlet number {i}, {i} Dec 2014" for i in range(20)]
    text = cards.og_description("Contested", many)
    assert len(text) <= 200 and text.startswith("Contested. Origins: Outlet number 0,")
    assert text.endswith(" more.") and text != cards.og_description("Contested", many[:19])
    assert len(cards.og_description("Contested", ["x" * 500])) == 200
