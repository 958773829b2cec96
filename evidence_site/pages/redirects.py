"""Redirect pages: the old address of a claim, actor or article whose id changed leads to its page.

A report's former ids are also anchors on its page, for links to its entry on the reports page from before each
report had a page (reports/#old-id; templates/reports.html sends those on).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import urls
from ..model import Corpus
from ..problems import Loc


@dataclass(frozen=True)
class Redirect:
    """One old address: where it was, where the record is now, and what the record is."""

    url: str  # the old page's site-relative URL
    target: str  # the page's site-relative URL under the id it has now
    what: str  # claim, actor, article or report
    name: str  # the claim's statement, the actor's name, the article's title, the report's description
    source: Loc  # the record that lists the former id


def kinds(corpus: Corpus) -> list[tuple[str, dict, Callable[[str], str], str]]:
    """Each kind with a page of its own: its name, its records, its URL function, the field that names a record."""
    return [("claim", corpus.claims, urls.claim, "statement"), ("actor", corpus.actors, urls.actor, "name"),
            ("article", corpus.articles, urls.article, "title"), ("report", corpus.reports, urls.report, "description")]


def redirects(corpus: Corpus) -> list[Redirect]:
    """Every former id of a claim, actor, article or report as a redirect, by kind, then id, then as listed."""
    return [Redirect(url_of(old), url_of(rec.id), what, getattr(rec, field), rec.loc)
            for what, records, url_of, field in kinds(corpus)
            for rec in records.values() for old in rec.former_ids]


def view(redirect: Redirect, base_url: str | None) -> dict:
    """The redirect page: where to go (relative), and the canonical address (absolute when the base URL is known)."""
    target = urls.sibling(redirect.target)
    return dict(title=f"Moved: {redirect.name}", section="", what=redirect.what, name=redirect.name, target=target,
                target_canonical=base_url + redirect.target if base_url else target)
