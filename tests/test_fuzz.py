"""Property-based: content files mutated with arbitrary Unicode, bytes and YAML structures never crash the build.

Each example copies the mini corpus, breaks one file, and runs `check` (and, when the result is still valid,
a build). Invalid input must come back as problems with a `file:line` location, never as an exception.
Derandomised, so CI runs the same examples every time.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_site import build, schema

from helpers import MINI, PROJECT

YAML_FILES = ["site_src/actors.yaml", "site_src/reports.yaml", "site_src/claims/main.yaml", "site_src/site.yaml"]
ARTICLES = ["site_src/articles/alpha.md", "site_src/articles/beta.md"]
TEXT_FILES = YAML_FILES + ARTICLES + ["seeds/alpha.txt", "seeds/beta.txt"]
FIELD_NAMES = sorted({name for sch in schema.ALL_SCHEMAS for name in sch.names})
LOCATED = re.compile(r"^(site_src|seeds)/[^:]+:\d+(:\d+)?: \S")
ANY_LOC = re.compile(r"^(site_src|seeds)(/[^:]*)?(:\d+)*: \S")

scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
           | st.dates(min_value=dt.date(1, 1, 1)) | st.datetimes()
           | st.sampled_from(["", "~", "2014-02-30", "a" * 120]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), inner, max_size=4),
                      max_leaves=12)


def split_article(text: str) -> tuple[str, str]:
    """An article's front matter and the rest (from the closing '---' on)."""
    _, meta, body = text.split("---\n", 2)
    return meta, "---\n" + body


@st.composite
def mutated_yaml(draw) -> tuple[str, str]:
    """Replace one value somewhere in a YAML file (or an article's front matter) with an arbitrary structure."""
    relpath = draw(st.sampled_from(YAML_FILES + ARTICLES))
    text = (MINI / relpath).read_text(encoding="utf-8")
    meta, body = split_article(text) if relpath.endswith(".md") else (text, None)
    data = yaml.safe_load(meta)
    holder, key = None, None
    node = data
    while isinstance(node, (list, dict)) and node and draw(st.booleans()):
        keys = list(range(len(node))) if isinstance(node, list) else list(node)
        holder, key = node, draw(st.sampled_from(keys))
        node = node[key]
    new = draw(values)
    if holder is None:
        data = new
    else:
        holder[key] = new
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return relpath, dumped if body is None else "---\n" + dumped + body


@st.composite
def inserted_text(draw) -> tuple[str, str | bytes]:
    """Insert arbitrary Unicode text, or arbitrary bytes, at any point of any content file."""
    relpath = draw(st.sampled_from(TEXT_FILES))
    data = (MINI / relpath).read_bytes()
    at = draw(st.integers(0, len(data)))
    extra = draw(st.text(max_size=20).map(lambda s: s.encode("utf-8")) | st.binary(max_size=8))
    return relpath, data[:at] + extra + data[at:]


YAML_PIECES = [*"-:[]{}&*!|>'\"#%@?,. \n\tabcdeid0123\\", "id: ", "- ", "\n  ", "2014-02-30", "!!str ", "!!float ",
               "!!int ", "!!binary ", "!!set ", "!!timestamp ", "? ", "<<: ", "--- ", "...\n"]


@st.composite
def yaml_like_text(draw) -> tuple[str, str]:
    """Replace a YAML file, or an article's front matter, with text made of YAML's syntax pieces."""
    relpath = draw(st.sampled_from(YAML_FILES + ARTICLES))
    text = "".join(draw(st.lists(st.sampled_from(YAML_PIECES), max_size=60)))
    if relpath.endswith(".md"):
        text = "---\n" + text + "\n" + split_article((MINI / relpath).read_text(encoding="utf-8"))[1]
    return relpath, text


def corpus_with(relpath: str, content: str | bytes, workdir: Path) -> Path:
    """A copy of the mini corpus with one file replaced."""
    root = workdir / "mini"
    shutil.copytree(MINI, root)
    path = root / relpath
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def assert_handled(root: Path, workdir: Path) -> None:
    """Check never raises; problems carry a location; a still-valid corpus builds."""
    problems = build.check(root)
    messages = [str(p) for p in problems.errors]
    for message in messages:
        assert ANY_LOC.match(message), message
    if messages:
        assert any(LOCATED.match(m) for m in messages), messages
    else:
        build.build(root, workdir / "_site", None, search=False)


FUZZ = settings(derandomize=True, max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.slow
@FUZZ
@given(case=mutated_yaml())
def test_arbitrary_yaml_structures_are_reported_not_raised(case):
    with tempfile.TemporaryDirectory() as tmp:
        assert_handled(corpus_with(*case, Path(tmp)), Path(tmp))


@pytest.mark.slow
@FUZZ
@given(case=inserted_text())
def test_arbitrary_text_and_bytes_are_reported_not_raised(case):
    with tempfile.TemporaryDirectory() as tmp:
        assert_handled(corpus_with(*case, Path(tmp)), Path(tmp))


@pytest.mark.slow
@FUZZ
@given(case=yaml_like_text())
def test_yaml_syntax_soup_is_reported_not_raised(case):
    with tempfile.TemporaryDirectory() as tmp:
        assert_handled(corpus_with(*case, Path(tmp)), Path(tmp))


@pytest.mark.slow  # six `python build.py check` processes
@settings(derandomize=True, max_examples=6, deadline=None, database=None)
@given(case=mutated_yaml() | inserted_text() | yaml_like_text())
def test_cli_never_shows_a_traceback(case):
    with tempfile.TemporaryDirectory() as tmp:
        root = corpus_with(*case, Path(tmp))
        result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "check", "--root", str(root)],
                                capture_output=True, text=True)
        assert "Traceback" not in result.stderr
        assert result.returncode in (0, 1), result.stderr
        if result.returncode == 1:
            assert any(LOCATED.match(line) for line in result.stderr.splitlines()), result.stderr
