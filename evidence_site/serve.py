"""`python build.py serve`: serve the built site on 127.0.0.1, under the base URL's path if one is set.

While serving, it watches the content and templates, rebuilds on save, and pages reload themselves: a
small script, added to each HTML response on the way out (never to the built files), polls LIVE_PATH.
When the content has problems, the script shows them over the page instead.
"""
from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .build import build
from .cache import Cache
from .outdir import BuildError
from .problems import ContentError, report
from .templating import template_dirs
from .urls import base_path

LIVE_PATH = "/__evidence_live__"
POLL_SECONDS = 0.5
LIVE_SCRIPT = """<script>/* live reload: added by `serve` while serving, never in the built site */
(function () {
  var seen = null;
  function overlay(problems) {
    var box = document.getElementById("evidence-live-problems");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "evidence-live-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;margin:0;" +
        "background:#2b0b0b;color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "The content has problems, so the site was not rebuilt. Fix them and save; " +
      "this page reloads by itself.\\n\\n" + problems.join("\\n");
  }
  function poll() {
    fetch("LIVE_PATH", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen && !s.problems.length) { location.reload(); return; }
      seen = s.version;
      overlay(s.problems);
    }).catch(function () {}).then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>
""".replace("LIVE_PATH", LIVE_PATH)


@dataclass
class LiveState:
    """What open pages poll: a build number that changes on every rebuild, and the current problems."""

    version: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, problems: list[str]) -> None:
        """Record a rebuild (problems empty) or a failed one."""
        with self.lock:
            self.version += 1
            self.problems = list(problems)

    def as_json(self) -> bytes:
        """The state as the page script reads it."""
        with self.lock:
            return json.dumps({"version": self.version, "problems": self.problems}).encode()


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
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):
        if args and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


class LiveHandler(SubPathHandler):
    """SubPathHandler that answers LIVE_PATH and adds the live-reload script to HTML pages."""

    live: LiveState | None = None

    def do_GET(self):
        if self.path.split("?")[0] == LIVE_PATH:
            return self.send_bytes(self.live.as_json(), "application/json")
        page = self.html_file()
        if page is None:
            return super().do_GET()
        return self.send_bytes(inject(page.read_bytes()), "text/html; charset=utf-8")

    def html_file(self) -> Path | None:
        """The HTML file this GET asks for, if it is one (a folder's index.html included)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        return path if path.suffix == ".html" and path.is_file() else None

    def send_bytes(self, body: bytes, content_type: str) -> None:
        """A 200 response that browsers must not cache (it changes with every rebuild)."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def make_server(site_dir: Path, port: int, prefix: str = "/", live: LiveState | None = None
                ) -> http.server.ThreadingHTTPServer:
    """An HTTP server for `site_dir` bound to 127.0.0.1 (port 0 picks a free port); live-reloading with `live`."""
    base = LiveHandler if live else SubPathHandler
    handler = type("Handler", (base,), {"prefix": prefix, "live": live})
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(site_dir)))


def watched_dirs(root: Path) -> list[Path]:
    """What a rebuild depends on: the content, the seeds and every templates folder in use."""
    return [root / "site_src", root / "seeds", *template_dirs(root)]


def snapshot(dirs: list[Path]) -> dict[str, tuple[int, int]]:
    """Every file under `dirs` with its modification time and size (a change in either means 'saved')."""
    state = {}
    for d in dirs:
        for path in sorted(d.rglob("*")) if d.is_dir() else []:
            try:
                if path.is_file():
                    st = path.stat()
                    state[str(path)] = (st.st_mtime_ns, st.st_size)
            except OSError:  # deleted between listing and stat: the next poll sees it gone
                continue
    return state


@dataclass
class Rebuilder:
    """Rebuilds the site with the existing pipeline whenever a watched file changes."""

    root: Path
    out: Path
    base_url: str | None
    search: bool
    live: LiveState
    cache: Cache | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    seen: dict[str, tuple[int, int]] = field(default_factory=dict)  # the files as the last build started to read them

    def rebuild(self) -> bool:
        """One build; content problems go to the console and to open pages, the old site stays. True if built."""
        # Taken before the build reads anything: a save made while it runs differs from this and gets its own build.
        self.seen = snapshot(watched_dirs(self.root))
        try:
            problems = build(self.root, self.out, self.base_url, search=self.search, cache=self.cache)
            report(problems)
            print(f"built {self.out}" + ("; open pages reload" if self.live.version else ""), flush=True)
            self.live.update([])
            return True
        except ContentError as exc:
            report(exc.problems)
            self.live.update([str(p) for p in sorted(exc.problems.errors)])
        except BuildError as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)
            self.live.update([f"error: {exc}"])
        return False

    def watch(self) -> None:
        """Poll the watched folders until stopped, rebuilding after each change."""
        dirs = watched_dirs(self.root)
        while not self.stop.wait(POLL_SECONDS):
            if snapshot(dirs) != self.seen:
                self.rebuild()


def serve(site_dir: Path, port: int, base_url: str | None, rebuilder: Rebuilder | None = None) -> None:
    """Serve until interrupted, printing the URL to open; with a rebuilder, rebuild and reload on every save."""
    prefix = base_path(base_url)
    try:
        server = make_server(site_dir, port, prefix, rebuilder.live if rebuilder else None)
    except OSError as exc:
        raise BuildError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); pass --port N, or --port 0 for a "
                         "free port") from None
    print(f"Serving {site_dir} at http://127.0.0.1:{server.server_address[1]}{prefix}  (Ctrl+C to stop)", flush=True)
    if rebuilder:
        threading.Thread(target=rebuilder.watch, daemon=True).start()
        print("Watching site_src/, seeds/ and templates/: the site rebuilds on every save", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if rebuilder:
            rebuilder.stop.set()
        server.server_close()
