"""Plain helpers shared by the tests (imported explicitly; conftest.py holds only fixtures and hooks)."""
from __future__ import annotations

import functools
import hashlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
MINI = PROJECT / "tests" / "fixtures" / "mini"
if str(PROJECT) not in sys.path:  # the checkout's code, also when the package is not installed
    sys.path.insert(0, str(PROJECT))

from evidence_site import build  # noqa: E402
from evidence_site.problems import Problems  # noqa: E402

FRESH = "EVIDENCE_SITE_TEST_IN_FRESH_PROCESS"


def in_a_fresh_process(test):
    """Run a test that needs the build to fork in a new pytest process when this one runs other threads.

    The build forks only from a single-threaded process (workers.can_fork); a test earlier in the session may
    leave a thread running (a browser fixture's server), and the build would then work in this process.
    """
    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        if threading.active_count() == 1 or os.environ.get(FRESH):
            return test(*args, **kwargs)
        node = f"{test.__code__.co_filename}::{test.__name__}"
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", node],
                                cwd=PROJECT, env={**os.environ, FRESH: "1"}, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return wrapper


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


class Serving:
    """A `build.py serve` process whose output lines (stdout and stderr) a thread reads into a queue.

    Tests wait for the line that proves the state they need ("Serving … at URL", "built …"), each wait
    with a hard time limit, rather than sleeping or polling.
    """

    def __init__(self, *args: str):
        self.proc = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "serve", "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        """Queue every output line, then None at the end of the output."""
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def next_line(self, prefix: str, limit: float) -> str | None:
        """The next output line starting with prefix, or None if none comes within `limit` seconds."""
        deadline = time.monotonic() + limit
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return None
            if line is None:
                pytest.fail(f"serve exited ({self.proc.wait()}) before printing {prefix!r}; it printed: {self.seen}")
            self.seen.append(line)
            if line.startswith(prefix):
                return line

    def expect(self, prefix: str, limit: float = 60) -> str:
        """The next output line starting with prefix; fail the test if none comes within `limit` seconds."""
        line = self.next_line(prefix, limit)
        if line is None:
            pytest.fail(f"serve printed no line starting {prefix!r} in {limit} s; it printed: {self.seen}")
        return line

    def saved(self, path: Path, prefix: str, limit: float = 60) -> str:
        """After a file was saved: the line starting with prefix that the rebuild prints.

        serve rebuilds after every save its watcher hears of, and a save made while a rebuild runs gets one of its
        own, so a save is seen at any moment; it is never repeated here (a lost save must fail the test).
        """
        return self.expect(prefix, limit)

    def url(self) -> str:
        """Wait until it serves; the URL it prints."""
        return self.expect("Serving ").split(" at ")[1].split()[0]

    def stop(self) -> None:
        """Ctrl+C, as a user stops it."""
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=10)
        self.proc.stdout.close()
