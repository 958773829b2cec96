"""The typed content model: what the loader produces and every later stage reads."""
from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Loc

ACTOR_KINDS = ("person", "organisation", "state", "armed-group", "outlet", "anonymous-source")
ARTICLE_KINDS = ("news-report", "analysis", "opinion", "blog-post", "aggregated-excerpt")
REMOVED_REASONS = (
    "moved-to-metadata", "duplicate-headline", "repeated-byline", "reader-comments",
    "subscription-pitch", "ad-placeholder", "related-links", "scraper-footer", "site-chrome",
)
CLAIM_TYPES = ("event", "statement", "denial", "assessment")
STANCES = ("supports", "disputes", "context")
EXTENTS = ("full", "partial")
FORMS = ("quote", "paraphrase", "headline")
RELATIONS = ("contradicts", "supports", "context")
DATE_BASIS_KINDS = ("stated", "inferred")


@dataclass(frozen=True)
class DateBasis:
    """Where a date comes from: stated in the corpus, or inferred (with the reasoning)."""

    kind: str
    reason: str


@dataclass(frozen=True)
class Relay:
    """One link of a relay chain: this text carries words from report or article `id`, and on what basis we say so."""

    id: str
    basis: DateBasis | None = None  # None: a plain id, the relaying text names its source
    loc: Loc = Loc("")

    @property
    def inferred(self) -> bool:
        """Whether the relay is worked out rather than stated by the relaying text."""
        return bool(self.basis and self.basis.kind == "inferred")


@dataclass(frozen=True)
class SiteConfig:
    """site.yaml: what the site is about."""

    title: str
    description: str
    question: str
    timeline_cutoff: str
    language: str = "en"
    license: str | None = None  # the licence of the data (not of the captured articles)


@dataclass(frozen=True)
class Actor:
    """A person, organisation, state, armed group, outlet or anonymous source."""

    id: str
    name: str
    kind: str
    description: str
    aliases: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    loc: Loc = Loc("")

    @property
    def names(self) -> tuple[str, ...]:
        """Every form that refers to this actor: the name first, then the aliases."""
        own = (self.name,) if self.name else ()  # a missing name was reported; the checks go on without it
        return (*own, *[a for a in self.aliases if a != self.name])


@dataclass(frozen=True)
class Report:
    """An original report that articles relay (a newspaper story, a press conference…)."""

    id: str
    outlet: str
    description: str
    title: str | None = None
    published: str | None = None
    date_basis: DateBasis | None = None
    url: str | None = None
    relays: tuple[Relay, ...] = ()
    loc: Loc = Loc("")


@dataclass(frozen=True)
class Removed:
    """A stretch of seed lines left out of an article body, and why."""

    first: int
    last: int
    reason: str
    note: str | None = None
    loc: Loc = Loc("")


@dataclass(frozen=True)
class Article:
    """One captured article: metadata, provenance and the cleaned Markdown body."""

    id: str
    title: str
    seed: str
    outlet: str | None
    author: str | None
    published: str | None
    kind: str
    body: str
    body_line: int
    date_basis: DateBasis | None = None
    relays: tuple[Relay, ...] = ()
    removed: tuple[Removed, ...] = ()
    notes: tuple[str, ...] = ()
    source_url: str | None = None  # where the capture was taken from, only when known
    captured: str | None = None  # when the capture was taken (ISO date), only when known
    rights: str | None = None  # the rights or licence the captured text is held under, only when known
    loc: Loc = Loc("")


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote in an article that supports, disputes or gives context to a claim."""

    article: str
    quote: str
    speaker: str
    origin: str
    stance: str
    occurrence: int | None = None
    extent: str = "full"  # partial: the words bear on only part of the statement
    form: str = "quote"  # paraphrase: a reporter's rendering of the speaker; headline: the outlet's headline
    note: str | None = None
    loc: Loc = Loc("")

    @property
    def counts(self) -> bool:
        """Whether this item counts toward the status: a full supporting or disputing item."""
        return self.extent == "full" and self.stance in ("supports", "disputes")


@dataclass(frozen=True)
class Related:
    """A typed link from one claim to another."""

    claim: str
    relation: str
    loc: Loc = Loc("")


@dataclass(frozen=True)
class Claim:
    """A neutral statement and the evidence for and against it."""

    id: str
    statement: str
    type: str
    subjects: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    date: str | None = None
    date_basis: DateBasis | None = None
    note: str | None = None
    related: tuple[Related, ...] = ()
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
