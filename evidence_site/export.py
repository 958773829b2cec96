"""The evidence as data: data/*.json (schema in docs/data.md)."""
from __future__ import annotations

from typing import Any

from .links import Refs
from .xref import Site


def data_files(site: Site, refs: Refs) -> dict[str, Any]:
    """The whole evidence as JSON (schema in docs/data.md)."""
    corpus = site.corpus
    claims = []
    for claim in corpus.claims.values():
        st, row = site.status[claim.id], refs.claims[claim.id]
        claims.append({
            "id": claim.id, "url": row.url, "statement": claim.statement, "type": claim.type,
            "status": st.status, "status_label": row.status_label, "status_reason": refs.status_reason(st, row.is_view),
            "independent_origins": st.independent_origins, "supporting_origins": list(st.supporting_origins),
            "disputing_origins": list(st.disputing_origins), "supporting_groups": _groups(st.supporting),
            "disputing_groups": _groups(st.disputing), "partial_items": st.partial, "anonymous_only": st.anonymous_only,
            "articles": list(st.articles), "subjects": list(claim.subjects),
            "date": claim.date, "date_basis": _basis(claim.date_basis), "note": claim.note,
            "evidence": [{
                "anchor": ref.anchor, "article": ref.evidence.article, "quote": ref.evidence.quote,
                "speaker": ref.evidence.speaker, "origin": ref.evidence.origin, "stance": ref.evidence.stance,
                "extent": ref.evidence.extent, "form": ref.evidence.form, "chain": list(ref.chain),
                "paragraph": f"p{ref.spot.block}" if ref.spot else None, "note": ref.evidence.note,
            } for ref in site.evidence[claim.id]],
            "related": [{"claim": r.claim, "relation": r.relation} for r in claim.related],
        })
    actors = [{
        "id": a.id, "name": a.name, "kind": a.kind, "aliases": list(a.aliases), "description": a.description,
        "affiliations": list(a.affiliations), "url": refs.actors[a.id].url,
    } for a in corpus.actors.values()]
    articles = [{
        "id": a.id, "title": a.title, "seed": a.seed, "url": refs.articles[a.id].url, "outlet": a.outlet,
        "author": a.author, "published": a.published, "date_basis": _basis(a.date_basis), "kind": a.kind,
        "relays": [_relay(r) for r in a.relays], "source_url": a.source_url,
        "captured": a.captured, "rights": a.rights,
        "removed": [{"lines": [r.first, r.last], "reason": r.reason, "note": r.note} for r in a.removed],
        "notes": list(a.notes),
    } for a in corpus.articles.values()]
    reports = [{
        "id": r.id, "outlet": r.outlet, "title": r.title, "published": r.published,
        "date_basis": _basis(r.date_basis), "description": r.description, "url": r.url,
        "page_url": refs.origins[r.id].url, "relays": [_relay(x) for x in r.relays],
        "relayed_by": site.relayed_by.get(r.id, []),
    } for r in corpus.reports.values()]
    return {"data/claims.json": claims, "data/actors.json": actors, "data/articles.json": articles,
            "data/reports.json": reports}


def _groups(groups) -> list[dict]:
    """Independent origin groups as JSON: the origin and the origins that restate it."""
    return [{"origin": g.origin, "restatements": list(g.restatements)} for g in groups]


def _relay(relay) -> dict:
    """A Relay as JSON: the id it carries words from, and the basis (null when the text names its source)."""
    return {"id": relay.id, "basis": _basis(relay.basis)}


def _basis(basis) -> dict | None:
    """A DateBasis as JSON."""
    return {"kind": basis.kind, "reason": basis.reason} if basis else None
