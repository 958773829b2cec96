"""The pipeline: load and validate → cross-reference → plan pages → render → search index → swap in."""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import outdir, workers
from .cache import Cache, FileMemo, PageReuse, UsedNames, page_records, page_stamp
from .load import call, load_corpus
from .outdir import BuildError
from .pages import Plan, plan_site
from .problems import ContentError, Problems
from .render import write_site
from .search import index_corpus, require_pagefind, write_search_corpus
from .validate import validate_corpus
from .workers import ContentRecall, Recall, collector_paused, frozen
from .xref import Site, cross_reference

__all__ = ["BuildError", "build", "check", "gather"]
FILES, PAGES = "files.pickle", "pages.pickle"  # the cache's files (cache.py)
RESULTS = "results-{}.pickle"  # the cache's file of each kind of pass one's results (workers.ContentRecall)


def gather(root: Path, base_url: str | None, jobs: int = 1, memo: Callable = call,
           loaded: Callable[[], None] = lambda: None, recall: Recall | None = None
           ) -> tuple[Site, Plan | None, Problems]:
    """Pass one, writing nothing: load → validate → cross-reference (each over `jobs` processes) → plan every page
    (`memo`: load_corpus's; `loaded()` is called once every file is read; `recall`: the work per body, claim and
    article that validation and cross-referencing may reuse, see workers.Recall; serve's, found by identity, also
    the statuses and the page plan's link views and listings, see workers.held)."""
    problems = Problems()
    with collector_paused():
        corpus = load_corpus(root, problems, jobs, memo)
        loaded()
        parsed = validate_corpus(corpus, problems, jobs, recall)
        site = cross_reference(corpus, parsed, problems, jobs, recall)
        plan = plan_site(site, root, base_url, problems, workers.held(recall)) if not problems.errors else None
    return site, plan, problems


def gather_cached(root: Path, base_url: str | None, cache: Cache | None,
                  jobs: int = 1) -> tuple[Site, Plan | None, Problems]:
    """`gather`, reading each content file through the cache's memo of parsed files, saved once they are read, and
    reusing pass one's results per body, claim and article made from the same content (saved once it is done).
    Its callers keep the model to the end of their process: it is made frozen (workers.frozen), the cache's files
    loaded and saved with the collector paused too."""
    return frozen(partial(gather_from_cache, root, base_url, cache, jobs))


def gather_from_cache(root: Path, base_url: str | None, cache: Cache | None, jobs: int
                      ) -> tuple[Site, Plan | None, Problems]:
    """`gather_cached`'s work."""
    if cache is None:
        return gather(root, base_url, jobs)
    memo = FileMemo(cache.load(FILES) or {})
    recall = ContentRecall(load_results(cache), files=memo.digests)
    gathered = gather(root, base_url, jobs, memo, partial(save_memo, cache, memo), recall)
    save_results(cache, recall)
    return gathered


def load_results(cache: Cache) -> dict[str, dict]:
    """Pass one's results kept by the build before, by kind."""
    kinds = sorted(path.name[len("results-"):-len(".pickle")] for path in cache.folder.glob(RESULTS.format("*")))
    return {kind: kept for kind in kinds if (kept := cache.load(RESULTS.format(kind))) is not None}


def save_results(cache: Cache, recall: ContentRecall) -> None:
    """Keep this build's results of each kind for the next, unless they are the ones it found (an edit to a claim
    leaves the bodies and the mentions as they were: only the quotes' places are saved again)."""
    for kind, kept in sorted(recall.new.items()):
        if kept.keys() != recall.old.get(kind, {}).keys():
            cache.save(RESULTS.format(kind), kept)


def save_memo(cache: Cache, memo: FileMemo) -> None:
    """Save the parsed files for the next build and let go of them: the model is built without their bytes."""
    cache.save(FILES, memo.new)
    memo.old, memo.new = {}, {}


def check(root: Path, base_url: str | None = None, cache: Cache | None = None, jobs: int = 1) -> Problems:
    """Validate all content and the page plan (reading over `jobs` processes); write nothing (but the build cache's
    parsed files and pass one's results, if given)."""
    return gather_cached(root, base_url, cache, jobs)[2]


def build(root: Path, out: Path, base_url: str | None, search: bool = True, jobs: int = 1,
          cache: Cache | None = None) -> Problems:
    """Validate, then render into a temporary folder (over `jobs` processes) and put it in place only on success.

    An --out that could hold the user's files is refused before anything is read (BuildError). With `cache`,
    what the previous build made from unchanged inputs is reused (cache.py), and what this one made is kept.
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
        spare = cache.spare(target.path.parent) if cache else None
        from_spare = outdir.kept_folders(spare)  # the site before last, its files still in it
        tmp = outdir.new_folder(target, spare)
        try:
            with tempfile.TemporaryDirectory(prefix="evidence-search-") as staging, workers.Gate() as emptied:
                work = Work(Path(staging), search, cache, target.real, emptied.wait)
                # Both passes run in a child process: when it exits, the model's memory is the system's again,
                # before Pagefind (a process of its own, in the same memory budget) reads the search documents.
                # Meanwhile this process deletes the files of the site before last from `tmp`; the child
                # writes into it only then.
                problems = workers.in_child(partial(write_pass, root, base_url, tmp, jobs, work),
                                            meanwhile=partial(empty_then_open, tmp if from_spare else None, emptied))
                if problems.errors:
                    raise ContentError(problems)
                if search:
                    index_corpus(work.search_docs, tmp, cache.parts if cache else None,
                                 target.real if cache else None, jobs)
                if cache:
                    cache.drop(PAGES)  # its files are replaced now: no later build may trust the old records
                outdir.install(tmp, target, spare, prune=from_spare)  # a new folder holds no folder it did not fill
                if cache:
                    cache.save(PAGES, page_records(work.page_notes, target.real))
        except BaseException:
            outdir.discard(tmp, spare)
            raise
    return problems


@dataclass(frozen=True)
class Work:
    """What a build writes outside the site: the search documents, the pages noted for the cache."""

    folder: Path  # a temporary folder
    search: bool
    cache: Cache | None
    output: Path  # the output folder as the previous build left it (its pages may be linked)
    ready: Callable[[], None] = lambda: None  # returns once the site's temporary folder may be written into

    @property
    def search_docs(self) -> Path:
        """Where the search documents are written, one folder per part."""
        return self.folder

    @property
    def page_notes(self) -> Path:
        """Where each page written is noted with its key (cache.PageReuse)."""
        return self.folder / "pages.jsonl"


def write_pass(root: Path, base_url: str | None, tmp: Path, jobs: int, work: Work) -> Problems:
    """Pass one, then, if it found no error, every page and file written into `tmp`, and the search documents
    into `work` (outside the site) by this process while its forked workers render; the problems found."""
    site, plan, problems = gather_cached(root, base_url, work.cache, jobs)  # lives as long as this child
    if plan is None or problems.errors:
        return problems
    search_docs = partial(write_search_corpus, site, plan.names, work.search_docs,
                          work.cache.parts if work.cache else None) if work.search else lambda: None
    work.ready()
    write_site(plan, tmp, jobs, page_reuse(plan, work) if work.cache else None, also=search_docs)
    return problems


def empty_then_open(folder: Path | None, gate: workers.Gate) -> None:
    """Delete the files of the site before last from `folder` (None: a new folder, nothing to delete), then let
    the write pass write into it."""
    if folder is not None:
        outdir.empty_folders(folder)
    gate.open()


def page_reuse(plan: Plan, work: Work) -> PageReuse:
    """Reuse of the previous build's pages, from the cache's records."""
    previous = frozen(partial(work.cache.load, PAGES)) or {}  # kept as long as this child
    stamp = page_stamp(plan.root, plan.base_url, (plan.config, plan.trust))
    return PageReuse(previous, stamp, work.output, work.page_notes, UsedNames(plan.names))
