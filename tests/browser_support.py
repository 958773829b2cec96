"""Real-browser fixtures: the site built twice (at / and for a sub-path), served on 127.0.0.1, and Chromium.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright for Python; `bash .ci/run` installs both.
`playwright install` is never used: nothing is downloaded at test time.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from evidence_site import build
from evidence_site.serve import make_server

from helpers import PROJECT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE = PROJECT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
SUB_PATH = "/evidence-site/"


@dataclass(frozen=True)
class Mount:
    """A built site served at a URL prefix."""

    name: str
    site: Path
    base: str  # e.g. http://127.0.0.1:PORT/evidence-site/

    def url(self, path: str = "") -> str:
        """Absolute URL of a site-relative path."""
        return self.base + path


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash .ci/run`, or `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _serve(site: Path, prefix: str):
    server = make_server(site, 0, prefix)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session", params=["root", "sub-path"])
def mount(request, tmp_path_factory) -> Mount:
    """The real corpus, built and served at / (no base URL) and under /evidence-site/ (GitHub Pages style).

    At / it is the session's `real_site` (the same build, with its search index), not a second build.
    """
    if request.param == "root":
        out, prefix = request.getfixturevalue("real_site"), "/"
    else:
        out, prefix = tmp_path_factory.mktemp(request.param) / "_site", SUB_PATH
        build.build(PROJECT, out, "https://example.github.io" + SUB_PATH)
    server = _serve(out, prefix)
    yield Mount(request.param, out, f"http://127.0.0.1:{server.server_address[1]}{prefix}")
    server.shutdown()
    server.server_close()


class PageWatch:
    """Records console errors, failed requests and HTTP errors of one page."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))


@pytest.fixture
def page(browser):
    """A fresh page (desktop size) with a watcher at `page.watch`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.watch = PageWatch(pg)
    yield pg
    context.close()


def axe_violations(page) -> list[str]:
    """Run axe-core (served from tests/node_modules, injected as a script) and list violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
            for v in result["violations"]]
