"""The evidence as data: data/*.json (every key in docs/data.md), and how a data file is published.

Each record carries the fields its model class declares (model.py), in declared order, then what the build
derived: URLs, the status and its origins, the chain each quote travelled. A field added to the model is
exported without a change here.
"""
from __future__ import annotations

import io
import json
import struct
import zlib
from dataclasses import is_dataclass
from functools import cache
from typing import Any

from .checks import declared_fields
from .links import Refs
from .provenance import OriginGroup
from .xref import EvidenceRef, Site

JSON_PATHS = ("data/claims.json", "data/actors.json", "data/articles.json", "data/reports.json")
# A data file larger than this is published gzip-compressed, as name.ext.gz (docs/data.md): at 10,000 articles
# claims.json is 79 MB (10 MB gzipped) and the site must stay under a static host's limit (GitHub Pages: 1 GB).
# A corpus whose files are all smaller, like the sample, publishes them as they are.
GZIP_OVER = 10_000_000
GZIP_LEVEL = 6  # zlib's default: level 9 takes about twice as long for 2 % less


def data_files(site: Site, refs: Refs) -> dict[str, Any]:
    """Every data file by its site-relative path."""
    corpus = site.corpus
    return {
        "data/claims.json": [claim_json(site, refs, c.id) for c in corpus.claims.values()],
        "data/actors.json": [declared(a) | {"url": refs.actors[a.id].url} for a in corpus.actors.values()],
        "data/articles.json": [{"id": a.id} | declared(a) | {"url": refs.articles[a.id].url}
                               for a in corpus.articles.values()],
        "data/reports.json": [declared(r) | {"page_url": refs.origins[r.id].url,
                                             "relayed_by": site.relayed_by.get(r.id, [])}
                              for r in corpus.reports.values()],
    }


def declared(record: Any) -> dict[str, Any]:
    """A record's declared, exported fields as JSON values, in declared order."""
    return {name: jsonable(getattr(record, name)) for name in exported_names(type(record))}


@cache  # asked once per record exported (hundreds of thousands at 10,000 articles): it depends on the class only
def exported_names(cls: type) -> tuple[str, ...]:
    """The names of a model class's declared fields that are exported, in declared order."""
    return tuple(f.name for f in declared_fields(cls) if f.metadata["spec"].exported)


PLAIN = frozenset({str, int, float, bool, type(None)})  # JSON as they are: most values are these


def jsonable(value: Any) -> Any:
    """A model value as JSON: nested records by their declared fields, tuples as lists."""
    if type(value) in PLAIN:
        return value
    if is_dataclass(value):
        return declared(value)
    if isinstance(value, tuple):
        return [jsonable(v) for v in value]
    return value


def claim_json(site: Site, refs: Refs, claim_id: str) -> dict[str, Any]:
    """A claim with its status, the independent origins counted, and each evidence item located and chained."""
    claim, st, row = site.corpus.claims[claim_id], site.status[claim_id], refs.claims[claim_id]
    data = declared(claim)
    data["evidence"] = [evidence_json(ref) for ref in site.evidence[claim_id]]
    return data | {
        "url": row.url, "status": st.status, "status_label": row.status_label,
        "status_reason": refs.status_reason(st, row.is_view), "independent_origins": st.independent_origins,
        "supporting_origins": list(st.supporting_origins), "disputing_origins": list(st.disputing_origins),
        "supporting_groups": groups_json(st.supporting), "disputing_groups": groups_json(st.disputing),
        "partial_items": st.partial, "anonymous_only": st.anonymous_only, "articles": list(st.articles),
    }


def evidence_json(ref: EvidenceRef) -> dict[str, Any]:
    """One evidence item: its declared fields, its anchor on the claim page, its paragraph and its chain."""
    return declared(ref.evidence) | {"anchor": ref.anchor, "chain": list(ref.chain),
                                     "paragraph": f"p{ref.spot.block}" if ref.spot else None}


def groups_json(groups: tuple[OriginGroup, ...]) -> list[dict[str, Any]]:
    """Independent origin groups: the origin and the origins that restate it."""
    return [{"origin": g.origin, "restatements": list(g.restatements)} for g in groups]


def json_bytes(records: list[Any]) -> bytes:
    """A data file's JSON list, compact, encoded record by record: the same bytes as one json.dumps of the list,
    without its whole text held as a str (two to four bytes a character beside the UTF-8). json's C encoder only
    runs for a whole value at a time (an indent, or iterencode, would use its pure-Python one: 10 s for
    claims.json at 10,000 articles)."""
    out = io.BytesIO()
    out.write(b"[")
    for i, record in enumerate(records):
        out.write((b"," if i else b"") + json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    out.write(b"]\n")
    return out.getvalue()


def published(path: str, content: bytes) -> tuple[str, bytes]:
    """The path and bytes a data file is published as: gzipped, with .gz added, when it is over GZIP_OVER."""
    return (path + ".gz", gzip_bytes(content)) if len(content) > GZIP_OVER else (path, content)


def gzip_bytes(content: bytes) -> bytes:
    """gzip with a fixed header (no file name, no time, system 'unknown'): the same content gives the same bytes on
    every machine, which gzip.compress does not promise (its header names the system zlib was built for)."""
    deflate = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(content) + deflate.flush()
    header = b"\x1f\x8b\x08\x00" + b"\x00\x00\x00\x00" + b"\x00\xff"  # magic, deflate, no flags; mtime 0; xfl, OS
    return header + body + struct.pack("<II", zlib.crc32(content), len(content) & 0xFFFFFFFF)
