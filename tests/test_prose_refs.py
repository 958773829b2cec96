"""[[id]] in editorial prose: checked like any reference, shown as a link titled by the page it names."""
from __future__ import annotations

from pathlib import Path

from evidence_site import build

from helpers import check_messages, edit

FILE = "site_src/claims/main.yaml"
BASIS = """date_basis: {kind: inferred, reason: "'last year'"}"""


def with_reason(root: Path, reason: str) -> None:
    """Give the first mini claim's date basis this reason."""
    edit(root, FILE, BASIS, f'date_basis: {{kind: inferred, reason: "{reason}"}}')


def test_a_reference_to_an_unknown_page_is_an_error_with_a_near_miss(mini):
    with_reason(mini, "'last year', as [[alpah]] dates it")
    assert check_messages(mini) == [
        f"{FILE}:6: [[alpah]] names no actor, article, claim or report; did you mean 'alpha'?"]


def test_a_kind_prefix_must_match_the_kind(mini):
    with_reason(mini, "as [[claim:alpha]] says")
    (message,) = check_messages(mini)
    assert message.startswith(f"{FILE}:6: [[alpha]] names no claim")


def test_a_reference_becomes_a_link_titled_by_its_page(mini, tmp_path):
    with_reason(mini, "'last year' in [[alpha]], and see [[claim:ministry-partners-militia]]")
    out = tmp_path / "_site"
    build.build(mini, out, None, search=False)
    html = (out / "claims" / "ministry-funded-militia" / "index.html").read_text()
    title = (mini / "site_src/articles/alpha.md").read_text().split("title:", 1)[1].split("\n", 1)[0].strip()
    assert f'<a href="../../articles/alpha/">“{title.strip(chr(34))}”</a>' in html
    assert '<a href="../../claims/ministry-partners-militia/">“' in html
    assert "[[" not in html
