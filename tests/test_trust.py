"""Trust basics: the corrections log and its notes, the last update from the content's own dates, the data licence,
and the publishing workflow on current action versions."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from evidence_site import build

from helpers import PROJECT, check_messages

LOG = """\
- date: 2025-03-01
  claim: ministry-funded-militia
  what: "The statement said *$2 billion*; the article says $1 billion."
- date: 2025-04-02
  what: The reports page gave the Daily Ledger report the wrong month.
- date: 2025-03-01
  claim: ministry-funded-militia
  what: The claim's date basis quoted the wrong article.
"""

# Majors that run on Node 20 or older (GitHub warns on every run); the first Node 24 majors are checkout v5,
# setup-python v6, configure-pages v6, upload-pages-artifact v5 (its upload-artifact step) and deploy-pages v5.
NODE20_OR_OLDER = {"actions/checkout": range(1, 5), "actions/setup-python": range(1, 6),
                   "actions/configure-pages": range(1, 6), "actions/upload-pages-artifact": range(1, 5),
                   "actions/deploy-pages": range(1, 5)}
WORKFLOWS = [PROJECT / ".github/workflows", PROJECT / "evidence_site/skeleton/_github/workflows"]


def built(root: Path, tmp_path: Path) -> Path:
    """Build a copied corpus without the search index; return the output folder."""
    out = tmp_path / "_site"
    build.build(root, out, None, search=False)
    return out


def add_to_site_yaml(root: Path, line: str) -> None:
    """Append a field to the site.yaml of a copied corpus."""
    path = root / "site_src/site.yaml"
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def footer(html: str) -> str:
    """The footer of a page."""
    return html[html.index('<footer class="site-footer">'):html.index("</footer>")]


@pytest.fixture
def logged(mini, tmp_path) -> Path:
    """The mini corpus with a corrections log of three entries, built."""
    (mini / "site_src/corrections.yaml").write_text(LOG, encoding="utf-8")
    return built(mini, tmp_path)


def test_the_corrections_page_lists_entries_newest_first(logged):
    html = (logged / "corrections/index.html").read_text()
    ids = re.findall(r'<li id="(c-[^"]+)">', html)
    assert ids == ["c-2025-04-02", "c-2025-03-01", "c-2025-03-01-2"]  # one date: in file order
    site_wide = html[html.index('id="c-2025-04-02"'):html.index('id="c-2025-03-01"')]
    assert "The site as a whole" in site_wide and "wrong month" in site_wide
    first = html[html.index('id="c-2025-03-01"'):html.index('id="c-2025-03-01-2"')]
    assert '<a href="../claims/ministry-funded-militia/">The ministry spent $1 billion on the militia.</a>' in first
    assert "<em>$2 billion</em>" in first


def test_a_corrected_claim_says_so_under_its_status_and_links_to_the_entry(logged):
    html = (logged / "claims/ministry-funded-militia/index.html").read_text()
    notes = re.findall(r'<div class="note correction-note"[^>]*><strong><a href="([^"]+)">Corrected on '
                       r'<time datetime="([^"]+)">', html)
    assert notes == [("../../corrections/#c-2025-03-01", "2025-03-01"),
                     ("../../corrections/#c-2025-03-01-2", "2025-03-01")]
    assert html.index("correction-note") > html.index('id="status-h"')
    assert "wrong month" not in html  # a correction to the site as a whole is on the log only
    assert "correction-note" not in (logged / "claims/ministry-partners-militia/index.html").read_text()


def test_every_footer_links_the_log_and_gives_the_newest_stated_date(logged):
    for page in ("index.html", "claims/ministry-funded-militia/index.html", "corrections/index.html"):
        foot = footer((logged / page).read_text())
        assert 'Content last updated: <time datetime="2025-04-02">2 Apr 2025</time>' in foot, page
        assert re.search(r'<a href="(\.\./)*corrections/"', foot), page


def test_site_yaml_updated_counts_when_it_is_the_latest_date(mini, tmp_path):
    (mini / "site_src/corrections.yaml").write_text(LOG, encoding="utf-8")
    add_to_site_yaml(mini, "updated: 2025-06-30")
    foot = footer((built(mini, tmp_path) / "index.html").read_text())
    assert 'Content last updated: <time datetime="2025-06-30">30 Jun 2025</time>' in foot


def test_without_a_stated_date_or_a_log_the_footer_says_nothing_of_either(mini, tmp_path):
    seed = mini / "seeds/alpha.txt"
    os.utime(seed, (2_000_000_000, 2_000_000_000))  # a file time is never taken as a date of the content
    site = built(mini, tmp_path)
    foot = footer((site / "index.html").read_text())
    assert "last updated" not in foot and "corrections/" not in foot
    assert not (site / "corrections").exists()


def test_a_log_with_no_entries_is_a_page_that_says_so(mini, tmp_path):
    (mini / "site_src/corrections.yaml").write_text("[]\n", encoding="utf-8")
    site = built(mini, tmp_path)
    assert '<p class="empty">No corrections so far.</p>' in (site / "corrections/index.html").read_text()
    foot = footer((site / "index.html").read_text())
    assert '<a href="corrections/">Corrections</a>' in foot and "last updated" not in foot


def test_a_correction_of_an_unknown_claim_is_an_error_with_a_hint(mini):
    (mini / "site_src/corrections.yaml").write_text(LOG.replace("claim: ministry-funded-militia\n  what: \"",
                                                                "claim: ministry-fundedmilitia\n  what: \""))
    assert check_messages(mini) == ["site_src/corrections.yaml:2: unknown claim id 'ministry-fundedmilitia'; "
                                    "did you mean 'ministry-funded-militia'?"]


def test_bad_entries_are_reported_together(mini):
    (mini / "site_src/corrections.yaml").write_text("- date: 2025-02-30\n  what: x\n  by: me\n- claim: alpha\n")
    assert check_messages(mini) == [
        "site_src/corrections.yaml:1: field 'date' '2025-02-30' is not a day of the calendar; "
        "check the day of the month",
        "site_src/corrections.yaml:3: unknown field 'by' in correction; the fields are date, claim, what",
        "site_src/corrections.yaml:4: correction has no 'date'; add 'date:'",
        "site_src/corrections.yaml:4: correction has no 'what'; add 'what:'",
        "site_src/corrections.yaml:4: unknown claim id 'alpha'; use the id of an existing claim"]


def test_an_empty_log_file_is_an_error_that_says_how_to_write_none(mini):
    (mini / "site_src/corrections.yaml").write_text("")
    assert check_messages(mini) == ["site_src/corrections.yaml:1: file is empty (no corrections); add corrections as "
                                    "'- date: …' entries (see docs/content-format.md), or delete the file"]


def test_the_data_licence_is_in_the_footer_and_on_the_data_page(mini, tmp_path):
    add_to_site_yaml(mini, "license: CC BY 4.0")
    site = built(mini, tmp_path)
    assert "Licence of the data: CC BY 4.0" in footer((site / "claims/index.html").read_text())
    assert "Licence of the data: CC BY 4.0." in (site / "data/index.html").read_text()


def action_versions(path: Path) -> list[tuple[str, int]]:
    """Each `uses: owner/name@vN` of a workflow file, as (action, major)."""
    return [(m.group(1), int(m.group(2)))
            for m in re.finditer(r"^\s*(?:-\s*)?uses:\s*([\w.-]+/[\w.-]+)@v(\d+)\b", path.read_text(), re.M)]


def test_workflows_use_no_action_major_that_runs_on_node_20():
    files = sorted(p for folder in WORKFLOWS for p in folder.glob("*.yml"))
    assert len(files) >= 2
    for path in files:
        used = action_versions(path)
        assert {a for a, _ in used} >= {"actions/checkout", "actions/deploy-pages"}, path  # the regex reads them
        old = [f"{a}@v{v}" for a, v in used if v in NODE20_OR_OLDER.get(a, ())]
        assert not old, f"{path.relative_to(PROJECT)} names actions on Node 20 or older: {old}"


def test_the_node_20_list_catches_an_old_major(tmp_path):
    old = tmp_path / "old.yml"
    old.write_text("steps:\n  - uses: actions/checkout@v4\n      - uses: actions/deploy-pages@v5\n")
    assert action_versions(old) == [("actions/checkout", 4), ("actions/deploy-pages", 5)]
    assert 4 in NODE20_OR_OLDER["actions/checkout"] and 5 not in NODE20_OR_OLDER["actions/deploy-pages"]
