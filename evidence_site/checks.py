"""How content fields are declared and checked: the checkers, and the reader that applies them.

A record kind declares its fields once, on its model dataclass (model.py), with `spec(checker, …)`; the schema
used to read YAML (schema_of), the docs test and the JSON export (export.py) are all derived from that declaration.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from .problems import Loc, Problems, did_you_mean
from .vocab import Vocabulary

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID_LENGTH = 100  # an id is a URL path segment and a folder name; documented under Limits
ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # written as YAML escapes such as "\0"; tab and newline pass
LINES = re.compile(r"^(\d+)(?:\s*-\s*(\d+))?$")

# A checker turns a raw YAML value into a clean one, or returns (None, "what is wrong; how to fix").
Checker = Callable[[Any, Loc, Problems], "tuple[Any, str | None]"]


@dataclass(frozen=True)
class Field:
    """One field of a record: its name, how to check it, and whether it must be there."""

    name: str
    check: Checker
    required: bool = True
    nullable: bool = False  # must be present, but may be null ("unknown stays null")
    default: Any = None


@dataclass(frozen=True)
class Schema:
    """The fields of one record kind, with the name used in messages and docs."""

    what: str
    fields: tuple[Field, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Field names in documented order."""
        return tuple(f.name for f in self.fields)

    @cached_property
    def known(self) -> frozenset[str]:
        """Field names, to look up (asked once per record read)."""
        return frozenset(f.name for f in self.fields)


def text(value: Any, loc: Loc, problems: Problems):
    """A non-empty string without control characters."""
    if isinstance(value, str) and value.strip():
        bad = CONTROL.search(value)
        if bad:
            return None, (f"contains the control character U+{ord(bad.group()):04X} (written as an escape); "
                          "remove it")
        return value.strip(), None
    return None, "must be a non-empty text; write it as a quoted string"


def slug(value: Any, loc: Loc, problems: Problems):
    """An id: lower-case letters, digits and single hyphens, at most MAX_ID_LENGTH characters."""
    if isinstance(value, str) and SLUG.match(value) and len(value) <= MAX_ID_LENGTH:
        return value, None
    if isinstance(value, str) and SLUG.match(value):
        return None, (f"'{value[:20]}…' is {len(value)} characters long; an id has at most {MAX_ID_LENGTH} "
                      "(it is part of a URL and a folder name), so shorten it")
    shown = value if len(str(value)) <= 60 else f"{str(value)[:60]}…"
    return None, f"'{shown}' is not a valid id; use lower-case letters, digits and single hyphens, e.g. 'city-council'"


def enum(vocabulary: Vocabulary) -> Checker:
    """One value of a vocabulary (vocab.py)."""
    choices = vocabulary.values

    def check(value: Any, loc: Loc, problems: Problems):
        if value in choices:
            return value, None
        near = did_you_mean(str(value), choices)
        return None, f"'{value}' is not one of {', '.join(choices)}" + (f"; {near}" if near else "; pick one of them")
    return check


def iso_date(value: Any, loc: Loc, problems: Problems):
    """An ISO date, complete or partial (2014, 2014-09, 2014-09-05), that exists in the calendar."""
    if isinstance(value, dt.datetime) or (isinstance(value, str) and TIMESTAMP.match(value)):
        return None, f"'{value}' is a date and time; write the date only, YYYY-MM-DD (times are not used)"
    if isinstance(value, dt.date):  # the loader keeps dates as text, but a caller may pass one
        return value.isoformat(), None
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not ISO_DATE.match(str(value)):
        return None, f"'{value}' is not an ISO date; write YYYY, YYYY-MM or YYYY-MM-DD"
    value = str(value)
    if value.startswith("0000"):
        return None, f"'{value}' has year 0000; write a year from 0001"
    if len(value) == 10 and not real_day(value):
        return None, f"'{value}' is not a day of the calendar; check the day of the month"
    return value, None


def real_day(value: str) -> bool:
    """Whether YYYY-MM-DD names a day that exists (2014-02-30 does not)."""
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def positive_int(value: Any, loc: Loc, problems: Problems):
    """A whole number from 1 up."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value, None
    return None, f"'{value}' must be a whole number from 1 up"


def line_range(value: Any, loc: Loc, problems: Problems):
    """A seed line number or an inclusive range 'a-b'."""
    match = LINES.match(str(value).strip()) if isinstance(value, (int, str)) else None
    if match:
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if 1 <= first <= last:
            return (first, last), None
    return None, f"'{value}' is not a line number or range; write e.g. 12 or 97-136"


def list_of(item: Checker, unique: bool = True, at_least: int = 0, flatten: bool = False) -> Checker:
    """A YAML list whose items each pass `item`; a single value is not accepted.

    `unique` refuses a repeated text, or a repeated `id` among records; `flatten` joins items that are tuples.
    """
    def check(value: Any, loc: Loc, problems: Problems):
        if not isinstance(value, list):
            return None, "must be a list; write [a, b] or one '- item' per line"
        if len(value) < at_least:
            return None, f"is empty; list at least {at_least} item{'s' * (at_least != 1)}"
        out, seen = [], set()
        lines = getattr(value, "item_lines", [loc.line] * len(value))
        for raw, line in zip(value, lines):
            clean, err = item(raw, Loc(loc.file, line), problems)
            if err:
                return None, f"item '{raw}' {err}" if not isinstance(raw, dict) else err
            if clean is None:
                continue
            key = clean if isinstance(clean, str) else getattr(clean, "id", None)
            if unique and key is not None:
                if key in seen:
                    return None, f"'{key}' is listed twice; remove the duplicate"
                seen.add(key)
            out.extend(clean if flatten else (clean,))
        return tuple(out), None
    return check


def read_record(raw: Any, schema: Schema, file: str, problems: Problems) -> dict | None:
    """Check one mapping against a schema; report every bad field; return clean values.

    Returns None when the record is unusable (not a mapping, or its id is bad). A record with
    other bad fields is still returned, with defaults in their place, so that references to it
    do not produce a second wave of 'unknown id' errors.
    """
    line = getattr(raw, "line", 0)
    if not isinstance(raw, dict):
        problems.error(Loc(file, line), f"{schema.what} must be a mapping of fields",
                       f"write it as 'field: value' lines ({', '.join(schema.names)})")
        return None
    key_lines = getattr(raw, "key_lines", {})
    known = schema.known
    for key in raw:
        if key not in known:
            problems.error(Loc(file, key_lines.get(key, line)), f"unknown field '{key}' in {schema.what}",
                           did_you_mean(str(key), known) or f"the fields are {', '.join(schema.names)}")
    values: dict[str, Any] = {"loc": Loc(file, line, tuple(sorted(
        (str(k), v) for k, v in key_lines.items())))}
    usable = True
    for f in schema.fields:
        if f.name not in raw:
            if f.required:
                problems.error(Loc(file, line), f"{schema.what} has no '{f.name}'",
                               f"add '{f.name}:'" + (" (null if unknown)" if f.nullable else ""))
                usable = usable and f.name != "id"
            values[f.name] = f.default
            continue
        value = raw[f.name]
        if value is None and (f.nullable or not f.required):
            values[f.name] = f.default
            continue
        floc = Loc(file, key_lines.get(f.name, line))  # made only for a field that is there: 2 million at 10,000
        clean, err = f.check(value, floc, problems)
        if err:
            problems.error(floc, f"field '{f.name}' {err}")
            usable = usable and f.name != "id"
            clean = f.default
        values[f.name] = clean
    return values if usable else None


@dataclass(frozen=True)
class Spec:
    """How a declared field is read: its checker, whether it must be given, whether it goes into the data export."""

    check: Checker
    required: bool = True
    nullable: bool = False  # must be present, but may be null ("unknown stays null")
    exported: bool = True


def spec(check: Checker, *, required: bool = True, nullable: bool = False, default: Any = None,
         exported: bool = True) -> Any:
    """Declare a content field on a model dataclass; `default` stands when the field is absent or was bad."""
    return dataclasses.field(default=default, metadata={"spec": Spec(check, required, nullable, exported)})


@cache  # asked once per record read and per record exported: the answer depends on the class only
def declared_fields(cls: type) -> tuple[dataclasses.Field, ...]:
    """The fields of a model class that are read from content, in documented order."""
    return tuple(f for f in dataclasses.fields(cls) if "spec" in f.metadata)


@cache
def keeps_loc(cls: type) -> bool:
    """Whether a model class records where in its file it was written."""
    return "loc" in {f.name for f in dataclasses.fields(cls)}


@cache
def schema_of(cls: type, what: str, extra: tuple[Field, ...] = ()) -> Schema:
    """The reading schema of a model class, from its declared fields (plus fields only read, such as aliases)."""
    fields = tuple(Field(f.name, s.check, s.required, s.nullable, f.default)
                   for f in declared_fields(cls) for s in [f.metadata["spec"]])
    return Schema(what, fields + extra)


def nested(cls: type, what: str, spread: str | None = None) -> Checker:
    """A mapping with the fields `cls` declares, built into a `cls`.

    With `spread`, a list in that field stands for one record per item (`article: [a, b]`): the result is a tuple.
    """
    def check(value: Any, loc: Loc, problems: Problems):
        schema = schema_of(cls, what)
        if not isinstance(value, dict):
            return None, f"must be a mapping with the fields {', '.join(schema.names)}"
        before = len(problems.errors)
        values = read_record(value, schema, loc.file, problems)
        if values is None or len(problems.errors) > before:
            return None, None  # already reported; the item is left out of the model
        if not keeps_loc(cls):
            values.pop("loc")
        if spread is None:
            return cls(**values), None
        items = values.pop(spread)
        items = items if isinstance(items, tuple) else (items,)
        return tuple(cls(**values, **{spread: item}) for item in items), None
    return check


def id_or_nested(cls: type, what: str) -> Checker:
    """A plain id, or a mapping with the fields `cls` declares (its `id` among them)."""
    def check(value: Any, loc: Loc, problems: Problems):
        if isinstance(value, str):
            clean, err = slug(value, loc, problems)
            return (cls(id=clean, loc=loc), None) if clean else (None, err)
        clean, err = nested(cls, what)(value, loc, problems)
        rid = value.get("id") if isinstance(value, dict) else None
        if clean is None and err is None and isinstance(rid, str) and SLUG.match(rid):
            # its other fields were reported; keep the link, so what depends on it is not reported again
            return cls(id=rid, loc=Loc(loc.file, getattr(value, "line", loc.line))), None
        return clean, err
    return check


def slug_or_slugs(value: Any, loc: Loc, problems: Problems):
    """One id, or a non-empty list of ids (the shorthand for the same words in several articles)."""
    if not isinstance(value, list):
        return slug(value, loc, problems)
    if not value:
        return None, "must name at least one article; write 'article: some-id' or 'article: [a, b]'"
    return list_of(slug)(value, loc, problems)
