"""The command line: `build` (default), `check`, `serve`."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .problems import ContentError, Problems


def port(value: str) -> int:
    """A TCP port number 0-65535 (0 picks a free one); anything else is a usage error."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a port number; use 0-65535, e.g. --port 8000") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{number} is not a port number; use 0-65535 (0 picks a free port)")
    return number


BASE_URL = re.compile(r"^https?://[^/\s\"'<>`\\]+(/[^\s\"'<>`\\]*)?$")


def base_url(value: str) -> str:
    """An absolute http(s) URL with nothing that could break out of an HTML attribute or XML text."""
    if not BASE_URL.match(value):
        raise argparse.ArgumentTypeError(
            f"'{value}' is not an http or https URL without spaces, quotes or angle brackets; "
            "write e.g. https://user.github.io/repo/")
    return value


def make_parser() -> argparse.ArgumentParser:
    """The command-line parser; every option is documented in docs/deployment.md."""
    parser = argparse.ArgumentParser(prog="build.py", description="Build the evidence website from site_src/ and seeds/.")
    parser.add_argument("command", nargs="?", default="build", choices=("build", "check", "serve"),
                        help="build (default): validate, then write _site/; check: validate only, write nothing; "
                             "serve: build, then serve the site on 127.0.0.1")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="project directory holding site_src/, seeds/ and templates/ (default: this project)")
    parser.add_argument("--out", type=Path, default=None, help="output directory (default: <root>/_site)")
    parser.add_argument("--base-url", type=base_url, default=None,
                        help="absolute URL the site is published at, e.g. https://user.github.io/repo/ "
                             "(used for canonical links, share metadata, sitemap.xml and 404.html)")
    parser.add_argument("--no-search", action="store_true",
                        help="skip the Pagefind search index (faster; the search page then finds nothing)")
    parser.add_argument("--port", type=port, default=8000, help="port for serve (default 8000; 0 picks a free one)")
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line; `build` is the default command."""
    return make_parser().parse_args(argv)


def report(problems: Problems, stream=sys.stderr) -> None:
    """Print warnings and errors as `file:line: what; how to fix`, then a one-line summary."""
    for w in sorted(problems.warnings):
        print(f"{w.loc}: warning: {w.message}" + (f"; {w.hint}" if w.hint else ""), file=stream)
    for e in sorted(problems.errors):
        print(e, file=stream)
    if problems.errors:
        n = len(problems.errors)
        print(f"{n} problem{'s' * (n != 1)} found; nothing was written.", file=stream)


def main(argv: list[str] | None = None) -> int:
    """Run one command; content problems give exit status 1 and no traceback."""
    from . import build

    args = parse_args(argv)
    root = args.root.resolve()
    out = args.out or root / "_site"  # not resolved here: a symlinked _site is written through, not replaced
    try:
        if args.command == "check":
            problems = build.check(root, args.base_url)
            report(problems)
            if not problems.errors:
                print("ok: content is valid (nothing written).")
            return 1 if problems.errors else 0
        problems = build.build(root, out, args.base_url, search=not args.no_search)
        report(problems)
        print(f"built {out}")
        if args.command == "serve":
            from .serve import serve
            serve(out, args.port, args.base_url)
        return 0
    except ContentError as exc:
        report(exc.problems)
        return 1
    except build.BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a disk full, a folder that cannot be created: say which, without a traceback
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{where}; check the path and the free space, then build again",
              file=sys.stderr)
        return 2
