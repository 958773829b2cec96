"""Guess which lines of a capture are page debris rather than the article, for `new article` to pre-fill.

The rules look at the shape of a line (share bars, pitches, bylines, footers, placeholders), never at
any corpus's words. They only propose: the user confirms every stretch, and `check` verifies the result.
English-language page furniture only; anything they miss stays in the body for the user to move.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

HEADER_LINES = 12  # where outlet names, bylines and dates sit in a capture


@dataclass(frozen=True)
class Stretch:
    """Seed lines proposed for `removed`: a 1-based inclusive range, its reason and why it was proposed."""

    first: int
    last: int
    reason: str
    note: str


def _rx(pattern: str) -> re.Pattern:
    """A case-insensitive regular expression."""
    return re.compile(pattern, re.IGNORECASE)


BYLINE = _rx(r"^\s*(by|written by|posted by|author:)\s+\S")
SHARE_WORDS = _rx(r"\b(share|tweet|facebook|twitter|x|email|e-mail|whatsapp|linkedin|pinterest|reddit|print|"
                  r"telegram|copy link|flipboard|messenger)\b")
PITCH = _rx(r"\b(subscribe|subscription|subscriber|newsletter|sign up|support (our|independent) journalism|"
            r"become a (member|supporter|patron)|donate|unlimited access|log ?in to (continue|read))\b")
AD_WORDS = _rx(r"^\s*(advertisement|advertising|sponsored( content)?|ad|promoted|"
               r"(story|article) continues (below|after)( this)?( advertisement| ad)?)\s*:?\s*$")
AD_CODE = _rx(r"(googletag|adsbygoogle|document\.write|\{\{.*\}\}|\{%.*%\}|^\s*\{[\w\s:-]+\}\s*$|"
              r"<\s*/?\s*(script|div|iframe)\b|"
              r"^\s*var \w+\s*=|function\s*\()")
SCRAPER = _rx(r"(go here to see the original|see the original|originally (published|appeared)|"
              r"read the (full|original) (article|story|post)|this (article|story|post) (first|originally) appeared|"
              r"^\s*source:\s*\S+|^\s*https?://\S+\s*$)")
FOOTER = _rx(r"(©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|privacy policy|terms of (use|service)|"
             r"cookie (policy|settings)|^\s*(contact|about) us\s*$)")
RELATED = _rx(r"^\s*(related( articles| stories| posts| coverage| content)?|read more|more from [\w ]+|"
              r"you may also like|"
              r"recommended( for you)?|trending( now)?|most (read|popular)|more stories|see also)\s*:?\s*$")
COMMENTS = _rx(r"^\s*((\d+\s+)?(reader\s+)?(comments?|responses?|replies|discussion)\s*(\(\d+\))?:?|"
               r"leave a (comment|reply).*|join the (discussion|conversation).*|add a comment.*|"
               r"show \d* ?comments.*)\s*$")

LINK_ONLY = re.compile(r"^\s*([-*•]\s*)?\[[^\]]+\]\([^)]*\)\s*$")  # a line that is one Markdown link
TRAILING_COUNT = re.compile(r"\s+\d{1,5}\s*$")  # 'Headline 6': a comment count the page put after the headline

MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"), start=1)}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DATE_FORMS = (
    (_rx(r"\b(\d{4})-(\d{2})-(\d{2})\b"), lambda m: (m[1], m[2], m[3])),
    (_rx(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"),
     lambda m: (m[3], MONTHS[m[1][:3].lower()], m[2])),
    (_rx(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b"),
     lambda m: (m[3], MONTHS[m[2][:3].lower()], m[1])),
)


def words(line: str) -> int:
    """How many words a line has."""
    return len(line.split())


def looks_like_headline(line: str) -> bool:
    """A line that can be the headline: text that is not a masthead, byline, date or page furniture."""
    text = line.strip()
    masthead = text.isupper() and words(text) <= 5  # 'THE DAILY NEWS', 'WORLD', 'OPINION'
    return bool(text) and not (masthead or BYLINE.match(text) or stated_date([text]) and words(text) <= 8
                               or classify(text))


def first_text_line(lines: list[str]) -> int | None:
    """The 1-based number of the headline: a header line the capture repeats, else the first that can be one.

    Pages often print the headline twice (in the page title and above the text); a line that comes
    back near the top is a better guess than a site name above it.
    """
    head = [n for n, line in enumerate(lines[:HEADER_LINES], start=1) if looks_like_headline(line)]
    texts = [lines[n - 1].strip() for n in head]
    repeated = [n for n, text in zip(head, texts) if texts.count(text) > 1]
    if repeated or head:
        return (repeated or head)[0]
    return next((n for n, line in enumerate(lines, start=1) if line.strip()), None)


def headline(line: str) -> tuple[str, bool]:
    """The title from the headline line, and whether a trailing number (a comment count) was left out."""
    text = line.strip()
    stripped = TRAILING_COUNT.sub("", text)
    return (stripped, True) if stripped and stripped != text else (text, False)


def is_share_bar(line: str) -> bool:
    """A short line made of sharing buttons ('Share this: Facebook | X | Email')."""
    found = SHARE_WORDS.findall(line)
    return words(line) <= 12 and (len(found) >= 2 or line.strip().lower().startswith("share"))


def classify(line: str) -> tuple[str, str] | None:
    """(reason, note) for a line that looks like page furniture wherever it stands, else None."""
    if not line.strip():
        return None
    rules = (
        (lambda s: AD_WORDS.match(s) or AD_CODE.search(s), "ad-placeholder", "advertising slot or template code"),
        (is_share_bar, "site-chrome", "share bar"),
        (lambda s: words(s) <= 40 and PITCH.search(s), "subscription-pitch", "a call to subscribe or sign up"),
        (lambda s: words(s) <= 30 and SCRAPER.search(s), "scraper-footer", "added by the capture or an aggregator"),
        (lambda s: words(s) <= 30 and FOOTER.search(s), "site-chrome", "page footer"),
    )
    return next(((reason, note) for test, reason, note in rules if test(line)), None)


def header_stretches(lines: list[str], title_at: int) -> list[Stretch]:
    """The headline, anything above it, and byline or date lines around it."""
    count_note = " (the number after it, likely a comment count, is left out of the title)"
    out = [Stretch(title_at, title_at, "moved-to-metadata",
                   "the headline, shown in the page header" + count_note * headline(lines[title_at - 1])[1])]
    for n in range(1, min(len(lines), HEADER_LINES) + 1):
        line = lines[n - 1]
        if n == title_at or not line.strip():
            continue
        if BYLINE.match(line) and words(line) <= 20:
            out.append(Stretch(n, n, "moved-to-metadata", "the byline, shown in the page header"))
        elif words(line) <= 8 and stated_date([line]):
            out.append(Stretch(n, n, "moved-to-metadata", "the date line, shown in the page header"))
        elif n < title_at:
            out.append(Stretch(n, n, "moved-to-metadata", "above the headline: outlet name or page header"))
    return out


def link_lists(lines: list[str]) -> set[int]:
    """Lines that are a lone link in a run of at least two such lines (blank lines between allowed)."""
    runs: list[list[int]] = [[]]
    for n, line in enumerate(lines, start=1):
        if LINK_ONLY.match(line):
            runs[-1].append(n)
        elif line.strip():
            runs.append([])
    return {n for run in runs if len(run) >= 2 for n in run}


def body_stretches(lines: list[str], title_at: int, taken: set[int]) -> list[Stretch]:
    """Debris below the header: repeats of headline and byline, furniture, related links, reader comments."""
    title = lines[title_at - 1].strip()
    links = link_lists(lines)
    out, in_comments, in_related = [], False, False
    for n, line in enumerate(lines, start=1):
        if n in taken or n <= title_at:
            continue
        text = line.strip()
        in_related = in_related and bool(text)  # a related-links list runs to the next blank line
        found = classify(line)
        if text == title:
            found = ("duplicate-headline", "the headline repeated")
        elif BYLINE.match(line) and words(line) <= 20:
            found = ("repeated-byline", "a byline repeated in the text")
        elif RELATED.match(line):
            found, in_related = ("related-links", "links to other articles"), True
        elif COMMENTS.match(line):
            in_comments = True
        if found is None and (in_related or n in links):
            found = ("related-links", "links to other articles")
        if found is None and in_comments and text:
            found = ("reader-comments", "readers' comments: shown apart, never evidence")
        if found:
            out.append(Stretch(n, n, *found))
    return out


def merge(stretches: list[Stretch], lines: list[str]) -> tuple[Stretch, ...]:
    """Join stretches with the same reason and note that only blank lines separate."""
    out: list[Stretch] = []
    for s in sorted(stretches, key=lambda s: s.first):
        prev = out[-1] if out else None
        gap = range(prev.last + 1, s.first) if prev else range(0)
        if prev and (prev.reason, prev.note) == (s.reason, s.note) and all(not lines[i - 1].strip() for i in gap):
            out[-1] = Stretch(prev.first, s.last, s.reason, s.note)
        else:
            out.append(s)
    return tuple(out)


def find_debris(lines: list[str], title_at: int) -> tuple[Stretch, ...]:
    """Every stretch of the capture that looks like debris, merged into ranges, in line order."""
    head = header_stretches(lines, title_at)
    taken = {n for s in head for n in range(s.first, s.last + 1)}
    return merge(head + body_stretches(lines, title_at, taken), lines)


def stated_date(lines: list[str]) -> tuple[str, str] | None:
    """(ISO date, the line that states it) for the first full date written in these lines, else None."""
    for line in lines:
        for pattern, parts in DATE_FORMS:
            for m in pattern.finditer(line):
                year, month, day = (int(x) for x in parts(m))
                try:
                    return dt.date(year, month, day).isoformat(), line.strip()
                except ValueError:
                    continue  # '2025-13-45' is not a date
    return None
