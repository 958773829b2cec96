"""Every closed vocabulary of the content format, one table each: value, label, icon and other wordings.

Validation accepts exactly these values (schema checks), views and templates word them from these rows, and
docs/content-format.md lists them (a test keeps it in step). Add a value here and nowhere else.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary and how readers see it."""

    value: str
    label: str
    icon: str = ""  # a shape shown with the label, so meaning never rests on colour alone
    plural: str = ""  # heading over a group of this value (actor kinds)
    note: str = ""  # a sentence on what the value means (forms)
    partial_label: str = ""  # the label of an item that bears on only part of a statement (stances)
    # Relations, worded on a claim page about a related claim listed there: when this claim links to it,
    # when it links to this claim, and when the link runs both ways (then the claim is listed once).
    linked: str = ""
    linking: str = ""
    mutual: str = ""
    view_label: str = ""  # an assessment's wording: opinion is a view, not a fact (statuses)
    view_icon: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """An ordered table of Terms, looked up by value."""

    name: str  # what a value is called in messages, e.g. "stance"
    terms: tuple[Term, ...]

    def __iter__(self):
        return iter(self.terms)

    def __getitem__(self, value: str) -> Term:
        for term in self.terms:
            if term.value == value:
                return term
        raise KeyError(value)

    @property
    def values(self) -> tuple[str, ...]:
        """Every accepted value, in documented order."""
        return tuple(t.value for t in self.terms)

    def labels(self, attribute: str = "label") -> dict[str, str]:
        """{value: wording} for one column of the table, in order (what templates iterate)."""
        return {t.value: getattr(t, attribute) for t in self.terms}


def vocabulary(name: str, *terms: Term) -> Vocabulary:
    """A Vocabulary from its rows."""
    return Vocabulary(name, terms)


STATUSES = vocabulary(
    "status",
    Term("contested", "Contested", "⇄", view_label="Disputed view", view_icon="⇄"),
    Term("corroborated", "Corroborated", "✓✓", view_label="Shared view", view_icon="◇◇"),
    Term("single-source", "Single source", "✓", view_label="One source’s view", view_icon="◇"),
    Term("partly-supported", "Partly supported", "◐", view_label="Partly held view", view_icon="◐"),
    Term("unsupported", "Unsupported", "✗", view_label="Unsupported view", view_icon="✗"),
)
ACTOR_KINDS = vocabulary(
    "actor kind",
    Term("person", "Person", plural="People"),
    Term("organisation", "Organisation", plural="Organisations"),
    Term("state", "State", plural="States"),
    Term("armed-group", "Armed group", plural="Armed groups"),
    Term("outlet", "Media outlet", plural="Media outlets"),
    Term("anonymous-source", "Anonymous source", plural="Anonymous sources"),
)
ARTICLE_KINDS = vocabulary(
    "article kind",
    Term("news-report", "News report"),
    Term("analysis", "Analysis"),
    Term("opinion", "Opinion"),
    Term("blog-post", "Blog post"),
    Term("aggregated-excerpt", "Aggregated excerpt"),
)
REMOVED_REASONS = vocabulary(
    "removed reason",
    Term("moved-to-metadata", "Moved to the page header"),
    Term("duplicate-headline", "Duplicate headline"),
    Term("repeated-byline", "Repeated byline"),
    Term("reader-comments", "Reader comments"),
    Term("subscription-pitch", "Subscription pitch"),
    Term("ad-placeholder", "Ad placeholder"),
    Term("related-links", "Related-article links"),
    Term("scraper-footer", "Scraper or aggregator footer"),
    Term("site-chrome", "Page furniture"),
)
CLAIM_TYPES = vocabulary(
    "claim type",
    Term("event", "Event"),
    Term("statement", "Statement"),
    Term("denial", "Denial"),
    Term("assessment", "Assessment"),
)
STANCES = vocabulary(
    "stance",
    Term("supports", "Supports", partial_label="Partly supports"),
    Term("disputes", "Disputes", partial_label="Partly disputes"),
    Term("context", "Context", partial_label="Context"),
)
EXTENTS = vocabulary(
    "extent",
    Term("full", "Full"),
    Term("partial", "Partial"),
)
FORMS = vocabulary(
    "form",
    Term("quote", "Quote", note="the speaker’s words as quoted"),
    Term("paraphrase", "Paraphrase", note="the reporter’s rendering of the speaker, not the speaker’s own words"),
    Term("headline", "Headline", note="the outlet’s headline over its report"),
)
RELATIONS = vocabulary(
    "relation",
    Term("contradicts", "Contradicts", linked="Is contradicted by this claim", linking="Contradicts this claim",
         mutual="They contradict each other"),
    Term("supports", "Supports", linked="Is supported by this claim", linking="Supports this claim",
         mutual="They support each other"),
    Term("context", "Context for", linked="Is given context by this claim", linking="Gives context to this claim",
         mutual="Each gives context to the other"),
)
BASIS_KINDS = vocabulary(
    "basis kind",
    Term("stated", "Stated"),
    Term("inferred", "Inferred"),
)

CONTENT = (ACTOR_KINDS, ARTICLE_KINDS, REMOVED_REASONS, CLAIM_TYPES, STANCES, EXTENTS, FORMS, RELATIONS,
           BASIS_KINDS)  # what content files may say (docs/content-format.md); statuses are derived by the build
