"""CSV files and data/datapackage.json (evidence_site/tables.py): valid Frictionless, complete, spreadsheet-safe."""
from __future__ import annotations

import copy
import csv
import gzip
import io
import json
import re
from pathlib import Path

import pytest

from evidence_site import build, export, tables
from evidence_site.pages.data import Export

from helpers import MINI, PROJECT

frictionless = pytest.importorskip("frictionless")

CSVS = ["data/claims.csv", "data/evidence.csv", "data/actors.csv", "data/articles.csv", "data/reports.csv",
        "data/relays.csv"]


def exported(root: Path) -> dict:
    """The JSON-ready data the site exports for a corpus (what render writes as data/*.json)."""
    site, plan, problems = build.gather(root, None)
    assert not problems.errors
    return plan.export.values()


def published(data: dict, license: str | None = None, title: str = "t") -> dict[str, bytes]:
    """Every data file as the write pass publishes it, by path."""
    return dict(Export(lambda: data, license, title).files())


def csv_files(data: dict, license: str | None = None, title: str = "t") -> dict[str, str]:
    """The CSV files and data/datapackage.json as text, by path (none compressed: the test data is small)."""
    return {path: content.decode("utf-8") for path, content in published(data, license, title).items()
            if path in CSVS or path == tables.PACKAGE}


@pytest.fixture(scope="module")
def project_data() -> dict:
    """The project's own corpus, exported."""
    return exported(PROJECT)


@pytest.fixture(scope="module")
def mini_data() -> dict:
    """The mini fixture corpus, exported."""
    return exported(MINI)


def write(files: dict[str, str | bytes], out: Path) -> Path:
    """Write the files as the site would (UTF-8, newlines untouched) and return datapackage.json's path."""
    for path, content in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return out / "data" / "datapackage.json"


def read_rows(text: str) -> list[dict[str, str]]:
    """A CSV text as a spreadsheet program's reader sees it: dicts keyed by the header."""
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def errors(descriptor: Path) -> list[str]:
    """Frictionless' error types for a data package, empty when it is valid."""
    report = frictionless.validate(str(descriptor))
    return [row[0] for row in report.flatten(["type"])]


def unformula(cell: str) -> str:
    """Undo the guard as docs/data.md tells readers to: drop one apostrophe from a cell matching ^'+[=+-@ tab CR]."""
    return cell[1:] if re.match("^'+[=+\\-@\t\r\uff1d\uff0b\uff0d\uff20]", cell) else cell


def test_the_project_corpus_is_a_valid_data_package(project_data, tmp_path):
    files = csv_files(project_data, None, "A title")
    assert sorted(files) == sorted(CSVS + ["data/datapackage.json"])
    assert errors(write(files, tmp_path)) == []


def test_every_item_is_one_row(project_data):
    files = csv_files(project_data, None, "A title")
    for name in ("claims", "actors", "articles", "reports"):
        items = project_data[f"data/{name}.json"]
        rows = read_rows(files[f"data/{name}.csv"])
        assert [r["id"] for r in rows] == [i["id"] for i in items]
    evidence = read_rows(files["data/evidence.csv"])
    assert len(evidence) == sum(len(c["evidence"]) for c in project_data["data/claims.json"])
    relays = read_rows(files["data/relays.csv"])
    assert len(relays) == sum(len(x["relays"]) for n in ("articles", "reports") for x in project_data[f"data/{n}.json"])


def test_an_evidence_row_carries_its_item(mini_data):
    rows = read_rows(csv_files(mini_data, None, "t")["data/evidence.csv"])
    claim = mini_data["data/claims.json"][0]
    item = claim["evidence"][-1]
    row = next(r for r in rows if r["claim"] == claim["id"] and r["anchor"] == item["anchor"])
    for name in ("article", "speaker", "origin", "stance", "form", "extent"):
        assert row[name] == item[name]
    assert unformula(row["quote"]) == item["quote"]
    assert row["chain"].split("; ") == item["chain"]


def test_lists_nulls_and_nested_bases_are_flat(mini_data):
    data = copy.deepcopy(mini_data)
    claim = data["data/claims.json"][0]
    claim.update(date="2014-09", date_basis={"kind": "inferred", "reason": "because"}, note=None,
                 supporting_groups=[{"origin": "a", "restatements": ["b", "c"]}, {"origin": "d", "restatements": []}],
                 related=[{"claim": "x", "relation": "contradicts"}, {"claim": "y", "relation": "context"}])
    data["data/actors.json"][0]["aliases"] = ["One; with semicolon", "Two"]
    claims = read_rows(csv_files(data, None, "t")["data/claims.csv"])
    actors = read_rows(csv_files(data, None, "t")["data/actors.csv"])
    assert (claims[0]["date"], claims[0]["date_basis_kind"], claims[0]["date_basis_reason"]) == \
        ("2014-09", "inferred", "because")
    assert claims[0]["note"] == ""
    assert claims[0]["supporting_groups"] == "a: b, c; d"
    assert claims[0]["related"] == "x: contradicts; y: context"
    assert claims[0]["anonymous_only"] in ("true", "false")
    assert actors[0]["aliases"].split("\n") == ["One; with semicolon", "Two"]


HOSTILE = ['He said, "no"\nand left.\r\nThen: "yes"', "=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)",
           "\tTAB", "'=already quoted", "'plain apostrophe", "ordinary"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_and_never_starts_a_formula(mini_data, tmp_path, text):
    data = copy.deepcopy(mini_data)
    data["data/claims.json"][0]["evidence"][0]["quote"] = text
    data["data/claims.json"][0]["statement"] = text
    files = csv_files(data, None, "t")
    quote = read_rows(files["data/evidence.csv"])[0]["quote"]
    statement = read_rows(files["data/claims.csv"])[0]["statement"]
    for cell in (quote, statement):
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
        assert unformula(cell) == text


def test_a_package_full_of_hostile_text_still_validates(mini_data, tmp_path):
    """Every hostile text at once, one per evidence item, validated in one frictionless run."""
    data = copy.deepcopy(mini_data)
    items = [ev for claim in data["data/claims.json"] for ev in claim["evidence"]]
    for ev, text in zip(items, HOSTILE * len(items)):
        ev["quote"] = text
    assert len(items) >= 3
    assert errors(write(csv_files(data, None, "t"), tmp_path)) == []


def test_the_formula_guard_is_reversible():
    assert tables.cell("=1+1") == "'=1+1"
    assert tables.cell("'=1+1") == "''=1+1"
    assert tables.cell("'quoted'") == "'quoted'"
    assert tables.cell("\uff1dSUM(A1)") == "'\uff1dSUM(A1)"
    assert tables.cell(-3) == -3 and tables.cell(True) == "true" and tables.cell(None) == ""


def test_files_are_utf8_with_unix_newlines_and_deterministic(project_data):
    first = csv_files(project_data, "CC BY 4.0", "Títle")
    again = csv_files(copy.deepcopy(project_data), "CC BY 4.0", "Títle")
    assert first == again
    assert published(project_data) == published(copy.deepcopy(project_data))  # the JSON files too
    for path in CSVS:
        assert "\r" not in first[path]
        assert first[path].startswith("\ufeff") and first[path].endswith("\n")
    descriptor = json.loads(first["data/datapackage.json"])
    assert descriptor["title"] == "Títle"


def test_a_broken_reference_is_caught_by_the_declared_foreign_keys(mini_data, tmp_path):
    data = copy.deepcopy(mini_data)
    data["data/claims.json"][0]["evidence"][0]["speaker"] = "nobody-at-all"
    assert "foreign-key" in errors(write(csv_files(data, None, "t"), tmp_path))


def test_duplicate_ids_break_the_primary_key(mini_data, tmp_path):
    data = copy.deepcopy(mini_data)
    data["data/actors.json"].append(dict(data["data/actors.json"][0]))
    assert "primary-key" in errors(write(csv_files(data, None, "t"), tmp_path))


def licenses(license: str | None, data: dict) -> list[dict] | None:
    """The licenses entry of the data package written for a site.yaml `license`."""
    return json.loads(csv_files(data, license, "t")["data/datapackage.json"]).get("licenses")


def test_no_licence_is_invented(mini_data):
    assert licenses(None, mini_data) is None


def test_a_known_licence_gets_its_id_and_any_other_is_kept_as_written(mini_data, tmp_path):
    assert licenses("CC BY 4.0", mini_data) == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                                 "title": "CC BY 4.0"}]
    assert licenses("cc0-1.0", mini_data)[0]["name"] == "CC0-1.0"
    assert licenses("Free for research; ask us", mini_data) == [{"name": "Free for research; ask us",
                                                                 "title": "Free for research; ask us"}]
    assert errors(write(csv_files(mini_data, "Free for research; ask us", "t"), tmp_path)) == []


def test_every_column_is_documented():
    from test_docs import doc_tables
    documented = doc_tables("docs/data.md")
    for table in tables.TABLES:
        assert {c.name for c in table.columns} in documented, f"docs/data.md: the columns of {table.path}"


def test_the_data_page_lists_every_csv_with_its_rows(mini_data):
    data = Export(lambda: mini_data, None, "t")
    with pytest.raises(RuntimeError):
        data.view()  # the Data page is written after the files it describes
    files = {path: content.decode("utf-8") for path, content in data.files()}
    entries = data.view()["tables"]
    assert [e.path for e in entries] == CSVS
    for entry in entries:
        assert entry.rows == len(read_rows(files[entry.path]))
        assert entry.bytes == len(files[entry.path].encode("utf-8"))
        header = next(csv.reader(io.StringIO(files[entry.path][1:])))
        assert [name for name, _ in entry.columns] == header
    assert [(f.path, f.records) for f in data.view()["json_files"]] == [
        (path, len(mini_data[path])) for path in export.JSON_PATHS]


def test_a_file_over_the_limit_is_published_gzipped_and_its_package_still_validates(mini_data, tmp_path,
                                                                                    monkeypatch):
    plain = published(mini_data)
    monkeypatch.setattr(export, "GZIP_OVER", 1000)  # the mini corpus's claims.json, claims.csv… are over 1 KB
    files = published(mini_data)
    big = sorted(path for path, content in plain.items() if len(content) > 1000 and path != tables.PACKAGE)
    assert "data/claims.json" in big and "data/claims.csv" in big and "data/relays.csv" not in big
    assert sorted(files) == sorted([*(p + ".gz" for p in big), *(p for p in plain if p not in big)])
    for path in big:
        assert gzip.decompress(files[path + ".gz"]) == plain[path]
    package = json.loads(files[tables.PACKAGE])
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    assert (claims["path"], claims["compression"], claims["bytes"]) == (
        "claims.csv.gz", "gz", len(files["data/claims.csv.gz"]))
    assert "compression" not in next(r for r in package["resources"] if r["name"] == "relays")
    assert errors(write(files, tmp_path)) == []  # Frictionless reads the .gz files and checks their hashes


def test_a_gzipped_file_is_the_same_bytes_on_any_machine():
    content = "“claims”\n".encode() * 5000
    made = export.gzip_bytes(content)
    assert made == export.gzip_bytes(content) and gzip.decompress(made) == content
    assert made[:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no time, system unknown
