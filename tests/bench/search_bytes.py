"""Bytes a reader's browser transfers for one search: the site served on 127.0.0.1 (port 0), Debian's
Chromium driven by Playwright, the search page opened, one query typed, the results waited for.

Two figures: what loading the search page costs until search is ready (Pagefind's script, its WebAssembly,
the index metadata; before issue 10 our site also loaded every filter index there, for its actor menu), and
what the query itself costs after that (index chunks and the fragments of the results shown). Each URL is
counted once, at its transfer size (body + headers as Chromium reports them), in a fresh browser context
with an empty cache.
"""
from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# How each site says its search is ready: ours shows the filters once Pagefind is loaded; the Hugo page
# built by hugo_site.py marks the body.
READY = {"ours": "#search-filters:not([hidden])", "hugo": "body[data-search-ready]"}


@dataclass(frozen=True)
class SearchBytes:
    """Transfer sizes of one search, in bytes, and how many results the page reported."""

    page_load: int
    query: int
    requests: int
    status: str


class QuietHandler(SimpleHTTPRequestHandler):
    """A static file handler that does not log every request."""

    def log_message(self, format, *args) -> None:
        """Say nothing."""


def serve(site: Path) -> ThreadingHTTPServer:
    """Serve `site` on 127.0.0.1 at a free port, in a daemon thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Tally:
    """Transfer size per URL of every finished request, split into before and after the query is typed."""

    def __init__(self):
        self.phase = "load"
        self.sizes: dict[str, dict[str, int]] = {"load": {}, "query": {}}

    def finished(self, request) -> None:
        """Record a finished request once per URL and phase."""
        sizes = request.sizes()
        self.sizes[self.phase].setdefault(request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"])

    def query_bytes(self) -> int:
        """Bytes fetched for the query that the page load had not fetched already."""
        return sum(n for url, n in self.sizes["query"].items() if url not in self.sizes["load"])


def measure_search(site: Path, flavour: str, query: str) -> SearchBytes:
    """Open /search/ of the served site, wait until search is ready, type `query`, wait for the results."""
    from playwright.sync_api import sync_playwright

    server = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return run_query(browser, f"http://127.0.0.1:{server.server_address[1]}/search/", flavour, query)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def run_query(browser, url: str, flavour: str, query: str) -> SearchBytes:
    """One search in a fresh context; see measure_search."""
    context = browser.new_context()
    page = context.new_page()
    tally = Tally()
    page.on("requestfinished", tally.finished)
    page.goto(url)
    page.locator(READY[flavour]).wait_for(timeout=120_000)
    page.wait_for_load_state("networkidle")
    tally.phase = "query"
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.locator("#search-results li").first.wait_for(timeout=120_000)
    page.wait_for_load_state("networkidle")
    status = page.locator("#search-status").inner_text()
    context.close()
    load = sum(tally.sizes["load"].values())
    return SearchBytes(load, tally.query_bytes(), len(tally.sizes["load"]) + len(tally.sizes["query"]), status)
