"""The site map: every page's URL, template and view, gathered once before anything is written."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .. import cards, urls, vocab
from ..export import data_files
from ..links import Refs
from ..model import SiteConfig
from ..problems import Loc, Problems
from ..workers import Recall
from ..xref import Site
from . import actors, articles, claims, corrections, data, home, network, redirects, reports, timeline


@dataclass(frozen=True)
class Page:
    """One HTML page to write: its URL, its template, and the view the template receives."""

    url: str  # site-relative URL from urls.py, e.g. "claims/x/" ('' for the home page)
    template: str
    # The view (title, section, the page's view objects), or a function making it when the page is written: a plan
    # of 60,000 pages then holds no view dicts (3 GB at 10,000 articles), and each worker makes only its pages'.
    context: dict | Callable[[], dict]
    source: Loc = Loc("")  # the content file the page comes from, for messages
    indexed: bool = True  # listed in the sitemap
    after_files: bool = False  # written after the data files, by the process that made them (its view needs them)

    @property
    def path(self) -> str:
        """Site-relative output path, e.g. "claims/x/index.html"."""
        return urls.output_path(self.url)

    def view(self) -> dict:
        """The view the template receives, made now if it was planned as a function."""
        return self.context() if callable(self.context) else self.context


@dataclass
class Plan:
    """Everything the write pass needs: pages, data files, files to copy."""

    root: Path
    base_url: str | None
    config: SiteConfig
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # what [[id]] in prose links to (Refs.names)
    pages: list[Page] = field(default_factory=list)
    export: data.Export | None = None  # the data files, made when they are written (pages/data.py)
    files: dict[str, Callable[[], str | bytes]] = field(default_factory=dict)  # path -> its bytes, made when written
    copies: dict[str, Path] = field(default_factory=dict)  # site-relative path -> source file
    trust: corrections.Trust = field(default_factory=corrections.Trust)  # every page's last update and log link


def plan_site(site: Site, root: Path, base_url: str | None, problems: Problems, recall: Recall | None = None
              ) -> Plan:
    """The site map: each page's URL, template and view, gathered once; then the output paths are checked.

    With `recall` (serve), the link views and the listings and pictures of the whole corpus are those of the last
    gathering when what they are made from is equal (Refs.recalled): only the views that changed are made again.
    """
    refs, corpus = Refs(site, recall), site.corpus
    by_outlet = actors.reports_by_outlet(site)
    plan = Plan(root, urls.normalize_base_url(base_url), corpus.config, refs.names)
    plan.export = data.Export(partial(data_files, site, refs), corpus.config.license, corpus.config.title)
    plan.files = share_cards(corpus.config.title)
    plan.trust = corrections.trust(corpus.config, corpus.corrections, refs)
    plan.pages = [
        Page(urls.HOME, "home.html", home.view(site, refs)),
        *(Page(url, "claims.html", view) for url, view in refs.recalled(
            "claims index", partial(claims.index_inputs, refs), partial(claims.index_pages, refs))),
        *(Page(u, "redirect.html", v, indexed=False) for u, v in claims.status_redirects(refs, plan.base_url)),
        *(Page(urls.claim(c.id), "claim.html", partial(claims.view, site, refs, c), c.loc)
          for c in corpus.claims.values()),
        *(Page(url, "actors.html", view) for url, view in actors.index_pages(site, refs)),
        Page(urls.NETWORK, "network.html", refs.recalled("network", partial(network.inputs, site),
                                                         partial(network.view, site, refs))),
        *(Page(url, template, view, a.loc) for a in corpus.actors.values()
          for url, template, view in actors.pages(site, refs, a, by_outlet)),
        *(Page(url, "articles.html", view) for url, view in articles.index_pages(site, refs)),
        *(Page(urls.article(a.id), "article.html", partial(articles.view, site, refs, a), a.loc)
          for a in corpus.articles.values()),
        *(Page(url, template, view) for url, template, view in reports.pages(site, refs)),
        *(Page(url, "timeline.html", view) for url, view in refs.recalled(
            "timeline", partial(timeline.inputs, site, refs), partial(timeline.pages, site, refs))),
        Page(urls.SEARCH, "search.html", dict(title="Search", section="search")),
        Page(urls.DATA, "data.html", plan.export.view, after_files=True),
        Page(urls.ABOUT, "about.html", home.about_view(site, refs)),
        Page(urls.NOT_FOUND, "404.html", dict(title="Page not found", section=""), indexed=False),
        *([Page(urls.CORRECTIONS, "corrections.html", corrections.view(corpus.corrections, refs))]
          if corpus.corrections is not None else []),
        *(Page(r.url, "redirect.html", redirects.view(r, plan.base_url), r.source, indexed=False)
          for r in redirects.redirects(corpus)),
    ]
    plan.copies = refs.recalled("copies", lambda: (root, *corpus.seeds),  # the raw captures, for provenance
                                lambda: {seed: root / seed for seed in corpus.seeds})
    check_collisions(plan, problems)
    return plan


def share_cards(site_title: str) -> dict[str, Callable[[], bytes]]:
    """The link-preview images, one per status and wording, shared by the claims of that status (why: docs)."""
    out = {}
    for term in vocab.STATUSES:
        out[cards.card_path(term.value, False)] = partial(cards.status_card_png, term.label, site_title, term.icon,
                                                          term.value)
        out[cards.card_path(term.value, True)] = partial(cards.status_card_png, term.view_label, site_title,
                                                         term.view_icon, None)
    return out


def check_collisions(plan: Plan, problems: Problems) -> None:
    """Two things must never be written to the same output path (case-insensitively, for macOS and Windows)."""
    seen: dict[str, object] = {}
    outputs: list[tuple[str, object]] = [(p.path, p.source) for p in plan.pages]
    outputs += [(path, "data") for path in [*(plan.export.paths if plan.export else ()), *plan.files]]
    outputs += list(plan.copies.items())
    for path, source in outputs:
        first = seen.setdefault(path.lower(), source)
        # sources are compared as written, only when a path comes again (68,000 pages at 10,000 articles)
        if first is not source and str(first) != str(source):
            problems.error(Loc(str(source)) if source != "data" else Loc("site_src"),
                           f"output path '{path}' is also written for {first}",
                           "rename one of the ids so each page has its own URL")
