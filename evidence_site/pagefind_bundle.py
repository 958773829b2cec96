"""Pagefind's output files, read and written: several Pagefind runs assembled into one byte-stable bundle.

Why: Pagefind holds every page's words in memory at once (about 300 KB per article of 650 words), so one run
over a large site needs gigabytes. search.py runs it over parts of the corpus, --jobs at a time, and
`assemble` joins their bundles into the one a reader's browser loads, exactly as one run over everything
would have written it (tests/test_search_format.py checks that), with three differences:
  - every file is named by its content or by the build, and every list is written in sorted order, so the
    same input gives the same bytes (Pagefind writes its filters in hash-map order: upstream issue #638);
  - fragments (one per page, loaded for each result shown) are named by the build and the page's number
    rather than by a hash of their own: the page list the browser loads before any query is mostly those
    names, and sequential ones compress to half. A new build with any change gets a new build name, so a
    browser never mixes a cached fragment of an old build into a new index;
  - the word index is cut into chunks of at most CHUNK_BYTES (a larger word alone), where Pagefind cuts once a
    chunk holds 20,000 word locations.

The file format is Pagefind's (pinned exactly in pyproject.toml): each index file is gzip, a signature, then
one CBOR value (read and written with cbor2). What this module relies on, found by reading Pagefind 1.5.2's
output and checked by tests/test_search_format.py:
  - pagefind-entry.json: {"version", "languages": {lang: {"hash", "wasm", "page_count"}}, …}
  - pagefind.<hash>.pf_meta: [version, pages, index chunks, filters, sorts, meta fields], where
    pages = [[fragment name, word count]], index chunks = [[from, to, chunk name]] (each covering the words
    from `from` to `to`, both cut to the shortest prefix that tells neighbouring chunks apart),
    filters = [[filter name, file name]], meta fields = the names of the meta values indexed as words.
  - index/<name>.pf_index: [[word, pages, variants], …] wrapped in a one-element list, words in code point
    order. pages = [[page number, locations, meta locations]]; the page number is the difference from the
    previous page in the list (the first: from 0). Locations: negative numbers set the weight of the
    words after them; meta locations: a negative number -(i + 1) names meta field i, then its positions.
    variants = [[spelling with diacritics, pages]], pages as above.
  - filter/<name>.pf_filter: [filter name, [[value, [page number, …]], …]], page numbers absolute.
  - fragment/<name>.pf_fragment: one page's JSON (URL, text, meta, filters, anchors), which is copied as is.
"""
from __future__ import annotations

import gzip
import hashlib
import heapq
import io
import itertools
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
# Uncompressed bytes per word index chunk. A query loads the chunk of each word it looks up, and the list of
# chunks is loaded before any query: 36 KB (about 15 KB gzipped) balances the two at 10,000 articles
# (Pagefind's own chunks hold 20,000 locations, about 80 KB).
CHUNK_BYTES = 36_000
GZIP_LEVEL = 4  # the word index is compressed again: level 9 takes 20 times as long for 2 % less
# What the assembler writes itself; every other file of the bundle (Pagefind's scripts, its WebAssembly)
# is the same in every run and is copied from the first.
OWN_FILES = ("pagefind-entry.json", "index", "filter", "fragment")


class FormatError(ValueError):
    """Pagefind wrote something this module does not expect (another version?)."""


@dataclass
class Part:
    """One Pagefind run's bundle, as the assembler reads it."""

    folder: Path
    lang: str
    meta: list
    number: int = 0  # its place among the parts
    offset: int = 0  # the number of the part's first page in the assembled bundle

    @property
    def pages(self) -> list:
        """[[fragment name, word count]] in page order."""
        return self.meta[1]


def read_pf(path: Path):
    """Decode a Pagefind index file: gzip, a signature, then one CBOR value."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise FormatError(f"{path}: not a Pagefind index file")
    stream = io.BytesIO(raw[len(SIGNATURE):])
    value = cbor2.load(stream)
    if stream.read(1):
        raise FormatError(f"{path}: trailing bytes after the index")
    return value


def write_pf_hashed(folder: Path, lang: str, digits: int, suffix: str, value, prefix: str = "",
                    previous: Path | None = None) -> str:
    """Write a Pagefind index file named by a hash of its content; return the name as Pagefind writes it."""
    # cbor2 writes the shortest form of each head, as Pagefind does; no floats occur in these files.
    raw = SIGNATURE + cbor2.dumps(value)
    name = f"{lang}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    put(folder / f"{prefix}{name}{suffix}", gzip.compress(raw, mtime=0), previous)
    return name


def read_part(folder: Path) -> Part:
    """A bundle's language and metadata, checked against the shape the assembler relies on."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry.get("languages") or {}
    if len(languages) != 1:
        raise FormatError(f"{folder}: one language expected in pagefind-entry.json, found {sorted(languages)}")
    ((lang, info),) = languages.items()
    meta = read_pf(folder / f"pagefind.{info['hash']}.pf_meta")
    if not (isinstance(meta, list) and len(meta) == 6 and meta[0] == entry.get("version")):
        raise FormatError(f"{folder}: the metadata is not [version, pages, chunks, filters, sorts, meta fields]")
    if meta[4]:
        raise FormatError(f"{folder}: sort indexes are not supported by the assembler")
    return Part(folder, lang, meta)


def assemble(folders: list[Path], bundle: Path, chunk_bytes: int = CHUNK_BYTES, keep: bool = False,
             previous: Path | None = None, words: Callable[[Part], Iterable[Word]] | None = None) -> None:
    """Join the bundles of Pagefind runs over disjoint pages into one bundle at `bundle` (a new or empty folder).

    The parts' fragments are moved into it, or linked with `keep` (the build cache keeps the parts). A file
    with the same name and bytes in `previous` (the bundle of the build before) is linked from there. `words`
    gives a part's words (default: `read_words`; the build cache keeps them parsed)."""
    parts = [read_part(f) for f in folders]
    lang, version = parts[0].lang, parts[0].meta[0]
    if any(p.lang != lang or p.meta[0] != version for p in parts):
        raise FormatError("every part must have the same language and Pagefind version")
    number_pages(parts)
    fields = meta_fields(parts)
    copy_scripts(parts[0].folder, bundle, keep)
    for sub in ("index", "filter", "fragment"):
        (bundle / sub).mkdir(exist_ok=True)
    pages = write_fragments(parts, bundle / "fragment", keep)
    chunks = write_chunks(merged_words(parts, words or read_words), bundle / "index", lang, chunk_bytes,
                          previous and previous / "index")
    filters = write_filters(parts, bundle / "filter", lang, previous and previous / "filter")
    meta = [version, pages, chunks, filters, [], fields]
    meta_name = write_pf_hashed(bundle, lang, 10, ".pf_meta", meta, prefix="pagefind.", previous=previous)
    entry = json.loads((parts[0].folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    entry["languages"] = {lang: {**entry["languages"][lang], "hash": meta_name, "page_count": len(pages)}}
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                                encoding="utf-8")


def number_pages(parts: list[Part]) -> None:
    """Give each part the number of its first page: the parts' pages follow each other in order."""
    offset = 0
    for number, p in enumerate(parts):
        p.number, p.offset, offset = number, offset, offset + len(p.pages)


def meta_fields(parts: list[Part]) -> list[str]:
    """The meta fields indexed as words: every part's must be the same (or a first few of them), so that the
    numbers naming them in the parts' meta locations stay right (search.py's documents only have a title)."""
    fields = max((p.meta[5] for p in parts), key=len)
    for p in parts:
        if p.meta[5] != fields[:len(p.meta[5])]:
            raise FormatError(f"{p.folder}: meta fields {p.meta[5]} differ from another part's {fields}")
    return fields


def copy_scripts(first: Path, bundle: Path, keep: bool = False) -> None:
    """Copy (with `keep`, link) Pagefind's scripts and WebAssembly (everything but the index) from the first part."""
    bundle.mkdir(parents=True, exist_ok=True)  # it may exist, empty (outdir.new_folder's spare folders)
    copy = link if keep else shutil.copyfile
    for src in sorted(first.iterdir()):
        if src.is_dir() and src.name not in OWN_FILES:
            shutil.copytree(src, bundle / src.name, copy_function=copy, dirs_exist_ok=True)
        elif src.name not in OWN_FILES and not src.name.endswith(".pf_meta"):
            copy(src, bundle / src.name)


def write_fragments(parts: list[Part], folder: Path, keep: bool = False) -> list[list]:
    """Move (or, with `keep`, link) every page's fragment to its new name; return the page list, [[name, count]].

    The build's name is a hash of every part's page list, which names each fragment by a hash of its content
    (Pagefind's own names), so any change to any fragment gives every fragment a new name.
    """
    pages = [(p, name, count) for p in parts for name, count in p.pages]
    listed = json.dumps([[name, count] for _, name, count in pages], separators=(",", ":"))
    build = f"{parts[0].lang}_{hashlib.sha256(listed.encode()).hexdigest()[:8]}_"
    for number, (part, name, _) in enumerate(pages):
        src, dest = part.folder / "fragment" / f"{name}.pf_fragment", folder / f"{build}{number:x}.pf_fragment"
        if keep:
            link(src, dest)
        else:
            move(src, dest)
    return [[f"{build}{number:x}", count] for number, (_, _, count) in enumerate(pages)]


def put(dest: Path, data: bytes, previous: Path | None) -> None:
    """Write `data` at `dest`, or link the file of the same name in the folder `previous` (the same folder of the
    previous bundle) when it holds the same bytes: the old file is then not deleted, nor a new one written."""
    same = previous / dest.name if previous else None
    try:
        if same is not None and same.is_file() and not same.is_symlink() and same.read_bytes() == data:
            dest.hardlink_to(same)
            return
    except OSError:
        pass
    dest.write_bytes(data)


def link(src: Path | str, dest: Path | str) -> None:
    """A second name for a file of a kept part (a hard link, else a copy): the cache checks its parts whole
    before it reuses them, so a change made through this name is found there."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def move(src: Path, dest: Path) -> None:
    """Move a file of a part's bundle (a rename when both are on one file system, else a copy)."""
    try:
        src.replace(dest)
    except OSError:
        shutil.copyfile(src, dest)


# The word index is rewritten without decoding every location (cbor2 reads and writes these lists at a few
# megabytes a second): the parser below reads each word and its list headers, and matches the runs of page
# entries with regular expressions, so the locations are copied as bytes. A page entry is
# [page number, [locations…], [meta locations…]]: an array of 3, an unsigned integer, then two arrays of
# integers. Integers and array heads have disjoint first bytes, which is what lets a run be matched.
_INT = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38][\x00-\xff]|[\x19\x39][\x00-\xff]{2}|[\x1a\x3a][\x00-\xff]{4}" \
       rb"|[\x1b\x3b][\x00-\xff]{8})"
_ARRAY = rb"(?:[\x80-\x97]|\x98[\x00-\xff]|\x99[\x00-\xff]{2}|\x9a[\x00-\xff]{4})"
_UINT = rb"(?:[\x00-\x17]|\x18[\x00-\xff]|\x19[\x00-\xff]{2}|\x1a[\x00-\xff]{4})"
PAGE_RUN = re.compile(rb"(?:\x83" + _UINT + _ARRAY + _INT + rb"*" + _ARRAY + _INT + rb"*)*")
PAGE_NUMBER = re.compile(rb"\x83(" + _UINT + rb")" + _ARRAY + _INT + rb"*" + _ARRAY + _INT + rb"*")


@dataclass
class Pages:
    """One word's page list from one part: the page entries as bytes, the first and last page numbers."""

    count: int
    first: int  # the first page's number (absolute: a list starts from 0)
    first_rest: bytes  # the first entry after its page number: its locations and meta locations
    rest: bytes  # every later entry, as Pagefind wrote them (numbers relative to the previous page)
    last: int  # the last page's number


Word = tuple[str, Pages | None, dict[str, Pages]]  # a word, its pages, and its spellings with diacritics with theirs


class Reader:
    """Reads the CBOR of one index chunk from a position, by the shapes above."""

    def __init__(self, raw: bytes):
        self.raw, self.pos = raw, 0

    def head(self, major: int) -> int:
        """The argument of the next data item's head, which must be of the given major type."""
        byte = self.raw[self.pos]
        if byte >> 5 != major:
            raise FormatError(f"index chunk: major type {major} expected at byte {self.pos}, found {byte:#x}")
        info, self.pos = byte & 0x1F, self.pos + 1
        if info < 24:
            return info
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
        if size is None:
            raise FormatError(f"index chunk: unexpected head {byte:#x} at byte {self.pos - 1}")
        value = int.from_bytes(self.raw[self.pos:self.pos + size], "big")
        self.pos += size
        return value

    def text(self) -> str:
        """The next text string."""
        length = self.head(3)
        self.pos += length
        return self.raw[self.pos - length:self.pos].decode("utf-8")

    def pages(self) -> Pages | None:
        """The next page list (None when it is empty)."""
        count = self.head(4)
        if count == 0:
            return None
        first = PAGE_NUMBER.match(self.raw, self.pos)
        run = PAGE_RUN.match(self.raw, first.end()) if first else None
        if not run:
            raise FormatError(f"index chunk: a list of page entries expected at byte {self.pos}")
        numbers = PAGE_NUMBER.findall(self.raw, run.start(), run.end())
        if len(numbers) != count - 1:
            raise FormatError(f"index chunk: {count} page entries announced at byte {self.pos}, "
                              f"{len(numbers) + 1} found")
        number, start = decode_uint(first.group(1)), self.pos + 1 + len(first.group(1))
        pages = Pages(count, number, self.raw[start:first.end()], self.raw[run.start():run.end()],
                      number + sum_uints(numbers))
        self.pos = run.end()
        return pages

    def words(self) -> Iterator[Word]:
        """Each word of the chunk: the word, its pages, and its spellings with diacritics with theirs."""
        if self.head(4) != 1:
            raise FormatError("index chunk: not a one-element array")
        for _ in range(self.head(4)):
            if self.head(4) != 3:
                raise FormatError(f"index chunk: a word entry of 3 items expected at byte {self.pos}")
            word, pages, variants = self.text(), self.pages(), {}
            for _ in range(self.head(4)):
                if self.head(4) != 2:
                    raise FormatError(f"index chunk: a variant of 2 items expected at byte {self.pos}")
                spelling = self.text()
                variants[spelling] = self.pages()
            yield word, pages, variants
        if self.pos != len(self.raw):
            raise FormatError(f"index chunk: {len(self.raw) - self.pos} bytes left after the last word")


def decode_uint(encoded: bytes) -> int:
    """An unsigned CBOR integer's value from its bytes."""
    value = SMALL_UINTS.get(encoded)
    return int.from_bytes(encoded[1:], "big") if value is None else value


def sum_uints(encoded: list[bytes]) -> int:
    """The sum of unsigned CBOR integers, looked up (there are millions) unless one is too large for the table."""
    try:
        return sum(map(SMALL_UINTS.__getitem__, encoded))
    except KeyError:
        return sum(map(decode_uint, encoded))


# The values of the unsigned integers of up to three bytes (below 65,536).
SMALL_UINTS = {bytes([n]): n for n in range(24)} | {bytes([24, n]): n for n in range(256)} | \
              {bytes([25, n >> 8, n & 255]): n for n in range(65536)}


def cbor_head(major: int, value: int) -> bytes:
    """The shortest head of a data item (as Pagefind and cbor2 write them)."""
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError(value)


def cbor_text(text: str) -> bytes:
    """A text string item."""
    data = text.encode("utf-8")
    return cbor_head(3, len(data)) + data


def read_words(part: Part) -> Iterator[Word]:
    """A part's words in code point order (as Pagefind sorts them), each with its pages and its variants'."""
    for _, _, name in part.meta[2]:
        raw = gzip.decompress((part.folder / "index" / f"{name}.pf_index").read_bytes())
        if not raw.startswith(SIGNATURE):
            raise FormatError(f"{name}.pf_index: not a Pagefind index file")
        yield from Reader(raw[len(SIGNATURE):]).words()


def numbered(words: Iterable[Word], number: int) -> Iterator[tuple[str, int, Pages | None, dict[str, Pages]]]:
    """Each word with the number of the part it comes from."""
    for word, pages, variants in words:
        yield word, number, pages, variants


def join(lists: list[tuple[Part, Pages | None]]) -> bytes:
    """One word's page lists from several parts as one list: each part's first page renumbered."""
    present = [(part, pages) for part, pages in lists if pages]
    out, last = [cbor_head(4, sum(p.count for _, p in present))], 0
    for part, pages in present:
        first = part.offset + pages.first
        out += [b"\x83", cbor_head(0, first - last), pages.first_rest, pages.rest]
        last = part.offset + pages.last
    return b"".join(out)


def merged_words(parts: list[Part], words: Callable[[Part], Iterable[Word]] = read_words
                 ) -> Iterator[tuple[str, bytes]]:
    """Every word of every part once, in code point order, as its encoded entry with every part's pages."""
    streams = [numbered(words(p), p.number) for p in parts]
    for word, group in itertools.groupby(heapq.merge(*streams, key=lambda w: (w[0], w[1])), key=lambda w: w[0]):
        entries = [(parts[number], pages, variants) for _, number, pages, variants in group]
        spellings = sorted({s for _, _, variants in entries for s in variants})
        encoded = [b"\x83", cbor_text(word), join([(part, pages) for part, pages, _ in entries]),
                   cbor_head(4, len(spellings))]
        for spelling in spellings:
            encoded += [b"\x82", cbor_text(spelling), join([(part, v.get(spelling)) for part, _, v in entries])]
        yield word, b"".join(encoded)


def write_chunks(words: Iterator[tuple[str, bytes]], folder: Path, lang: str, chunk_bytes: int,
                 previous: Path | None = None) -> list[list]:
    """Cut the words into chunks of at most chunk_bytes (uncompressed) but for a word larger than that, which
    gets a chunk of its own: a query for a rare word then never loads a common one's locations. Write each
    chunk; return [[from, to, name]]."""
    chunks: list[list] = []
    current: list[tuple[str, bytes]] = []
    size = 0
    for word, entry in words:
        if current and size + len(entry) > chunk_bytes:
            chunks.append(write_chunk(current, folder, lang, previous))
            current, size = [], 0
        current.append((word, entry))
        size += len(entry)
    if current:
        chunks.append(write_chunk(current, folder, lang, previous))
    for left, right in itertools.pairwise(chunks):
        left[1], right[0] = shortest_prefixes(left[1], right[0])
    return chunks


def write_chunk(words: list[tuple[str, bytes]], folder: Path, lang: str, previous: Path | None = None) -> list:
    """Write one chunk; return [first word, last word, name]."""
    raw = SIGNATURE + b"\x81" + cbor_head(4, len(words)) + b"".join(e for _, e in words)
    name = f"{lang}_{hashlib.sha256(raw).hexdigest()[:7]}"
    put(folder / f"{name}.pf_index", gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0), previous)
    return [words[0][0], words[-1][0], name]


def shortest_prefixes(last: str, first: str) -> tuple[str, str]:
    """The shortest prefixes that tell a chunk's last word from the next chunk's first word (as Pagefind cuts them)."""
    common = len(list(itertools.takewhile(lambda ab: ab[0] == ab[1], zip(last, first))))
    return last[:common + 1], first[:common + 1]


def write_filters(parts: list[Part], folder: Path, lang: str, previous: Path | None = None) -> list[list]:
    """Join each filter's pages across parts, sorted; write one file per filter; return [[name, file]]."""
    joined: dict[str, dict[str, list[int]]] = {}
    for p in parts:
        for _, file_name in p.meta[3]:
            fname, values = read_pf(p.folder / "filter" / f"{file_name}.pf_filter")
            for value, pages in values:
                joined.setdefault(fname, {}).setdefault(value, []).extend(n + p.offset for n in pages)
    return [[name, write_pf_hashed(folder, lang, 7, ".pf_filter",
                                   [name, [[v, sorted(pages)] for v, pages in sorted(values.items())]],
                                   previous=previous)]
            for name, values in sorted(joined.items())]
