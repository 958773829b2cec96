"""The pipeline: load and validate → cross-reference → plan pages → render → search index → swap in."""
from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from . import outdir, workers
from .load import load_corpus
from .outdir import BuildError
from .pages import Plan, plan_site
from .problems import ContentError, Problems
from .render import write_site
from .search import index_corpus, require_pagefind, write_search_corpus
from .validate import validate_corpus
from .xref import Site, cross_reference

__all__ = ["BuildError", "build", "check", "gather"]


def gather(root: Path, base_url: str | None, jobs: int = 1) -> tuple[Site, Plan | None, Problems]:
    """Pass one, writing nothing: load → validate → cross-reference (each over `jobs` processes) → plan every page."""
    problems = Problems()
    with collector_paused():
        corpus = load_corpus(root, problems, jobs)
        parsed = validate_corpus(corpus, problems, jobs)
        site = cross_reference(corpus, parsed, problems, jobs)
        plan = plan_site(site, root, base_url, problems) if not problems.errors else None
    return site, plan, problems


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the model is built, and restore it after.

    Pass one makes millions of objects that all stay alive; each full collection scanned every one of them
    again, for nothing (half the time of loading at 10,000 articles). It makes little cyclic garbage.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(root: Path, base_url: str | None = None) -> Problems:
    """Validate all content and the page plan; write nothing."""
    return gather(root, base_url)[2]


def build(root: Path, out: Path, base_url: str | None, search: bool = True, jobs: int = 1) -> Problems:
    """Validate, then render into a temporary folder (over `jobs` processes) and put it in place only on success.

    An --out that could hold the user's files is refused before anything is read (BuildError).
    """
    target = outdir.locate(out)
    reason = outdir.refusal(root, target)
    if reason:
        raise BuildError(reason)
    if search:
        require_pagefind()
    target.path.parent.mkdir(parents=True, exist_ok=True)
    with outdir.locked(target):
        outdir.clean_stale(target)
        reason = outdir.refusal(root, target)  # checked again: another build may have run meanwhile
        if reason:
            raise BuildError(reason)
        tmp = outdir.new_folder(target)
        try:
            with tempfile.TemporaryDirectory(prefix="evidence-search-") as staging:
                search_docs = Path(staging) if search else None
                # Both passes run in a child process: when it exits, the model's memory is the system's again,
                # before Pagefind (a process of its own, in the same memory budget) reads the search documents.
                problems = workers.in_child(partial(write_pass, root, base_url, tmp, jobs, search_docs))
                if problems.errors:
                    raise ContentError(problems)
                if search_docs:
                    index_corpus(search_docs, tmp)
            outdir.install(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return problems


def write_pass(root: Path, base_url: str | None, tmp: Path, jobs: int, search_docs: Path | None) -> Problems:
    """Pass one, then, if it found no error, every page and file written into `tmp` and the search documents
    into `search_docs` (outside the site); the problems found."""
    site, plan, problems = gather(root, base_url, jobs)
    if plan is None or problems.errors:
        return problems
    write_site(plan, tmp, jobs)
    if search_docs:
        write_search_corpus(site, plan.names, search_docs)
    return problems
