"""Link previews and the Data page, on the built sample site (issue: sharing and citing, data a spreadsheet opens)."""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
from PIL import Image

from evidence_site import build, export

from helpers import MINI, PROJECT


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The project's corpus built for a base URL, as for GitHub Pages, without search."""
    out = tmp_path_factory.mktemp("published") / "_site"
    build.build(PROJECT, out, "https://example.org/evidence/", search=False)
    return out


def meta(html: str, prop: str) -> list[str]:
    """The content of every <meta property|name=prop> tag."""
    return re.findall(rf'<meta (?:name="[^"]*" )?(?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)


def claim_pages(site: Path) -> list[Path]:
    """Every claim page of a built site."""
    return sorted(p for p in (site / "claims").glob("*/index.html"))


def test_every_claim_has_its_own_preview_text(published):
    descriptions = [meta(p.read_text(), "og:description")[0] for p in claim_pages(published)]
    assert len(descriptions) > 10
    assert len(set(descriptions)) == len(descriptions), "two claims share a link preview text"
    assert all(len(htmllib.unescape(d)) <= 200 for d in descriptions)


def test_claim_previews_carry_a_large_card_that_exists(published):
    for page in claim_pages(published):
        html = page.read_text()
        (image,) = meta(html, "og:image")
        assert image.startswith("https://example.org/evidence/cards/")
        card = published / image.removeprefix("https://example.org/evidence/")
        with Image.open(card) as img:
            assert img.size == (1200, 630)
        assert meta(html, "twitter:card") == ["summary_large_image"]
        assert len(htmllib.unescape(meta(html, "og:title")[0])) <= 70


def test_without_a_base_url_no_card_is_announced(mini_site):
    """og:image must be absolute; without --base-url the page announces no card it cannot locate (no twitter:card
    either: "summary" is what a preview without one shows)."""
    html = next(iter(claim_pages(mini_site))).read_text()
    assert meta(html, "og:image") == [] and meta(html, "twitter:card") == []


def test_the_data_page_lists_every_published_data_file(published):
    html = (published / "data" / "index.html").read_text()
    files = sorted(p.name for p in (published / "data").iterdir() if p.suffix in (".csv", ".json"))
    assert "evidence.csv" in files and "datapackage.json" in files
    for name in files:
        assert f'href="../data/{name}"' in html, name
    footer = (published / "index.html").read_text()
    assert 'href="data/">Data</a>' in footer


def test_the_mini_corpus_also_gets_its_data_page(mini_site):
    assert (mini_site / "data" / "claims.csv").read_text(encoding="utf-8-sig").startswith("id,")
    assert MINI.is_dir()


def test_large_data_files_are_published_gzipped_and_the_data_page_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "GZIP_OVER", 3000)  # the mini corpus's claims.json is over 3 KB
    build.build(MINI, tmp_path / "_site", None, search=False)
    data = tmp_path / "_site" / "data"
    names = sorted(p.name for p in data.iterdir() if p.name != "index.html")
    assert "claims.json.gz" in names and "claims.json" not in names and "relays.csv" in names
    page = (data / "index.html").read_text()
    for name in names:
        assert f'href="../data/{name}"' in page, name
    assert "is published gzip-compressed" in page and "claims.json.gz</a>" in page
    assert 'href="../data/">The Data page</a>' in (tmp_path / "_site/about/index.html").read_text()


def test_small_data_files_are_published_as_they_are(mini_site):
    assert not list((mini_site / "data").glob("*.gz"))
    assert "gzip" not in (mini_site / "data/index.html").read_text()
