"""The search step alone, at scale: its time, Pagefind's peak memory, and the bytes of one search in Chromium.

    python -m tests.bench.search_stage ROOT [--out DIR] [--query WORDS] [--no-browser]

Loads and plans ROOT, writes the site without its index, then times `search.index_site` (writing the search
documents, the Pagefind runs over their parts, assembling the bundle): wall and CPU seconds (this process and
the Pagefind processes), and the peak resident memory of the Pagefind processes (sampled every 50 ms; they run
one after another). Then one search in Chromium as tests/bench/search_bytes.py does. Prints one Markdown row.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from evidence_site import build, search
from evidence_site.render import write_site

from .measure import SAMPLE_SECONDS, tree_rss
from .run import default_query


class ChildPeak:
    """The largest resident memory a Pagefind child of this process reaches (with its own children)."""

    def __init__(self):
        self.peak, self.done = 0, False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self) -> None:
        """Sample until stopped. A child counts once it runs something else: between fork and exec it shares
        (and psutil counts) all of this process's memory."""
        me = psutil.Process()
        mine = me.cmdline()
        while not self.done:
            for child in me.children():
                with contextlib.suppress(psutil.Error):
                    if child.cmdline() != mine:
                        self.peak = max(self.peak, tree_rss(child))
            time.sleep(SAMPLE_SECONDS)

    def stop(self) -> int:
        """Stop sampling; the peak in bytes."""
        self.done = True
        self.thread.join()
        return self.peak


def cpu_seconds() -> float:
    """User + system seconds of this process and its finished children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main(argv: list[str]) -> int:
    """Measure and print (the site stays in --out)."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench.search_stage", description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--out", type=Path, help="a new folder for the site (default: a new temporary folder)")
    parser.add_argument("--query", default="", help="words to search for (default: a person's surname)")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    if args.out and args.out.exists():
        raise SystemExit(f"{args.out} exists: give a new folder")
    args.out = args.out or Path(tempfile.mkdtemp(prefix="evidence-search-stage-"))
    site, plan, problems = build.gather(args.root, None)
    if problems.errors:
        raise SystemExit(f"{len(problems.errors)} errors in {args.root}")
    write_site(plan, args.out)
    docs = list(search.search_corpus(site, plan.names))
    size = sum(len(d.html.encode()) for d in docs)
    parts = len(list(search.parts(docs, search.PART_BYTES)))
    del docs
    peak, wall, cpu = ChildPeak(), time.perf_counter(), cpu_seconds()
    search.index_site(site, args.out, plan.names)
    wall, cpu, pagefind_peak = time.perf_counter() - wall, cpu_seconds() - cpu, peak.stop()
    bundle = args.out / "pagefind"
    meta = next(bundle.glob("*.pf_meta")).stat().st_size
    total = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    cells = [f"{len(site.corpus.articles):,}", f"{size / 1e6:.1f} MB in {parts} parts", f"{wall:.1f}", f"{cpu:.1f}",
             f"{pagefind_peak / 1e6:.0f}", f"{psutil.Process().memory_info().rss / 1e6:.0f}", f"{total / 1e6:.1f}",
             f"{meta / 1e3:.0f}"]
    if not args.no_browser:
        from .search_bytes import measure_search
        result = measure_search(args.out, "ours", args.query or default_query(args.root))
        cells += [f"{result.page_load / 1e3:.0f} / {result.query / 1e3:.0f}", f"{result.status}"]
    print("| articles | search documents | wall s | CPU s | Pagefind peak MB | Python RSS MB | bundle MB "
          "| page list KB | search KB: load / query | results |")
    print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
