"""Plain helpers shared by the tests (imported explicitly; conftest.py holds only fixtures and hooks)."""
from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
MINI = PROJECT / "tests" / "fixtures" / "mini"
if str(PROJECT) not in sys.path:  # the checkout's code, also when the package is not installed
    sys.path.insert(0, str(PROJECT))

from evidence_site import build  # noqa: E402
from evidence_site.problems import Problems  # noqa: E402


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


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root with the SHA-256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def copy_site(site: Path, out: Path) -> Path:
    """A private copy of a session-built site (its build marker too): a previous build, without rebuilding."""
    shutil.copytree(site, out, symlinks=True)
    return out
