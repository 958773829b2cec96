"""The pictures on the built site: present where the issue puts them, labelled, linked to pages that exist."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

SVG = re.compile(r'<svg\b[^>]*class="picture[^"]*"[^>]*>.*?</svg>', re.S)
PAGES = {
    "home (contested claims × origins)": "index.html",
    "network page": "actors/network/index.html",
    "timeline axis": "timeline/index.html",
}


def pictures(html: str) -> list[str]:
    """Every picture SVG on a page."""
    return SVG.findall(html)


def hrefs(svg: str) -> list[str]:
    """Every link target inside an SVG."""
    return re.findall(r'href="([^"]+)"', svg)


def resolves(site: Path, page: str, href: str) -> bool:
    """Whether a relative link from a page lands on a file of the built site (fragments ignored)."""
    target = urljoin("http://x/" + page, href).removeprefix("http://x/").split("#")[0]
    path = site / target
    return (path / "index.html").is_file() if target.endswith("/") or not target else path.is_file()


@pytest.mark.parametrize("where", sorted(PAGES))
def test_each_site_picture_is_labelled_well_formed_and_linked(real_site, where):
    page = PAGES[where]
    html = (real_site / page).read_text()
    found = pictures(html)
    assert found, f"no picture on the {where}"
    for svg in found:
        root = ET.fromstring(svg.replace("&nbsp;", " "))
        ns = "{http://www.w3.org/2000/svg}"
        assert root.find(f"{ns}title") is not None and root.find(f"{ns}desc") is not None
        links = hrefs(svg)
        assert links and all(resolves(real_site, page, h) for h in links), where
    assert "<table" in html  # the text equivalent


def test_every_actor_page_with_links_shows_its_network(real_site):
    pages = sorted((real_site / "actors").glob("*/index.html"))
    with_network = [p for p in pages if 'id="network-h"' in p.read_text()]
    assert len(with_network) > len(pages) // 2
    # the most discussed actor shows both its network and the claims-about-them × origins matrix
    assert any(len(pictures(p.read_text())) == 2 for p in with_network)


def test_no_page_is_over_the_size_budget(real_site):
    largest = max((p for p in real_site.rglob("*.html")), key=lambda p: p.stat().st_size)
    assert largest.stat().st_size < 500_000, largest
