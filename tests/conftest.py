"""Fixtures (the mini corpus copied per test, sites built once per session) and the test-selection hooks.

Markers (registered in pyproject.toml):
- `browser`: the test drives Debian's Chromium. Added here to every test that uses the `browser` fixture
  (directly or through `page`/`mount`), so a new browser test cannot forget it. `-m "not browser"` leaves them out.
- `slow`: tens of seconds each (fuzzing, a wheel built into a fresh venv, builds killed with SIGKILL,
  builds in separate processes). Skipped unless `--run-slow` is given; `.ci/run` gives it, so CI runs everything.

Plain helpers (edit, check_messages, tree_digest, PROJECT, MINI) live in tests/helpers.py.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from evidence_site import build

from helpers import MINI, PROJECT


def pytest_addoption(parser):
    """--run-slow: also run the tests marked slow (CI does)."""
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run tests marked slow (fuzzing, wheel install, SIGKILL, subprocess builds)")


@pytest.hookimpl(tryfirst=True)  # before -m deselects: the marker added here must count
def pytest_collection_modifyitems(config, items):
    """Mark every test that uses Chromium `browser`; skip `slow` tests unless --run-slow."""
    skip_slow = pytest.mark.skip(reason="slow: run with --run-slow (bash .ci/run does)")
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        if "slow" in item.keywords and not config.getoption("--run-slow"):
            item.add_marker(skip_slow)


@pytest.fixture(scope="session", autouse=True)
def private_build_cache(tmp_path_factory) -> None:
    """Builds run through the command line keep their build cache in the session's temporary folder, not the
    user's ~/.cache (evidence_site.cache.default_dir reads XDG_CACHE_HOME; subprocesses inherit it)."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the mini corpus, safe to edit."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    return root


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """The mini corpus built once, without a search index (tests/test_search_format.py covers Pagefind's).

    Read it, or copy it (helpers.copy_site) where a test needs a previous build to change; never change it.
    """
    out = tmp_path_factory.mktemp("mini-site") / "_site"
    build.build(MINI, out, None, search=False)
    return out


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The project's own corpus built once, with the search index. Read it; never change it."""
    out = tmp_path_factory.mktemp("real-site") / "_site"
    build.build(PROJECT, out, None)
    return out


# The real-browser fixtures are session-wide and must be defined once: two definitions would start
# two Playwright instances in one session. Defined here, both tests/test_browser.py and
# tests/sample_corpus/ share them.
from browser_support import browser, mount, page  # noqa: E402,F401 - fixtures
