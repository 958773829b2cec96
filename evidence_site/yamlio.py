"""YAML that remembers line numbers, and Markdown files with YAML front matter."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .problems import Loc, Problems


class LDict(dict):
    """A YAML mapping that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict


class LList(list):
    """A YAML sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list


# libyaml's C parser when PyYAML has it (about ten times faster); the pure-Python one otherwise.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    """SafeLoader whose mappings and sequences carry 1-based line numbers."""

    def __init__(self, stream: str, line_offset: int):
        super().__init__(stream)
        self.line_offset = line_offset

    def _line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def construct_mapping(self, node, deep=False):
        mapping = LDict(super().construct_mapping(node, deep=True))
        mapping.line = self._line(node)
        mapping.key_lines = {
            self.construct_object(k, deep=True): self._line(k) for k, _ in node.value
        }
        return mapping

    def construct_sequence(self, node, deep=False):
        seq = LList(super().construct_sequence(node, deep=True))
        seq.line = self._line(node)
        seq.item_lines = [self._line(item) for item in node.value]
        return seq


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)
# Dates stay text: the schema checks them against the calendar (PyYAML would raise on 2014-02-30)
# and refuses date-times with a message.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_str)

MAX_DEPTH = 100  # nesting of mappings and lists; documented under Limits in docs/content-format.md


def _bounded(text: str, file: str, offset: int, problems: Problems) -> bool:
    """Walk the parse events once: refuse aliases (an alias bomb expands without bound), tags and deep nesting.

    This runs before anything is composed, so hostile input costs one linear pass and no recursion.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        line = event.start_mark.line + 1 + offset
        if isinstance(event, yaml.AliasEvent):
            problems.error(Loc(file, line), f"YAML alias '*{event.anchor}' is not allowed in content",
                           "write the value out in full where it is needed (anchors and aliases are refused)")
            return False
        if getattr(event, "tag", None) is not None:  # PyYAML raises untyped errors on e.g. '!!float x'
            problems.error(Loc(file, line), f"YAML tag '{event.tag}' is not allowed in content",
                           "remove it and write the value plainly (quote it if it is text)")
            return False
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                problems.error(Loc(file, line), f"YAML nested more than {MAX_DEPTH} levels deep",
                               "flatten the structure; no content field needs more than a few levels")
                return False
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return True


def _check_duplicate_keys(node: yaml.Node, file: str, offset: int, problems: Problems) -> None:
    """Report a key written twice in one mapping (PyYAML would silently keep the last)."""
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    problems.error(Loc(file, key.start_mark.line + 1 + offset),
                                   f"key '{key.value}' appears twice in this mapping",
                                   "keep one of them")
                seen.add(key.value)
            _check_duplicate_keys(value, file, offset, problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, file, offset, problems)


class _Unusual(Exception):
    """Something the one-pass reader leaves to the full loader: an anchor, a merge key, a key that is a list or a
    mapping, a second document, a value a constructor refuses."""


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TEXT_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}  # dates stay text, as in _LineLoader
_SCALAR_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                "tag:yaml.org,2002:null"}
_NO_KEY = object()


def _scalar(event: yaml.ScalarEvent) -> Any:
    """The value of a scalar, as SafeLoader with _LineLoader's constructors makes it."""
    if not event.implicit[0]:
        return event.value  # quoted or a block scalar: text
    tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag in _TEXT_TAGS:
        return event.value
    if tag not in _SCALAR_TAGS:
        raise _Unusual(tag)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
    except Exception as exc:  # reported as the full loader reports it, after its other checks
        raise _Unusual(tag) from exc


def _attach(stack: list, value: Any, line: int, raw_key: str | None, dups: list, file: str) -> Any:
    """Put a finished value into the open collection on top of the stack; the value itself at the top level."""
    if not stack:
        return value
    parent, key, seen = stack[-1]
    if isinstance(parent, LList):
        parent.append(value)
        parent.item_lines.append(line)
    elif key is _NO_KEY:  # this value is a key
        if raw_key is None:
            raise _Unusual("a key that is a list or a mapping")
        if raw_key in seen:
            dups.append((Loc(file, line), f"key '{raw_key}' appears twice in this mapping", "keep one of them"))
        seen.add(raw_key)
        stack[-1] = (parent, (value, line), seen)
    else:
        parent[key[0]] = value
        parent.key_lines[key[0]] = key[1]
        stack[-1] = (parent, _NO_KEY, seen)
    return None


def _read_events(text: str, file: str, offset: int, problems: Problems) -> tuple[bool, Any]:
    """Read YAML in one pass over its parse events, as `_bounded`, `_check_duplicate_keys` and `_LineLoader` do in
    three: refuse aliases, tags and deep nesting before anything else is reported, then report keys written twice,
    and build LDict/LList values. (False, None) when refused; raises _Unusual for what it leaves to the full loader.
    """
    stack: list = []  # open collections: (collection, its pending key and line or _NO_KEY, the raw keys seen)
    dups: list = []
    result, documents = None, 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        kind = type(event)
        line = event.start_mark.line + 1 + offset
        if kind is yaml.AliasEvent or getattr(event, "tag", None) is not None:
            return _bounded(text, file, offset, problems), None  # the same pass reports it, the same way
        if getattr(event, "anchor", None) is not None:
            raise _Unusual("anchor")
        if kind is yaml.ScalarEvent:
            result = _attach(stack, _scalar(event), line, event.value, dups, file) if stack else _scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if len(stack) >= MAX_DEPTH:
                return _bounded(text, file, offset, problems), None
            if stack and stack[-1][1] is _NO_KEY and isinstance(stack[-1][0], LDict):
                raise _Unusual("a key that is a list or a mapping")
            collection = LDict() if kind is yaml.MappingStartEvent else LList()
            collection.line = line
            if kind is yaml.MappingStartEvent:
                collection.key_lines = {}
            else:
                collection.item_lines = []
            stack.append((collection, _NO_KEY, set()))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            collection = stack.pop()[0]
            result = _attach(stack, collection, collection.line, None, dups, file) if stack else collection
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual("a second document")
    for problem in dups:
        problems.error(*problem)
    return True, result


def parse_yaml(text: str, file: str, problems: Problems, line_offset: int = 0) -> Any:
    """Parse YAML into LDict/LList values; a syntax error becomes a problem and None.

    Most files are read in one pass over the parser's events (`_read_events`); the rare file with an anchor, a
    merge key or the like is read by the full loader, as before, with the same values and messages.
    """
    try:
        return _read_events(text, file, line_offset, problems)[1]
    except yaml.MarkedYAMLError as exc:
        problems.error(*_syntax_problem(exc, file, line_offset))
        return None
    except _Unusual:
        return _load(text, file, problems, line_offset)


def _load(text: str, file: str, problems: Problems, line_offset: int = 0) -> Any:
    """The full loader: bounds, duplicate keys, then composition and construction by PyYAML."""
    try:
        if not _bounded(text, file, line_offset, problems):
            return None
    except yaml.MarkedYAMLError as exc:
        problems.error(*_syntax_problem(exc, file, line_offset))
        return None
    loader = _LineLoader(text, line_offset)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_duplicate_keys(node, file, line_offset, problems)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        problems.error(*_syntax_problem(exc, file, line_offset))
        return None
    except (ValueError, TypeError, IndexError, OverflowError) as exc:  # a constructor's own error, unmarked
        problems.error(Loc(file, line_offset + 1), f"YAML value cannot be read ({exc})",
                       "check the values' syntax; write text as quoted strings")
        return None
    finally:
        loader.dispose()


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, offset: int) -> tuple[Loc, str, str]:
    """Where a YAML syntax error starts (the construct being parsed), what it is, and how to fix it."""
    start = exc.context_mark or exc.problem_mark
    noticed = exc.problem_mark
    line = (start.line + 1 + offset) if start else offset + 1
    what = f"YAML syntax error: {exc.problem or 'invalid YAML'}"
    if exc.context and start is exc.context_mark:
        what += f" ({exc.context} on this line"
        what += f", noticed on line {noticed.line + 1 + offset})" if noticed and noticed.line != start.line else ")"
    return (Loc(file, line), what, "check indentation and brackets, and quote strings that contain ': ' or '#' "
            "or that start with '[', '{', '*' or a quote")


@dataclass(frozen=True)
class FrontMatterDoc:
    """A Markdown file split into its front matter and body."""

    meta: Any
    body: str
    body_line: int  # 1-based line of the file where the body starts


def parse_front_matter(text: str, file: str, problems: Problems) -> FrontMatterDoc | None:
    """Split `---` front matter from a Markdown body; report a missing or unclosed block."""
    lines = text.removeprefix("\ufeff").split("\n")
    if not lines or lines[0].strip() != "---":
        problems.error(Loc(file, 1), "file does not start with a '---' front matter block",
                       "put the article's YAML fields between two '---' lines at the top")
        return None
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            meta = parse_yaml("\n".join(lines[1:i]), file, problems, line_offset=1)
            return FrontMatterDoc(meta, "\n".join(lines[i + 1:]), i + 2)
    problems.error(Loc(file, 1), "front matter block is not closed",
                   "add a line with '---' after the last front matter field")
    return None
