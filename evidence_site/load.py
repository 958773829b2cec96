"""Stage 1: read site_src/ and seeds/ into the typed model, checking every field."""
from __future__ import annotations

import errno
import operator
import os
import re
import stat
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from . import model, schema, workers
from .problems import Loc, Problems
from .yamlio import parse_front_matter, parse_yaml

SRC = "site_src"
SEEDS = "seeds"
BOM = "\ufeff"
MAX_FILE_BYTES = 5_000_000  # per content file or seed; documented in docs/content-format.md under Limits
# C0 and C1 control characters and DEL, except tab, line feed and carriage return.
CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")


def rel(path: Path, root: Path) -> str:
    """A project-relative POSIX path for messages and provenance."""
    return path.relative_to(root).as_posix()


def read_text(path: Path, root: Path, problems: Problems) -> str | None:
    """Read a content file as UTF-8 text (BOM dropped), or report why it cannot be used and return None."""
    file = rel(path, root)
    reason = unreadable(path, root)
    if reason:
        problems.error(Loc(file), *reason)
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(Loc(file), f"cannot be read ({exc.strerror})", "check the file's permissions")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = position(data, exc.start)
        problems.error(Loc(file, line, col=col), f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                       "save the file as UTF-8 (in most editors: Save with encoding, UTF-8)")
        return None
    text = text.removeprefix(BOM)  # editors on Windows add one; it is not part of the content
    bad = CONTROL.search(text)
    if bad:
        line, col = position(text, bad.start())
        problems.error(Loc(file, line, col=col), f"control character U+{ord(bad.group()):04X} in the text",
                       "delete it (it is invisible in most editors; a NUL byte often means the file is not text)")
        return None
    return text


def unreadable(path: Path, root: Path) -> tuple[str, str] | None:
    """Why a content path cannot be read as a file (missing, a folder, outside the project, too big), or None."""
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno not in MISSING:  # as Path.exists(), which this one stat stands for
            raise
        return ("file not found", "create it (see docs/content-format.md)") if not path.is_symlink() else (
            "symbolic link to a file that does not exist", "replace the link with the file itself")
    if not inside(real_path(path), real_path(root)):
        return ("symbolic link to a file outside the project", "copy the file into the project instead of linking it")
    if stat.S_ISDIR(info.st_mode):
        return ("is a folder, not a file", f"rename the folder so its name does not end in '{path.suffix}'")
    if not stat.S_ISREG(info.st_mode):  # a named pipe or a device would block or never end
        return ("is not a regular file", "replace it with an ordinary text file")
    size = info.st_size
    if size > MAX_FILE_BYTES:
        return (f"file is {size / 1e6:.1f} MB; content files may be at most {MAX_FILE_BYTES // 1_000_000} MB",
                "split it (one article per capture) or cut what it does not need")
    return None


MISSING = {errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP}  # what Path.exists() reads as "not there"


def real_path(path: Path) -> Path:
    """`path.resolve()`, the folder's looked up once: a file that is no symbolic link is where its folder really is.

    Resolving asks the system about every part of the path; done for each of 20,000 files, that was a second.
    """
    return path.resolve() if path.is_symlink() or path.name in ("", ".", "..") else real_folder(path.parent) / path.name


@lru_cache(maxsize=64)
def real_folder(folder: Path) -> Path:
    """A folder's resolved path, asked once per folder of content files in a load (`load_corpus` forgets them all
    first: between two builds of `serve`, a folder may have become a link)."""
    return folder.resolve()


def inside(path: Path, folder: Path) -> bool:
    """Whether the resolved `path` lies under the resolved `folder`."""
    return path == folder or folder in path.parents


def position(text: str | bytes, index: int) -> tuple[int, int]:
    """1-based line and column (in characters, or bytes for undecodable data) of `index`."""
    newline = "\n" if isinstance(text, str) else b"\n"
    start = text.rfind(newline, 0, index) + 1
    if isinstance(text, bytes):  # count characters before the bad byte, as an editor shows them
        return text.count(newline, 0, index) + 1, len(text[start:index].decode("utf-8", "replace")) + 1
    return text.count(newline, 0, index) + 1, index - start + 1


def load_yaml_file(path: Path, root: Path, problems: Problems) -> Any:
    """Parse one YAML file, or None if it is missing or malformed (already reported)."""
    text = read_text(path, root, problems)
    return None if text is None else parse_yaml(text, rel(path, root), problems)


def load_records(path: Path, root: Path, sch: schema.Schema, build: Callable, problems: Problems,
                 first: str = "id") -> list | None:
    """Read a YAML file holding a list of records of one kind; None if the file could not be read.

    An empty or null file is reported and read as an empty list, so that references into it are
    still checked (and reported as unknown) rather than silently switched off. `first` is the field
    the hints show each record starting with.
    """
    before = len(problems.errors)
    data = load_yaml_file(path, root, problems)
    file = rel(path, root)
    if data is None:
        if len(problems.errors) > before:
            return None
        problems.error(Loc(file, 1), f"file is empty (no {sch.what}s)",
                       f"add {sch.what}s as '- {first}: …' entries (see docs/content-format.md), or delete the file")
        return []
    if not isinstance(data, list):
        problems.error(Loc(file, getattr(data, "line", 1)), f"expected a list of {sch.what}s",
                       f"start each {sch.what} with '- {first}: …'")
        return None
    out = []
    for raw, line in zip(data, data.item_lines):
        if not isinstance(raw, dict):  # a bare value has no line of its own: say where the list item is
            problems.error(Loc(file, line), f"{sch.what} must be a mapping of fields",
                           f"write it as 'field: value' lines ({', '.join(sch.names)})")
            continue
        values = schema.read_record(raw, sch, file, problems)
        if values is not None:
            out.append(build(**values))
    return out


def index_by_id(records: Iterable, what: str, problems: Problems) -> dict:
    """Key records by id, in sorted id order; report duplicates with where the first one is."""
    seen: dict = {}
    for rec in records:
        if rec.id in seen:
            problems.error(rec.loc, f"duplicate {what} id '{rec.id}' (first defined at {seen[rec.id].loc})",
                           "give one of them another id, or merge them")
            continue
        seen[rec.id] = rec
    return dict(sorted(seen.items()))


def load_site_config(root: Path, problems: Problems) -> model.SiteConfig:
    """Read site.yaml; missing fields fall back to placeholders after being reported."""
    path = root / SRC / "site.yaml"
    before = len(problems.errors)
    data = load_yaml_file(path, root, problems)
    if not isinstance(data, dict):
        if len(problems.errors) == before:
            problems.error(Loc(rel(path, root), getattr(data, "line", 1)), "site.yaml must be a mapping of fields",
                           f"write 'field: value' lines ({', '.join(schema.SITE.names)})")
        data = {}
    values = schema.read_record(data, schema.SITE, rel(path, root), problems) if data else {}
    values.pop("loc", None)
    defaults = {"title": "Evidence", "description": "", "question": "", "timeline_cutoff": "0001", "language": "en",
                "license": None, "updated": None}
    return model.SiteConfig(**{k: values.get(k) or v for k, v in defaults.items()})


def load_corrections(root: Path, problems: Problems) -> tuple[model.Correction, ...] | None:
    """Read site_src/corrections.yaml, the corrections log; None when the project has no such file.

    The file is optional: a project without it publishes no corrections page. `[]` is a log with no entries yet.
    """
    path = root / SRC / "corrections.yaml"
    if not path.exists() and not path.is_symlink():
        return None
    records = load_records(path, root, schema.CORRECTION, model.Correction, problems, first="date")
    return tuple(records or ())


def load_article(path: Path, root: Path, problems: Problems) -> model.Article | None:
    """Read one article: id from the file name, front matter fields, Markdown body."""
    file = rel(path, root)
    before = len(problems.errors)
    text = read_text(path, root, problems)
    doc = parse_front_matter(text, file, problems) if text is not None else None
    if doc is None or len(problems.errors) > before:
        return None
    if doc.meta is None:
        problems.error(Loc(file, 2), f"article '{path.stem}' has empty front matter",
                       f"add its fields between the '---' lines ({', '.join(schema.ARTICLE.names)})")
        return None
    if not schema.SLUG.match(path.stem) or len(path.stem) > schema.MAX_ID_LENGTH:
        problems.error(Loc(file, 1), f"article file name '{path.name}' is not a valid id",
                       "rename it with lower-case letters, digits and hyphens, at most "
                       f"{schema.MAX_ID_LENGTH} characters, e.g. 'council-vote-report.md'")
        return None
    if not isinstance(doc.meta, dict):
        problems.error(Loc(file, getattr(doc.meta, "line", 2)), "article front matter must be a mapping of fields",
                       f"write 'field: value' lines ({', '.join(schema.ARTICLE.names)})")
        return None
    values = schema.read_record(doc.meta, schema.ARTICLE, file, problems)
    if values is None:
        return None
    return model.Article(id=path.stem, body=doc.body, body_line=doc.body_line,
                         **fold_url_alias(values, problems))


def fold_url_alias(values: dict, problems: Problems) -> dict:
    """Read the deprecated article field `url` as `source_url`, with a warning saying so."""
    url = values.pop("url", None)
    if url is None:
        return values
    loc = values["loc"].of("url")
    if values.get("source_url"):
        problems.error(loc, "both 'url' and 'source_url' are set", "keep 'source_url' and remove 'url'")
    else:
        problems.warn(loc, "field 'url' is deprecated", "rename it to 'source_url'")
        values["source_url"] = url
    return values


def seed_files(root: Path, problems: Problems) -> list[Path]:
    """The files in seeds/ to read, in name order; only plain-text (.txt) seeds are accepted, others reported.

    Seeds are published for readers to check the article against; an .html capture published as it
    is would run its scripts on the site's origin, so captures are saved as text.
    """
    paths = []
    for entry in listed(root / SEEDS):
        if entry.is_dir(follow_symlinks=False):
            continue
        path = root / SEEDS / entry.name
        if path.suffix != ".txt":
            problems.error(Loc(rel(path, root)), "a seed must be a plain-text capture named *.txt (it is published, "
                           "and a browser would run the scripts in an .html or .svg capture)",
                           f"save the capture's text as seeds/{path.stem}.txt")
            continue
        paths.append(path)
    return paths


def seeds_by_path(root: Path, paths: list[Path], texts: list[str | None], unreadable_seeds: set[str]
                  ) -> dict[str, str]:
    """Each seed's text keyed by its project-relative path; an unreadable one (already reported) is listed apart."""
    seeds = {}
    for path, text in zip(paths, texts):
        if text is not None:
            seeds[rel(path, root)] = text
        else:
            unreadable_seeds.add(rel(path, root))
    return seeds


def content_files(folder: Path, *suffixes: str) -> list[Path]:
    """The files in `folder` with one of `suffixes`, in sorted name order (hidden files skipped)."""
    return [folder / entry.name for entry in listed(folder) if entry.name.endswith(suffixes)]


def listed(folder: Path) -> list[os.DirEntry]:
    """What `folder` holds but hidden names, in name order; nothing when it cannot be listed (as a glob finds).
    Every save in `serve` lists the folders again: names are sorted as strings, and whether an entry is a folder
    comes with the listing, where comparing Path objects and a stat each cost more than reading the folder."""
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if not e.name.startswith(".")), key=operator.attrgetter("name"))
    except OSError:
        return []


def call(reader: Callable, *args: Any) -> Any:
    """Call a reader: load_corpus's `memo` when there is no build cache."""
    return reader(*args)


def call_with(read: Callable[[Problems], Any], problems: Problems) -> Any:
    """`read(problems)`: one file's reader, given where to report."""
    return read(problems)


def read_through(memo: Callable, reader: Callable, *args: Any) -> tuple[Any, Any]:
    """`reader(*args)` through the build cache's memo, and the memo's entry for it, to be kept by the process
    that saves the cache (a forked reader's memo is its own copy)."""
    return (reader(*args), None) if memo is call else memo.entry(reader, *args)


def read_lists(root: Path, problems: Problems, into: dict[str, list | None], memo: Callable = call) -> None:
    """The actors and the reports, read into `into` by kind (None for a file that could not be read)."""
    into["actor"] = memo(load_records, root / SRC / "actors.yaml", root, schema.ACTOR, model.Actor, problems)
    into["report"] = memo(load_records, root / SRC / "reports.yaml", root, schema.REPORT, model.Report, problems)


def load_corpus(root: Path, problems: Problems, jobs: int = 1, memo: Callable = call) -> model.Corpus:
    """Load the whole content tree into one Corpus; all problems are collected, none raised.

    A kind whose file could not be read at all is marked incomplete, so that references to it
    are not reported as a second wave of 'unknown id' errors. The claim files, the articles and the seeds are read
    over `jobs` processes; this one reads the actors and the reports meanwhile. `memo(reader, path, …)` reads a
    content file (the build cache's cache.FileMemo reuses what a reader returned for the same bytes).
    """
    real_folder.cache_clear()
    src = root / SRC
    incomplete: set[str] = set()
    claim_paths, article_paths = content_files(src / "claims", ".yaml", ".yml"), content_files(src / "articles", ".md")
    seed_paths = seed_files(root, problems)
    readers = [partial(read_through, memo, load_records, p, root, schema.CLAIM, model.Claim) for p in claim_paths]
    readers += [partial(read_through, memo, load_article, p, root) for p in article_paths]
    seed_memo = memo if getattr(memo, "seeds", False) else call
    readers += [partial(read_through, seed_memo, read_text, p, root) for p in seed_paths]
    lists: dict[str, list | None] = {}
    # A claim file holds many records, an article or a seed one: a few files at a time keep both processes busy.
    read = workers.spread_checked(readers, call_with, problems, jobs, size=4,
                                  first=partial(read_lists, root, problems, lists, memo))
    loaded = [value if entry is None else memo.keep(entry, value) for value, entry in read]
    claim_files, articles = loaded[:len(claim_paths)], loaded[len(claim_paths):len(claim_paths) + len(article_paths)]
    for kind, files in (("claim", claim_files), ("article", articles), ("actor", [lists["actor"]]),
                        ("report", [lists["report"]])):
        if any(item is None for item in files):
            incomplete.add(kind)
    return model.Corpus(
        config=load_site_config(root, problems),
        actors=index_by_id(lists["actor"] or [], "actor", problems),
        reports=index_by_id(lists["report"] or [], "report", problems),
        articles=index_by_id([a for a in articles if a], "article", problems),
        claims=index_by_id([c for file in claim_files for c in file or []], "claim", problems),
        seeds=seeds_by_path(root, seed_paths, loaded[len(readers) - len(seed_paths):], incomplete),
        incomplete=incomplete,  # an unreadable seed is listed by path: already reported
        corrections=load_corrections(root, problems),
    )
