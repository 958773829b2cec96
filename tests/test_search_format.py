"""Pagefind's index format is what pagefind_bundle.assemble() expects; otherwise these fail loudly, naming the change.

assemble() joins the bundles of several Pagefind runs into one, rewriting the page list, the word index (at the
byte level) and the filters (evidence_site/pagefind_bundle.py says why and what it relies on). It was written
against one Pagefind version, pinned in pyproject.toml. These tests run the installed Pagefind over the search
documents of the mini corpus and check every structure assemble() relies on, then that the assembled bundle
holds exactly what one Pagefind run over everything holds.
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

from evidence_site import build, search
from evidence_site.pagefind_bundle import SIGNATURE, FormatError, Reader, assemble, cbor_head, read_pf

from helpers import MINI, PROJECT, tree_digest

BUMP = "re-check evidence_site/pagefind_bundle.py before bumping the pin"
# Two documents that give Pagefind's index its rarer shapes: words only spelt with diacritics (variants),
# a title (meta locations) and a word on both documents.
ACCENTS = [search.SearchDoc("accents/one/", search.document("en", "article", "<h1>Café Zoë</h1>\n<p>a naïve café "
                                                           "résumé near the cafe</p>")),
           search.SearchDoc("accents/two/", search.document("en", "article", "<h1>Other</h1>\n<p>a resume, a café "
                                                           "and a cafe</p>"))]


def format_changed(what: str) -> str:
    """The failure message every format check here gives."""
    return f"Pagefind's index format changed: {what}; {BUMP}"


def pinned_pagefind() -> str:
    """The exact Pagefind version pyproject.toml pins (pagefind-bin==X, the binary that writes the index)."""
    deps = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = [m.group(1) for d in deps if (m := re.fullmatch(r"pagefind-bin==([\d.]+)", d))]
    assert len(pins) == 1, f"pyproject.toml must pin pagefind-bin exactly (pagefind-bin==X.Y.Z); it has {deps}"
    return pins[0]


@pytest.fixture(scope="module")
def documents() -> list[search.SearchDoc]:
    """The mini corpus's search documents, and two with accents."""
    site, plan, problems = build.gather(MINI, None)
    assert not problems.errors
    return [*search.search_corpus(site, plan.names), *ACCENTS]


def pagefind_over(docs: list[search.SearchDoc], folder: Path) -> Path:
    """Run the installed Pagefind over documents, as index_site does for one part; return its bundle."""
    search.write_corpus(docs, folder / "corpus")
    search.run_pagefind(folder / "corpus", folder / "bundle")
    return folder / "bundle"


@pytest.fixture(scope="module")
def single(documents, tmp_path_factory) -> Path:
    """One Pagefind run over every document, not assembled."""
    return pagefind_over(documents, tmp_path_factory.mktemp("single"))


def three_parts(docs: list[search.SearchDoc], folder: Path) -> list[Path]:
    """Pagefind run over the documents in three parts (claims, actors and articles mixed across them)."""
    thirds = [docs[len(docs) * i // 3:len(docs) * (i + 1) // 3] for i in range(3)]
    return [pagefind_over(part, folder / f"part-{i}") for i, part in enumerate(thirds)]


def entry_of(bundle: Path) -> dict:
    """pagefind-entry.json, parsed."""
    return json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))


def meta_of(bundle: Path) -> list:
    """The metadata file of the bundle's one language."""
    ((_, info),) = entry_of(bundle)["languages"].items()
    return decoded(bundle / f"pagefind.{info['hash']}.pf_meta")


def decoded(path: Path):
    """One index file decoded, or a loud failure naming what assemble could not read."""
    try:
        return read_pf(path)
    except Exception as exc:  # any decoding failure means the format moved
        pytest.fail(format_changed(f"{path.name} no longer decodes as gzip + {SIGNATURE!r} + one CBOR value ({exc})"))


def fragment(bundle: Path, name: str) -> dict:
    """A page's fragment: gzip, a signature, then JSON."""
    raw = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
    return json.loads(raw[raw.index(b"{"):])


def absolute(pages: list) -> list[tuple[int, tuple, tuple]]:
    """A page list with each page number made absolute (each is the difference from the previous one)."""
    out, number = [], 0
    for delta, locs, meta_locs in pages:
        number += delta
        out.append((number, tuple(locs), tuple(meta_locs)))
    return out


def contents(bundle: Path) -> dict:
    """What a bundle holds, by page URL, whatever the page order and file names: every page's fragment and word
    count, every word's (and spelling's) locations on each page, every filter value's pages, the meta fields."""
    meta = meta_of(bundle)
    pages = [(fragment(bundle, name), count) for name, count in meta[1]]
    urls = [f["url"] for f, _ in pages]

    def on_pages(page_list: list) -> dict:
        return {urls[n]: (locs, meta_locs) for n, locs, meta_locs in absolute(page_list)}

    words = {}
    for _, _, name in meta[2]:
        for word, page_list, variants in decoded(bundle / "index" / f"{name}.pf_index")[0]:
            assert word not in words, f"{word!r} is in two chunks"
            words[word] = (on_pages(page_list), {v: on_pages(vp) for v, vp in variants})
    filters = {}
    for _, name in meta[3]:
        fname, values = decoded(bundle / "filter" / f"{name}.pf_filter")
        filters[fname] = {v: sorted(urls[n] for n in numbers) for v, numbers in values}
    return {"pages": dict(zip(urls, pages)), "words": words, "filters": filters, "fields": meta[5],
            "count": len(urls), "version": meta[0]}


# The installed Pagefind writes what assemble() reads


def test_the_installed_pagefind_is_the_pinned_one():
    pinned = pinned_pagefind()
    installed = importlib.metadata.version("pagefind_bin")
    assert installed == pinned, format_changed(f"pagefind-bin {installed} is installed, assemble() reads {pinned}")
    assert importlib.metadata.version("pagefind") == pinned, "pin pagefind[bin] to the same version as pagefind-bin"
    said = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True).stdout
    assert said.split() == ["pagefind", pinned], format_changed(f"`python -m pagefind --version` says {said!r}")


def test_the_entry_file_names_one_metadata_file_for_the_one_language(single):
    entry = entry_of(single)
    assert entry.get("version") == pinned_pagefind(), format_changed(f"pagefind-entry.json says {entry}")
    assert list(entry["languages"]) == ["en"], format_changed(f"languages {entry['languages']}")
    info = entry["languages"]["en"]
    assert re.fullmatch(r"en_[0-9a-f]{10}", info["hash"]) and info["page_count"] > 0, format_changed(f"{info}")
    assert (single / f"pagefind.{info['hash']}.pf_meta").is_file(), format_changed("the metadata file is missing")


def test_the_metadata_is_version_pages_chunks_filters_sorts_and_meta_fields(single):
    meta = meta_of(single)
    assert isinstance(meta, list) and len(meta) == 6, format_changed(f"the metadata has {len(meta)} fields, not 6")
    version, pages, chunks, filters, sorts, fields = meta
    assert version == pinned_pagefind(), format_changed(f"the metadata starts with {version!r}")
    assert all(isinstance(n, str) and isinstance(c, int) for n, c in pages), format_changed("pages")
    assert all(all(isinstance(x, str) for x in c) and len(c) == 3 for c in chunks), format_changed("chunks")
    assert sorted(name for name, _ in filters) == ["status", "type"], format_changed(f"filters {filters}")
    assert sorts == [] and fields == ["title"], format_changed(f"sorts {sorts}, meta fields {fields}")
    for name, _ in pages:
        assert (single / "fragment" / f"{name}.pf_fragment").is_file(), format_changed(f"no fragment {name}")


def test_each_chunk_is_words_with_pages_and_spellings_and_page_numbers_are_differences(single):
    meta = meta_of(single)
    page_urls = [fragment(single, name)["url"] for name, _ in meta[1]]
    for _, _, name in meta[2]:
        value = decoded(single / "index" / f"{name}.pf_index")
        assert isinstance(value, list) and len(value) == 1, format_changed(f"{name} is not a one-element list")
        for _, pages, variants in value[0]:
            for number, locs, meta_locs in [*pages, *(p for _, vp in variants for p in vp)]:
                assert isinstance(number, int) and number >= 0, format_changed(f"page number {number!r}")
                assert all(isinstance(x, int) for x in [*locs, *meta_locs]), format_changed("locations")
            assert [number for number, _, _ in absolute(pages)] == sorted({n for n, _, _ in absolute(pages)})
    # The word of the accented documents: its page numbers, made absolute, name both pages.
    words = [w for _, _, c in meta[2] for w in decoded(single / "index" / f"{c}.pf_index")[0]]
    ((cafe_pages, spellings),) = [(p, v) for w, p, v in words if w == "cafe"]
    assert {page_urls[n] for n, _, _ in absolute(cafe_pages)} == {"/accents/one/", "/accents/two/"}
    assert [s for s, _ in spellings] == ["café"], format_changed(f"spellings with diacritics {spellings}")


def test_the_byte_level_reader_reads_every_chunk_as_cbor2_does(single):
    for _, _, name in meta_of(single)[2]:
        raw = gzip.decompress((single / "index" / f"{name}.pf_index").read_bytes())[len(SIGNATURE):]
        expected = cbor2.loads(raw)[0]
        read = list(Reader(raw).words())
        assert [w for w, _, _ in read] == [w for w, _, _ in expected]
        for (_, pages, variants), (_, want_pages, want_variants) in zip(read, expected):
            for got, want in [(pages, want_pages), *((variants[s], vp) for s, vp in want_variants)]:
                numbers = [n for n, _, _ in absolute(want)]
                assert (got.count, got.first, got.last) == (len(want), numbers[0], numbers[-1]) if want else not got


def test_cbor_heads_are_the_shortest_as_cbor2_and_pagefind_write_them():
    for value in (0, 23, 24, 255, 256, 65535, 65536, 2**32 - 1, 2**32):
        assert cbor_head(0, value) == cbor2.dumps(value)
    for length in (0, 23, 24, 255, 256, 65535, 65536):
        assert cbor_head(4, length) + b"\x00" * length == cbor2.dumps([0] * length)


# assemble()


def test_three_parts_assemble_to_what_one_run_over_everything_holds(documents, single, tmp_path):
    assemble(three_parts(documents, tmp_path), tmp_path / "assembled")
    assert contents(tmp_path / "assembled") == contents(single)


def test_one_part_assembles_to_what_pagefind_wrote_in_small_chunks_too(documents, single, tmp_path):
    shutil.copytree(single, tmp_path / "copy")
    assemble([tmp_path / "copy"], tmp_path / "assembled", chunk_bytes=100)
    assert contents(tmp_path / "assembled") == contents(single)
    chunks = meta_of(tmp_path / "assembled")[2]
    assert len(chunks) > 2 * len(meta_of(single)[2])  # smaller chunks: their bounds cut to the shortest prefixes
    for (_, to, _), (start, _, _) in zip(chunks, chunks[1:]):
        assert "" < to < start


def test_assembling_fresh_runs_twice_gives_the_same_bytes(documents, tmp_path):
    for name in ("one", "two"):
        assemble(three_parts(documents, tmp_path / name), tmp_path / name / "assembled")
    assert tree_digest(tmp_path / "one" / "assembled") == tree_digest(tmp_path / "two" / "assembled")
    files = tree_digest(tmp_path / "one" / "assembled")
    assert "pagefind.js" in files and any(name.startswith("filter/") for name in files)


def test_any_changed_page_renames_every_fragment(documents, tmp_path):
    """A browser holding a fragment of the previous build in its cache must never take it for a new one."""
    changed = [*documents[:-1], search.SearchDoc("accents/two/", search.document("en", "article", "<p>new</p>"))]
    names = []
    for name, docs in (("before", documents), ("after", changed)):
        assemble([pagefind_over(docs, tmp_path / name)], tmp_path / name / "assembled")
        names.append({n for n, _ in meta_of(tmp_path / name / "assembled")[1]})
    assert names[0] and not names[0] & names[1]


def test_the_page_list_names_fragments_by_build_and_number(documents, single, tmp_path):
    shutil.copytree(single, tmp_path / "copy")
    assemble([tmp_path / "copy"], tmp_path / "assembled")
    pages = meta_of(tmp_path / "assembled")[1]
    build_name = pages[0][0].rsplit("_", 1)[0]
    assert re.fullmatch(r"en_[0-9a-f]{8}", build_name)
    assert [name for name, _ in pages] == [f"{build_name}_{n:x}" for n in range(len(pages))]


def test_parts_with_different_languages_are_refused(documents, tmp_path):
    french = [search.SearchDoc("fr/", search.document("fr", "article", "<h1>Bonjour</h1>"))]
    parts = [pagefind_over(documents[:3], tmp_path / "en"), pagefind_over(french, tmp_path / "fr")]
    with pytest.raises(FormatError, match="same language"):
        assemble(parts, tmp_path / "assembled")


def test_a_chunk_that_is_not_what_pagefind_writes_is_refused(single, tmp_path):
    bundle = shutil.copytree(single, tmp_path / "copy")
    chunk = next((bundle / "index").iterdir())
    chunk.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps([[["word", [[0, [1], [], 7]], []]]])))
    with pytest.raises(FormatError, match="index chunk"):
        assemble([bundle], tmp_path / "assembled")
