"""The pipeline: load and validate → cross-reference → plan pages → render → search index → swap in."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .load import load_corpus
from .problems import ContentError, Problems
from .xref import Site, cross_reference


class BuildError(Exception):
    """A failure that is not a content problem (a tool missing, a disk error)."""


def gather(root: Path, base_url: str | None) -> tuple[Site, "object", Problems]:
    """Pass one: load, validate and cross-reference everything, and plan every page. Writes nothing."""
    from .render import plan_site

    problems = Problems()
    corpus = load_corpus(root, problems)
    site = cross_reference(corpus, problems)
    plan = plan_site(site, root, base_url, problems) if not problems.errors else None
    return site, plan, problems


def check(root: Path, base_url: str | None = None) -> Problems:
    """Validate all content and the page plan; write nothing."""
    return gather(root, base_url)[2]


def build(root: Path, out: Path, base_url: str | None, search: bool = True) -> Problems:
    """Validate, then render into a temporary directory and swap it in only on success."""
    from .render import write_site
    from .search import index_site

    site, plan, problems = gather(root, base_url)
    if problems.errors:
        raise ContentError(problems)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
    try:
        write_site(plan, tmp)
        if search:
            index_site(tmp)
        swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return problems


def swap_in(new: Path, out: Path) -> None:
    """Replace `out` with `new`: rename the old tree aside, rename the new one in, delete the old."""
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)
