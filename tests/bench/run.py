"""The scale benchmark: our build against Hugo on the same synthetic corpus, interleaved, in one run.

    python -m tests.bench.run 1000 3000 10000 [--repeats R] [--work DIR] [--query WORDS] [--no-browser]

For each size: generate the corpus and its Hugo twin once (cached under --work by size and by the
generator's source), warm every tool up on a tiny corpus, then run A B C D E F A B C D E F … where
  A = our full build            python build.py --root P --out O
  B = our build without search  python build.py --root P --out O --no-search
  C = Hugo                      python -m hugo --source H --destination O
  D = Hugo, then Pagefind       C; python -m pagefind --site O
  E = A with --no-cache         as the GitHub Pages workflow builds (a fresh machine each time)
  F = B with --no-cache
Each run starts from an empty output folder and, for A and B, an empty build cache (a cold build that
writes its cache, as a first build does; E and F write none, as Hugo writes none). Printed as Markdown:
per variant the median wall time, peak memory of the whole process tree, output size and file count, HTML
pages, largest page, cost per page and the bytes of one search in Chromium (A and D); then the ratios,
computed within each repetition.
Figures belong in docs/performance.md, never in tests.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from . import generate, hugo_site
from .measure import OutputStats, RunResult, measure, output_stats

PROJECT = Path(__file__).resolve().parents[2]
VARIANTS = {"A": "ours, full build", "B": "ours, --no-search", "C": "Hugo", "D": "Hugo + Pagefind",
            "E": "ours, full build, --no-cache", "F": "ours, --no-search --no-cache"}
WARM_UP_SIZE = 20


@dataclass
class VariantResult:
    """Every run of one variant at one size, and what its last run wrote."""

    runs: list[RunResult]
    output: OutputStats | None = None
    search: dict | None = None

    @property
    def seconds(self) -> float:
        """Median wall time of the completed runs."""
        return statistics.median(r.seconds for r in self.runs if not r.failed) if self.ok else float("nan")

    @property
    def cpu(self) -> float:
        """Median CPU seconds of the completed runs."""
        return statistics.median(r.cpu_seconds for r in self.runs if not r.failed) if self.ok else float("nan")

    @property
    def peak(self) -> int:
        """Highest peak memory over the runs."""
        return max(r.peak_bytes for r in self.runs)

    @property
    def ok(self) -> bool:
        """Whether at least one run completed."""
        return any(not r.failed for r in self.runs)


def commands(variant: str, project: Path, hugo: Path, out: Path) -> list[list[str]]:
    """The command lines of one variant."""
    py = sys.executable
    ours = [py, str(PROJECT / "build.py"), "--root", str(project), "--out", str(out), "--cache-dir", str(cache_of(out))]
    hugo_cmd = [py, "-m", "hugo", "--source", str(hugo), "--destination", str(out), "--quiet"]
    return {"A": [ours], "B": [ours + ["--no-search"]], "C": [hugo_cmd],
            "D": [hugo_cmd, [py, "-m", "pagefind", "--site", str(out), "--quiet"]],
            "E": [ours + ["--no-cache"]], "F": [ours + ["--no-search", "--no-cache"]]}[variant]


def source_stamp(n: int) -> str:
    """What the cached corpus depends on: the size and the generators' source."""
    code = b"".join(Path(m.__file__).read_bytes() for m in (generate, hugo_site))
    return f"{n} {hashlib.sha256(code).hexdigest()}"


def prepare(n: int, work: Path) -> tuple[Path, Path]:
    """The project and Hugo source for n articles, generated unless the cache under `work` is current."""
    folder = work / str(n)
    project, hugo, stamp = folder / "project", folder / "hugo", folder / "stamp.txt"
    if not (stamp.is_file() and stamp.read_text() == source_stamp(n)):
        for old in (project, hugo):  # only what this script wrote there before
            shutil.rmtree(old, ignore_errors=True)
        stamp.unlink(missing_ok=True)
        print(f"generating {n} articles in {folder} …", file=sys.stderr, flush=True)
        generate.write_corpus(generate.generate(n), project)
        hugo_site.write_hugo_site(hugo_site.read_project(project), hugo)
        stamp.write_text(source_stamp(n))
    return project, hugo


def cache_of(out: Path) -> Path:
    """Our build's cache for one output folder: emptied with it, so every measured build is a cold one."""
    return out.with_name(out.name + "-cache")


def fresh(out: Path) -> Path:
    """An empty output folder and build cache (the benchmark's own, from its previous run)."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache_of(out), ignore_errors=True)
    return out


def run_size(n: int, args: argparse.Namespace) -> dict[str, VariantResult]:
    """All runs at one size, interleaved, then output stats and the browser search on the last outputs."""
    project, hugo = prepare(n, args.work)
    limit = int(psutil.virtual_memory().available * args.memory_fraction)
    results = {v: VariantResult([]) for v in VARIANTS}
    repeats = args.repeats or (1 if n >= 10000 else 2)
    for rep in range(repeats):
        for v in VARIANTS:
            out = fresh(args.work / str(n) / f"out-{v}")
            print(f"  {n} articles, run {rep + 1}/{repeats}: {VARIANTS[v]} …", file=sys.stderr, flush=True)
            results[v].runs.append(measure(commands(v, project, hugo, out), args.work, limit))
    for v, res in results.items():
        out = args.work / str(n) / f"out-{v}"
        if res.ok and not res.runs[-1].failed:
            res.output = output_stats(out)
    if not args.no_browser:
        query = args.query or default_query(project)
        for v, flavour in (("A", "ours"), ("D", "hugo")):
            if results[v].output:
                from .search_bytes import measure_search
                results[v].search = asdict(measure_search(args.work / str(n) / f"out-{v}", flavour, query))
                results[v].search["query_words"] = query
    return results


def default_query(project: Path) -> str:
    """A reader's query: the surname of the first person in actors.yaml (a name, as readers search)."""
    for actor in hugo_site.read_yaml(project / "site_src" / "actors.yaml"):
        if actor["kind"] == "person" and actor.get("aliases"):
            return actor["aliases"][0]
    return "official"


def warm_up(args: argparse.Namespace) -> None:
    """Run every variant once on a tiny corpus so no measured run pays for a cold disk cache."""
    project, hugo = prepare(WARM_UP_SIZE, args.work)
    for v in VARIANTS:
        measure(commands(v, project, hugo, fresh(args.work / str(WARM_UP_SIZE) / f"out-{v}")), args.work, 2**34)


def mb(n: float) -> str:
    """Bytes as MB with one decimal."""
    return f"{n / 1e6:.1f}"


def variant_row(n: int, v: str, r: VariantResult) -> str:
    """One table row."""
    times = ", ".join(f"{x.seconds:.1f}" + (f" ({x.failed})" if x.failed else "") for x in r.runs)
    o, s = r.output, r.search
    cells = [f"{n:,}", VARIANTS[v], f"{r.seconds:.1f}" if r.ok else "failed", times, f"{r.cpu:.1f}", mb(r.peak)]
    if o:
        cells += [mb(o.bytes), f"{o.files:,}", f"{o.pages:,}",
                  f"{o.largest_page_bytes / 1e3:.0f} KB `{o.largest_page}`",
                  f"{1000 * r.seconds / o.pages:.1f} / {1000 * r.cpu / o.pages:.1f}"]
    else:
        cells += ["–"] * 5
    cells += [f"{s['page_load'] / 1e3:.0f} / {s['query'] / 1e3:.0f}" if s else "–"]
    return "| " + " | ".join(cells) + " |"


def ratio(results: dict[str, VariantResult], a: str, b: str, field: str = "seconds") -> str:
    """Median over repetitions of the ratio a/b of a time within each repetition, with its range."""
    pairs = [getattr(x, field) / getattr(y, field) for x, y in zip(results[a].runs, results[b].runs)
             if not x.failed and not y.failed]
    if not pairs:
        return "–"
    spread = f" ({min(pairs):.2f}–{max(pairs):.2f})" if len(pairs) > 1 else ""
    return f"{statistics.median(pairs):.2f}{spread}"


def plain_ratio(x: float | None, y: float | None) -> str:
    """x/y to two decimals, or a dash when either is missing."""
    return f"{x / y:.2f}" if x and y else "–"


def output_ratio(r: dict[str, VariantResult], what: str) -> str:
    """Ours (A) over Hugo + Pagefind (D) for an output figure: bytes, files, or the search query's bytes."""
    def value(v: str) -> float | None:
        if what == "query":
            return r[v].search["query"] if r[v].search else None
        return getattr(r[v].output, what) if r[v].output else None
    return plain_ratio(value("A"), value("D"))


def ratio_row(n: int, r: dict[str, VariantResult]) -> str:
    """The targets, as ratios of ours to Hugo's within the same run."""
    cells = [f"{n:,}", ratio(r, "B", "C"), ratio(r, "A", "D"), ratio(r, "F", "C"), ratio(r, "E", "D"),
             ratio(r, "B", "C", "cpu_seconds"),
             ratio(r, "A", "D", "cpu_seconds"), plain_ratio(r["A"].peak, r["D"].peak),
             output_ratio(r, "bytes"), output_ratio(r, "files"), output_ratio(r, "query")]
    return "| " + " | ".join(cells) + " |"


HEADER = ("| articles | variant | wall s (median) | each run, s | CPU s | peak memory, MB | output, MB | files "
          "| HTML pages | largest page | ms per page: wall / CPU | search KB: page load / query |\n"
          "|---:|---|---:|---|---:|---:|---:|---:|---:|---|---:|---|")
RATIO_HEADER = ("| articles | wall: no-search / Hugo | wall: full / Hugo+Pagefind "
                "| wall, --no-cache: no-search / Hugo | wall, --no-cache: full / Hugo+Pagefind | CPU: no-search / Hugo "
                "| CPU: full / Hugo+Pagefind | peak memory: full / Hugo+Pagefind "
                "| output size: full / Hugo+Pagefind | files | search query bytes |\n"
                "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Sizes and options."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of articles, e.g. 1000 3000 10000")
    parser.add_argument("--repeats", type=int, default=0, help="runs of each variant (default 1 at 10k and up, else 2)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "evidence-site-bench",
                        help="cache of generated corpora and outputs (default: a folder in the system temp dir)")
    parser.add_argument("--query", default="", help="words to search for (default: a person's surname)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium search measurement")
    parser.add_argument("--memory-fraction", type=float, default=0.8,
                        help="kill a run whose process tree passes this share of the memory available at the start")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Run every size, print the tables."""
    args = parse_args(argv)
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    warm_up(args)
    everything, loads = {}, {}
    for n in args.sizes:
        loads[n] = " ".join(f"{x:.1f}" for x in os.getloadavg())
        everything[n] = run_size(n, args)
    print(HEADER)
    for n, results in everything.items():
        for v, r in results.items():
            print(variant_row(n, v, r))
    print()
    print(RATIO_HEADER)
    for n, results in everything.items():
        print(ratio_row(n, results))
    print()
    print("Load average (1, 5, 15 min) when each size started: "
          + "; ".join(f"{n:,}: {load}" for n, load in loads.items()) + f". {os.cpu_count()} cores.")
    if args.json:
        args.json.write_text(json.dumps({n: {v: asdict(r) for v, r in res.items()} for n, res in everything.items()},
                                        indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
