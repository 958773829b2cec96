"""`python build.py serve`: serve the built site on 127.0.0.1, under the base URL's path if one is set."""
from __future__ import annotations

import functools
import http.server
from pathlib import Path

from .render import base_path


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Static files from one directory, mounted at a path prefix such as '/repo/'."""

    prefix = "/"

    def translate_path(self, path: str) -> str:  # noqa: D102 - http.server hook
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_base_path__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):  # noqa: D102 - serve 404.html like GitHub Pages
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

    def log_message(self, format, *args):  # noqa: A002 - keep the console quiet but for errors
        if args and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def make_server(site_dir: Path, port: int, prefix: str = "/") -> http.server.ThreadingHTTPServer:
    """An HTTP server for `site_dir` bound to 127.0.0.1 (port 0 picks a free port)."""
    handler = type("Handler", (SubPathHandler,), {"prefix": prefix})
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(site_dir)))


def serve(site_dir: Path, port: int, base_url: str | None) -> None:
    """Serve until interrupted, printing the URL to open."""
    from .build import BuildError

    prefix = base_path(base_url)
    try:
        server = make_server(site_dir, port, prefix)
    except OSError as exc:
        raise BuildError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); pass --port N, or --port 0 for a "
                         "free port") from None
    print(f"Serving {site_dir} at http://127.0.0.1:{server.server_address[1]}{prefix}  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
