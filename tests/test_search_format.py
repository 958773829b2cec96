"""Pagefind's index format is what search.stabilize() expects; otherwise these fail loudly, naming the change.

stabilize() decodes Pagefind's metadata and filter files, sorts them and writes them back under new names
(search.py says why). It was written against one Pagefind version, pinned in pyproject.toml. Bumping the
pin without re-checking stabilize() could silently drop or scramble search filters: these tests run the
installed Pagefind over the mini site and check every structure stabilize() relies on.
"""
from __future__ import annotations

import gzip
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import cbor2
import pytest

from evidence_site import build
from evidence_site.search import SIGNATURE, read_pf, stabilize

from helpers import MINI, PROJECT, tree_digest

BUMP = "re-check stabilize() in evidence_site/search.py before bumping the pin"


def format_changed(what: str) -> str:
    """The failure message every check here gives."""
    return f"Pagefind's index format changed: {what}; {BUMP}"


def pinned_pagefind() -> str:
    """The exact Pagefind version pyproject.toml pins (pagefind-bin==X, the binary that writes the index)."""
    deps = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = [m.group(1) for d in deps if (m := re.fullmatch(r"pagefind-bin==([\d.]+)", d))]
    assert len(pins) == 1, f"pyproject.toml must pin pagefind-bin exactly (pagefind-bin==X.Y.Z); it has {deps}"
    return pins[0]


def run_pagefind(site: Path) -> Path:
    """Run the installed Pagefind over a built site, as index_site does but without stabilizing."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return site / "pagefind"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    """The mini corpus rendered once without a search index."""
    out = tmp_path_factory.mktemp("pf-pages") / "_site"
    build.build(MINI, out, None, search=False)
    return out


@pytest.fixture
def fresh(pages: Path, tmp_path: Path) -> Path:
    """A fresh, unstabilized Pagefind bundle over a copy of the mini site."""
    site = tmp_path / "site"
    shutil.copytree(pages, site)
    return run_pagefind(site)


def entry_of(bundle: Path) -> dict:
    """pagefind-entry.json, parsed."""
    return json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))


def meta_paths(bundle: Path) -> list[Path]:
    """The metadata file of each language the entry file names."""
    return [bundle / f"pagefind.{info['hash']}.pf_meta" for _, info in sorted(entry_of(bundle)["languages"].items())]


def decoded(path: Path):
    """One index file decoded, or a loud failure naming what stabilize could not read."""
    try:
        return read_pf(path)
    except Exception as exc:  # any decoding failure means the format moved
        pytest.fail(format_changed(f"{path.name} no longer decodes as gzip + {SIGNATURE!r} + one CBOR value ({exc})"))


def is_pair_list(value, first, second) -> bool:
    """Whether value is a list of [first, second] pairs of the given types."""
    return isinstance(value, list) and all(
        isinstance(p, list) and len(p) == 2 and isinstance(p[0], first) and isinstance(p[1], second) for p in value)


def test_the_installed_pagefind_is_the_pinned_one():
    pinned = pinned_pagefind()
    installed = importlib.metadata.version("pagefind_bin")
    assert installed == pinned, format_changed(f"pagefind-bin {installed} is installed, stabilize() reads {pinned}")
    assert importlib.metadata.version("pagefind") == pinned, "pin pagefind[bin] to the same version as pagefind-bin"
    said = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True).stdout
    assert said.split() == ["pagefind", pinned], format_changed(f"`python -m pagefind --version` says {said!r}")


def test_the_entry_file_names_one_metadata_file_per_language(fresh):
    entry = entry_of(fresh)
    assert entry.get("version") == pinned_pagefind(), format_changed(f"pagefind-entry.json says version "
                                                                      f"{entry.get('version')!r}")
    languages = entry.get("languages")
    assert isinstance(languages, dict) and languages, format_changed(f"pagefind-entry.json has no languages: {entry}")
    for lang, info in languages.items():
        assert re.fullmatch(rf"{lang}_[0-9a-f]{{10}}", str(info.get("hash"))), format_changed(
            f"language {lang!r} has hash {info.get('hash')!r}, not '{lang}_' and 10 hex digits")
    for path in meta_paths(fresh):
        assert path.is_file(), format_changed(f"the entry file names {path.name}, which Pagefind did not write")


def test_the_metadata_lists_filters_where_stabilize_looks_for_them(fresh):
    for path in meta_paths(fresh):
        meta = decoded(path)
        assert isinstance(meta, list) and len(meta) > 3, format_changed(f"{path.name} is not a list of 4+ fields")
        assert meta[0] == pinned_pagefind(), format_changed(f"{path.name} starts with {meta[0]!r}, not the version")
        filters = meta[3]
        assert is_pair_list(filters, str, str) and filters, format_changed(
            f"field 3 of {path.name} is not the [[filter name, file hash], ...] list: {filters!r}")
        assert sorted(name for name, _ in filters) == ["actor", "status", "type"]  # the site's data-pagefind-filter
        for _, file_hash in filters:
            assert (fresh / "filter" / f"{file_hash}.pf_filter").is_file(), format_changed(
                f"{path.name} names filter {file_hash}, but filter/{file_hash}.pf_filter does not exist")


def test_each_filter_file_is_a_name_and_its_values_with_page_numbers(fresh):
    files = sorted((fresh / "filter").glob("*.pf_filter"))
    assert len(files) == 3, format_changed(f"filter/ holds {[p.name for p in files]}, not one file per filter")
    for path in files:
        value = decoded(path)
        assert isinstance(value, list) and len(value) == 2 and isinstance(value[0], str), format_changed(
            f"{path.name} is not [filter name, values]: {value!r:.200}")
        assert is_pair_list(value[1], str, list) and value[1], format_changed(
            f"{path.name}'s values are not [[value, [page, ...]], ...]: {value[1]!r:.200}")
        assert all(isinstance(n, int) and n >= 0 for _, pages in value[1] for n in pages), format_changed(
            f"{path.name} lists page numbers that are not non-negative integers")


def test_cbor2_writes_back_exactly_the_bytes_pagefind_wrote(fresh):
    """stabilize() may change order only: re-encoding a decoded file must give Pagefind's own bytes."""
    for path in [*meta_paths(fresh), *sorted((fresh / "filter").glob("*.pf_filter"))]:
        raw = gzip.decompress(path.read_bytes())
        assert cbor2.dumps(decoded(path)) == raw[len(SIGNATURE):], format_changed(
            f"{path.name} re-encodes to different bytes (a CBOR form cbor2 writes otherwise, e.g. floats or "
            "indefinite lengths)")


def test_stabilize_keeps_every_filter_value_and_is_idempotent(fresh):
    def filter_contents(bundle: Path) -> dict:
        """Filter name -> {value: sorted pages}, read through the metadata as the browser does."""
        (meta,) = [decoded(p) for p in meta_paths(bundle)]
        return {name: {v: sorted(pages) for v, pages in decoded(bundle / "filter" / f"{h}.pf_filter")[1]}
                for name, h in meta[3]}

    before = filter_contents(fresh)
    stabilize(fresh)
    assert filter_contents(fresh) == before
    assert len(list((fresh / "filter").iterdir())) == len(before)  # the old files were replaced, not left
    once = tree_digest(fresh)
    stabilize(fresh)
    assert tree_digest(fresh) == once, "stabilize() run twice changed the index: it must be idempotent"


def test_two_pagefind_runs_stabilize_to_the_same_bytes(pages, tmp_path):
    bundles = []
    for name in ("one", "two"):
        shutil.copytree(pages, tmp_path / name)
        bundles.append(run_pagefind(tmp_path / name))
        stabilize(bundles[-1])
    assert tree_digest(bundles[0]) == tree_digest(bundles[1])
