"""A synthetic corpus of any size in the project's format, valid and deterministic.

    python -m tests.bench.generate N OUT_DIR

writes OUT_DIR/site_src/ and OUT_DIR/seeds/ for N articles. The shape scales with N as the reference
corpus of issue 10 does at 10,000 articles: 8 paragraphs of about 80 words per article, 5 claims per
article with 1-3 verbatim quotes each, 1 actor per 5 articles, 1 report per 20 articles.

What makes it realistic, so the build does the work a real corpus asks of it:
- seeds are raw captures with debris (headline and byline, advertising slots, subscription pitches,
  share bars, reader comments) that each article lists under `removed`;
- actors are named by their aliases in the text (surnames, titles, "senior X official");
- reports relay other reports, articles relay reports and earlier articles, and carry their words
  verbatim, so a quote has several carriers and an origin two hops away;
- anonymous sources speak, named officials deny, and some claims are contested.

Same N, same bytes: everything comes from one `random.Random(N)` and is written in a fixed order.
"""
from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

PARAGRAPHS = 8
WORDS_PER_PARAGRAPH = 80
CLAIMS_PER_ARTICLE = 5
ARTICLES_PER_ACTOR = 5
ARTICLES_PER_REPORT = 20
CLAIMS_PER_FILE = 500
START = date(2014, 1, 2)  # articles run from here over two years; the timeline cut-off is the day before
CUTOFF = "2014-01-01"

COMMON = ("the of and to in that for on with as by at from is was were has have had will would not but more "
          "than after about over their its this which who they it an be been also into under new").split()
SYLLABLES = [c + v for c in ("b", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "w", "pr", "st", "gl")
             for v in ("a", "e", "i", "o", "u", "ea", "ou")]
NAME_ONSETS = ("Ka", "Ve", "Ri", "Lo", "Ma", "Nu", "Ta", "Be", "So", "Di", "Zo", "Ha", "Ye", "Qui", "Xa", "Ju")
NAME_MIDDLES = ("", "r", "l", "n", "v", "d", "s", "m")
NAME_ENDINGS = ("ran", "vek", "dov", "mir", "lin", "zar", "tov", "nesh", "rak", "ven", "kos", "bek", "zhin", "mont")
ORG_NOUNS = ("Ministry", "Council", "Agency", "Institute", "Commission", "Party", "Union", "Authority")
PAPERS = ("Herald", "Ledger", "Times", "Post", "Courier", "Tribune", "Gazette", "Monitor", "Review", "Chronicle")
TITLES = ("Minister", "General", "Senator", "Colonel", "Ambassador", "Governor")
ANON_FORMS = ("senior {} official", "{} security source", "diplomat close to the {} talks")
KIND_PATTERN = (["person"] * 9 + ["organisation"] * 3 + ["outlet"] * 2 + ["anonymous-source"] * 3
                + ["state"] + ["armed-group"] * 2)
ARTICLE_KINDS = ("news-report", "news-report", "news-report", "analysis", "opinion", "blog-post",
                 "aggregated-excerpt")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass
class Actor:
    """An actor as actors.yaml declares it."""

    id: str
    name: str
    kind: str
    aliases: list[str]
    description: str
    affiliations: list[str] = field(default_factory=list)

    @property
    def forms(self) -> list[str]:
        """Every way the text may name this actor."""
        return [self.name, *self.aliases]


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text, the words in it a claim may quote, and where those words first appeared."""

    text: str
    quote: str
    origin: str
    speaker: str
    denial: bool = False
    mentions: tuple[str, ...] = ()


@dataclass
class Report:
    """An original report; its statements are the sentences that articles relaying it carry word for word."""

    id: str
    outlet: str
    published: date
    description: str
    relays: list[str]
    statements: list[Sentence]


@dataclass
class Paragraph:
    """A paragraph of an article body; a blockquote when it is carried from another article."""

    sentences: list[Sentence]
    blockquote: bool = False

    @property
    def text(self) -> str:
        """The paragraph as one line of the seed."""
        return " ".join(s.text for s in self.sentences)


@dataclass
class Relay:
    """One entry of an article's relays: an id and, in the mapping form, its basis."""

    id: str
    basis: tuple[str, str] | None = None  # (kind, reason)


@dataclass
class Article:
    """An article, its body and the debris its capture carries around it."""

    id: str
    seed: str
    title: str
    outlet: str | None
    author: str | None
    published: date | None
    kind: str
    relays: list[Relay]
    paragraphs: list[Paragraph]
    byline: str
    ad_after: int | None
    pitch: str | None
    share: bool
    comments: list[tuple[str, str]]


@dataclass
class Evidence:
    """One evidence item (several articles in the list form)."""

    articles: list[str]
    quote: str
    speaker: str
    origin: str
    stance: str


@dataclass
class Claim:
    """A claim as a claims/*.yaml entry."""

    id: str
    statement: str
    type: str
    subjects: list[str]
    evidence: list[Evidence]
    date: date | None = None
    date_reason: str = ""
    related: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Corpus:
    """Everything generated, in the order it is written."""

    n: int
    actors: list[Actor]
    reports: list[Report]
    articles: list[Article]
    claims: list[Claim]


# ---------------------------------------------------------------- words and names

def slug(text: str) -> str:
    """A lower-case id of letters, digits and single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """`size` distinct made-up lower-case words of one to three syllables, most frequent first."""
    words: dict[str, None] = {}
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3))))
        if word not in COMMON:
            words.setdefault(word)
    return list(words)


class Words:
    """Draws running text: common English words mixed with a Zipf-distributed made-up vocabulary."""

    def __init__(self, rng: random.Random, size: int = 4000):
        self.rng = rng
        self.vocab = vocabulary(rng, size)
        self.cum = []
        total = 0.0
        for rank in range(size):
            total += 1.0 / (rank + 20)  # flatter than 1/rank: the common words above carry the head
            self.cum.append(total)

    def draw(self, k: int) -> list[str]:
        """k words of running text."""
        rare = self.rng.choices(self.vocab, cum_weights=self.cum, k=k)
        return [w if self.rng.random() > 0.35 else self.rng.choice(COMMON) for w in rare]


def name_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """`count` distinct capitalised name words that no vocabulary word can be mistaken for."""
    out: list[str] = []
    while len(out) < count:
        word = rng.choice(NAME_ONSETS) + rng.choice(NAME_MIDDLES) + rng.choice(SYLLABLES) + rng.choice(NAME_ENDINGS)
        if word.lower() not in taken:
            taken.add(word.lower())
            out.append(word)
    return out


# ---------------------------------------------------------------- actors

def make_actor(kind: str, word: str, first: str, rng: random.Random, acronyms: set[str]) -> Actor:
    """One actor of `kind` named from `word` (and `first` for a person), with the aliases the text uses."""
    if kind == "person":
        aliases = [word] + ([f"{rng.choice(TITLES)} {word}"] if rng.random() < 0.3 else [])
        name = f"{first} {word}"
        return Actor(slug(name), name, kind, aliases, f"A public figure named {name}.")
    if kind == "organisation":
        name = f"{word} {rng.choice(ORG_NOUNS)}"
        acronym = (word[:2] + name.split()[1][0]).upper()
        aliases = [acronym] if acronym not in acronyms else []
        acronyms.add(acronym)
        return Actor(slug(name), name, kind, aliases, f"An organisation, the {name}.")
    if kind == "outlet":
        name = f"{word} {rng.choice(PAPERS)}"
        return Actor(slug(name), name, kind, [], f"A news outlet, the {name}.")
    if kind == "anonymous-source":
        alias = rng.choice(ANON_FORMS).format(word)
        name = ("An " if alias[0] in "aeiou" else "A ") + alias
        return Actor(slug(name), name, kind, [alias], f"An unnamed source the text describes as a {alias}.")
    if kind == "state":
        name = f"Republic of {word}"
        return Actor(slug(name), name, kind, [word], f"A state, the {name}.")
    name = f"{word} Brigades"
    return Actor(slug(name), name, kind, [f"{word} fighters"], f"An armed group, the {name}.")


def make_actors(rng: random.Random, count: int, taken: set[str]) -> list[Actor]:
    """`count` actors in the kind mix of KIND_PATTERN, with affiliations to organisations and states."""
    kinds = [KIND_PATTERN[i % len(KIND_PATTERN)] for i in range(count)]
    words = name_words(rng, count, taken)
    firsts = name_words(rng, max(8, count // 10), taken)
    acronyms: set[str] = set()
    actors = [make_actor(kind, words[i], rng.choice(firsts), rng, acronyms) for i, kind in enumerate(kinds)]
    bodies = [a.id for a in actors if a.kind in ("organisation", "state", "armed-group")]
    states = [a.id for a in actors if a.kind == "state"]
    for actor in actors:
        pool = bodies if actor.kind == "person" else states if actor.kind in ("organisation", "armed-group") else []
        if pool and rng.random() < 0.6:
            actor.affiliations = [rng.choice(pool)]
    return actors


# ---------------------------------------------------------------- sentences

def capitalised(tokens: list[str]) -> list[str]:
    """The tokens with the first letter of the first one in upper case."""
    return [tokens[0][:1].upper() + tokens[0][1:], *tokens[1:]] if tokens else tokens


class Writer:
    """Makes the sentences of reports and articles, cycling through every actor so each is mentioned."""

    def __init__(self, rng: random.Random, words: Words, actors: list[Actor]):
        self.rng, self.words = rng, words
        self.by_id = {a.id: a for a in actors}
        self.cycle = [a for a in actors if a.kind != "outlet"]
        rng.shuffle(self.cycle)
        self.next_mention = 0
        self.speakers = [a for a in actors if a.kind in ("person", "anonymous-source", "organisation")]
        self.outlets = [a for a in actors if a.kind == "outlet"]
        self.persons = [a for a in actors if a.kind == "person"]

    def mention(self) -> Actor:
        """The next actor to mention, round robin."""
        actor = self.cycle[self.next_mention % len(self.cycle)]
        self.next_mention += 1
        return actor

    def form(self, actor: Actor) -> str:
        """How a sentence names the actor: its name or one of its aliases."""
        if actor.kind == "anonymous-source":
            alias = actor.aliases[0]
            return ("an " if alias[0] in "aeiou" else "a ") + alias
        return self.rng.choice(actor.forms)

    def filler(self, origin: str, speaker: str) -> Sentence:
        """A sentence of the text's own words, often naming an actor; its quotable part is a run of 6-10 words."""
        tokens = self.words.draw(self.rng.randint(9, 16))
        mentions: tuple[str, ...] = ()
        if self.rng.random() < 0.45:
            actor = self.mention()
            tokens.insert(self.rng.randint(1, len(tokens) - 1), self.form(actor))
            mentions = (actor.id,)
        tokens = capitalised(tokens)
        start = self.rng.randint(0, len(tokens) - 6)
        end = min(len(tokens), start + self.rng.randint(6, 10))
        return Sentence(" ".join(tokens) + ".", " ".join(tokens[start:end]), origin, speaker, mentions=mentions)

    def statement(self, origin: str, denial: bool = False, kind: str = "") -> Sentence:
        """A speaker's quoted words (of an actor of `kind` when given), as a report first prints them;
        a denial starts "We do not"."""
        speaker = self.rng.choice([a for a in self.speakers if a.kind == kind] if kind else self.speakers)
        words = self.words.draw(self.rng.randint(7, 13))
        quote = " ".join(capitalised(["we", "do", "not", *words] if denial else words))
        who = self.form(speaker)
        if speaker.kind == "anonymous-source":
            text = f"{who[0].upper()}{who[1:]}, who spoke on condition of anonymity, said that “{quote}.”"
        elif self.rng.random() < 0.5:
            text = f"“{quote},” {who} said."
        else:
            text = f"{who} said: “{quote}.”"
        return Sentence(text, quote, origin, speaker.id, denial, (speaker.id,))

    def attribution(self, outlet: Actor, origin: str, speaker: str) -> Sentence:
        """"According to the <outlet>, …": the sentence that states where an article's words come from."""
        tokens = self.words.draw(self.rng.randint(8, 12))
        text = f"According to the {outlet.name}, " + " ".join(tokens) + "."
        return Sentence(text, " ".join(tokens[:6]), origin, speaker, mentions=(outlet.id,))

    def title(self) -> str:
        """A headline: a few words in title case, sometimes naming an actor."""
        tokens = [w.capitalize() for w in self.words.draw(self.rng.randint(5, 9))]
        if self.rng.random() < 0.5:
            tokens.insert(self.rng.randint(0, len(tokens)), self.mention().name)
        return " ".join(tokens)


# ---------------------------------------------------------------- reports and articles

def make_reports(rng: random.Random, writer: Writer, count: int, outlets: list[Actor]) -> list[Report]:
    """Reports one or more days apart; some relay an earlier report and carry one or two of its statements."""
    reports: list[Report] = []
    for r in range(count):
        outlet = outlets[r % len(outlets)]
        rid = f"{outlet.id}-report-{r + 1}"
        # every report has a denial by a named speaker and words of an anonymous source
        statements = [writer.statement(rid, denial=(k == 0), kind="anonymous-source" if k == 1 else "")
                      for k in range(rng.randint(3, 6))]
        relays: list[str] = []
        if r == 1 or r and rng.random() < 0.4:  # the second report always relays the first: a chain exists
            source = reports[rng.randrange(r)]
            relays = [source.id]
            statements += rng.sample(source.statements, min(2, len(source.statements)))
        published = date(2013, 12, 1) + timedelta(days=(r * 730) // count)
        reports.append(Report(rid, outlet.id, published, f"A report by the {outlet.name}.", relays, statements))
    return reports


def date_words(d: date) -> str:
    """A date as a byline prints it: March 3, 2014."""
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def article_relays(rng: random.Random, i: int, n: int, reports: list[Report]) -> list[Report]:
    """The reports article i relays: the one its date falls on (so every report is relayed) and up to two earlier."""
    first = min(len(reports) - 1, i * len(reports) // n)
    extra = rng.sample(range(first + 1), min(first, rng.randint(0, 2))) if first else []
    return [reports[first]] + [reports[k] for k in sorted(set(extra) - {first})]


def carried(rng: random.Random, relayed: list[Report]) -> list[Sentence]:
    """Two to five statements of the relayed reports, each once, that the article carries word for word."""
    pool = list({s.text: s for rep in relayed for s in rep.statements}.values())
    return rng.sample(pool, min(len(pool), rng.randint(2, 5)))


def paragraph(writer: Writer, statements: list[Sentence], aid: str, speaker: str) -> Paragraph:
    """About 80 words: the given statements among sentences of the article's own words."""
    sentences = list(statements)
    while sum(len(s.text.split()) for s in sentences) < WORDS_PER_PARAGRAPH - 8:
        sentences.insert(writer.rng.randint(0, len(sentences)), writer.filler(aid, speaker))
    return Paragraph(sentences)


def comments(rng: random.Random, words: Words) -> list[tuple[str, str]]:
    """Zero to three reader comments (name, text): debris the article removes and the page shows apart."""
    if rng.random() < 0.6:
        return []
    return [(f"Reader{rng.randint(1, 999)}", " ".join(capitalised(words.draw(rng.randint(5, 20)))) + "!")
            for _ in range(rng.randint(1, 3))]


def article_body(writer: Writer, aid: str, speaker: str, relayed: list[Report], earlier: list[Article],
                 relays: list[Relay]) -> list[Paragraph]:
    """Eight paragraphs carrying statements of the relayed reports, the first naming its source; in an
    aggregator (15 %), paragraph 4 is a paragraph of an earlier article, which joins the relays."""
    rng = writer.rng
    statements = carried(rng, relayed)
    slots = [rng.randrange(1, PARAGRAPHS) for _ in statements]
    paragraphs = [paragraph(writer, [s for s, at in zip(statements, slots) if at == p], aid, speaker)
                  for p in range(PARAGRAPHS)]
    paragraphs[0].sentences.insert(0, writer.attribution(writer.by_id[relayed[0].outlet], aid, speaker))
    if earlier and rng.random() < 0.15:
        source = earlier[-1 - rng.randrange(min(50, len(earlier)))]
        copied = rng.choice([p for p in source.paragraphs if not p.blockquote])
        paragraphs[3] = Paragraph(list(copied.sentences), blockquote=True)
        relays.append(Relay(source.id, ("inferred", f"paragraph 4 is a passage of {source.id} word for word")))
    return paragraphs


def make_article(i: int, n: int, writer: Writer, reports: list[Report], earlier: list[Article]) -> Article:
    """Article i: relays, a body that carries their words, and a capture's debris around it."""
    rng = writer.rng
    outlet = writer.outlets[i % len(writer.outlets)] if rng.random() < 0.9 else None
    author = rng.choice(writer.persons) if outlet is None or rng.random() < 0.4 else None
    published = START + timedelta(days=(i * 730) // n) if rng.random() < 0.9 else None
    title = writer.title()
    aid = f"{slug(title)[:40].strip('-')}-{i + 1}"
    relayed = article_relays(rng, i, n, reports)
    relays = [Relay(relayed[0].id, ("stated", f"'According to the {writer.by_id[relayed[0].outlet].name}'"))]
    relays += [Relay(r.id, ("inferred", "statements of the report appear in the text word for word"))
               for r in relayed[1:]]
    paragraphs = article_body(writer, aid, (outlet or author).id, relayed, earlier, relays)
    byline = " | ".join([*(x.name for x in (author, outlet) if x), *([date_words(published)] if published else [])])
    return Article(aid, f"seeds/{i:05d}_{rng.getrandbits(64):016x}.txt", title, outlet and outlet.id,
                   author and author.id, published, rng.choice(ARTICLE_KINDS), relays, paragraphs, byline,
                   rng.randrange(1, PARAGRAPHS - 1) if rng.random() < 0.5 else None,
                   f"Subscribe to the {outlet.name} for daily updates." if outlet and rng.random() < 0.5 else None,
                   rng.random() < 0.3, comments(rng, writer.words))


# ---------------------------------------------------------------- claims

def carriers_index(articles: list[Article]) -> dict[str, list[str]]:
    """Sentence text → ids of the articles whose bodies carry it, in article order."""
    index: dict[str, list[str]] = {}
    for article in articles:
        for p in article.paragraphs:
            for s in p.sentences:
                ids = index.setdefault(s.text, [])
                if not ids or ids[-1] != article.id:
                    ids.append(article.id)
    return index


def article_texts(articles: list[Article]) -> dict[str, str]:
    """Article id → its paragraphs joined by a line break, to count how often a quote occurs."""
    return {a.id: "\n".join(p.text for p in a.paragraphs) for a in articles}


def pick_carriers(eligible: list[str], far: list[str], rng: random.Random) -> list[str]:
    """Up to three carriers in article order; one of them, when there is one, gets the words through a chain."""
    chosen = rng.sample(eligible, min(3, len(eligible)))
    if far and not set(far) & set(chosen):
        chosen[-1] = rng.choice(far)
    order = {a: i for i, a in enumerate(eligible)}
    return sorted(chosen, key=order.__getitem__)


def evidence_for(s: Sentence, carriers: list[str], texts: dict[str, str], direct: dict[str, set[str]],
                 rng: random.Random) -> list[Evidence]:
    """Evidence items quoting `s` in one to three of its carriers where the quote occurs once."""
    eligible = [a for a in carriers if texts[a].count(s.quote) == 1]
    chosen = pick_carriers(eligible, [a for a in eligible if s.origin not in direct[a] | {a}], rng)
    stance = "supports"
    if len(chosen) > 1 and rng.random() < 0.5:  # the list form: one item per article
        return [Evidence(chosen, s.quote, s.speaker, s.origin, stance)]
    return [Evidence([a], s.quote, s.speaker, s.origin, stance) for a in chosen]


def statement_of(s: Sentence, by_id: dict[str, Actor]) -> tuple[str, str]:
    """A neutral statement for a claim resting on `s`, and the claim's type."""
    who = by_id[s.speaker].name
    if s.denial:
        return f"{who} denied it: {s.quote}.", "denial"
    if s.origin != s.speaker and by_id[s.speaker].kind != "outlet":
        return f"{who} said that {s.quote[:1].lower()}{s.quote[1:]}.", "statement"
    return f"{s.quote[:1].upper()}{s.quote[1:]}.", "assessment"


def subjects_of(s: Sentence, by_id: dict[str, Actor]) -> list[str]:
    """The actors a claim is about: those the sentence names, else its speaker."""
    return sorted(set(s.mentions)) or [s.speaker]


def new_claim(n: int, s: Sentence, evidence: list[Evidence], by_id: dict[str, Actor]) -> Claim:
    """Claim number n resting on sentence s."""
    statement, kind = statement_of(s, by_id)
    cid = f"{slug(' '.join(s.quote.split()[:5]))[:40].strip('-')}-c{n}"
    return Claim(cid, statement, kind, subjects_of(s, by_id), evidence)


def make_claims(rng: random.Random, n: int, corpus_articles: list[Article], reports: list[Report],
                by_id: dict[str, Actor]) -> list[Claim]:
    """5 claims per article: one per report statement an article carries, then the articles' own words."""
    carriers = carriers_index(corpus_articles)
    texts = article_texts(corpus_articles)
    direct = {a.id: {r.id for r in a.relays} for a in corpus_articles}
    claims: list[Claim] = []
    seen: set[str] = set()
    for rep in reports:
        for s in rep.statements:
            if s.origin == rep.id and s.text in carriers and s.text not in seen:
                seen.add(s.text)
                evidence = evidence_for(s, carriers[s.text], texts, direct, rng)
                if evidence:
                    claims.append(new_claim(len(claims) + 1, s, evidence, by_id))
    own = [[s for p in a.paragraphs if not p.blockquote for s in p.sentences if s.origin == a.id]
           for a in corpus_articles]
    pools = {a.id: pool for a, pool in zip(corpus_articles, own)}
    for s in round_robin(own, rng, CLAIMS_PER_ARTICLE * n - len(claims)):
        evidence = evidence_for(s, carriers[s.text], texts, direct, rng)
        if evidence:
            evidence += restatements(s, pools[s.origin], texts[s.origin], rng,
                                     3 - sum(len(e.articles) for e in evidence))
            claims.append(new_claim(len(claims) + 1, s, evidence, by_id))
    denials = {a.id: [s for p in a.paragraphs for s in p.sentences if s.denial] for a in corpus_articles}
    by_article = {a.id: a for a in corpus_articles}
    for claim in claims:
        dress(claim, rng, denials, texts, by_article, claims)
    return claims


def restatements(s: Sentence, pool: list[Sentence], text: str, rng: random.Random, room: int) -> list[Evidence]:
    """Up to `room` (at most two) other passages of the same article that make the same point."""
    count = min(room, 2, sum(rng.random() < 0.35 for _ in range(2)))
    others = [o for o in pool if o.quote != s.quote and text.count(o.quote) == 1]
    return [Evidence([o.origin], o.quote, o.speaker, o.origin, "supports")
            for o in rng.sample(others, min(count, len(others)))]


def round_robin(pools: list[list[Sentence]], rng: random.Random, count: int) -> list[Sentence]:
    """`count` sentences taken one per pool in turn, each pool in a shuffled order."""
    for pool in pools:
        rng.shuffle(pool)
    out: list[Sentence] = []
    depth = 0
    while len(out) < count and any(depth < len(p) for p in pools):
        out += [p[depth] for p in pools if depth < len(p)][:count - len(out)]
        depth += 1
    return out


def dress(claim: Claim, rng: random.Random, denials: dict[str, list[Sentence]], texts: dict[str, str],
          articles: dict[str, Article], claims: list[Claim]) -> None:
    """Make some claims contested, dated or related, as a curator would."""
    first = claim.evidence[0].articles[0]
    pool = [s for s in denials[first] if s.quote != claim.evidence[0].quote and texts[first].count(s.quote) == 1]
    items = sum(len(e.articles) for e in claim.evidence)
    if pool and claim.type != "denial" and items < 3 and rng.random() < 0.2:
        s = rng.choice(pool)
        claim.evidence.append(Evidence([first], s.quote, s.speaker, s.origin, "disputes"))
    article = articles[first]
    if claim.type == "assessment" and article.published and rng.random() < 0.4:
        claim.type = "event"
        back = rng.randint(1, 20) if rng.random() < 0.9 else rng.randint(400, 1500)  # a few: background
        claim.date = article.published - timedelta(days=back)
        claim.date_reason = f"{back} days before the date of article {first}"
    if len(claims) > 1 and rng.random() < 0.1:
        other = claims[rng.randrange(len(claims))]
        if other.id != claim.id:
            claim.related.append((other.id, rng.choice(("context", "supports", "contradicts"))))


# ---------------------------------------------------------------- the corpus

def generate(n: int) -> Corpus:
    """The synthetic corpus of n articles; the same n gives the same corpus."""
    rng = random.Random(n)
    words = Words(rng)
    taken = set(words.vocab) | set(COMMON)
    actors = make_actors(rng, max(n // ARTICLES_PER_ACTOR, len(KIND_PATTERN)), taken)
    writer = Writer(rng, words, actors)
    outlets = [a for a in actors if a.kind == "outlet"]
    reports = make_reports(rng, writer, max(n // ARTICLES_PER_REPORT, 3), outlets)
    articles: list[Article] = []
    for i in range(n):
        articles.append(make_article(i, n, writer, reports, articles))
    by_id = {a.id: a for a in actors}
    claims = make_claims(rng, n, articles, reports, by_id)
    return Corpus(n, actors, reports, articles, claims)


# ---------------------------------------------------------------- writing

def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def actors_yaml(actors: list[Actor]) -> str:
    """actors.yaml."""
    out = []
    for a in actors:
        out += [f"- id: {a.id}", f"  name: {q(a.name)}", f"  kind: {a.kind}"]
        if a.aliases:
            out.append(f"  aliases: [{', '.join(q(x) for x in a.aliases)}]")
        out.append(f"  description: {q(a.description)}")
        if a.affiliations:
            out.append(f"  affiliations: [{', '.join(a.affiliations)}]")
    return "\n".join(out) + "\n"


def reports_yaml(reports: list[Report]) -> str:
    """reports.yaml."""
    out = []
    for r in reports:
        out += [f"- id: {r.id}", f"  outlet: {r.outlet}", "  title: null", f"  published: {r.published}",
                "  date_basis: {kind: inferred, reason: \"the synthetic corpus dates its reports in sequence\"}",
                f"  description: {q(r.description)}", "  url: null"]
        if r.relays:
            out.append(f"  relays: [{', '.join(r.relays)}]")
    return "\n".join(out) + "\n"


def seed_lines(a: Article) -> tuple[list[str], list[tuple[int, int, str, str]]]:
    """The capture's lines, and the stretches the article removes: (first, last, reason, note)."""
    lines = [a.title, "", a.byline, ""]
    removed = [(1, 1, "moved-to-metadata", "the headline"), (3, 3, "moved-to-metadata", "the byline")]
    for k, p in enumerate(a.paragraphs):
        lines += [p.text, ""]
        if k == a.ad_after:
            lines += ["Advertisement", ""]
            removed.append((len(lines) - 1, len(lines) - 1, "ad-placeholder", ""))
        if k == 5 and a.pitch:
            lines += [a.pitch, ""]
            removed.append((len(lines) - 1, len(lines) - 1, "subscription-pitch", ""))
    if a.share:
        lines += ["Share this: Facebook, Twitter, Email", ""]
        removed.append((len(lines) - 1, len(lines) - 1, "site-chrome", "share bar"))
    if a.comments:
        first = len(lines) + 1
        lines += [f"{len(a.comments)} comments", ""]
        for name, text in a.comments:
            lines += [f"  • {name}", "", f"    {text}", ""]
        removed.append((first, len(lines) - 1, "reader-comments", ""))
    return lines, removed


def article_md(a: Article, removed: list[tuple[int, int, str, str]]) -> str:
    """site_src/articles/<id>.md: front matter, then the body (a carried passage as a blockquote)."""
    out = ["---", f"title: {q(a.title)}", f"seed: {a.seed}", f"outlet: {a.outlet or 'null'}",
           f"author: {a.author or 'null'}", f"published: {a.published or 'null'}"]
    if a.published:
        out.append(f"date_basis: {{kind: stated, reason: {q('Byline: ' + repr(date_words(a.published)))}}}")
    out += [f"kind: {a.kind}", "relays:"]
    for r in a.relays:
        out.append(f"  - id: {r.id}\n    basis: {{kind: {r.basis[0]}, reason: {q(r.basis[1])}}}" if r.basis
                   else f"  - {r.id}")
    out.append("removed:")
    for first, last, reason, note in removed:
        out.append(f"  - lines: {first if first == last else f'{first}-{last}'}\n    reason: {reason}"
                   + (f"\n    note: {q(note)}" if note else ""))
    out.append("---")
    body = [("> " if p.blockquote else "") + p.text for p in a.paragraphs]
    return "\n".join(out) + "\n" + "\n\n".join(body) + "\n"


def evidence_yaml(e: Evidence) -> list[str]:
    """One evidence item's lines."""
    article = e.articles[0] if len(e.articles) == 1 else f"[{', '.join(e.articles)}]"
    return [f"    - article: {article}", f"      quote: {q(e.quote)}", f"      speaker: {e.speaker}",
            f"      origin: {e.origin}", f"      stance: {e.stance}"]


def claim_yaml(c: Claim) -> list[str]:
    """One claim's lines."""
    out = [f"- id: {c.id}", f"  statement: {q(c.statement)}", f"  type: {c.type}",
           f"  subjects: [{', '.join(c.subjects)}]"]
    if c.date:
        out += [f"  date: {c.date}", f"  date_basis: {{kind: inferred, reason: {q(c.date_reason)}}}"]
    out.append("  evidence:")
    for e in c.evidence:
        out += evidence_yaml(e)
    if c.related:
        out.append("  related:")
        out += [f"    - claim: {cid}\n      relation: {rel}" for cid, rel in c.related]
    return out


def write_text(path: Path, text: str) -> None:
    """Write a new file as UTF-8 with LF line ends, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_corpus(corpus: Corpus, out: Path) -> None:
    """Write the project: site_src/ and seeds/."""
    src = out / "site_src"
    write_text(src / "site.yaml", f"title: {q(f'Synthetic corpus of {corpus.n} articles')}\n"
               "description: A generated corpus for measuring build cost at scale; every word is made up.\n"
               "question: How does the build scale with the size of the corpus?\n"
               f"timeline_cutoff: {CUTOFF}\nlanguage: en\n")
    write_text(src / "actors.yaml", actors_yaml(corpus.actors))
    write_text(src / "reports.yaml", reports_yaml(corpus.reports))
    for a in corpus.articles:
        lines, removed = seed_lines(a)
        write_text(out / a.seed, "\n".join(lines) + "\n")
        write_text(src / "articles" / f"{a.id}.md", article_md(a, removed))
    for k in range(0, len(corpus.claims), CLAIMS_PER_FILE):
        chunk = corpus.claims[k:k + CLAIMS_PER_FILE]
        write_text(src / "claims" / f"claims-{k // CLAIMS_PER_FILE + 1:04d}.yaml",
                   "\n".join(line for c in chunk for line in claim_yaml(c)) + "\n")


def main(argv: list[str]) -> int:
    """`generate N OUT_DIR`: refuse an OUT_DIR that already holds files (never overwrite)."""
    if len(argv) != 2 or not argv[0].isdigit() or int(argv[0]) < 1:
        print("usage: python -m tests.bench.generate N OUT_DIR  (N articles, at least 1; OUT_DIR new or empty)",
              file=sys.stderr)
        return 2
    out = Path(argv[1])
    if out.exists() and any(out.iterdir()):
        print(f"error: {out} is not empty; give a new or empty folder", file=sys.stderr)
        return 2
    corpus = generate(int(argv[0]))
    write_corpus(corpus, out)
    print(f"wrote {out}: {len(corpus.articles)} articles, {len(corpus.claims)} claims, "
          f"{len(corpus.actors)} actors, {len(corpus.reports)} reports")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
