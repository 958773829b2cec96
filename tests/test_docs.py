"""Every field, data key and option is documented: these fail when one is added without docs."""
from __future__ import annotations

import json
import re

from evidence_site import schema, vocab
from evidence_site.cli import make_parser

from helpers import PROJECT


def doc_tables(path) -> list[set[str]]:
    """The first-column names (`code` spans) of every Markdown table in a document."""
    tables, current = [], None
    for line in (PROJECT / path).read_text().splitlines():
        if line.startswith("|"):
            if current is None:
                current = set()
                tables.append(current)
            first = line.split("|")[1]
            current.update(re.findall(r"`([^`]+)`", first))
        else:
            current = None
    return tables


def test_every_content_field_is_documented_in_one_table():
    tables = doc_tables("docs/content-format.md")
    for sch in schema.ALL_SCHEMAS:
        assert set(sch.names) in tables, f"docs/content-format.md has no table listing exactly the {sch.what} fields"


def test_every_enumerated_value_is_documented():
    text = (PROJECT / "docs/content-format.md").read_text()
    for vocabulary in vocab.CONTENT:
        for value in vocabulary.values:
            assert f"`{value}`" in text, f"docs/content-format.md does not list the {vocabulary.name} `{value}`"
    rules = (PROJECT / "docs/status-rules.md").read_text()
    for term in vocab.STATUSES:
        assert f"`{term.value}`" in rules and term.label in rules and term.view_label in rules, term.value


def test_every_data_key_is_documented(mini_site):
    tables = doc_tables("docs/data.md")
    for name in ("claims", "actors", "articles", "reports"):
        items = json.loads((mini_site / "data" / f"{name}.json").read_text())
        assert set(items[0]) in tables, f"docs/data.md: {name}.json keys"
        if name == "claims":
            assert set(items[0]["evidence"][0]) in tables, "docs/data.md: evidence keys"


def test_every_command_line_option_is_documented():
    text = (PROJECT / "docs/deployment.md").read_text()
    readme = (PROJECT / "README.md").read_text()
    for action in make_parser()._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert f"`{flag}" in text, flag
    for command in ("build", "check", "serve"):
        assert f"python build.py {command}" in text or command == "build"
        assert command in readme
