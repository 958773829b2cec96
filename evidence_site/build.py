"""The pipeline: load and validate → cross-reference → plan pages → render → search index → swap in."""
from __future__ import annotations

import shutil
from pathlib import Path

from . import outdir
from .load import load_corpus
from .outdir import BuildError
from .pages import Plan, plan_site
from .problems import ContentError, Problems
from .render import write_site
from .search import index_site
from .validate import validate_corpus
from .xref import Site, cross_reference

__all__ = ["BuildError", "build", "check", "gather"]


def gather(root: Path, base_url: str | None) -> tuple[Site, Plan | None, Problems]:
    """Pass one, writing nothing: load → validate → cross-reference → plan every page."""
    problems = Problems()
    corpus = load_corpus(root, problems)
    parsed = validate_corpus(corpus, problems)
    site = cross_reference(corpus, parsed, problems)
    plan = plan_site(site, root, base_url, problems) if not problems.errors else None
    return site, plan, problems


def check(root: Path, base_url: str | None = None) -> Problems:
    """Validate all content and the page plan; write nothing."""
    return gather(root, base_url)[2]


def build(root: Path, out: Path, base_url: str | None, search: bool = True) -> Problems:
    """Validate, then render into a temporary folder and put it in place only on success.

    An --out that could hold the user's files is refused before anything is read (BuildError).
    """
    target = outdir.locate(out)
    reason = outdir.refusal(root, target)
    if reason:
        raise BuildError(reason)
    site, plan, problems = gather(root, base_url)
    if problems.errors:
        raise ContentError(problems)
    target.path.parent.mkdir(parents=True, exist_ok=True)
    with outdir.locked(target):
        outdir.clean_stale(target)
        reason = outdir.refusal(root, target)  # checked again: another build may have run meanwhile
        if reason:
            raise BuildError(reason)
        tmp = outdir.new_folder(target)
        try:
            write_site(plan, tmp)
            if search:
                index_site(site, tmp, plan.names)
            outdir.install(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return problems
