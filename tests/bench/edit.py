"""After one edit: how long a command-line rebuild takes, and how long `serve` takes to show the edit.

    python -m tests.bench.edit N [--work DIR]

On a scratch copy of the cached corpus of N articles (tests.bench.run's cache), this:
  1. builds once (the full build a rebuild follows, the build cache cold), then edits one claim's statement
     and builds again, then one article's title, then one actor's description, measuring each rebuild as
     tests.bench.run measures any run (wall, CPU, peak memory of the tree);
  2. starts `build.py serve`, waits until the site is served and its output folder written, then edits the same
     statement, title and description again, one at a time, measuring the time from each save to the moment the
     page it shows on (the claim's, the article's, the actor's), fetched over HTTP, has the new words; after each,
     it waits for the output folder to be written again before the next edit.
Each edit appends a marker to the first record's field: a change a curator makes, which leaves the corpus
valid. The builds keep their cache in <work>/N/edit-cache, emptied before the full build. Figures belong in
docs/performance.md, never in tests.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .measure import RunResult, measure
from .run import PROJECT, prepare

STATEMENT = re.compile(r'^(  statement: ".*?)("\s*)$', re.M)
TITLE = re.compile(r'^(title: ".*?)("\s*)$', re.M)
DESCRIPTION = re.compile(r'^(  description: ".*?)("\s*)$', re.M)
ID = re.compile(r"^- id: (\S+)", re.M)
SERVE_TIMEOUT = 3600.0


@dataclass(frozen=True)
class EditResult:
    """The rebuild after one edit, and the seconds from a save to the served page showing it."""

    full: RunResult
    rebuild: RunResult  # after a claim's statement changed
    article: RunResult  # after an article's title changed
    actor: RunResult  # after an actor's description changed
    serve_seconds: tuple[float, float, float]  # a claim's statement, an article's title, an actor's description


def scratch_copy(project: Path, work: Path) -> Path:
    """A copy of the cached project that this script may edit (made afresh each run)."""
    copy = work / "edit-project"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy)
    return copy


def first_claims_file(project: Path) -> Path:
    """The claims file the edit goes into."""
    return sorted((project / "site_src" / "claims").glob("*.yaml"))[0]


def edit_statement(path: Path, marker: str) -> str:
    """Append `marker` to the first statement in `path`; return that claim's id."""
    text = append_to(path, STATEMENT, marker)
    return ID.search(text).group(1)


def append_to(path: Path, field: re.Pattern, marker: str) -> str:
    """Append `marker` to the first value `field` matches in `path`; return the text before the edit."""
    text = path.read_text(encoding="utf-8")
    path.write_text(field.sub(lambda m: m.group(1) + marker + m.group(2), text, count=1), encoding="utf-8")
    return text


def edit_article(project: Path, marker: str) -> str:
    """Append `marker` to the first article's title (shown on its page and wherever it is cited); its page's URL."""
    path = sorted((project / "site_src" / "articles").glob("*.md"))[0]
    append_to(path, TITLE, marker)
    return f"articles/{path.stem}/"


def edit_actor(project: Path, marker: str) -> str:
    """Append `marker` to the first actor's description; its page's URL."""
    text = append_to(project / "site_src" / "actors.yaml", DESCRIPTION, marker)
    return f"actors/{ID.search(text).group(1)}/"


def build_cmd(project: Path, out: Path) -> list[str]:
    """Our build of `project` into `out`, with the benchmark's own build cache (emptied by `run_edit`)."""
    return [sys.executable, str(PROJECT / "build.py"), "--root", str(project), "--out", str(out),
            "--cache-dir", str(cache_dir(project))]


def cache_dir(project: Path) -> Path:
    """The build cache of the benchmark's builds of `project` (next to it)."""
    return project.parent / "edit-cache"


def serve_latency(project: Path, out: Path, marker: str) -> tuple[float, float, float]:
    """Seconds from saving an edit to the served page showing it: a claim's statement, an article's title, an
    actor's description (each once the output folder behind the served pages is written)."""
    cmd = [*build_cmd(project, out), "serve", "--port", "0"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = served_url(proc)
        edits = (lambda: "claims/" + edit_statement(first_claims_file(project), marker) + "/",
                 lambda: edit_article(project, marker), lambda: edit_actor(project, marker))
        seconds = []
        for edit in edits:
            line_starting(proc, "built ")
            saved = time.perf_counter()
            seconds.append(until_shown(url + edit(), marker, saved))
        return seconds[0], seconds[1], seconds[2]
    finally:
        proc.terminate()
        proc.wait()


def until_shown(page: str, marker: str, saved: float) -> float:
    """Seconds from `saved` until `page` has `marker` (NaN past the time limit)."""
    while time.perf_counter() - saved < SERVE_TIMEOUT:
        if marker.encode() in fetch(page):
            return time.perf_counter() - saved
        time.sleep(0.02)
    return float("nan")


def line_starting(proc: subprocess.Popen, prefix: str) -> str:
    """The next line `serve` prints that starts with `prefix`."""
    for line in proc.stdout:
        if line.startswith(prefix):
            return line
    raise SystemExit(f"serve stopped before printing {prefix!r}")


def served_url(proc: subprocess.Popen) -> str:
    """The URL `serve` prints once the content is gathered and served."""
    found = re.search(r"at (http://127\.0\.0\.1:\d+/\S*)", line_starting(proc, "Serving "))
    return found.group(1)


def fetch(url: str) -> bytes:
    """The page's bytes, or nothing while it cannot be fetched."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()
    except OSError:
        return b""


def run_edit(n: int, work: Path) -> EditResult:
    """Every measurement of this script at one size."""
    project = scratch_copy(prepare(n, work)[0], work / str(n))
    out = work / str(n) / "out-edit"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache_dir(project), ignore_errors=True)  # the full build starts with no cache
    full = measure([build_cmd(project, out)], work, 2**40)
    edit_statement(first_claims_file(project), " [edited once]")
    rebuild = measure([build_cmd(project, out)], work, 2**40)
    edit_article(project, " [edited]")
    article = measure([build_cmd(project, out)], work, 2**40)
    edit_actor(project, " [edited]")
    actor = measure([build_cmd(project, out)], work, 2**40)
    serve_seconds = serve_latency(project, work / str(n) / "out-serve", " [edited twice]")
    return EditResult(full, rebuild, article, actor, serve_seconds)


def main(argv: list[str]) -> int:
    """Measure at each size and print a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench.edit", description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "evidence-site-bench")
    args = parser.parse_args(argv)
    print("| articles | full build, s (CPU s) | rebuild after a claim edit, s (CPU s) | after an article edit | "
          "after an actor edit | rebuild / full (claim, article, actor) | serve: save to page showing it, s "
          "(claim, article, actor) |\n|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        r = run_edit(n, args.work.resolve())
        runs = (r.rebuild, r.article, r.actor)
        print(f"| {n:,} | {r.full.seconds:.1f} ({r.full.cpu_seconds:.1f}) | "
              + " | ".join(f"{x.seconds:.1f} ({x.cpu_seconds:.1f})" for x in runs) + " | "
              + ", ".join(f"{x.seconds / r.full.seconds:.2f}" for x in runs) + " | "
              + ", ".join(f"{x:.2f}" for x in r.serve_seconds) + " |",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
