"""Open one page of every type of a built site in Chromium: its HTML size, load time and console errors.

    python -m tests.bench.page_types SITE_DIR [QUERY]

Serves SITE_DIR on 127.0.0.1, picks the first page of each type from the files (home, claims index and its
second page, a status listing, a claim, the actors index, an actor and one of its listings, the network,
the articles index, an article, the reports index, a report, the timeline and its second page, data,
about, and search with QUERY, waited for until results show), opens each in a fresh browser context and
prints a Markdown table. Figures belong in docs/performance.md, never in tests.
"""
from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PAGE_TYPES = {
    "home": r"", "claims index": r"claims/", "claims index, page 2": r"claims/page/2/",
    "status listing": r"claims/status/[a-z-]+/", "claim": r"claims/[^/]+/", "actors index": r"actors/",
    "actor": r"actors/[^/]+/", "actor's full listing": r"actors/[^/]+/[a-z]+/", "network": r"actors/network/",
    "articles index": r"articles/", "article": r"articles/[^/]+/", "reports index": r"reports/",
    "report": r"reports/[^/]+/", "timeline": r"timeline/", "timeline, page 2": r"timeline/page/2/",
    "data": r"data/", "about": r"about/", "search": r"search/",
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, without a log line per request."""

    def log_message(self, format, *args):
        pass


def site_urls(site: Path) -> list[str]:
    """Every page's site-relative URL, in path order ('' for the home page)."""
    urls = (path.parent.relative_to(site).as_posix() + "/" for path in sorted(site.rglob("index.html")))
    return ["" if url == "./" else url for url in urls]


def first_page(urls: list[str], pattern: str) -> str | None:
    """The first URL matching `pattern` that is not one of the fixed pages named in PAGE_TYPES (the network
    page is not an actor) unless the pattern names that page itself."""
    fixed = set(PAGE_TYPES.values())
    return next((u for u in urls if re.fullmatch(pattern, u) and (u == pattern or u not in fixed)), None)


def serve(site: Path) -> str:
    """Serve `site` on a free port of 127.0.0.1 in a daemon thread; its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def main(argv: list[str]) -> int:
    """Open every page type and print the table."""
    site, query = Path(argv[0]), (argv[1] if len(argv) > 1 else "")
    base, urls = serve(site), site_urls(site)
    print("| page type | URL | HTML KB | load ms | console errors |\n|---|---|---:|---:|---:|")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for kind, pattern in PAGE_TYPES.items():
            url = first_page(urls, pattern)
            if url is None:
                print(f"| {kind} | (none) | | | |")
                continue
            print(open_page(browser, base, site, kind, url, query), flush=True)
        browser.close()
    return 0


def open_page(browser, base: str, site: Path, kind: str, url: str, query: str) -> str:
    """One table row: the page opened in a fresh context until loaded (search: until its results show)."""
    context = browser.new_context()
    page, errors = context.new_page(), []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    search = f"?q={query}" if kind == "search" and query else ""
    start = time.perf_counter()
    page.goto(base + url + search, wait_until="load")
    if search:
        page.wait_for_selector("#search-results li", timeout=60_000)
    ms = (time.perf_counter() - start) * 1000
    context.close()
    size = (site / url / "index.html").stat().st_size
    return f"| {kind} | `{url or '/'}{search}` | {size / 1e3:.0f} | {ms:.0f} | {len(errors)} |"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
