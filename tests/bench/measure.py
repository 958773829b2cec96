"""Measure one command line (or a sequence) as a whole: wall time and peak memory of the whole process tree,
and what it wrote: size, file count, pages and the largest page.

Memory is the sum of the proportional set sizes (PSS) of the process and all its descendants, sampled every
50 ms: a page shared by n processes counts 1/n in each, so the sum is what the tree holds. (The resident set
size would count a forked worker's pages shared with its parent twice.) A tree that grows past `limit_bytes`
is killed, by PID, and the run is reported as aborted rather than taking the machine down.
"""
from __future__ import annotations

import contextlib
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class RunResult:
    """Wall seconds, CPU seconds and peak memory of one measured run; `failed` says why when it did not complete.

    CPU seconds (user + system of every process in the tree) are the steadier figure on a shared machine:
    other people's jobs stretch the wall time but not the work done.
    """

    seconds: float
    cpu_seconds: float
    peak_bytes: int
    failed: str = ""


@dataclass(frozen=True)
class OutputStats:
    """What a build wrote."""

    bytes: int
    files: int
    pages: int
    largest_page: str
    largest_page_bytes: int


def tree_pss(proc: psutil.Process) -> int:
    """Proportional set bytes of a process and all its descendants; processes that end meanwhile count 0."""
    total = 0
    try:
        family = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in family:
        with contextlib.suppress(psutil.Error):
            total += p.memory_full_info().pss
    return total


def kill_tree(proc: psutil.Process) -> None:
    """Kill a process we started and its descendants, by PID."""
    try:
        family = [*proc.children(recursive=True), proc]
    except psutil.Error:
        family = [proc]
    for p in family:
        with contextlib.suppress(psutil.Error):
            p.kill()


class Sampler:
    """Samples a process tree's memory in a thread until the process ends; kills it past the limit."""

    def __init__(self, proc: psutil.Process, limit_bytes: int):
        self.proc, self.limit, self.peak, self.over = proc, limit_bytes, 0, False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def alive(self) -> bool:
        """Whether the process still runs (not ended, not a zombie waiting to be reaped)."""
        try:
            return self.proc.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    def loop(self) -> None:
        """Sample every 50 ms while the process runs."""
        while self.alive():
            self.peak = max(self.peak, tree_pss(self.proc))
            if self.peak > self.limit:
                self.over = True
                kill_tree(self.proc)
                return
            time.sleep(SAMPLE_SECONDS)


def run_one(cmd: list[str], cwd: Path, limit_bytes: int) -> tuple[int, int, bool, str]:
    """Run one command: (exit status, peak tree bytes, killed for memory, its stderr's last lines)."""
    proc = psutil.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(proc, limit_bytes)
    _, err = proc.communicate()
    sampler.thread.join()
    return proc.returncode, sampler.peak, sampler.over, "\n".join(err.strip().splitlines()[-5:])


def children_cpu() -> float:
    """User + system seconds of all waited-for descendants of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(cmds: list[list[str]], cwd: Path, limit_bytes: int) -> RunResult:
    """Run commands one after another as one measured job: total wall and CPU time, the highest peak of any."""
    peak, failed = 0, ""
    start, cpu = time.perf_counter(), children_cpu()
    for cmd in cmds:
        status, cmd_peak, over, err = run_one(cmd, cwd, limit_bytes)
        peak = max(peak, cmd_peak)
        failed = f"killed past {limit_bytes / 2**30:.1f} GiB" if over else f"exit {status}: {err}" if status else ""
        if failed:
            break
    return RunResult(time.perf_counter() - start, children_cpu() - cpu, peak, failed)


def output_stats(out: Path) -> OutputStats:
    """Total bytes and files under `out`, the number of HTML pages, and the largest one."""
    total = files = pages = 0
    largest, largest_bytes = "", 0
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total, files = total + size, files + 1
        if path.suffix == ".html":
            pages += 1
            if size > largest_bytes:
                largest, largest_bytes = path.relative_to(out).as_posix(), size
    return OutputStats(total, files, pages, largest, largest_bytes)
