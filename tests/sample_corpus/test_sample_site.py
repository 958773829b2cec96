"""The sample corpus: its seeds are the captures as received, and its built site says what it should."""
from __future__ import annotations

from .sample import SEED_SHA256, seed_digest


def test_sample_seeds_are_the_captures_as_received():
    for name, digest in SEED_SHA256.items():
        assert seed_digest(name).startswith(digest), f"seeds/{name} was edited"


def test_home_page_names_the_most_relayed_outlets_from_the_content(real_site):
    html = (real_site / "index.html").read_text()
    assert "— Washington Post, White House, BBC and the other reports the articles relay." in html
    about = (real_site / "about" / "index.html").read_text()
    assert "The site takes 5 captured articles apart" in about
