"""Share cards: a 1200 × 630 PNG of a claim's statement and status, and the share-preview title and description.

Text is set in DejaVu Sans when the system has it (Debian's fonts-dejavu-core; Pillow finds it by file name in the
system font folders), else in the font Pillow ships (Aileron, Latin only: a status icon it lacks is left out and
dashes become hyphens). Nothing is downloaded. The same text and fonts give the same bytes: Pillow writes no
time or software chunk into a PNG unless asked.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BAND = 18  # the status-coloured band down the left edge
LEFT = 72  # where text starts
ELLIPSIS = "…"
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
# Largest first: the statement is set at the largest size at which it fits whole, else at the last with an ellipsis.
STATEMENT_SIZES = ((64, 4), (56, 4), (48, 5), (42, 6))  # (font size, most lines)
LINE_HEIGHT = 1.22
STATEMENT_TOP, STATEMENT_BOTTOM = 150, 478
# The colours of style.css (light scheme): text, card, muted, and per status (its colour, its badge background).
FG, BG, MUTED, LINE = "#1d1f21", "#fdfdfb", "#55595e", "#d9dadc"
NEUTRAL = ("#1d1f21", "#f3f3ef")  # an assessment's status is a view: no verdict colour, as on the site
TONES = {
    "contested": ("#8a4b00", "#fff1dc"), "corroborated": ("#1d6b2f", "#e3f4e6"),
    "single-source": ("#174f8a", "#e2eefa"), "partly-supported": ("#174f8a", "#fdfdfb"),
    "unsupported": ("#8f1d1d", "#fbe4e4"),
}
# Characters the fallback font lacks, and what to set instead (DejaVu has them all).
FALLBACK_TEXT = str.maketrans({"–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "\u00a0": " "})
RAMP = 16  # steps per anti-aliasing ramp between two colours: enough that text edges look smooth


@dataclass(frozen=True)
class Fonts:
    """The faces a card is set in, and whether they are the fallback."""
    regular: str | None  # a font file name found in the system font folders, None for Pillow's own
    bold: str | None

    @property
    def fallback(self) -> bool:
        """Whether Pillow's built-in font stands in for DejaVu."""
        return self.regular is None


@lru_cache(maxsize=1)
def fonts() -> Fonts:
    """DejaVu Sans when the system has it, else Pillow's built-in font."""
    found = {bold: name if loadable(name) else None for bold, name in FONT_FILES.items()}
    return Fonts(found[False], found[True] or found[False]) if found[False] else Fonts(None, None)


def loadable(name: str) -> bool:
    """Whether Pillow can open a font by this file name."""
    try:
        ImageFont.truetype(name, 12)
    except OSError:
        return False
    return True


@lru_cache(maxsize=32)
def face(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """A font at a pixel size (cached: Pillow searches the font folders on every truetype call)."""
    chosen = fonts()
    name = chosen.bold if bold else chosen.regular
    return ImageFont.truetype(name, size) if name else ImageFont.load_default(size=size)


def settable(text: str) -> str:
    """The text with the characters the fallback font lacks replaced; unchanged with DejaVu."""
    return text.translate(FALLBACK_TEXT) if fonts().fallback else text


def has_glyphs(font: ImageFont.FreeTypeFont, text: str) -> bool:
    """Whether the font draws every character of text (a missing one looks like U+FFFF, which no font has)."""
    return all(glyph(font, ch) != glyph(font, "\uffff") for ch in text if not ch.isspace())


@lru_cache(maxsize=256)
def glyph(font: ImageFont.FreeTypeFont, ch: str) -> bytes:
    """The pixels of one character as the font draws it."""
    image = Image.new("L", (font.size * 2, font.size * 2))
    ImageDraw.Draw(image).text((0, 0), ch, font=font, fill=255)
    return image.tobytes()


def fit(font: ImageFont.FreeTypeFont, text: str, width: float) -> str:
    """The text cut to fit a width, ending in an ellipsis when cut (on a word boundary when there is one)."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text.rstrip() + ELLIPSIS) > width:
        cut = text.rstrip().rfind(" ")
        text = text[:cut] if cut > len(text) // 2 else text[:-1]  # whole words, unless that loses half the line
    return text.rstrip(" ,;:") + ELLIPSIS


def split_word(font: ImageFont.FreeTypeFont, word: str, width: float) -> list[str]:
    """A word too wide for a line, broken into pieces that fit."""
    pieces, piece = [], ""
    for ch in word:
        if piece and font.getlength(piece + ch) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return pieces + [piece]


def wrap(font: ImageFont.FreeTypeFont, text: str, width: float) -> list[str]:
    """Greedy word wrap by measured width; a word wider than a line is broken."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        elif font.getlength(word) <= width:
            lines.append(word)
        else:
            lines.extend(split_word(font, word, width))
    return lines


def statement_lines(text: str, width: float) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The statement's font and lines: the largest size it fits at, else the smallest, cut with an ellipsis."""
    for size, most in STATEMENT_SIZES:
        font = face(size, bold=True)
        lines = wrap(font, text, width)
        if len(lines) <= most:
            return font, lines
    kept = lines[:most]
    kept[-1] = fit(font, " ".join(lines[most - 1:most + 1]), width)  # one more line is enough to cut
    return font, kept


def draw_statement(draw: ImageDraw.ImageDraw, statement: str) -> None:
    """The statement, wrapped, in the middle of the card."""
    font, lines = statement_lines(settable(statement), WIDTH - LEFT - MARGIN)
    step = round(font.size * LINE_HEIGHT)
    y = STATEMENT_TOP + max(0, (STATEMENT_BOTTOM - STATEMENT_TOP - step * len(lines)) // 2)
    for line in lines:
        draw.text((LEFT, y), line, font=font, fill=FG)
        y += step


def draw_badge(draw: ImageDraw.ImageDraw, label: str, icon: str, tone: tuple[str, str], top: int, size: int) -> None:
    """A status badge: icon (when the font has it) and label, in the status colours, as on the site."""
    font = face(size, bold=True)
    pad, height = size * 5 // 6, size * 15 // 8
    text = f"{icon}  {label}" if icon and has_glyphs(font, icon) else label
    text = fit(font, settable(text), WIDTH - LEFT - MARGIN - 2 * pad)
    box = (LEFT, top, LEFT + round(font.getlength(text)) + 2 * pad, top + height)
    draw.rounded_rectangle(box, radius=size * 2 // 5, fill=tone[1], outline=tone[0], width=3)
    draw.text((LEFT + pad, top + height // 2), text, font=font, fill=tone[0], anchor="lm")


def frame(site_title: str, tone: tuple[str, str]) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A blank card: the status-coloured band, and the site title over a rule."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BG)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, BAND - 1, HEIGHT - 1), fill=tone[0])
    title_font = face(30)
    draw.text((LEFT, 66), fit(title_font, settable(site_title), WIDTH - LEFT - MARGIN), font=title_font, fill=MUTED)
    draw.line((LEFT, 118, WIDTH - MARGIN, 118), fill=LINE, width=2)
    return image, draw


def card_png(statement: str, status_label: str, site_title: str, icon: str, status: str | None = None) -> bytes:
    """A 1200 × 630 card for one claim: site title, the statement, and a badge with the status icon and label.

    `status` picks the colours (as on the site); None, for an assessment worded as a view, is neutral.
    """
    tone = TONES.get(status or "", NEUTRAL)
    image, draw = frame(site_title, tone)
    draw_statement(draw, statement)
    draw_badge(draw, status_label, icon, tone, 512, 34)
    return png_bytes(image, palette(tone))


@lru_cache(maxsize=64)  # a pure function of its words: serve and the tests rebuild with the same ten cards
def status_card_png(status_label: str, site_title: str, icon: str, status: str | None = None) -> bytes:
    """A 1200 × 630 card shared by every claim of one status: site title, "Claim status", and a large badge."""
    tone = TONES.get(status or "", NEUTRAL)
    image, draw = frame(site_title, tone)
    draw.text((LEFT, 262), "Claim status", font=face(40), fill=MUTED)
    draw_badge(draw, status_label, icon, tone, 340, 72)
    return png_bytes(image, palette(tone))


def card_path(status: str, is_view: bool) -> str:
    """The site path of the shared card of a status (an assessment's status, worded as a view, has its own)."""
    return f"cards/{'view-' if is_view else ''}{status}.png"


def rgb(colour: str) -> tuple[int, int, int]:
    """A #rrggbb colour as a tuple."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def ramp(start: str, end: str) -> list[tuple[int, int, int]]:
    """RAMP colours from start to end, both included: the shades anti-aliasing draws between them."""
    a, b = rgb(start), rgb(end)
    return [tuple(round(a[i] + (b[i] - a[i]) * k / (RAMP - 1)) for i in range(3)) for k in range(RAMP)]


@lru_cache(maxsize=8)
def palette(tone: tuple[str, str]) -> Image.Image:
    """A palette holding every colour a card in this tone can show: each pair of colours that touch, and between.

    Mapping to a known palette takes a few milliseconds; computing one (median cut) took 150 ms a card.
    """
    pairs = [(BG, FG), (BG, MUTED), (BG, LINE), (BG, tone[0]), (BG, tone[1]), (tone[1], tone[0])]
    image = Image.new("P", (1, 1))
    image.putpalette([c for start, end in pairs for colour in ramp(start, end) for c in colour])
    return image


def png_bytes(image: Image.Image, colours: Image.Image) -> bytes:
    """The image as a palette PNG: no dithering (flat colours stay flat), no metadata chunks."""
    out = io.BytesIO()
    image.quantize(palette=colours, dither=Image.Dither.NONE).save(out, "PNG")
    return out.getvalue()


def og_title(statement: str, limit: int = 70) -> str:
    """The statement for og:title, cut on a word boundary with … to what link previews show."""
    text = " ".join(statement.split())
    if len(text) <= limit:
        return text
    head = text[:limit]  # room for the ellipsis: it replaces the space before the cut word
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head[:limit - 1]).rstrip(" ,;:.") + ELLIPSIS


def og_description(status_label: str, origin_names: list[str], limit: int = 200) -> str:
    """og:description: the status in words and the origins it rests on, at most limit characters.

    Names that do not fit are counted instead ("and 3 more"), so claims with different origins stay distinct.
    """
    label = status_label.rstrip(".")
    if not origin_names:
        return clip(f"{label}.", limit)
    noun = "Origin" if len(origin_names) == 1 else "Origins"
    for shown in range(len(origin_names), 0, -1):
        rest = len(origin_names) - shown
        text = f"{label}. {noun}: " + "; ".join(origin_names[:shown]) + (f"; and {rest} more." if rest else ".")
        if len(text) <= limit:
            return text
    return clip(text, limit)


def clip(text: str, limit: int) -> str:
    """Text cut to at most limit characters, with … when cut."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + ELLIPSIS
