"""The sample corpus's own curation tests run only when the project holds the sample corpus.

A user who replaces site_src/ and seeds/ with a corpus of their own keeps the engine tests (which run on
fixtures under tests/ and on any valid corpus) and skips these: they assert the sample's own words.
"""
from __future__ import annotations

import pytest

from .sample import holds_sample_corpus


@pytest.fixture(autouse=True)
def only_on_the_sample_corpus():
    """Skip every test in this folder unless the project's seeds are the sample corpus's."""
    if not holds_sample_corpus():
        pytest.skip("the project's seeds/ is not the sample corpus; these tests check that corpus only")
