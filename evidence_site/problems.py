"""Content problems: collected during a run, reported together as `file:line: what; how to fix`."""
from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO


@dataclass(frozen=True, order=True)
class Loc:
    """A place in a source file (project-relative path, 1-based line)."""

    file: str
    line: int = 0
    fields: tuple = field(default=(), compare=False, repr=False)  # (field name, line) pairs
    col: int = field(default=0, compare=False)  # 1-based column, for a problem within a line

    def of(self, name: str) -> Loc:
        """The location of one field of the record that starts here."""
        return Loc(self.file, dict(self.fields).get(name, self.line))

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col}" if self.col else f"{self.file}:{self.line}"


@dataclass(frozen=True, order=True)
class Problem:
    """One content problem: where, what is wrong, how to fix it."""

    loc: Loc
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.loc}: {self.message}" + (f"; {self.hint}" if self.hint else "")


@dataclass
class Problems:
    """Collects errors and warnings so that one run reports all of them."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, loc: Loc, message: str, hint: str = "") -> None:
        """Record a problem that stops the build."""
        self.errors.append(Problem(loc, message, hint))

    def warn(self, loc: Loc, message: str, hint: str = "") -> None:
        """Record a problem worth fixing that does not stop the build."""
        self.warnings.append(Problem(loc, message, hint))

    def extend(self, other: Problems) -> None:
        """Add the problems another collection found (a worker process's), in their order."""
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)

    def __bool__(self) -> bool:
        return bool(self.errors)


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """A 'did you mean …?' hint for a near-miss id, or '' when nothing is close."""
    close = difflib.get_close_matches(str(value), sorted(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def unknown_ref_hint(value: str, known: Iterable[str], what: str) -> str:
    """Hint for an id that does not exist: a near miss if there is one, else where ids live."""
    return did_you_mean(value, known) or f"use the id of an existing {what}"


class ContentError(Exception):
    """Raised to stop a build after problems were reported; carries them."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems.errors)} problem(s)")
        self.problems = problems


def report(problems: Problems, stream: TextIO = sys.stderr) -> None:
    """Print warnings and errors as `file:line: what; how to fix`, then a one-line summary."""
    for w in sorted(problems.warnings):
        print(f"{w.loc}: warning: {w.message}" + (f"; {w.hint}" if w.hint else ""), file=stream)
    for e in sorted(problems.errors):
        print(e, file=stream)
    if problems.errors:
        n = len(problems.errors)
        print(f"{n} problem{'s' * (n != 1)} found; nothing was written.", file=stream)
