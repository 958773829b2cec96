"""The sample corpus's own curation tests run only when the project holds the sample corpus.

A user who replaces site_src/ and seeds/ with a corpus of their own keeps the engine tests (which run on
fixtures under tests/ and on any valid corpus) and skips these: they assert the sample's own words.
"""
from __future__ import annotations

import hashlib

import pytest

from conftest import PROJECT

SEED_SHA256 = {  # the five captures as received; seeds are the raw record and are never edited
    "000_dd6a662fee414855.txt": "45c7325b7e4eda19",
    "001_8af32c62d6c01960.txt": "fa0168d720fd9422",
    "002_54302b17e97d2168.txt": "ef52f51c8b118622",
    "003_d84c082470441b26.txt": "966dc509c8c6fba2",
    "004_23d83de05309710b.txt": "f592ec5ad71c3d87",
}


def holds_sample_corpus() -> bool:
    """Whether seeds/ holds exactly the sample's file names (their contents are checked by a test here)."""
    seeds = PROJECT / "seeds"
    names = sorted(p.name for p in seeds.iterdir() if p.is_file()) if seeds.is_dir() else []
    return names == sorted(SEED_SHA256)


def seed_digest(name: str) -> str:
    """The SHA-256 of one project seed, in hex."""
    return hashlib.sha256((PROJECT / "seeds" / name).read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def only_on_the_sample_corpus():
    """Skip every test in this folder unless the project's seeds are the sample corpus's."""
    if not holds_sample_corpus():
        pytest.skip("the project's seeds/ is not the sample corpus; these tests check that corpus only")
