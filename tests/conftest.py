"""Shared fixtures: the mini corpus (copied per test so it can be broken), and built sites."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
MINI = PROJECT / "tests" / "fixtures" / "mini"
sys.path.insert(0, str(PROJECT))

from evidence_site import build  # noqa: E402
from evidence_site.problems import Problems  # noqa: E402


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the mini corpus, safe to edit."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    return root


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    """Replace one exact passage in a file of a copied corpus (the passage must be there once)."""
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {relpath}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def check_messages(root: Path) -> list[str]:
    """Run the check stage and return every error as its printed line."""
    problems: Problems = build.check(root)
    return [str(p) for p in sorted(problems.errors)]


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """The mini corpus built once (with its search index)."""
    out = tmp_path_factory.mktemp("mini-site") / "_site"
    build.build(MINI, out, None)
    return out


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The project's own corpus built once, with the search index."""
    out = tmp_path_factory.mktemp("real-site") / "_site"
    build.build(PROJECT, out, None)
    return out


# The real-browser fixtures are session-wide and must be defined once: two definitions would start
# two Playwright instances in one session. Defined here, both tests/test_browser.py and
# tests/sample_corpus/ share them.
from browser_support import browser, mount, page  # noqa: E402,F401 - fixtures
