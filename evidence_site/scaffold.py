"""`init DIR` (a new project from the packaged skeleton) and `new article SEED` (an article from a capture).

Both only ever create new files: init refuses a folder that holds anything, new article refuses to
overwrite an article file.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import __version__, vocab
from .debris import Stretch, find_debris, first_text_line, headline, stated_date
from .problems import Problems, did_you_mean
from .yamlio import parse_yaml

SKELETON = "skeleton"


class ScaffoldError(Exception):
    """A command that would overwrite something, or has nothing to work on; the message says what to do."""


# ---------------------------------------------------------------- init

def skeleton_files() -> list[tuple[str, bytes]]:
    """(project-relative path, bytes) of every skeleton file, in sorted order.

    Packaged file names cannot start with a dot (package data globs skip them), so a leading
    '_' in a skeleton path component stands for '.' ('_gitignore' → '.gitignore').
    """
    root = resources.files("evidence_site").joinpath(SKELETON)
    out = []
    for path, entry in walk(root, ""):
        target = "/".join("." + part[1:] if part.startswith("_") else part for part in path.split("/"))
        out.append((target, entry.read_bytes()))
    return sorted(out)


def walk(node, prefix: str):
    """Every file under a resources Traversable, with its relative path (caches skipped)."""
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        rel = f"{prefix}{child.name}"
        if child.name == "__pycache__":
            continue
        if child.is_dir():
            yield from walk(child, rel + "/")
        else:
            yield rel, child


def init_project(target: Path) -> list[str]:
    """Create a new project in `target` (which must be missing or empty); return the files written."""
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} is a file; give a folder name that does not exist yet")
    if target.is_dir() and any(target.iterdir()):
        raise ScaffoldError(f"{target} is not empty; init only writes into a new or empty folder, so that none "
                            "of your files is overwritten. Choose a new folder name")
    written = []
    for rel, data in skeleton_files():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel == "requirements.txt":
            data = data.replace(b"{version}", __version__.encode())
        path.write_bytes(data)
        written.append(rel)
    return written


# ---------------------------------------------------------------- new article

@dataclass(frozen=True)
class Draft:
    """What `new article` found in a capture, before it is written as front matter and body."""

    title: str
    seed: str  # project-relative
    removed: tuple[Stretch, ...]
    body: str
    date: tuple[str, str] | None  # (ISO date, the line that states it)
    byline: str | None  # the line naming an author, if any
    outlet: str | None  # an outlet actor id whose name the capture's header states
    author: str | None  # an actor id whose name the byline states


def slugify(title: str, words: int = 6) -> str:
    """An article id from a title: its first few words, lower case, hyphenated."""
    parts = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(parts[:words]) or "article"


def seed_path(seed: Path, root: Path) -> str:
    """The project-relative path of a capture, which must be a file inside <root>/seeds/."""
    for candidate in (seed, root / seed):
        path = candidate.resolve()
        if path.is_file():
            break
    else:
        existing = [p.relative_to(root).as_posix() for p in sorted((root / "seeds").glob("*")) if p.is_file()]
        near = did_you_mean(str(seed), existing)
        raise ScaffoldError(f"capture {seed} not found; put it in {root / 'seeds'}/ as it is"
                            + (f"; {near}" if near else ""))
    if path.parent != (root / "seeds").resolve():
        raise ScaffoldError(f"{seed} is not in {root / 'seeds'}/; copy the capture there unchanged first "
                            "(seeds are the raw record, published as they are)")
    return path.relative_to(root.resolve()).as_posix()


def body_text(lines: list[str], removed: tuple[Stretch, ...]) -> str:
    """The capture's lines minus the removed stretches, runs of blank lines collapsed to one."""
    gone = {n for s in removed for n in range(s.first, s.last + 1)}
    kept = [line.rstrip() for n, line in enumerate(lines, start=1) if n not in gone]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    return text + "\n"


def names_in(actors_yaml: Path) -> dict[str, tuple[str, str]]:
    """Every actor name and alias in actors.yaml → (actor id, kind); empty when there is no readable file."""
    if not actors_yaml.is_file():
        return {}
    data = parse_yaml(actors_yaml.read_text(encoding="utf-8"), "actors.yaml", Problems())
    names: dict[str, tuple[str, str]] = {}
    for actor in data if isinstance(data, list) else []:
        if isinstance(actor, dict) and isinstance(actor.get("id"), str):
            for name in [actor.get("name"), *(actor.get("aliases") or [])]:
                if isinstance(name, str):
                    names.setdefault(name, (actor["id"], str(actor.get("kind"))))
    return names


def known_actor(text: str | None, names: dict[str, tuple[str, str]], kinds: tuple[str, ...]) -> str | None:
    """The id of an actor of one of `kinds` whose longest name occurs in `text` as whole words."""
    if not text:
        return None
    for name in sorted(names, key=lambda n: (-len(n), n)):
        actor_id, kind = names[name]
        if kind in kinds and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
            return actor_id
    return None


def draft_article(capture: str, seed: str, root: Path) -> Draft:
    """Read a capture: title, debris to remove, body, and the date, outlet and author it states."""
    lines = capture.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    title_at = first_text_line(lines)
    if title_at is None:
        raise ScaffoldError(f"{seed} has no text; nothing to make an article from")
    removed = find_debris(lines, title_at)
    header = "\n".join(lines[s.first - 1] for s in removed if s.reason == "moved-to-metadata")
    byline = next((lines[s.first - 1].strip() for s in removed if s.note.startswith("the byline")), None)
    names = names_in(root / "site_src" / "actors.yaml")
    return Draft(title=headline(lines[title_at - 1])[0], seed=seed, removed=removed, body=body_text(lines, removed),
                 date=stated_date(lines[:12]), byline=byline, outlet=known_actor(header, names, ("outlet",)),
                 author=known_actor(byline, names, ("person", "organisation")))


def front_matter(d: Draft) -> str:
    """The draft's front matter, with comments on everything the user has to confirm."""
    q = json.dumps  # a JSON string is a valid YAML double-quoted string
    out = ["---", f"title: {q(d.title, ensure_ascii=False)}", f"seed: {d.seed}"]
    out.append(f"outlet: {d.outlet}    # found in the capture's header; check it" if d.outlet else
               "outlet: null    # the capture does not name a known outlet: add it to actors.yaml and put its id here")
    who = f" (the capture says: {q(d.byline, ensure_ascii=False)})" if d.byline else ""
    out.append(f"author: {d.author}    # from the byline{who}; check it" if d.author else
               f"author: null    # set an actor id only if the capture names the author{who}")
    if d.date:
        out += [f"published: {d.date[0]}",
                f"date_basis: {{kind: stated, reason: {q('The capture: ' + repr(d.date[1]), ensure_ascii=False)}}}"]
    else:
        out.append("published: null    # the capture states no date; "
                   "if you work one out, add date_basis kind: inferred")
    out += [f"kind: news-report    # {' | '.join(vocab.ARTICLE_KINDS.values)}: check it",
            "relays: []    # ids of reports in reports.yaml this article draws on",
            "# source_url, captured, rights: add them only when you know them (docs/content-format.md)"]
    if d.removed:
        out.append("removed:    # found by `new article`: confirm each stretch against the seed "
                   "(line numbers are the seed's)")
        for s in d.removed:
            lines = f"{s.first}-{s.last}" if s.last != s.first else str(s.first)
            out += [f"  - lines: {lines}", f"    reason: {s.reason}", f"    note: {q(s.note, ensure_ascii=False)}"]
    else:
        out.append("removed: []    # nothing looked like page debris; list any stretch you leave out of the body")
    return "\n".join(out) + "\n---\n"


def new_article(seed: Path, root: Path, article_id: str | None = None) -> Path:
    """Write site_src/articles/<id>.md for a capture in seeds/; refuse to overwrite; return the path."""
    rel = seed_path(seed, root)
    capture = (root / rel).read_text(encoding="utf-8")
    draft = draft_article(capture, rel, root)
    article_id = article_id or slugify(draft.title)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", article_id):
        raise ScaffoldError(f"'{article_id}' is not a valid id; use lower-case letters, digits and single hyphens")
    path = root / "site_src" / "articles" / f"{article_id}.md"
    if path.exists():
        raise ScaffoldError(f"{path} already exists and is left as it is; pass another id: "
                            f"new article {seed} <another-id>")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite, even in a race
        f.write(front_matter(draft) + draft.body)
    return path
