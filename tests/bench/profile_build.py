"""Where a build's time and memory go, stage by stage, on a synthetic corpus of N articles.

    python -m tests.bench.profile_build N [--work DIR] [--top 15] [--tracemalloc]

Runs the build in this process, stage by stage (load, cross-reference, plan, write, Pagefind), three times:
plainly, for each stage's wall time and the process's resident memory after it and at its peak; under
cProfile, for the top functions by cumulative time; with --tracemalloc, for the Python heap at the end of
each stage and at its peak, and the lines that hold the most memory after planning. Uses the corpus that
`tests.bench.run` caches for the same N.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import psutil

from evidence_site.load import load_corpus
from evidence_site.pages import plan_site
from evidence_site.problems import Problems
from evidence_site.render import write_site
from evidence_site.search import index_site
from evidence_site.validate import validate_corpus
from evidence_site.xref import cross_reference

from .run import prepare

MB = 1e6


def stages(root: Path, out: Path) -> list[tuple[str, Callable[[dict], None]]]:
    """The build's stages as steps over a shared state; the names follow the pipeline in evidence_site/build.py."""

    def load(s: dict) -> None:
        s["problems"] = Problems()
        s["corpus"] = load_corpus(root, s["problems"])

    def validate(s: dict) -> None:
        s["parsed"] = validate_corpus(s["corpus"], s["problems"])

    def xref(s: dict) -> None:
        s["site"] = cross_reference(s["corpus"], s["parsed"], s["problems"])
        if s["problems"].errors:
            raise SystemExit("\n".join(map(str, s["problems"].errors[:10])))

    def plan(s: dict) -> None:
        s["plan"] = plan_site(s["site"], root, None, s["problems"])

    def write(s: dict) -> None:
        write_site(s["plan"], out)

    def search(s: dict) -> None:
        index_site(s["site"], out, s["plan"].names)

    return [("load", load), ("validate", validate), ("cross-reference", xref), ("plan pages", plan),
            ("render + write", write), ("Pagefind", search)]


def peak_rss() -> int:
    """This process's peak resident bytes so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def fresh_out(work: Path) -> Path:
    """An empty output folder of this script's own."""
    out = work / "profile-out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return out


def timed(root: Path, work: Path) -> list[str]:
    """Each stage's wall time, resident memory after it and peak so far, as Markdown rows."""
    me = psutil.Process()
    state: dict = {}
    rows = []
    for name, step in stages(root, fresh_out(work)):
        start = time.perf_counter()
        step(state)
        rows.append(f"| {name} | {time.perf_counter() - start:.1f} | {me.memory_info().rss / MB:.0f} "
                    f"| {peak_rss() / MB:.0f} |")
    return rows


def profiled(root: Path, work: Path, top: int) -> str:
    """The top functions by cumulative time over the whole build."""
    state: dict = {}
    profile = cProfile.Profile()
    profile.enable()
    for _, step in stages(root, fresh_out(work)):
        step(state)
    profile.disable()
    text = io.StringIO()
    pstats.Stats(profile, stream=text).strip_dirs().sort_stats("cumulative").print_stats(top)
    return text.getvalue()


def traced(root: Path, work: Path, top: int) -> list[str]:
    """The Python heap after each stage and at its peak, then the lines holding most memory after planning."""
    state: dict = {}
    rows, holders = [], []
    tracemalloc.start()
    for name, step in stages(root, fresh_out(work)):
        tracemalloc.reset_peak()
        step(state)
        current, peak = tracemalloc.get_traced_memory()
        rows.append(f"| {name} | {current / MB:.0f} | {peak / MB:.0f} |")
        if name == "plan pages":
            stats = tracemalloc.take_snapshot().statistics("lineno")[:top]
            holders = [f"{s.size / MB:8.1f} MB  {s.traceback[0].filename.split('/')[-1]}:{s.traceback[0].lineno}"
                       for s in stats]
    tracemalloc.stop()
    return rows + ["", "Largest holders after planning:", *holders]


def main(argv: list[str]) -> int:
    """Profile one build of N articles."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench.profile_build", description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "evidence-site-bench")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace the Python heap (slow)")
    args = parser.parse_args(argv)
    project, _ = prepare(args.n, args.work.resolve())
    print("| stage | wall s | RSS after, MB | peak RSS so far, MB |\n|---|---:|---:|---:|")
    print("\n".join(timed(project, args.work)))
    print()
    print(profiled(project, args.work, args.top))
    if args.tracemalloc:
        print("| stage | Python heap after, MB | heap peak in stage, MB |\n|---|---:|---:|")
        print("\n".join(traced(project, args.work, args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
