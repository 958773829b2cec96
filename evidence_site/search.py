"""Stage 4: the Pagefind search index, built over the rendered site (never downloaded at build time).

Pagefind writes its filter indexes in hash-map order, so two runs over the same pages give
different bytes (Pagefind issue #638). `stabilize` re-encodes those files in sorted order and
renames them by content, so the same input builds a byte-identical site. That depends on Pagefind's
file format, so pyproject.toml pins Pagefind exactly and tests/test_search_format.py fails loudly when
the installed version writes anything stabilize does not expect. CBOR is read and written with cbor2.
"""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import cbor2

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
    stream = io.BytesIO(raw[len(SIGNATURE):])
    value = cbor2.load(stream)
    if stream.read(1):
        raise ValueError(f"{path}: trailing bytes after the index")
    return value


def write_pf_hashed(folder: Path, lang: str, digits: int, suffix: str, value, prefix: str = "") -> str:
    """Write a Pagefind index file named by a hash of its content; return the hash as Pagefind names it."""
    # cbor2 writes the shortest form of each head, as Pagefind does; floats (which would need
    # canonical=True to be shortest) never occur in the files stabilize rewrites.
    raw = SIGNATURE + cbor2.dumps(value)
    name = f"{lang}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name
