"""The evidence as CSV a spreadsheet opens, described by a Frictionless Data Package (docs/data.md).

Input is the JSON-ready data the site exports (`{"data/claims.json": [...], ...}`); output is text per path.
Each table is declared once (columns, keys); the CSV writer and data/datapackage.json both read that declaration.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

ID_SEPARATOR = "; "  # ids are slugs, so "; " never occurs inside one
TEXT_SEPARATOR = "\n"  # free-text lists (aliases, notes) may hold ";": one item per line of the cell
BOM = "\ufeff"  # Excel reads a CSV without it as the locale's code page and garbles every non-ASCII letter
# OWASP's list of first characters a spreadsheet treats as a formula (plus their full-width forms, which some
# spreadsheets fold to ASCII). A text cell matching ^'*[...] gets one more leading apostrophe, so the rule is
# reversible: drop one apostrophe from a cell matching ^'+[...] and the original text is back.
FORMULA = re.compile("^'*[=+\\-@\t\r\uff1d\uff0b\uff0d\uff20]")
DESCRIPTION = "The evidence of this site as CSV, one file per table: the same data as the JSON files beside them."
DIALECT = {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True}

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One CSV column: its name, Frictionless type, meaning, and how to read it from a row."""
    name: str
    type: str  # Frictionless field type: string, integer or boolean
    description: str
    value: Callable[[Row], Any]
    required: bool = False


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values are ids in another table."""
    column: str
    table: str
    reference: str = "id"


@dataclass(frozen=True)
class Table:
    """One CSV file: where its rows come from, its columns and keys."""
    name: str
    title: str
    description: str
    rows: Callable[[dict], list[Row]]
    columns: list[Column]
    primary_key: list[str]
    foreign_keys: list[ForeignKey] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The site path of the CSV file."""
        return f"data/{self.name}.csv"


def key(name: str) -> Callable[[Row], Any]:
    """A plain value of the row."""
    return lambda row: row.get(name)


def ids(name: str) -> Callable[[Row], str]:
    """A list of ids, in its own order, joined by "; "."""
    return lambda row: ID_SEPARATOR.join(row.get(name) or [])


def lines(name: str) -> Callable[[Row], str]:
    """A list of free-text items, one per line of the cell."""
    return lambda row: TEXT_SEPARATOR.join(row.get(name) or [])


def basis(name: str, part: str) -> Callable[[Row], Any]:
    """One half (kind or reason) of a nested {kind, reason} basis, empty when there is none."""
    return lambda row: (row.get(name) or {}).get(part)


def groups(name: str) -> Callable[[Row], str]:
    """Origin groups as "origin: restatement, restatement; origin" (the restatements only when there are any)."""
    def value(row: Row) -> str:
        return ID_SEPARATOR.join(g["origin"] + (": " + ", ".join(g["restatements"]) if g["restatements"] else "")
                                 for g in row.get(name) or [])
    return value


def related(row: Row) -> str:
    """Related claims as "claim: relation; claim: relation"."""
    return ID_SEPARATOR.join(f"{r['claim']}: {r['relation']}" for r in row.get("related") or [])


def removed(row: Row) -> str:
    """Removed stretches of a seed as "first-last reason; …" (their notes are in articles.json)."""
    return ID_SEPARATOR.join(f"{r['lines'][0]}-{r['lines'][1]} {r['reason']}" for r in row.get("removed") or [])


def relay_ids(row: Row) -> str:
    """The ids a report or article relays, in its own order."""
    return ID_SEPARATOR.join(r["id"] for r in row.get("relays") or [])


def evidence_rows(data: dict) -> list[Row]:
    """Every evidence item, with the id of its claim, in claim then item order."""
    return [{"claim": claim["id"], **item} for claim in data["data/claims.json"] for item in claim["evidence"]]


def relay_rows(data: dict) -> list[Row]:
    """Every relay of an article or report, with its basis, sorted by who relays and then what."""
    rows = [{"relaying": row["id"], "relayed": r["id"], "basis": r["basis"]}
            for name in ("data/articles.json", "data/reports.json") for row in data[name] for r in row["relays"]]
    return sorted(rows, key=lambda r: (r["relaying"], r["relayed"]))


def listed(name: str) -> Callable[[dict], list[Row]]:
    """The rows of one JSON file, as they are."""
    return lambda data: data[f"data/{name}.json"]


def date_columns(prefix: str, what: str) -> list[Column]:
    """A partial ISO date and the kind and reason of its basis."""
    return [
        Column(prefix, "string", f"ISO date of {what}, possibly partial (2014, 2014-09, 2014-09-05)", key(prefix)),
        Column("date_basis_kind", "string", "stated or inferred; empty when there is no date",
               basis("date_basis", "kind")),
        Column("date_basis_reason", "string", "why the date is what it is", basis("date_basis", "reason")),
    ]


CLAIMS = Table("claims", "Claims", "One row per claim, with its derived status.", listed("claims"), [
    Column("id", "string", "permanent id", key("id"), True),
    Column("url", "string", "site-relative URL of the claim page", key("url"), True),
    Column("statement", "string", "the neutral one-sentence statement", key("statement"), True),
    Column("type", "string", "event, statement, denial or assessment", key("type"), True),
    Column("status", "string", "corroborated, single-source, contested, partly-supported or unsupported",
           key("status"), True),
    Column("status_label", "string", "the status as shown on the site", key("status_label"), True),
    Column("status_reason", "string", "the status in words, as on the claim page", key("status_reason"), True),
    Column("independent_origins", "integer", "independent origins among the full supporting items",
           key("independent_origins"), True),
    Column("supporting_origins", "string", "those origins (report or article ids), separated by '; '",
           ids("supporting_origins")),
    Column("disputing_origins", "string", "independent origins among the full disputing items, separated by '; '",
           ids("disputing_origins")),
    Column("supporting_groups", "string",
           "each independent supporting origin, then after ': ' the origins that only restate it; groups "
           "separated by '; '", groups("supporting_groups")),
    Column("disputing_groups", "string", "the same for disputing items", groups("disputing_groups")),
    Column("partial_items", "integer", "items that bear on only part of the statement (never counted)",
           key("partial_items"), True),
    Column("anonymous_only", "boolean", "every supporting speaker is an anonymous source", key("anonymous_only"),
           True),
    Column("articles", "string", "article ids the evidence is quoted from, separated by '; '", ids("articles")),
    Column("subjects", "string", "actor ids the claim is about, separated by '; '", ids("subjects")),
    *date_columns("date", "the claimed event"),
    Column("note", "string", "editorial note", key("note")),
    Column("related", "string", "related claims as 'claim-id: relation', separated by '; '", related),
], ["id"])

EVIDENCE = Table("evidence", "Evidence", "One row per evidence item: a verbatim quote bearing on a claim.",
                 evidence_rows, [
    Column("claim", "string", "id of the claim the item bears on", key("claim"), True),
    Column("anchor", "string", "fragment id of the item on the claim page (e1, e2, …)", key("anchor"), True),
    Column("article", "string", "article id the quote is from", key("article"), True),
    Column("quote", "string", "the verbatim quote", key("quote"), True),
    Column("speaker", "string", "actor id of who said it", key("speaker"), True),
    Column("origin", "string", "report id, or the article id for the article's own words", key("origin"), True),
    Column("stance", "string", "supports, disputes or context", key("stance"), True),
    Column("extent", "string", "full or partial", key("extent"), True),
    Column("form", "string", "quote, paraphrase or headline", key("form"), True),
    Column("chain", "string", "how the words travelled, origin first and article last, separated by '; '",
           ids("chain"), True),
    Column("paragraph", "string", "fragment id of the article paragraph holding the quote (p12)", key("paragraph")),
    Column("note", "string", "editorial note on the item", key("note")),
], ["claim", "anchor"], [ForeignKey("claim", "claims"), ForeignKey("article", "articles"),
                         ForeignKey("speaker", "actors")])

ACTORS = Table("actors", "Actors", "One row per person, organisation, state, group, outlet or anonymous source.",
               listed("actors"), [
    Column("id", "string", "permanent id", key("id"), True),
    Column("name", "string", "display name", key("name"), True),
    Column("kind", "string", "person, organisation, state, armed-group, outlet or anonymous-source", key("kind"),
           True),
    Column("aliases", "string", "every other form of the name in the corpus, one per line", lines("aliases")),
    Column("description", "string", "one neutral sentence", key("description"), True),
    Column("affiliations", "string", "actor ids this one belongs to or speaks for, separated by '; '",
           ids("affiliations")),
    Column("url", "string", "site-relative URL of the actor page", key("url"), True),
], ["id"])

ARTICLES = Table("articles", "Articles", "One row per source article.", listed("articles"), [
    Column("id", "string", "permanent id", key("id"), True),
    Column("title", "string", "headline as captured", key("title"), True),
    Column("seed", "string", "path of the raw capture, also published at that path of the site", key("seed"), True),
    Column("url", "string", "site-relative URL of the article page", key("url"), True),
    Column("outlet", "string", "actor id of the publishing outlet, when the capture names it", key("outlet")),
    Column("author", "string", "actor id of the author, when the capture names one", key("author")),
    *date_columns("published", "publication"),
    Column("kind", "string", "news-report, analysis, opinion, blog-post or aggregated-excerpt", key("kind"), True),
    Column("relays", "string", "ids of the reports and articles it carries words from, separated by '; ' "
           "(with their bases in relays.csv)", relay_ids),
    Column("source_url", "string", "where the capture was taken from, only when known", key("source_url")),
    Column("captured", "string", "ISO date the capture was taken, only when known", key("captured")),
    Column("rights", "string", "rights or licence the captured text is held under, only when known", key("rights")),
    Column("removed", "string", "stretches of the seed left out of the body as 'first-last reason', separated by "
           "'; ' (the notes on them are in articles.json)", removed),
    Column("notes", "string", "editorial notes, one per line", lines("notes")),
], ["id"], [ForeignKey("outlet", "actors"), ForeignKey("author", "actors")])

REPORTS = Table("reports", "Original reports", "One row per original report that articles relay.",
                listed("reports"), [
    Column("id", "string", "permanent id; used as an evidence origin", key("id"), True),
    Column("outlet", "string", "actor id of who published it", key("outlet"), True),
    Column("title", "string", "headline, only when the corpus gives it", key("title")),
    *date_columns("published", "publication"),
    Column("description", "string", "what the report is", key("description"), True),
    Column("url", "string", "URL, only when the corpus gives it", key("url")),
    Column("page_url", "string", "site-relative URL of the report's page", key("page_url"), True),
    Column("relays", "string", "ids of the reports it carries words from, separated by '; ' (bases in relays.csv)",
           relay_ids),
    Column("relayed_by", "string", "ids of the reports and articles that relay it directly, separated by '; '",
           ids("relayed_by")),
], ["id"], [ForeignKey("outlet", "actors")])

RELAYS = Table("relays", "Relays", "One row per relay: an article or report carrying words from a report or "
               "article, and the basis for saying so.", relay_rows, [
    Column("relaying", "string", "id of the article or report that carries the words", key("relaying"), True),
    Column("relayed", "string", "id of the report or article they come from", key("relayed"), True),
    Column("basis_kind", "string", "stated or inferred; empty when the text names its source", basis("basis", "kind")),
    Column("basis_reason", "string", "why the relay is read so", basis("basis", "reason")),
], ["relaying", "relayed"])

TABLES = [CLAIMS, EVIDENCE, ACTORS, ARTICLES, REPORTS, RELAYS]


def cell(value: Any) -> Any:
    """A value as a CSV cell: null empty, booleans as true/false, text safe from formula execution."""
    if type(value) is str:  # most cells: tested first
        return "'" + value if FORMULA.match(value) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and FORMULA.match(value):
        return "'" + value
    return value


def csv_bytes(table: Table, rows: list[Row]) -> bytes:
    """One table as UTF-8 CSV: a BOM, a header row, then a row per item; \\n line ends, minimal quoting.

    Encoded as it is written: the text of a 25 MB table, held whole as a str, would take two to four times that.
    """
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    values = [c.value for c in table.columns]
    for row in rows:
        writer.writerow([cell(value(row)) for value in values])
    out.flush()
    return raw.getvalue()


def field_descriptor(column: Column) -> dict:
    """A Frictionless field descriptor for one column."""
    descriptor = {"name": column.name, "type": column.type, "description": column.description}
    if column.required:
        descriptor["constraints"] = {"required": True}
    return descriptor


def resource(table: Table, file: DataFile) -> dict:
    """A Frictionless tabular resource describing one CSV file as published (gzipped when large), with its size and
    hash: those of the published bytes, which is what Frictionless checks."""
    schema: dict[str, Any] = {"fields": [field_descriptor(c) for c in table.columns], "missingValues": [""],
                              "primaryKey": table.primary_key}
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": fk.column, "reference": {"resource": fk.table, "fields": fk.reference}}
                                 for fk in table.foreign_keys]
    described: dict[str, Any] = {"name": table.name, "path": file.name, "profile": "tabular-data-resource",
                                 "title": table.title, "description": table.description, "format": "csv"}
    if file.gzipped:
        described["compression"] = "gz"
    return described | {"mediatype": "text/csv", "encoding": "utf-8", "bytes": file.bytes,
                        "hash": f"sha256:{file.sha256}", "dialect": DIALECT, "schema": schema}


# Open Definition ids of the common data licences, by their usual spellings with case, spaces and hyphens folded.
CC = "https://creativecommons.org/licenses/"
ODC = "https://opendatacommons.org/licenses/"
KNOWN_LICENSES = {
    "CCBY40": ("CC-BY-4.0", CC + "by/4.0/"),
    "CCBYSA40": ("CC-BY-SA-4.0", CC + "by-sa/4.0/"),
    "CCBYNC40": ("CC-BY-NC-4.0", CC + "by-nc/4.0/"),
    "CCBYND40": ("CC-BY-ND-4.0", CC + "by-nd/4.0/"),
    "CCBYNCSA40": ("CC-BY-NC-SA-4.0", CC + "by-nc-sa/4.0/"),
    "CCBYNCND40": ("CC-BY-NC-ND-4.0", CC + "by-nc-nd/4.0/"),
    "CC010": ("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODCBY10": ("ODC-BY-1.0", ODC + "by/1-0/"),
    "ODCODBL10": ("ODC-ODbL-1.0", ODC + "odbl/1-0/"),
    "ODBL10": ("ODC-ODbL-1.0", ODC + "odbl/1-0/"),
    "ODCPDDL10": ("ODC-PDDL-1.0", ODC + "pddl/1-0/"),
    "PDDL10": ("ODC-PDDL-1.0", ODC + "pddl/1-0/"),
}


def license_descriptor(license: str) -> dict:
    """A Data Package licence for site.yaml's `license` text; the text itself is always the title.

    A known licence gets its Open Definition id and URL; a URL is the path; any other text is kept as the name
    (the spec wants an id there, and Frictionless requires a name or path: an id is never guessed).
    """
    known = KNOWN_LICENSES.get(re.sub(r"[^A-Z0-9]", "", license.upper()))
    if known:
        return {"name": known[0], "path": known[1], "title": license}
    if re.match(r"https?://\S+$", license):
        return {"path": license, "title": license}
    return {"name": license, "title": license}


def package(title: str, license: str | None, resources: list[dict]) -> dict:
    """The Data Package descriptor: the site title, its data licence only when site.yaml sets one, the resources."""
    descriptor: dict[str, Any] = {"profile": "tabular-data-package", "title": title, "description": DESCRIPTION}
    if license:
        descriptor["licenses"] = [license_descriptor(license)]
    descriptor["resources"] = resources
    return descriptor


PACKAGE = "data/datapackage.json"


@dataclass(frozen=True)
class DataFile:
    """One CSV file as published (its path ends in .gz when it was compressed), as the Data page lists it."""
    path: str
    title: str
    description: str
    rows: int
    bytes: int
    sha256: str
    columns: list[tuple[str, str]]  # (name, meaning)

    @property
    def name(self) -> str:
        """The file's name in data/, as the data package's resource path gives it."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def gzipped(self) -> bool:
        """Whether it is published gzip-compressed."""
        return self.path.endswith(".gz")


def as_made(path: str, content: bytes) -> tuple[str, bytes]:
    """A file published as it was made (no compression)."""
    return path, content


def csv_files(data: dict, publish: Callable[[str, bytes], tuple[str, bytes]] = as_made
              ) -> Iterator[tuple[DataFile, bytes]]:
    """Every CSV file, one at a time (so only one is held), as `publish` turns it out (export.published gzips the
    large ones)."""
    for table in TABLES:
        rows = table.rows(data)
        path, content = publish(table.path, csv_bytes(table, rows))
        yield DataFile(path, table.title, table.description, len(rows), len(content),
                       hashlib.sha256(content).hexdigest(), [(c.name, c.description) for c in table.columns]), content


def datapackage(files: list[DataFile], license: str | None, title: str) -> bytes:
    """data/datapackage.json describing the CSV files as csv_files published them (in TABLES order)."""
    resources = [resource(table, file) for table, file in zip(TABLES, files, strict=True)]
    return (json.dumps(package(title, license, resources), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
