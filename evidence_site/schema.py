"""The reading schema of every record kind, derived from the field declarations in model.py.

The tables in docs/content-format.md document these same fields; a test keeps them in step.
"""
from __future__ import annotations

from . import model
from .checks import MAX_ID_LENGTH, SLUG, Field, Schema, read_record, schema_of, text

__all__ = ["ALL_SCHEMAS", "MAX_ID_LENGTH", "SLUG", "Schema", "read_record"]

SITE = schema_of(model.SiteConfig, "site.yaml")
ACTOR = schema_of(model.Actor, "actor")
REPORT = schema_of(model.Report, "report")
RELAY = schema_of(model.Relay, "relay")
BASIS = schema_of(model.DateBasis, "basis")
DATE_BASIS = schema_of(model.DateBasis, "date_basis")
REMOVED = schema_of(model.Removed, "removed stretch")
ARTICLE = schema_of(model.Article, "article front matter",
                    (Field("url", text, required=False),))  # the deprecated name of source_url, still read
EVIDENCE = schema_of(model.Evidence, "evidence item")
RELATED = schema_of(model.Related, "related item")
CLAIM = schema_of(model.Claim, "claim")
CORRECTION = schema_of(model.Correction, "correction")

ALL_SCHEMAS = (SITE, ACTOR, REPORT, ARTICLE, REMOVED, RELAY, BASIS, CLAIM, EVIDENCE, RELATED, DATE_BASIS, CORRECTION)
