"""The command line: `build` (default), `check`, `serve`, `init DIR`, `new article SEED [ID]`."""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from . import __version__, build, outdir
from .cache import Cache, default_dir
from .problems import ContentError, report
from .scaffold import ScaffoldError, init_project, new_article
from .search import require_pagefind
from .serve import LiveState, Publisher, Rebuilder, serve
from .workers import cores

PROG = Path(sys.argv[0]).name if Path(sys.argv[0]).name == "evidence-site" else "build.py"
RUN = "evidence-site" if PROG == "evidence-site" else "python build.py"  # what a user types
COMMANDS = ("build", "check", "serve", "init", "new")


EPILOG = """\
examples:
  {run} init my-corpus                        a new project (an invented example to replace)
  {run} check --root my-corpus                validate everything; writes nothing
  {run} new article seeds/capture.txt --root my-corpus
                                                        start site_src/articles/<id>.md from a capture
  {run} serve --root my-corpus                build, serve on 127.0.0.1, rebuild on every save
  {run} --root my-corpus --base-url https://user.github.io/repo/
                                                        build _site/ for publishing

`python build.py …` in a checkout and `evidence-site …` once installed are the same command.
docs: README.md, docs/your-own-corpus.md (from an empty folder to a published site),
docs/content-format.md (every field), docs/deployment.md (every option, GitHub Pages).
""".replace("{run}", RUN)


def port(value: str) -> int:
    """A TCP port number 0-65535 (0 picks a free one); anything else is a usage error."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a port number; use 0-65535, e.g. --port 8000") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{number} is not a port number; use 0-65535 (0 picks a free port)")
    return number


def jobs(value: str) -> int:
    """A number of worker processes, 1 or more; anything else is a usage error."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of processes; use 1 or more, e.g. --jobs 2"
                                         ) from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} processes cannot render anything; use 1 or more, e.g. --jobs 2")
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
    parser = argparse.ArgumentParser(prog=PROG, description="Build the evidence website from site_src/ and seeds/.",
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="build", choices=COMMANDS,
                        help="build (default): validate, then write _site/; check: validate only, write nothing; "
                             "serve: build, serve on 127.0.0.1 and rebuild on every save; "
                             "init DIR: create a new project in an empty folder; "
                             "new article SEED [ID]: write site_src/articles/<ID>.md from a capture in seeds/")
    parser.add_argument("args", nargs="*", metavar="ARG", help="DIR for init; 'article SEED [ID]' for new")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--root", type=Path, default=None,
                        help="project directory holding site_src/ and seeds/ (default: the current directory when "
                             "it has a site_src/, else this checkout)")
    parser.add_argument("--out", type=Path, default=None, help="output directory (default: <root>/_site)")
    parser.add_argument("--base-url", type=base_url, default=None,
                        help="absolute URL the site is published at, e.g. https://user.github.io/repo/ "
                             "(used for canonical links, share metadata, sitemap.xml and 404.html)")
    parser.add_argument("--no-search", action="store_true",
                        help="skip the Pagefind search index (faster; the search page then finds nothing)")
    parser.add_argument("--jobs", type=jobs, default=None, metavar="N",
                        help="processes that read the content, render pages and run Pagefind at once (default: "
                             "the number of cores; 1 works in this process only; the output is the same)")
    parser.add_argument("--no-cache", action="store_true",
                        help="build everything afresh, reading and writing no build cache (the output is the same)")
    parser.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                        help="where the build cache lives (default: $XDG_CACHE_HOME/evidence-site, else "
                             "~/.cache/evidence-site); one folder per project and output inside it")
    parser.add_argument("--port", type=port, default=8000, help="port for serve (default 8000; 0 picks a free one)")
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line; `build` is the default command; options may come before or after words."""
    parser = make_parser()
    args = parser.parse_intermixed_args(argv)
    wanted = {"init": (1, 1), "new": (2, 3)}.get(args.command, (0, 0))
    if not wanted[0] <= len(args.args) <= wanted[1] or args.command == "new" and args.args[0] != "article":
        usage = {"init": "init DIR", "new": "new article SEED [ID]"}.get(args.command, args.command)
        parser.error(f"usage: {PROG} {usage} (see --help)")
    return args


def default_root() -> Path:
    """The current directory when it holds a project, else the checkout this code runs from."""
    here, checkout = Path.cwd(), Path(__file__).resolve().parent.parent
    return checkout if not (here / "site_src").is_dir() and (checkout / "site_src").is_dir() else here


def main(argv: list[str] | None = None) -> int:
    """Run one command; content problems give exit status 1 and no traceback."""
    args = parse_args(argv)
    if args.command in ("init", "new"):
        return scaffold_command(args)
    root = (args.root or default_root()).resolve()
    out = args.out or root / "_site"  # not resolved here: a symlinked _site is written through, not replaced
    cache = build_cache(args, root, out)
    try:
        if args.command == "check":
            problems = build.check(root, args.base_url, cache, args.jobs or cores())
            report(problems)
            if not problems.errors:
                print("ok: content is valid (nothing written).")
            return 1 if problems.errors else 0
        if args.command == "serve":
            return serve_command(root, out, args, cache)
        problems = build.build(root, out, args.base_url, search=not args.no_search, jobs=args.jobs or cores(),
                               cache=cache)
        report(problems)
        print(f"built {out}")
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


def build_cache(args: argparse.Namespace, root: Path, out: Path) -> Cache | None:
    """The build cache of building `root` into `out`, unless --no-cache."""
    return None if args.no_cache else Cache.for_build(args.cache_dir or default_dir(), root, out)


def serve_command(root: Path, out: Path, args: argparse.Namespace, cache: Cache | None) -> int:
    """Gather and serve with live reload; content problems at the start leave the last good site served under them.

    Pages are rendered from the content as gathered in this process; a build in a process of its own writes the
    output folder behind them (with --jobs minus one processes, leaving one core to the next save).
    """
    reason = outdir.refusal(root, outdir.locate(out))
    if reason:
        raise build.BuildError(reason)
    if not args.no_search:
        require_pagefind()
    jobs = args.jobs or cores()
    what = "the data files" if args.no_search else "the search index and the data files"
    live = LiveState()
    publisher = Publisher(publish_argv(args, root, out, cache, max(1, jobs - 1)), out, live, what)
    rebuilder = Rebuilder(root, args.base_url, live, publisher)
    if not rebuilder.rebuild(jobs) and not (out / "index.html").is_file():
        print("nothing to serve yet: fix the problems above, then run serve again", file=sys.stderr)
        return 1
    serve(out, args.port, args.base_url, rebuilder)
    return 0


def publish_argv(args: argparse.Namespace, root: Path, out: Path, cache: Cache | None, jobs: int) -> list[str]:
    """The options of the build that writes the output folder behind `serve`."""
    argv = ["--root", str(root), "--out", os.path.abspath(out), "--jobs", str(jobs)]
    argv += ["--base-url", args.base_url] if args.base_url else []
    argv += ["--no-search"] if args.no_search else []
    argv += ["--no-cache"] if cache is None else ["--cache-dir", os.path.abspath(args.cache_dir or default_dir())]
    return argv


def scaffold_command(args: argparse.Namespace) -> int:
    """`init DIR` or `new article SEED [ID]`: write new files only; exit 1 with a message otherwise."""
    try:
        if args.command == "init":
            target = Path(args.args[0])
            written = init_project(target)
            print(f"created {target} with {len(written)} files: " + ", ".join(written))
            print(f"next: {RUN} check --root {target}, then {RUN} serve --root {target}; "
                  "replace the example with your captures (docs/your-own-corpus.md)")
        else:
            root = (args.root or default_root()).resolve()
            path = new_article(Path(args.args[1]), root, args.args[2] if len(args.args) > 2 else None)
            print(f"wrote {path}: confirm its 'removed' list, outlet, author, date and kind against the seed, "
                  f"then run {RUN} check")
        return 0
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
