"""Former ids: the old address of a renamed claim, actor, article or report leads to its page; collisions are errors."""
from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest
import test_site

from evidence_site import build
from evidence_site.serve import make_server

from helpers import MINI, check_messages, edit

RENAMED = {"claim": ("claims", "ministry-paid-militia", "ministry-funded-militia"),
           "actor": ("actors", "j-roe", "jane-roe"),
           "article": ("articles", "beta-old", "beta"),
           "report": ("reports", "ledger-money", "ledger-spending")}


def former(root: Path, relpath: str, rid: str, *old: str) -> None:
    """List former ids on the record `rid` of a YAML file of a copied corpus."""
    edit(root, relpath, f"- id: {rid}\n", f"- id: {rid}\n  former_ids: [{', '.join(old)}]\n")


def rename_all(root: Path) -> None:
    """Give one claim, actor, article and report of a copied mini corpus a former id."""
    former(root, "site_src/claims/main.yaml", "ministry-funded-militia", "ministry-paid-militia")
    former(root, "site_src/actors.yaml", "jane-roe", "j-roe")
    edit(root, "site_src/articles/beta.md", "kind: opinion\n", "kind: opinion\nformer_ids: [beta-old]\n")
    former(root, "site_src/reports.yaml", "ledger-spending", "ledger-money")


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> Path:
    """The mini corpus with former ids, copied once for the module."""
    root = tmp_path_factory.mktemp("renamed") / "mini"
    shutil.copytree(MINI, root)
    rename_all(root)
    return root


@pytest.fixture(scope="module")
def renamed_site(renamed, tmp_path_factory) -> Path:
    """The renamed corpus built without a base URL (and without the search index)."""
    out = tmp_path_factory.mktemp("renamed-site") / "_site"
    build.build(renamed, out, None, search=False)
    return out


def head_tags(html: str) -> dict[str, str]:
    """The redirect-relevant tags of a page: the refresh, the canonical link and the robots rule."""
    found = {}
    for name, pattern in [("refresh", r'<meta http-equiv="refresh" content="([^"]*)">'),
                          ("canonical", r'<link rel="canonical" href="([^"]*)">'),
                          ("robots", r'<meta name="robots" content="([^"]*)">')]:
        match = re.search(pattern, html)
        if match:
            found[name] = match.group(1)
    return found


@pytest.mark.parametrize("kind", sorted(RENAMED))
def test_an_old_address_redirects_to_the_new_page(renamed_site, kind):
    folder, old, new = RENAMED[kind]
    html = (renamed_site / folder / old / "index.html").read_text()
    assert head_tags(html) == {"refresh": f"0; url=../{new}/", "canonical": f"../{new}/", "robots": "noindex"}
    assert f'<a href="../{new}/">' in html  # the visible link, for when neither the refresh nor the script runs
    assert f"This {kind} has moved" in html
    assert (renamed_site / folder / new / "index.html").is_file()


def test_the_redirect_keeps_the_fragment_of_the_old_link(renamed_site):
    html = (renamed_site / "claims/ministry-paid-militia/index.html").read_text()
    assert '<script>location.replace("../ministry-funded-militia/" + location.hash);</script>' in html


def test_with_a_base_url_the_canonical_link_is_absolute(renamed, tmp_path):
    out = tmp_path / "_site"
    build.build(renamed, out, "https://example.org/evidence", search=False)
    html = (out / "actors/j-roe/index.html").read_text()
    assert head_tags(html)["canonical"] == "https://example.org/evidence/actors/jane-roe/"
    assert head_tags(html)["refresh"] == "0; url=../jane-roe/"
    sitemap = (out / "sitemap.xml").read_text()
    assert "https://example.org/evidence/actors/jane-roe/" in sitemap
    assert "j-roe" not in sitemap and "beta-old" not in sitemap and "ministry-paid-militia" not in sitemap


def test_an_old_report_anchor_is_sent_on_to_the_report_page(renamed_site):
    # Before each report had a page, a report was an entry of the reports page (reports/#id). The first page of
    # the reports index sends such a link on to reports/id/ (a former id's page sends it on again), and only
    # when no element of the page has that id: the page's own anchors still work.
    html = (renamed_site / "reports/index.html").read_text()
    script = re.search(r"<script>(.*?)</script>", html.split("</head>")[0], re.S).group(1)
    assert "!document.getElementById(id)" in script and 'location.replace(id + "/")' in script
    assert "<script>" not in (renamed_site / "reports/index.html").read_text().split("</head>")[1]
    assert (renamed_site / "reports/ledger-spending/index.html").is_file()


def test_redirect_pages_link_only_to_pages_that_exist(renamed_site):
    assert test_site.broken_links(renamed_site) == []


def test_without_former_ids_no_redirect_page_is_written(mini_site):
    for folder, old, _ in RENAMED.values():
        assert not (mini_site / folder / old).exists()


def test_a_former_id_that_is_a_live_id_is_an_error(mini):
    former(mini, "site_src/claims/main.yaml", "ministry-funded-militia", "ministry-partners-militia")
    assert check_messages(mini) == [
        "site_src/claims/main.yaml:2: former id 'ministry-partners-militia' of claim 'ministry-funded-militia' is the "
        "id of claim 'ministry-partners-militia' (site_src/claims/main.yaml:19); an old address can lead to one page "
        "only: remove it from former_ids, or give claim 'ministry-partners-militia' another id"]


def test_a_former_id_listed_twice_or_equal_to_its_own_id_is_an_error(mini):
    former(mini, "site_src/actors.yaml", "jane-roe", "j-roe", "jane-roe")
    former(mini, "site_src/actors.yaml", "militia", "j-roe")
    former(mini, "site_src/reports.yaml", "wl-partnering", "ledger-spending")
    assert check_messages(mini) == [
        "site_src/actors.yaml:13: former id 'j-roe' of actor 'jane-roe' is also a former id of actor 'militia' "
        "(site_src/actors.yaml:6); an old address can lead to one page only: keep it on the actor that had this id",
        "site_src/actors.yaml:13: former id 'jane-roe' of actor 'jane-roe' is its own id; remove it from former_ids",
        "site_src/reports.yaml:7: former id 'ledger-spending' of report 'wl-partnering' is the id of report "
        "'ledger-spending' (site_src/reports.yaml:1); an old address can lead to one page only: remove it from "
        "former_ids, or give report 'ledger-spending' another id"]


def test_a_reference_to_a_former_id_names_the_new_one(mini):
    rename_all(mini)
    edit(mini, "site_src/claims/main.yaml", "      speaker: jane-roe\n", "      speaker: j-roe\n")
    assert check_messages(mini) == [
        "site_src/claims/main.yaml:31: unknown actor id 'j-roe'; 'j-roe' is the former id of actor 'jane-roe'; "
        "did you mean 'jane-roe'?"]


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian chromium is not installed")
def test_in_chromium_an_old_link_lands_on_the_new_page_at_its_fragment(renamed_site, browser):
    server = make_server(renamed_site, 0, "/")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        page.goto(base + "claims/ministry-paid-militia/#e2")
        page.wait_for_url(base + "claims/ministry-funded-militia/#e2", timeout=10_000)
        assert page.locator("h1").inner_text() == "The ministry spent $1 billion on the militia."
        page.goto(base + "reports/#ledger-money")
        page.wait_for_url(base + "reports/ledger-spending/", timeout=10_000)
        page.goto(base + "reports/#ledger-spending")
        page.wait_for_url(base + "reports/ledger-spending/", timeout=10_000)
    finally:
        context.close()
        server.shutdown()
