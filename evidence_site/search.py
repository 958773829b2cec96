"""Stage 4: the Pagefind search index, built over the rendered site (never downloaded at build time).

Pagefind writes its filter indexes in hash-map order, so two runs over the same pages give
different bytes (Pagefind issue #638). `stabilize` re-encodes those files in sorted order and
renames them by content, so the same input builds a byte-identical site.
"""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import struct
import subprocess
import sys
from pathlib import Path

from .outdir import BuildError

SIGNATURE = b"pagefind_dcd"


def index_site(site_dir: Path) -> None:
    """Run `python -m pagefind` over the rendered site, then make its output deterministic."""
    if importlib.util.find_spec("pagefind") is None:
        raise BuildError("pagefind is not installed; run: pip install 'pagefind[bin]' (or pip install -e .)")
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").exists():
        raise BuildError(f"pagefind failed (exit {result.returncode}):\n{result.stdout}{result.stderr}")
    stabilize(site_dir / "pagefind")


def stabilize(bundle: Path) -> None:
    """Sort every filter index, name it by its content, and point the metadata and entry file at it."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_pf(meta_path)
        filters = []
        for name, old_hash in meta[3]:
            old = bundle / "filter" / f"{old_hash}.pf_filter"
            fname, values = read_pf(old)
            new_hash = write_pf_hashed(bundle / "filter", lang, 7, ".pf_filter",
                                       [fname, sorted([v, sorted(pages)] for v, pages in values)])
            if new_hash != old_hash:
                old.unlink()
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        meta_path.unlink()
        info["hash"] = write_pf_hashed(bundle, lang, 10, ".pf_meta", meta, prefix="pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def read_pf(path: Path):
    """Decode a Pagefind index file: gzip, a signature, then one CBOR value."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind index file")
    value, end = cbor_decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise ValueError(f"{path}: trailing bytes after the index")
    return value


def write_pf_hashed(folder: Path, lang: str, digits: int, suffix: str, value, prefix: str = "") -> str:
    """Write a Pagefind index file named by a hash of its content; return the hash as Pagefind names it."""
    raw = SIGNATURE + cbor_encode(value)
    name = f"{lang}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name


def cbor_decode(data: bytes, i: int = 0):
    """Decode the CBOR subset Pagefind writes (integers, strings, arrays, maps, simple values)."""
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg = int.from_bytes(data[i:i + size], "big")
        i += size
    else:
        raise ValueError(f"unsupported CBOR length encoding {info}")
    if major == 0:
        return arg, i
    if major == 1:
        return -1 - arg, i
    if major in (2, 3):
        chunk = data[i:i + arg]
        return (chunk if major == 2 else chunk.decode("utf-8")), i + arg
    if major in (4, 5):
        items = []
        for _ in range(arg * (2 if major == 5 else 1)):
            item, i = cbor_decode(data, i)
            items.append(item)
        return (items if major == 4 else dict(zip(items[::2], items[1::2]))), i
    if major == 7:
        return _Simple(arg), i
    raise ValueError(f"unsupported CBOR major type {major}")


class _Simple(int):
    """A CBOR simple value (false, true, null), kept as its number so it re-encodes unchanged."""


def _head(major: int, n: int) -> bytes:
    """The CBOR initial byte(s) for a major type and length or value."""
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError("integer too large for CBOR")


def cbor_encode(value) -> bytes:
    """Encode what cbor_decode returns, in the shortest form (as Pagefind writes it)."""
    if isinstance(value, _Simple):
        return _head(7, int(value))
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(cbor_encode(k) + cbor_encode(v) for k, v in value.items())
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")
