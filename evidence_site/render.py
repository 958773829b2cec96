"""Stage 3: plan every page (gather pass), then render templates and write files (write pass)."""
from __future__ import annotations

import json
import shutil
from importlib import resources
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2

from . import views
from .problems import Loc, Problems
from .xref import Site

@dataclass(frozen=True)
class Page:
    """One HTML page to write: output path, template, and its context."""

    path: str  # site-relative output path, e.g. "claims/x/index.html"
    template: str
    context: dict
    source: Loc = Loc("")
    indexed: bool = False  # listed in the sitemap

    @property
    def url(self) -> str:
        """Site-relative URL of the page ('' for the home page)."""
        return self.path[: -len("index.html")] if self.path.endswith("index.html") else self.path


@dataclass
class Plan:
    """Everything the write pass needs: pages, data files, files to copy."""

    root: Path
    base_url: str | None
    config: Any = None  # the SiteConfig, shown on every page
    pages: list[Page] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # site-relative path -> JSON value
    copies: dict[str, Path] = field(default_factory=dict)  # site-relative path -> source file


def normalize_base_url(base_url: str | None) -> str | None:
    """'https://x.github.io/repo' → 'https://x.github.io/repo/'."""
    if not base_url:
        return None
    return base_url if base_url.endswith("/") else base_url + "/"


def base_path(base_url: str | None) -> str:
    """The path part of the base URL ('/repo/'), or '/' when none is set."""
    if not base_url:
        return "/"
    rest = base_url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


def relative_root(path: str) -> str:
    """The prefix that leads from a page back to the site root: 'claims/x/index.html' → '../../'."""
    return "../" * path.count("/")


def plan_site(site: Site, root: Path, base_url: str | None, problems: Problems) -> Plan:
    """Gather the context of every page once — this is the site map — and check output paths."""
    refs = views.Refs(site)
    plan = Plan(root, normalize_base_url(base_url), site.corpus.site)
    plan.pages = [
        home_page(site, refs),
        claims_index(refs), *claim_pages(site, refs),
        actors_index(site, refs), *actor_pages(site, refs),
        articles_index(site, refs), *article_pages(site, refs),
        reports_page(site, refs),
        timeline_page(site, refs),
        Page("search/index.html", "search.html", dict(title="Search", section="search"), indexed=True),
        Page("about/index.html", "about.html", dict(title="How to read this site", section="about",
                                                     counts=views.status_counts(refs), totals=totals(site.corpus)),
             indexed=True),
        Page("404.html", "404.html", dict(title="Page not found", section="")),
    ]
    plan.data = data_files(site, refs)
    plan.copies = {seed: root / seed for seed in site.corpus.seeds}  # the raw captures, for provenance
    check_collisions(plan, problems)
    return plan


def rows_by_statement(refs: views.Refs) -> list[views.ClaimRow]:
    """Every claim row, alphabetically by statement."""
    return sorted(refs.claims.values(), key=lambda r: (r.statement.lower(), r.id))


def totals(corpus) -> dict[str, int]:
    """How many articles, actors, claims and reports the corpus holds."""
    return dict(articles=len(corpus.articles), actors=len(corpus.actors), claims=len(corpus.claims),
                reports=len(corpus.reports))


def report_outlets(site: Site, limit: int = 3) -> list[str]:
    """Names of the outlets most relayed by the articles (most relaying articles first, then by name).

    The home page names them, so that its words come from the content and not from a template.
    """
    relays: dict[str, int] = {}
    for report in site.corpus.reports.values():
        by_articles = [r for r in site.relayed_by.get(report.id, []) if r in site.corpus.articles]
        relays[report.outlet] = relays.get(report.outlet, 0) + len(by_articles)
    names = {oid: site.corpus.actors[oid].name for oid in relays if oid in site.corpus.actors}
    ranked = sorted(names, key=lambda oid: (-relays[oid], names[oid].lower(), oid))
    return [names[oid] for oid in ranked[:limit]]


def home_page(site: Site, refs: views.Refs) -> Page:
    """The home page: the question, counts, contested claims first, entry points."""
    corpus = site.corpus
    contested = [r for r in rows_by_statement(refs) if r.status == "contested"]
    return Page("index.html", "home.html", dict(
        title=corpus.site.title, section="home", counts=views.status_counts(refs), contested=contested,
        totals=totals(corpus), articles=list(refs.articles.values()), report_outlets=report_outlets(site)),
        indexed=True)


def claims_index(refs: views.Refs) -> Page:
    """The cross-referenced claims index with its filters."""
    return Page("claims/index.html", "claims.html", dict(
        title="Claims index", section="claims", rows=rows_by_statement(refs), counts=views.status_counts(refs),
        actors=sorted(refs.actors.values(), key=lambda a: a.name.lower()),
        types=views.TYPE_LABELS, statuses=views.STATUS_LABELS), indexed=True)


def claim_pages(site: Site, refs: views.Refs) -> list[Page]:
    """One permanent page per claim; its description is the status in words (for share previews)."""
    pages = []
    for claim in site.corpus.claims.values():
        path = f"claims/{claim.id}/index.html"
        page = views.claim_page(site, refs, claim, relative_root(path))
        pages.append(Page(path, "claim.html", dict(
            title=claim.statement, section="claims", page=page,
            description=f"{page.row.status_label}. {page.reason}"), claim.loc, indexed=True))
    return pages


def actors_index(site: Site, refs: views.Refs) -> Page:
    """Every actor, grouped by kind, with how often each is quoted, discussed and named."""
    by_kind = {k: sorted((a for a in refs.actors.values() if a.kind == k), key=lambda a: a.name.lower())
               for k in views.KIND_LABELS}
    return Page("actors/index.html", "actors.html", dict(
        title="Actors", section="actors", by_kind={k: v for k, v in by_kind.items() if v},
        kind_plurals=views.KIND_PLURALS, said=site.claims_by_speaker, about=site.claims_by_subject,
        mentions={k: len(v) for k, v in site.mentions_by_actor.items()}), indexed=True)


def actor_pages(site: Site, refs: views.Refs) -> list[Page]:
    """One page per actor."""
    reports_by_outlet: dict[str, list[str]] = {}
    for report in site.corpus.reports.values():
        reports_by_outlet.setdefault(report.outlet, []).append(report.id)
    return [Page(f"actors/{actor.id}/index.html", "actor.html", dict(
                title=actor.name, section="actors", description=actor.description,
                page=views.actor_page(site, refs, actor, reports_by_outlet)), actor.loc, indexed=True)
            for actor in site.corpus.actors.values()]


def articles_index(site: Site, refs: views.Refs) -> Page:
    """The list of source articles."""
    return Page("articles/index.html", "articles.html", dict(
        title="Articles", section="articles", articles=list(refs.articles.values()),
        quotes={a: len(v) for a, v in site.evidence_by_article.items()}), indexed=True)


def article_pages(site: Site, refs: views.Refs) -> list[Page]:
    """One page per article, its body decorated with links relative to the page."""
    pages = []
    for article in site.corpus.articles.values():
        path = f"articles/{article.id}/index.html"
        page = views.article_page(site, refs, article, relative_root(path))
        quotes = views.plural(len(page.footnotes), "evidence quote")
        pages.append(Page(path, "article.html", dict(
            title=article.title, section="articles", page=page,
            description=f"{page.kind_label} with {quotes}, its provenance and what was removed from the capture."),
            article.loc, indexed=True))
    return pages


def reports_page(site: Site, refs: views.Refs) -> Page:
    """The original reports by date, each with what it relays, who relays it and the claims it is the origin of."""
    reports = views.reports_by_date([views.report_view(site, refs, r) for r in site.corpus.reports.values()])
    return Page("reports/index.html", "reports.html", dict(
        title="Original reports", section="reports", reports=reports), indexed=True)


def timeline_page(site: Site, refs: views.Refs) -> Page:
    """Dated claims in date order, with the background before the cut-off kept apart."""
    cutoff = site.corpus.site.timeline_cutoff
    background, events = views.timeline(refs, cutoff)
    return Page("timeline/index.html", "timeline.html", dict(
        title="Timeline", section="timeline", background=background, events=events,
        cutoff=views.format_date(cutoff)), indexed=True)


def check_collisions(plan: Plan, problems: Problems) -> None:
    """Two things must never be written to the same output path (case-insensitively, for macOS and Windows)."""
    seen: dict[str, str] = {}
    outputs = [(p.path, str(p.source)) for p in plan.pages]
    outputs += [(path, "data") for path in plan.data] + [(path, str(src)) for path, src in plan.copies.items()]
    for path, source in outputs:
        key = path.lower()
        if key in seen and seen[key] != source:
            problems.error(Loc(source) if source != "data" else Loc("site_src"),
                           f"output path '{path}' is also written for {seen[key]}",
                           "rename one of the ids so each page has its own URL")
        seen.setdefault(key, source)


def data_files(site: Site, refs: views.Refs) -> dict[str, Any]:
    """The whole evidence as JSON (schema in docs/data.md)."""
    corpus = site.corpus
    claims = []
    for claim in corpus.claims.values():
        st, row = site.status[claim.id], refs.claims[claim.id]
        claims.append({
            "id": claim.id, "url": row.url, "statement": claim.statement, "type": claim.type,
            "status": st.status, "status_label": row.status_label, "status_reason": refs.status_reason(st, row.is_view),
            "independent_origins": st.independent_origins, "supporting_origins": list(st.supporting_origins),
            "disputing_origins": list(st.disputing_origins), "supporting_groups": _groups(st.supporting),
            "disputing_groups": _groups(st.disputing), "partial_items": st.partial, "anonymous_only": st.anonymous_only,
            "articles": list(st.articles), "subjects": list(claim.subjects),
            "date": claim.date, "date_basis": _basis(claim.date_basis), "note": claim.note,
            "evidence": [{
                "anchor": ref.anchor, "article": ref.evidence.article, "quote": ref.evidence.quote,
                "speaker": ref.evidence.speaker, "origin": ref.evidence.origin, "stance": ref.evidence.stance,
                "extent": ref.evidence.extent, "form": ref.evidence.form, "chain": list(ref.chain),
                "paragraph": f"p{ref.spot.block}" if ref.spot else None, "note": ref.evidence.note,
            } for ref in site.evidence[claim.id]],
            "related": [{"claim": r.claim, "relation": r.relation} for r in claim.related],
        })
    actors = [{
        "id": a.id, "name": a.name, "kind": a.kind, "aliases": list(a.aliases), "description": a.description,
        "affiliations": list(a.affiliations), "url": refs.actors[a.id].url,
    } for a in corpus.actors.values()]
    articles = [{
        "id": a.id, "title": a.title, "seed": a.seed, "url": refs.articles[a.id].url, "outlet": a.outlet,
        "author": a.author, "published": a.published, "date_basis": _basis(a.date_basis), "kind": a.kind,
        "relays": [_relay(r) for r in a.relays], "source_url": a.source_url,
        "captured": a.captured, "rights": a.rights,
        "removed": [{"lines": [r.first, r.last], "reason": r.reason, "note": r.note} for r in a.removed],
        "notes": list(a.notes),
    } for a in corpus.articles.values()]
    reports = [{
        "id": r.id, "outlet": r.outlet, "title": r.title, "published": r.published,
        "date_basis": _basis(r.date_basis), "description": r.description, "url": r.url,
        "page_url": refs.origins[r.id].url, "relays": [_relay(x) for x in r.relays],
        "relayed_by": site.relayed_by.get(r.id, []),
    } for r in corpus.reports.values()]
    return {"data/claims.json": claims, "data/actors.json": actors, "data/articles.json": articles,
            "data/reports.json": reports}


def _groups(groups) -> list[dict]:
    """Independent origin groups as JSON: the origin and the origins that restate it."""
    return [{"origin": g.origin, "restatements": list(g.restatements)} for g in groups]


def _relay(relay) -> dict:
    """A Relay as JSON: the id it carries words from, and the basis (null when the text names its source)."""
    return {"id": relay.id, "basis": _basis(relay.basis)}


def _basis(basis) -> dict | None:
    """A DateBasis as JSON."""
    return {"kind": basis.kind, "reason": basis.reason} if basis else None


CHECKOUT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def builtin_templates() -> Path:
    """The tool's own templates: inside the installed package, else the checkout's top-level templates/."""
    try:  # the package has no __init__.py, so files() is a MultiplexedPath: ask it for a file
        packaged = Path(str(resources.files("evidence_site.templates").joinpath("base.html"))).parent
    except ModuleNotFoundError:  # a checkout that is not installed: evidence_site/templates does not exist
        packaged = None
    return packaged if packaged and (packaged / "base.html").is_file() else CHECKOUT_TEMPLATES


def template_dirs(root: Path) -> list[Path]:
    """Where templates are looked up, first match wins: the content root's own templates/, then the tool's.

    A content root's templates/ may hold just the files it changes (like MkDocs' custom_dir).
    """
    own, builtin = root / "templates", builtin_templates()
    return [own, builtin] if own.is_dir() and own.resolve() != builtin.resolve() else [builtin]


def asset_files(root: Path) -> dict[str, Path]:
    """Every static asset by its path under assets/, the content root's own file replacing the tool's."""
    files: dict[str, Path] = {}
    for base in reversed(template_dirs(root)):
        assets = base / "assets"
        for path in sorted(assets.rglob("*")) if assets.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(assets).as_posix()] = path
    return dict(sorted(files.items()))


def environment(templates: list[Path]) -> jinja2.Environment:
    """The Jinja environment: autoescaped, strict about undefined names, whitespace-trimmed."""
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(t)) for t in templates])
    env = jinja2.Environment(loader=loader, autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.globals.update(plural=views.plural, status_labels=views.STATUS_LABELS, status_icons=views.STATUS_ICONS,
                       kind_labels=views.KIND_LABELS, view_labels=views.VIEW_STATUS_LABELS,
                       view_icons=views.VIEW_STATUS_ICONS, type_labels=views.TYPE_LABELS,
                       markdown=views.render_markdown_inline, format_date=views.format_date,
                       bibtex=views.bibtex_escape, jsonld=views.claim_jsonld)
    return env


def write_site(plan: Plan, out: Path) -> None:
    """Render every planned page and write it, with data files, copies and static assets."""
    env = environment(template_dirs(plan.root))
    for page in plan.pages:
        root = base_path(plan.base_url) if page.path == "404.html" else relative_root(page.path)
        canonical = plan.base_url + page.url if plan.base_url and page.path != "404.html" else None
        html = env.get_template(page.template).render(
            **page.context, root=root, home=root or "./", url=page.url, canonical=canonical,
            base_url=plan.base_url, site=plan.config)
        write_file(out / page.path, html)
    for path, value in plan.data.items():
        write_file(out / path, json.dumps(value, ensure_ascii=False, indent=1) + "\n")
    for path, src in sorted(plan.copies.items()):
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out / path)
    for rel, src in asset_files(plan.root).items():
        (out / "assets" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out / "assets" / rel)
    write_file(out / ".nojekyll", "")
    write_file(out / "sitemap.xml", sitemap(plan))
    write_file(out / "robots.txt", robots(plan))


def write_file(path: Path, text: str) -> None:
    """Write UTF-8 text with Unix newlines, creating parent directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def sitemap(plan: Plan) -> str:
    """sitemap.xml; URLs are absolute with --base-url, otherwise rooted at '/'."""
    prefix = plan.base_url or "/"
    urls = "".join(f"  <url><loc>{xml_escape(prefix + p.url)}</loc></url>\n" for p in plan.pages if p.indexed)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n")


def robots(plan: Plan) -> str:
    """robots.txt pointing at the sitemap when its absolute URL is known."""
    return "User-agent: *\nAllow: /\n" + (f"Sitemap: {plan.base_url}sitemap.xml\n" if plan.base_url else "")
