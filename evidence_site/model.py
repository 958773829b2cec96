"""The typed content model: what the loader produces and every later stage reads.

Each content field is declared once, here, with `spec(checker, …)`: reading (schema.py), the docs test and the
data export (export.py) derive from these declarations. Fields without `spec` are set by the loader.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import vocab
from .checks import (
    enum,
    id_or_nested,
    iso_date,
    line_range,
    list_of,
    nested,
    positive_int,
    slug,
    slug_or_slugs,
    spec,
    text,
)
from .problems import Loc


@dataclass(frozen=True, kw_only=True)
class DateBasis:
    """Where a date (or a relay) comes from: stated in the corpus, or inferred (with the reasoning)."""

    kind: str = spec(enum(vocab.BASIS_KINDS))
    reason: str = spec(text)


@dataclass(frozen=True, kw_only=True)
class Relay:
    """One link of a relay chain: this text carries words from report or article `id`, and on what basis we say so."""

    id: str = spec(slug)
    basis: DateBasis | None = spec(nested(DateBasis, "basis"))  # None: a plain id, the text names its source
    loc: Loc = Loc("")

    @property
    def inferred(self) -> bool:
        """Whether the relay is worked out rather than stated by the relaying text."""
        return bool(self.basis and self.basis.kind == "inferred")


RELAYS = list_of(id_or_nested(Relay, "relay"))  # each id once


@dataclass(frozen=True, kw_only=True)
class SiteConfig:
    """site.yaml: what the site is about."""

    title: str = spec(text)
    description: str = spec(text)
    question: str = spec(text)
    timeline_cutoff: str = spec(iso_date)
    language: str = spec(text, required=False, default="en")
    license: str | None = spec(text, required=False)  # the licence of the data (not of the captured articles)
    updated: str | None = spec(iso_date, required=False)  # when the content was last updated, as the publisher states


@dataclass(frozen=True, kw_only=True)
class Actor:
    """A person, organisation, state, armed group, outlet or anonymous source."""

    id: str = spec(slug)
    name: str = spec(text)
    kind: str = spec(enum(vocab.ACTOR_KINDS))
    aliases: tuple[str, ...] = spec(list_of(text), required=False, default=())
    description: str = spec(text)
    affiliations: tuple[str, ...] = spec(list_of(slug), required=False, default=())
    former_ids: tuple[str, ...] = spec(list_of(slug), required=False, default=())  # its old ids; their URLs redirect
    loc: Loc = Loc("")

    @property
    def names(self) -> tuple[str, ...]:
        """Every form that refers to this actor: the name first, then the aliases."""
        own = (self.name,) if self.name else ()  # a missing name was reported; the checks go on without it
        return (*own, *[a for a in self.aliases if a != self.name])


@dataclass(frozen=True, kw_only=True)
class Report:
    """An original report that articles relay (a newspaper story, a press conference…)."""

    id: str = spec(slug)
    outlet: str = spec(slug)
    title: str | None = spec(text, required=False)
    published: str | None = spec(iso_date, required=False)
    date_basis: DateBasis | None = spec(nested(DateBasis, "date_basis"), required=False)
    description: str = spec(text)
    url: str | None = spec(text, required=False)
    relays: tuple[Relay, ...] = spec(RELAYS, required=False, default=())
    former_ids: tuple[str, ...] = spec(list_of(slug), required=False, default=())  # its old ids; their URLs redirect
    loc: Loc = Loc("")


@dataclass(frozen=True, kw_only=True)
class Removed:
    """A stretch of seed lines left out of an article body, and why."""

    lines: tuple[int, int] = spec(line_range, default=(0, 0))  # first and last seed line, inclusive
    reason: str = spec(enum(vocab.REMOVED_REASONS))
    note: str | None = spec(text, required=False)
    loc: Loc = Loc("")

    @property
    def first(self) -> int:
        """The first seed line removed."""
        return self.lines[0]

    @property
    def last(self) -> int:
        """The last seed line removed."""
        return self.lines[1]


@dataclass(frozen=True, kw_only=True)
class Article:
    """One captured article: metadata, provenance and the cleaned Markdown body."""

    id: str  # the file name
    title: str = spec(text)
    seed: str = spec(text)
    outlet: str | None = spec(slug, nullable=True)
    author: str | None = spec(slug, nullable=True)
    published: str | None = spec(iso_date, nullable=True)
    date_basis: DateBasis | None = spec(nested(DateBasis, "date_basis"), required=False)
    kind: str = spec(enum(vocab.ARTICLE_KINDS))
    relays: tuple[Relay, ...] = spec(RELAYS, required=False, default=())
    removed: tuple[Removed, ...] = spec(list_of(nested(Removed, "removed stretch")), required=False, default=())
    notes: tuple[str, ...] = spec(list_of(text, unique=False), required=False, default=())
    source_url: str | None = spec(text, required=False)  # where the capture was taken from, only when known
    captured: str | None = spec(iso_date, required=False)  # when the capture was taken, only when known
    rights: str | None = spec(text, required=False)  # the rights the captured text is held under, only when known
    former_ids: tuple[str, ...] = spec(list_of(slug), required=False, default=())  # its old ids; their URLs redirect
    body: str = ""  # the Markdown after the front matter
    body_line: int = 0  # the line of the file the body starts on
    loc: Loc = Loc("")


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """A verbatim quote in an article that supports, disputes or gives context to a claim."""

    article: str = spec(slug_or_slugs)  # a list in the file stands for one item per article
    quote: str = spec(text)
    occurrence: int | None = spec(positive_int, required=False)
    speaker: str = spec(slug)
    origin: str = spec(slug)
    stance: str = spec(enum(vocab.STANCES))
    extent: str = spec(enum(vocab.EXTENTS), required=False, default="full")  # partial: bears on part of it
    form: str = spec(enum(vocab.FORMS), required=False, default="quote")  # paraphrase, or the outlet's headline
    note: str | None = spec(text, required=False)
    loc: Loc = Loc("")

    @property
    def counts(self) -> bool:
        """Whether this item counts toward the status: a full supporting or disputing item."""
        return self.extent == "full" and self.stance in ("supports", "disputes")


@dataclass(frozen=True, kw_only=True)
class Related:
    """A typed link from one claim to another."""

    claim: str = spec(slug)
    relation: str = spec(enum(vocab.RELATIONS))
    loc: Loc = Loc("")


@dataclass(frozen=True, kw_only=True)
class Claim:
    """A neutral statement and the evidence for and against it."""

    id: str = spec(slug)
    statement: str = spec(text)
    type: str = spec(enum(vocab.CLAIM_TYPES))
    subjects: tuple[str, ...] = spec(list_of(slug, at_least=1), default=())
    date: str | None = spec(iso_date, required=False)
    date_basis: DateBasis | None = spec(nested(DateBasis, "date_basis"), required=False)
    note: str | None = spec(text, required=False)
    evidence: tuple[Evidence, ...] = spec(list_of(nested(Evidence, "evidence item", spread="article"), unique=False,
                                                  at_least=1, flatten=True), default=())
    related: tuple[Related, ...] = spec(list_of(nested(Related, "related item"), unique=False), required=False,
                                        default=())
    former_ids: tuple[str, ...] = spec(list_of(slug), required=False, default=())  # its old ids; their URLs redirect
    loc: Loc = Loc("")


@dataclass(frozen=True, kw_only=True)
class Correction:
    """One entry of the corrections log: when, which claim (none: the site as a whole), what was wrong and changed."""

    date: str = spec(iso_date)
    claim: str | None = spec(slug, required=False)
    what: str = spec(text)
    loc: Loc = Loc("")


@dataclass
class Corpus:
    """Everything under site_src/ and seeds/, loaded; keyed by id, in sorted id order."""

    config: SiteConfig  # site.yaml
    actors: dict[str, Actor] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    seeds: dict[str, str] = field(default_factory=dict)  # project-relative path -> text
    incomplete: set[str] = field(default_factory=set)  # kinds with a file that could not be read at all
    corrections: tuple[Correction, ...] | None = None  # corrections.yaml in file order; None: there is no such file
