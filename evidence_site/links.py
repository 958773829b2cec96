"""Link views shared by every page: each actor, article, origin and claim as other pages link to it."""
from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from . import urls, vocab
from .formats import format_date, plural
from .model import Actor, Article, Claim, DateBasis, Relay, Report
from .workers import Recall, recalled, recalled_value
from .xref import ClaimStatus, Site

R, V = TypeVar("R"), TypeVar("V")


@dataclass(frozen=True)
class DateView:
    """A date as shown: label, ISO value, and whether (and why) it was inferred."""

    iso: str
    label: str
    inferred: bool
    reason: str

    @staticmethod
    def of(iso: str | None, basis: DateBasis | None) -> DateView | None:
        """The view of a date, or None when unknown."""
        if not iso:
            return None
        return DateView(iso, format_date(iso), bool(basis and basis.kind == "inferred"), basis.reason if basis else "")


@dataclass(frozen=True)
class ActorRef:
    """A link to an actor."""

    id: str
    name: str
    kind: str
    url: str

    @property
    def kind_label(self) -> str:
        """Human label of the actor kind."""
        return vocab.ACTOR_KINDS[self.kind].label


@dataclass(frozen=True)
class ArticleRef:
    """A link to an article, with what identifies it at a glance."""

    id: str
    title: str
    url: str
    outlet: ActorRef | None
    date: DateView | None
    kind: str


@dataclass(frozen=True)
class OriginView:
    """Where words were first published: a report, or an article of the corpus."""

    id: str
    label: str
    url: str
    kind: str = "report"  # report | article
    date: DateView | None = None


@dataclass(frozen=True)
class ClaimRow:
    """A claim as listed in indexes."""

    id: str
    url: str
    statement: str
    type: str
    status: str
    independent_origins: int
    article_count: int
    anonymous_only: bool
    subjects: tuple[ActorRef, ...]
    actor_ids: tuple[str, ...]  # subjects and speakers, for filtering
    date: DateView | None

    @property
    def is_view(self) -> bool:
        """Whether the claim is an assessment, worded as a view rather than a fact."""
        return self.type == "assessment"

    @property
    def status_label(self) -> str:
        """Human label of the status (an assessment's status is worded as a view)."""
        term = vocab.STATUSES[self.status]
        return term.view_label if self.is_view else term.label

    @property
    def status_icon(self) -> str:
        """A shape that, with the label, shows the status without relying on colour."""
        term = vocab.STATUSES[self.status]
        return term.view_icon if self.is_view else term.icon

    @property
    def type_label(self) -> str:
        """Human label of the claim type."""
        return vocab.CLAIM_TYPES[self.type].label

    @property
    def listed_facts(self) -> tuple[str, ...]:
        """What a listing says beside the badge that the badge leaves unsaid (docs/design-decisions.md, item 91).

        A view's badge already says it is an assessment; "single source" means one origin, and "partly
        supported" or "unsupported" none: only a corroborated or contested claim's count adds something.
        """
        kind = () if self.is_view else (self.type_label,)
        counted = self.status in ("corroborated", "contested")
        return kind + ((plural(self.independent_origins, "independent origin"),) if counted else ())


@dataclass(frozen=True)
class ChainStep:
    """One report or article on the way words travelled, and whether its link to the next one is inferred."""

    node: OriginView
    inferred: bool = False
    reason: str = ""


# The link views `Refs` makes once per build, each shown on many pages (cache.PageReuse keys them once each).
SHARED_VIEWS = (ActorRef, ArticleRef, OriginView, ClaimRow)


@dataclass
class Refs:
    """Link views for every entity, built once and shared by all pages.

    With `recall` (serve), a view made from equal inputs in the last gathering is that very object again, so that
    the listings made from the views can be recalled in turn when their views are (pages/__init__.py).
    """

    site: Site
    recall: Recall | None = field(default=None, repr=False, compare=False)
    actors: dict[str, ActorRef] = field(default_factory=dict)
    articles: dict[str, ArticleRef] = field(default_factory=dict)
    origins: dict[str, OriginView] = field(default_factory=dict)
    claims: dict[str, ClaimRow] = field(default_factory=dict)

    def __post_init__(self) -> None:
        corpus = self.site.corpus
        self.actors = self._each("actor refs", corpus.actors, lambda a: (a,), self._actor)
        self.articles = self._each("article refs", corpus.articles, lambda a: (a, self.actors.get(a.outlet or "")),
                                   self._article)
        self.origins = self._each("report origins", corpus.reports, lambda r: (r, self.actors.get(r.outlet)),
                                  self._report_origin)
        self.origins |= self._each("article origins", corpus.articles, lambda a: (a, self.articles[a.id]),
                                   self._article_origin)
        self.claims = self._each("claim rows", corpus.claims, self._claim_inputs, self._claim)

    def _each(self, kind: str, records: dict[str, R], inputs: Callable[[R], tuple], make: Callable[[R], V]
              ) -> dict[str, V]:
        """{id: make(record)} for every record, through the recall."""
        return dict(zip(records, self.recalled_each(kind, list(records.values()), inputs, make)))

    def recalled_each(self, kind: str, items: list[R], inputs: Callable[[R], tuple], make: Callable[[R], V]
                      ) -> list[V]:
        """`make(item)` for each item, or, in serve, what it made in the last gathering from inputs equal to
        `inputs(item)` (whose first is the very object)."""
        return recalled(self.recall, kind, items, inputs, lambda todo: [make(i) for i in todo], operator.eq)

    def _actor(self, a: Actor) -> ActorRef:
        return ActorRef(a.id, a.name, a.kind, urls.actor(a.id))

    def _article(self, a: Article) -> ArticleRef:
        return ArticleRef(a.id, a.title, urls.article(a.id), self.actors.get(a.outlet or ""),
                          DateView.of(a.published, a.date_basis), a.kind)

    def _report_origin(self, r: Report) -> OriginView:
        outlet = self.actors[r.outlet].name if r.outlet in self.actors else r.outlet
        date = DateView.of(r.published, r.date_basis)
        when = f", {date.label}{' (inferred)' if date.inferred else ''}" if date else ", date unknown"
        return OriginView(r.id, f"{outlet}{when}", urls.report(r.id), "report", date)

    def _article_origin(self, a: Article) -> OriginView:
        ref = self.articles[a.id]
        outlet = ref.outlet.name if ref.outlet else "outlet unknown"
        return OriginView(a.id, f"“{a.title}” ({outlet})", ref.url, "article", ref.date)

    def _claim_inputs(self, c: Claim) -> tuple:
        """What a claim's row is made from: the claim, what its row says of its status, its subjects' links."""
        st = self.site.status[c.id]
        return (c, st.status, st.independent_origins, len(st.articles), st.anonymous_only,
                *(self.actors[s] for s in c.subjects))

    def _claim(self, c: Claim) -> ClaimRow:
        st = self.site.status[c.id]
        actor_ids = tuple(dict.fromkeys([*c.subjects, *(ev.speaker for ev in c.evidence)]))
        return ClaimRow(c.id, urls.claim(c.id), c.statement, c.type, st.status, st.independent_origins,
                        len(st.articles), st.anonymous_only, tuple(self.actors[s] for s in c.subjects),
                        actor_ids, DateView.of(c.date, c.date_basis))

    def recalled(self, kind: str, inputs: Callable[[], tuple], make: Callable[[], V]) -> V:
        """`make()`, or, in serve, what it made in the last gathering from inputs equal to `inputs()`."""
        return recalled_value(self.recall, kind, inputs, make, operator.eq)

    def views(self) -> tuple[Any, ...]:
        """Every link view, in order: what a listing of any of them may be made from."""
        return (*self.actors.values(), *self.articles.values(), *self.origins.values(), *self.claims.values())

    @cached_property
    def names(self) -> dict[str, tuple[str, str]]:
        """(label, url) of every page prose may name: by "kind:id", and by bare id where only one kind has it."""
        return self.recalled("page names", self.views, self._names)

    def _names(self) -> dict[str, tuple[str, str]]:
        named = {f"actor:{k}": (v.name, v.url) for k, v in self.actors.items()}
        named |= {f"article:{k}": (f"“{v.title}”", v.url) for k, v in self.articles.items()}
        named |= {f"claim:{k}": (f"“{v.statement}”", v.url) for k, v in self.claims.items()}
        named |= {f"report:{k}": (v.label, v.url) for k, v in self.origins.items() if v.kind == "report"}
        owners: dict[str, list[str]] = {}
        for key in named:
            owners.setdefault(key.split(":", 1)[1], []).append(key)
        return named | {bare: named[keys[0]] for bare, keys in owners.items() if len(keys) == 1}

    @cached_property
    def by_statement(self) -> list[ClaimRow]:
        """Every claim row, alphabetically by statement (sorted once: the claims index and the home page use it)."""
        return self.recalled("rows by statement", lambda: tuple(self.claims.values()),
                             lambda: sorted(self.claims.values(), key=lambda r: (r.statement.lower(), r.id)))

    def linker(self, root: str) -> Callable[[str, str], str]:
        """(kind, id) → the href of that page from a page `root` away from the site root (for pictures.py)."""
        tables = {"actor": self.actors, "article": self.articles, "claim": self.claims, "report": self.origins}
        return lambda kind, id_: root + tables[kind][id_].url

    def status_reason(self, st: ClaimStatus, is_view: bool = False) -> str:
        """The status in words: articles, independent origins (with what restates them), disputes, partial items."""
        sentences = [plural(len(st.articles), "article") + "."]
        if st.supporting:
            what = "independent source" if is_view else "independent origin"
            lead = f"A view held by {plural(len(st.supporting), what)}" if is_view else \
                plural(len(st.supporting), what)
            sentences.append(f"{lead}: {self.groups_in_words(st.supporting)}.")
        else:
            sentences.append("No item supports the whole statement.")
        if st.disputing:
            sentences.append(f"Disputed by {plural(len(st.disputing), 'independent origin')}: "
                             f"{self.groups_in_words(st.disputing)}.")
        if st.partial:
            sentences.append(f"{plural(st.partial, 'item')} bear{'s' * (st.partial == 1)} on only part of the "
                             "statement and {} not counted.".format("is" if st.partial == 1 else "are"))
        if st.anonymous_only:
            sentences.append("Every supporting speaker is anonymous.")
        return " ".join(sentences)

    def groups_in_words(self, groups) -> str:
        """'Daily Ledger, 27 Dec 2014 (restated by “…”); Washington Ledger, date unknown'."""
        out = []
        for group in groups:
            label = self.origins[group.origin].label
            if group.restatements:
                label += " (restated by " + ", ".join(self.origins[r].label for r in group.restatements) + ")"
            out.append(label)
        return "; ".join(out)


def relay_step(refs: Refs, node: str, relay: Relay | None) -> ChainStep:
    """A report or article on a chain, with the basis of the relay that carried its words on (None: no relay)."""
    return ChainStep(refs.origins[node], bool(relay and relay.inferred),
                     relay.basis.reason if relay and relay.basis else "")


def relay_steps(refs: Refs, relays: tuple[Relay, ...]) -> tuple[ChainStep, ...]:
    """What a report or article relays, each with whether that is inferred and why."""
    return tuple(relay_step(refs, r.id, r) for r in relays)


def chain_steps(site: Site, refs: Refs, chain: tuple[str, ...]) -> tuple[ChainStep, ...]:
    """A relay chain as views, each step marked when the next one's relay of it is inferred."""
    def relay_of(here: str, there: str | None) -> Relay | None:
        return next((r for r in site.graph.sources.get(there, ()) if r.id == here), None) if there else None

    return tuple(relay_step(refs, here, relay_of(here, there)) for here, there in zip(chain, (*chain[1:], None)))


def status_counts(refs: Refs) -> dict[str, int]:
    """How many claims have each status, in the order statuses are explained."""
    counts = dict.fromkeys(vocab.STATUSES.values, 0)
    for row in refs.claims.values():
        counts[row.status] += 1
    return counts


def rows_by_statement(refs: Refs) -> list[ClaimRow]:
    """Every claim row, alphabetically by statement."""
    return refs.by_statement
