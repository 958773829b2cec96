"""Stage 1: read site_src/ and seeds/ into the typed model, checking every field."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

from . import model, schema
from .problems import Loc, Problems
from .yamlio import parse_front_matter, parse_yaml

SRC = "site_src"
SEEDS = "seeds"


def rel(path: Path, root: Path) -> str:
    """A project-relative POSIX path for messages and provenance."""
    return path.relative_to(root).as_posix()


def read_text(path: Path, root: Path, problems: Problems) -> str | None:
    """Read a UTF-8 file, reporting a missing or undecodable file as a problem."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.error(Loc(rel(path, root)), "file not found", "create it (see docs/content-format.md)")
    except UnicodeDecodeError as exc:
        problems.error(Loc(rel(path, root)), f"not valid UTF-8 ({exc.reason} at byte {exc.start})",
                       "save the file as UTF-8")
    return None


def load_yaml_file(path: Path, root: Path, problems: Problems) -> Any:
    """Parse one YAML file, or None if it is missing or malformed (already reported)."""
    text = read_text(path, root, problems)
    return None if text is None else parse_yaml(text, rel(path, root), problems)


def load_records(path: Path, root: Path, sch: schema.Schema, build: Callable, problems: Problems) -> list | None:
    """Read a YAML file holding a list of records of one kind; None if the file could not be read."""
    data = load_yaml_file(path, root, problems)
    if data is None:
        return None
    file = rel(path, root)
    if not isinstance(data, list):
        problems.error(Loc(file, getattr(data, "line", 1)), f"expected a list of {sch.what}s",
                       f"start each {sch.what} with '- id: …'")
        return None
    out = []
    for raw in data:
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
    data = load_yaml_file(path, root, problems)
    if data is None:
        data = {}
    values = schema.read_record(data, schema.SITE, rel(path, root), problems) or {}
    values.pop("loc", None)
    defaults = {"title": "Evidence", "description": "", "question": "", "timeline_cutoff": "0001", "language": "en",
                "license": None}
    return model.SiteConfig(**{k: values.get(k) or v for k, v in defaults.items()})


def load_article(path: Path, root: Path, problems: Problems) -> model.Article | None:
    """Read one article: id from the file name, front matter fields, Markdown body."""
    file = rel(path, root)
    text = read_text(path, root, problems)
    doc = parse_front_matter(text, file, problems) if text is not None else None
    if doc is None or doc.meta is None:
        return None
    if not schema.SLUG.match(path.stem):
        problems.error(Loc(file, 1), f"article file name '{path.name}' is not a valid id",
                       "rename it with lower-case letters, digits and hyphens, e.g. 'council-vote-report.md'")
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


def load_seeds(root: Path, problems: Problems) -> dict[str, str]:
    """Every file in seeds/, keyed by project-relative path."""
    seeds = {}
    for path in sorted((root / SEEDS).glob("*")):
        if path.is_file() and not path.name.startswith("."):
            text = read_text(path, root, problems)
            if text is not None:
                seeds[rel(path, root)] = text
    return seeds


def load_corpus(root: Path, problems: Problems) -> model.Corpus:
    """Load the whole content tree into one Corpus; all problems are collected, none raised.

    A kind whose file could not be read at all is marked incomplete, so that references to it
    are not reported as a second wave of 'unknown id' errors.
    """
    src = root / SRC
    incomplete: set[str] = set()
    claim_files = [load_records(p, root, schema.CLAIM, model.Claim, problems)
                   for p in sorted((src / "claims").glob("*.yaml"))]
    articles = [load_article(p, root, problems) for p in sorted((src / "articles").glob("*.md"))]
    actors = load_records(src / "actors.yaml", root, schema.ACTOR, model.Actor, problems)
    reports = load_records(src / "reports.yaml", root, schema.REPORT, model.Report, problems)
    for kind, loaded in (("claim", claim_files), ("article", articles), ("actor", [actors]),
                         ("report", [reports])):
        if any(item is None for item in loaded):
            incomplete.add(kind)
    return model.Corpus(
        site=load_site_config(root, problems),
        actors=index_by_id(actors or [], "actor", problems),
        reports=index_by_id(reports or [], "report", problems),
        articles=index_by_id([a for a in articles if a], "article", problems),
        claims=index_by_id([c for file in claim_files for c in file or []], "claim", problems),
        seeds=load_seeds(root, problems),
        incomplete=incomplete,
    )
