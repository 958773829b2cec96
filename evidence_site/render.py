"""Write pass: render every planned page with its template and write it, with data, copies and assets."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup, escape

from . import urls, vocab, workers
from .cache import PageReuse
from .formats import bibtex_escape, format_date, link_refs, plural, render_markdown_inline
from .pages import Page, Plan
from .templating import Context, Loader, Template, asset_files, template_dirs
from .urls import base_path, root_of


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process, keyed by name and source checksum.

    Compiling the templates cost more than rendering them for a small site; `serve` and the tests build again
    and again in one process. A template whose source changed has a new checksum, so it is compiled afresh.
    """

    store: dict[str, tuple[str, bytes]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        checksum, code = self.store.get(bucket.key, ("", b""))
        if checksum == bucket.checksum:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())


def environment(templates: list[Path], names: dict[str, tuple[str, str]]) -> jinja2.Environment:
    """The Jinja environment: autoescaped, strict about undefined names, whitespace-trimmed.

    `markdown` and the `prose` filter turn [[id]] in editorial text into links (names: Refs.names).
    """
    loader = Loader([jinja2.FileSystemLoader(str(t)) for t in templates])
    # auto_reload off: a build makes its own environment, so checking each template's file per page is waste.
    env = jinja2.Environment(loader=loader, autoescape=True, bytecode_cache=CompiledTemplates(), auto_reload=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.template_class, env.context_class = Template, Context  # the same output in less time (templating.py)
    @jinja2.pass_context
    def markdown(context: jinja2.runtime.Context, text: str) -> Markup:
        return Markup(link_refs(render_markdown_inline(text), names, context["root"]))

    @jinja2.pass_context
    def prose(context: jinja2.runtime.Context, text: str) -> Markup:
        return Markup(link_refs(str(escape(text)), names, context["root"]))

    env.filters["prose"] = prose
    env.globals.update(plural=plural, markdown=markdown, format_date=format_date, bibtex=bibtex_escape,
                       status_labels=vocab.STATUSES.labels(), status_icons=vocab.STATUSES.labels("icon"),
                       view_labels=vocab.STATUSES.labels("view_label"), view_icons=vocab.STATUSES.labels("view_icon"),
                       kind_labels=vocab.ACTOR_KINDS.labels(), type_labels=vocab.CLAIM_TYPES.labels(),
                       extent_labels=vocab.EXTENTS.labels())
    return env


def write_site(plan: Plan, out: Path, jobs: int = 1, reuse: PageReuse | None = None,
               also: Callable[[], None] = lambda: None) -> None:
    """Render every planned page and write it, with data files, copies and static assets, over `jobs` processes.

    With `reuse` (the build cache), a page whose view is the same as in the previous build is linked from it.
    `also()` is done by this process alongside, before it joins in rendering (the build writes the search
    documents so, while the forked workers render).
    """
    env = environment(template_dirs(plan.root), reuse.names if reuse else plan.names)
    for name in sorted({page.template for page in plan.pages}):
        env.get_template(name)  # compiled once, here, before any worker is forked
    pages = [page for page in plan.pages if not page.after_files]

    def first() -> None:
        write_rest(env, plan, out, reuse)
        also()

    workers.share(pages, partial(write_page, env, plan, out, reuse), jobs, first)


def write_page(env: jinja2.Environment, plan: Plan, out: Path, reuse: PageReuse | None, page: Page) -> None:
    """Render one page with its template and view and write it, or link it from the previous build's output."""
    view = page.view()
    if reuse is None:
        write_file(out / page.path, render_page(env, plan, page, view))
        return
    key = reuse.key(page.template, page.url, view)
    if not reuse.link(page.path, key, out / page.path):
        reuse.names.used.clear()  # the names this page's prose looks up while it renders
        write_file(out / page.path, render_page(env, plan, page, view))
        reuse.note(page.path, key, tuple(sorted(reuse.names.used.items())))


def render_page(env: jinja2.Environment, plan: Plan, page: Page, view: dict) -> str:
    """One page's HTML from its template and view."""
    # The 404 page is served at any depth, so its links are rooted at the base path, and it has no canonical URL.
    not_found = page.url == urls.NOT_FOUND
    root = base_path(plan.base_url) if not_found else root_of(page.url)
    canonical = plan.base_url + page.url if plan.base_url and not not_found else None
    return env.get_template(page.template).render(
        **view, root=root, home=root or "./", url=page.url, canonical=canonical,
        base_url=plan.base_url, site=plan.config, trust=plan.trust)


def write_rest(env: jinja2.Environment, plan: Plan, out: Path, reuse: PageReuse | None = None) -> None:
    """Everything but the pages: data files and the page describing them, generated files, copies, assets,
    sitemap and robots.txt. With `reuse`, a file with the same bytes as in the previous build is linked from it."""
    put = partial(put_file, out, reuse)
    for path, content in plan.export.files() if plan.export else ():
        put(path, content)
    for page in plan.pages:
        if page.after_files:
            put(page.path, render_page(env, plan, page, page.view()).encode("utf-8"))
    for path, make in plan.files.items():
        content = make()
        put(path, content.encode("utf-8") if isinstance(content, str) else content)
    for path, src in sorted(plan.copies.items()):
        put(path, src.read_bytes())
    for rel, src in asset_files(plan.root).items():
        put(f"assets/{rel}", src.read_bytes())
    put(".nojekyll", b"")
    for path, text in sitemaps(plan).items():
        put(path, text.encode("utf-8"))
    put("robots.txt", robots(plan).encode("utf-8"))


def put_file(out: Path, reuse: PageReuse | None, path: str, content: bytes) -> None:
    """Write a file's bytes at its site-relative `path`, or link the previous build's file with the same bytes."""
    if reuse is None:
        write_bytes(out / path, content)
        return
    key = reuse.content_key(content)
    if not reuse.link(path, key, out / path):
        write_bytes(out / path, content)
        reuse.note(path, key, ())


def write_bytes(path: Path, content: bytes) -> None:
    """Write bytes exactly, creating parent directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def write_file(path: Path, text: str) -> None:
    """Write UTF-8 text with Unix newlines, creating parent directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


SITEMAP_URLS = 50_000  # the sitemap protocol's limit per file (sitemaps.org)
SITEMAP_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def sitemaps(plan: Plan, limit: int = SITEMAP_URLS) -> dict[str, str]:
    """sitemap.xml, or, past `limit` URLs, sitemap.xml as an index of sitemap-1.xml, sitemap-2.xml, ….

    URLs are absolute with --base-url, otherwise rooted at '/'.
    """
    prefix = plan.base_url or "/"
    locs = [xml_escape(prefix + p.url) for p in plan.pages if p.indexed]
    parts = [locs[i:i + limit] for i in range(0, len(locs), limit)] or [[]]
    if len(parts) == 1:
        return {"sitemap.xml": urlset(parts[0])}
    files = {f"sitemap-{n}.xml": urlset(part) for n, part in enumerate(parts, 1)}
    index = "".join(f"  <sitemap><loc>{xml_escape(prefix + name)}</loc></sitemap>\n" for name in files)
    return {"sitemap.xml": f"{SITEMAP_HEAD}<sitemapindex {SITEMAP_NS}>\n{index}</sitemapindex>\n", **files}


def urlset(locs: list[str]) -> str:
    """One sitemap file listing `locs` (already escaped)."""
    entries = "".join(f"  <url><loc>{loc}</loc></url>\n" for loc in locs)
    return f"{SITEMAP_HEAD}<urlset {SITEMAP_NS}>\n{entries}</urlset>\n"


def robots(plan: Plan) -> str:
    """robots.txt pointing at the sitemap when its absolute URL is known."""
    return "User-agent: *\nAllow: /\n" + (f"Sitemap: {plan.base_url}sitemap.xml\n" if plan.base_url else "")
