"""`python build.py serve`: serve the site on 127.0.0.1, under the base URL's path if one is set.

While serving, it watches the content and templates. On each save it gathers the content again in this process,
reusing what it made from the files that did not change (cache.HeldFiles, workers.Recall), and renders each page
when it is asked for, from that model, as the build would write it. Open pages reload themselves: a small script,
added to each HTML response on the way out (never to the built files), asks LIVE_PATH, which answers as soon as
the state changes (a long poll, as MkDocs's server does). When the content has
problems, the script shows them over the page instead. Behind it, a build in a process of its own writes the site
to the output folder (the search index and the data files are served from there); while it runs, pages say so.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from .build import gather
from .cache import HeldFiles
from .outdir import BuildError
from .pages import Page, Plan
from .problems import report
from .render import environment, render_page, robots, sitemaps
from .templating import asset_files, template_dirs
from .urls import base_path
from .workers import Recall, frozen

PACKAGE_PARENT = Path(__file__).resolve().parent.parent  # on the path of the background build
LIVE_PATH = "/__evidence_live__"
POLL_SECONDS = 0.5  # how often a waiting thread looks whether it must stop
SETTLE_SECONDS = 0.05  # quiet after a save before it is read
# How much lower the build behind the pages runs than serve itself (a nice value): a save's gathering and the
# pages it changed get the cores first, rather than sharing them with the build of the save before.
BEHIND_NICENESS = 10
LONG_POLL_SECONDS = 30.0  # the longest LIVE_PATH?since=N keeps a page waiting for a change before it answers
LIVE_SCRIPT = """<script>/* live reload: added by `serve` while serving, never in the built site */
(function () {
  var seen = null, since = null, asking = null;  /* asking: the request under way, to abort */
  function box(id, css) {
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("div");
      el.id = id;
      el.setAttribute("role", id === "evidence-live-problems" ? "alert" : "status");
      el.style.cssText = css;
      document.body.appendChild(el);
    }
    return el;
  }
  function overlay(problems) {
    var el = document.getElementById("evidence-live-problems");
    if (!problems.length) { if (el) el.remove(); return; }
    box("evidence-live-problems", "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
      "margin:0;background:#2b0b0b;color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap"
    ).textContent = "The content has problems, so the site was not rebuilt. Fix them and save; " +
      "this page reloads by itself.\\n\\n" + problems.join("\\n");
  }
  function notice(text) {
    var el = document.getElementById("evidence-live-notice");
    if (!text) { if (el) el.remove(); return; }
    box("evidence-live-notice", "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;padding:.4rem .8rem;" +
      "border-radius:.3rem;background:#222;color:#fff;font:13px/1.4 system-ui,sans-serif;opacity:.9"
    ).textContent = text;
  }
  function poll() {
    /* a long poll: given the count of changes seen, the server answers once there is another. A hidden page
       holds no connection (a browser opens only six to one host): it asks again when it is shown. */
    if (asking || document.hidden) return;
    var ask = asking = new AbortController();
    fetch("LIVE_PATH" + (since === null ? "" : "?since=" + since), {cache: "no-store", signal: ask.signal})
      .then(function (r) { return r.json(); }).then(function (s) {
        asking = null;
        if (seen !== null && s.version !== seen && !s.problems.length) { location.reload(); return; }
        seen = s.version;
        since = s.changes;
        overlay(s.problems);
        notice(s.notice);
        poll();
      }).catch(function () { asking = null; setTimeout(poll, ask.signal.aborted ? 0 : 1000); });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && asking) asking.abort(); else poll();
  });
  poll();
})();
</script>
""".replace("LIVE_PATH", LIVE_PATH)


@dataclass(frozen=True)
class Model:
    """The site as `serve` renders it on request: the plan of the last good gathering, and its templates."""

    plan: Plan
    env: jinja2.Environment
    pages: dict[str, Page]  # by output path, e.g. "claims/x/index.html"
    files: dict[str, Path]  # the seeds copied and the assets, by output path

    @staticmethod
    def of(plan: Plan) -> Model:
        """The model of `plan`; its pages are rendered when asked for (the data page is the build's: it gives the
        data files' sizes, which only writing them tells)."""
        env = environment(template_dirs(plan.root), plan.names)
        pages = {page.path: page for page in plan.pages if not page.after_files}
        files = {**plan.copies, **{f"assets/{rel}": src for rel, src in asset_files(plan.root).items()}}
        return Model(plan, env, pages, files)

    def file(self, path: str) -> bytes | None:
        """The bytes the build writes at the site-relative `path`, or None where the output folder must answer."""
        page = self.pages.get(path)
        if page is not None:
            return self.render(page)
        if path in self.files:
            return self.files[path].read_bytes()
        if path in self.plan.files:
            made = self.plan.files[path]()
            return made.encode("utf-8") if isinstance(made, str) else made
        if path == "robots.txt":
            return robots(self.plan).encode("utf-8")
        made = sitemaps(self.plan).get(path) if path.startswith("sitemap") else None
        return made.encode("utf-8") if made is not None else None

    def render(self, page: Page) -> bytes:
        """One page's HTML, as the build writes it."""
        return render_page(self.env, self.plan, page, page.view()).encode("utf-8")

    def is_folder(self, path: str) -> bool:
        """Whether `path` (no trailing slash) is a page's folder: it is asked for without its slash."""
        return f"{path}/index.html" in self.pages


@dataclass
class LiveState:
    """What open pages ask for: a build number that changes on every rebuild, the current problems, and a notice
    while the output folder is behind; and the model pages are rendered from. `changes` counts every change of
    what pages are told, so that a page can wait for the next one (`as_json(since=...)`)."""

    version: int = 0
    problems: list[str] = field(default_factory=list)
    notice: str = ""
    model: Model | None = None
    changes: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)

    def update(self, problems: list[str], model: Model | None = None) -> None:
        """Record a rebuild (problems empty, with its model) or a failed one."""
        with self.changed:
            self.version += 1
            self.problems = list(problems)
            self.model = model or self.model
            self.told()

    def say(self, notice: str) -> None:
        """Set (or clear, with '') the notice open pages show."""
        with self.changed:
            if notice != self.notice:
                self.notice = notice
                self.told()

    def told(self) -> None:
        """Wake the pages waiting for a change (the condition's lock held)."""
        self.changes += 1
        self.changed.notify_all()

    def as_json(self, since: int | None = None, timeout: float = LONG_POLL_SECONDS) -> bytes:
        """The state as the page script reads it; with `since`, once `changes` is no longer that (or after
        `timeout` seconds, unchanged)."""
        with self.changed:
            if since is not None:
                self.changed.wait_for(lambda: self.changes != since, timeout)
            state = {"version": self.version, "problems": self.problems, "notice": self.notice,
                     "changes": self.changes}
            return json.dumps(state).encode()


def inject(page: bytes) -> bytes:
    """The page with the live-reload script before </body> (or at the end)."""
    script = LIVE_SCRIPT.encode()
    at = page.rfind(b"</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Static files from one directory, mounted at a path prefix such as '/repo/'."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_base_path__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        body = self.not_found_page() if code == 404 else None
        if body is not None:
            self.send_bytes(body, "text/html; charset=utf-8", 404)
            return
        super().send_error(code, message, explain)

    def not_found_page(self) -> bytes | None:
        """The site's 404 page, if it has one."""
        page = Path(self.directory) / "404.html"
        return page.read_bytes() if page.exists() else None

    def send_bytes(self, body: bytes, content_type: str, status: int = 200) -> None:
        """A response that browsers must not cache (it changes with every rebuild); none to a page already gone (a
        page reloaded while its long poll waited)."""
        with contextlib.suppress(ConnectionError):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    def log_message(self, format, *args):
        if args and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


class LiveHandler(SubPathHandler):
    """SubPathHandler that answers LIVE_PATH, serves what the live model renders, and adds the live-reload script to
    HTML pages."""

    live: LiveState | None = None

    def do_GET(self):
        if self.path.split("?")[0] == LIVE_PATH:
            return self.send_bytes(self.live.as_json(self.since()), "application/json")
        model, path = self.live.model, self.site_path()
        body = model.file(path) if model and path is not None else None
        if body is not None and path.endswith(".html"):
            return self.send_bytes(inject(body), "text/html; charset=utf-8")
        if body is not None:
            return self.send_bytes(body, self.guess_type(path))
        if model and path is not None and model.is_folder(path):
            return self.moved(self.path.split("?")[0] + "/")
        page = self.html_file()
        if page is None:
            return super().do_HEAD() if self.command == "HEAD" else super().do_GET()
        return self.send_bytes(inject(page.read_bytes()), "text/html; charset=utf-8")

    do_HEAD = do_GET  # send_bytes leaves the body out of an answer to HEAD

    def since(self) -> int | None:
        """The count of changes a page asking for LIVE_PATH has seen (`?since=N`), if it says."""
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        value = query.get("since", [""])[0]
        return int(value) if value.isdigit() else None

    def site_path(self) -> str | None:
        """The site-relative path asked for (a folder's index.html), or None outside the base path."""
        path = urllib.parse.unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        if not path.startswith(self.prefix):
            return None
        rel = path[len(self.prefix):]
        return rel + "index.html" if rel == "" or rel.endswith("/") else rel

    def not_found_page(self) -> bytes | None:
        model = self.live.model
        page = model.pages.get("404.html") if model else None
        body = model.render(page) if page else super().not_found_page()
        return inject(body) if body is not None else None

    def moved(self, location: str) -> None:
        """A redirect to the folder's URL with its slash, as a static host answers."""
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def html_file(self) -> Path | None:
        """The HTML file this GET asks for, if it is one (a folder's index.html included)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        return path if path.suffix == ".html" and path.is_file() else None


def make_server(site_dir: Path, port: int, prefix: str = "/", live: LiveState | None = None
                ) -> http.server.ThreadingHTTPServer:
    """An HTTP server for `site_dir` bound to 127.0.0.1 (port 0 picks a free port); live-reloading with `live`."""
    base = LiveHandler if live else SubPathHandler
    handler = type("Handler", (base,), {"prefix": prefix, "live": live})
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(site_dir)))


def watched_dirs(root: Path) -> list[Path]:
    """What a rebuild depends on: the content, the seeds and every templates folder in use."""
    return [root / "site_src", root / "seeds", *template_dirs(root)]


class Saves(FileSystemEventHandler):
    """Sets `changed` when a file under a watched folder is created, written, moved or deleted (not when one is
    only read: the rebuild reads them all)."""

    KINDS = ("created", "modified", "moved", "deleted", "closed")

    def __init__(self, changed: threading.Event):
        self.changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in self.KINDS:
            self.changed.set()


def watching(dirs: list[Path], changed: threading.Event) -> BaseObserver:
    """A started watcher of `dirs` (the system's file events; polling where they cannot be had)."""
    for kind in (Observer, PollingObserver):
        observer = kind()
        try:
            for d in dirs:
                if d.is_dir():
                    observer.schedule(Saves(changed), str(d), recursive=True)
            observer.start()
            return observer
        except OSError:  # e.g. the system's limit of watched folders reached
            continue
    raise BuildError("cannot watch the content folders for saves; serve the built site with another server")


def saved_since(dirs: list[Path], since_ns: int) -> bool:
    """Whether a file under `dirs` was written at or after `since_ns`."""
    for d in dirs:
        for path in d.rglob("*") if d.is_dir() else []:
            with contextlib.suppress(OSError):
                if path.stat().st_mtime_ns >= since_ns:
                    return True
    return False


def settled(changed: threading.Event, stop: threading.Event) -> None:
    """Wait until saves stop coming for SETTLE_SECONDS (an editor may write a file in several steps), at most
    POLL_SECONDS in all."""
    deadline = time.monotonic() + POLL_SECONDS
    while time.monotonic() < deadline and not stop.is_set():
        changed.clear()
        if not changed.wait(SETTLE_SECONDS):
            return


@dataclass
class Publisher:
    """Writes the site into the output folder behind the live model, with a build in a process of its own (`argv`:
    the command line's arguments): the search index and the data files come from there. One build at a time; a
    request made while one runs gets the next."""

    argv: list[str]
    out: Path
    live: LiveState
    what: str  # what the output folder gives that the live model does not, for the notice
    wanted: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)
    proc: subprocess.Popen | None = None

    def request(self) -> None:
        """Ask for a build of the content as it is now."""
        self.live.say(f"Updating {self.what}…")
        self.wanted.set()

    def run(self) -> None:
        """Build whenever asked, until stopped."""
        while not self.stop.is_set():
            if not self.wanted.wait(POLL_SECONDS):
                continue
            self.wanted.clear()
            ok = self.build()
            if not self.wanted.is_set():
                self.live.say("" if ok else f"Could not update {self.what}: see the console.")

    def build(self) -> bool:
        """One build into the output folder; its messages are printed only when it fails (they were already)."""
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PACKAGE_PARENT),
                                                                          os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen([sys.executable, "-m", "evidence_site", "build", *self.argv], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        run_behind(self.proc.pid)
        output, _ = self.proc.communicate()
        if self.proc.returncode != 0 and not self.stop.is_set():
            print(output, end="", file=sys.stderr, flush=True)
            return False
        print(f"built {self.out} ({self.what})", flush=True)
        return True

    def halt(self) -> None:
        """Stop: a build under way is interrupted as Ctrl+C would (it leaves the output folder as it was)."""
        self.stop.set()
        proc = self.proc
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def run_behind(pid: int) -> None:
    """Lower a process's priority below serve's, before it starts its own workers (they inherit it); where the
    system has no such priorities, or refuses, it runs as it is."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, 0) + BEHIND_NICENESS)


@dataclass
class Rebuilder:
    """Gathers the content again whenever a watched file changes, into the model pages are rendered from."""

    root: Path
    base_url: str | None
    live: LiveState
    publisher: Publisher
    memo: HeldFiles = field(default_factory=HeldFiles)
    recall: Recall = field(default_factory=Recall)
    stop: threading.Event = field(default_factory=threading.Event)
    read_from: int = 0  # when the last rebuild started to read (ns since the epoch)

    def rebuild(self, jobs: int = 1) -> bool:
        """Gather the content (over `jobs` processes: more than one only before any thread runs); content problems
        go to the console and to open pages, the last model stays. True if the model was replaced."""
        started, self.read_from = time.perf_counter(), time.time_ns()
        _, plan, problems = frozen(functools.partial(gather, self.root, self.base_url, jobs, self.memo,
                                                     recall=self.recall))
        self.memo.turn()
        self.recall.turn()
        report(problems)
        if plan is None or problems.errors:
            self.live.update([str(p) for p in sorted(problems.errors)])
            return False
        first = self.live.model is None
        self.live.update([], Model.of(plan))
        print(f"updated in {time.perf_counter() - started:.2f} s" + ("" if first else "; open pages reload"),
              flush=True)
        self.publisher.request()
        return True

    def watch(self) -> None:
        """Rebuild after each save until stopped; a save made while a rebuild runs gets a rebuild of its own."""
        changed, dirs = threading.Event(), watched_dirs(self.root)
        observer = watching(dirs, changed)
        if saved_since(dirs, self.read_from):  # before the watcher started: the first rebuild may have missed it
            changed.set()
        try:
            while not self.stop.is_set():
                if changed.wait(POLL_SECONDS):
                    settled(changed, self.stop)
                    self.rebuild()
        finally:
            observer.stop()


def stop_as_ctrl_c() -> None:
    """Make a request to stop (SIGTERM; SIGHUP when the terminal closes) end serving as Ctrl+C does, so that the
    build behind is stopped too rather than left writing the output folder."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers (and only it is interrupted by Ctrl+C)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):  # SIGHUP is POSIX only
            signal.signal(getattr(signal, name), interrupt)


def serve(site_dir: Path, port: int, base_url: str | None, rebuilder: Rebuilder | None = None) -> None:
    """Serve until interrupted, printing the URL to open; with a rebuilder, rebuild and reload on every save."""
    prefix = base_path(base_url)
    try:
        server = make_server(site_dir, port, prefix, rebuilder.live if rebuilder else None)
    except OSError as exc:
        raise BuildError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); pass --port N, or --port 0 for a "
                         "free port") from None
    print(f"Serving {site_dir} at http://127.0.0.1:{server.server_address[1]}{prefix}  (Ctrl+C to stop)", flush=True)
    stop_as_ctrl_c()
    if rebuilder:
        threading.Thread(target=rebuilder.publisher.run, daemon=True).start()
        threading.Thread(target=rebuilder.watch, daemon=True).start()
        print("Watching site_src/, seeds/ and templates/: pages change on every save", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if rebuilder:
            rebuilder.stop.set()
            rebuilder.publisher.halt()
        server.server_close()
