"""YAML read in one pass over the parser's events gives what the full loader gives: values, lines, messages."""
from __future__ import annotations

import pytest

from evidence_site.problems import Problems
from evidence_site.yamlio import LDict, LList, _load, parse_yaml


def shape(value):
    """A value with every line it remembers, for comparing two readings."""
    if isinstance(value, LDict):
        return ("map", value.line, [(k, value.key_lines[k], shape(v)) for k, v in value.items()])
    if isinstance(value, LList):
        return ("list", value.line, value.item_lines, [shape(v) for v in value])
    return (type(value).__name__, value)


def read(reader, text: str, offset: int = 0) -> tuple:
    """The value and the messages one reader gives."""
    problems = Problems()
    value = reader(text, "f.yaml", problems, offset)
    return shape(value), [str(p) for p in problems.errors]


def test_lines_of_mappings_keys_and_items():
    problems = Problems()
    value = parse_yaml("a: 1\nb:\n  - x\n  - c: true\n    d: 2014-02-30\n", "f.yaml", problems, line_offset=1)
    assert value == {"a": 1, "b": ["x", {"c": True, "d": "2014-02-30"}]}  # a date stays text
    assert (value.line, value.key_lines) == (2, {"a": 2, "b": 3})
    assert (value["b"].line, value["b"].item_lines) == (4, [4, 5])
    assert value["b"][1].key_lines == {"c": 5, "d": 6}
    assert not problems.errors


CASES = [
    "",
    "just text",
    "- a\n- b: 1\n  c: [1, 2.5, true, null, ~, 0x1f, 1:20, .inf, yes, '', \"q\"]\n",
    "a: 1\na: 2\nb: {x: 1, x: 2}\n",  # keys written twice, reported in document order
    "1: a\n'1': b\n",  # the same key as written, once quoted
    "a: 1\na: 2\nb: *x\n",  # an alias after a duplicate: only the alias is reported
    "a: 1\na: 2\nb: [\n",  # a syntax error after a duplicate: only the syntax error
    "a: !!str 1\n",
    "[" * 101 + "]" * 101,
    "[" * 100 + "]" * 100,
    "a: &x 1\n",  # an anchor: left to the full loader
    "<<: {a: 1}\nb: 2\n",  # a merge key: left to the full loader
    "? [a]\n: 1\n",  # a key that is a list: the full loader refuses it
    "a: b\n---\nc: d\n",  # two documents
    "a: =\n",
    "a: 99999999999999999999999999\nb: 12_000\nc: -.INF\nd: off\n",
    "a: |\n  text\n  more\nb: >-\n  folded\n",
]


@pytest.mark.parametrize("text", CASES)
@pytest.mark.parametrize("offset", [0, 3])
def test_one_pass_reads_as_the_full_loader(text, offset):
    assert read(parse_yaml, text, offset) == read(_load, text, offset)
