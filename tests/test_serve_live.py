"""`serve` rebuilds on save and open pages follow: a new page after an edit, an overlay after a mistake."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request

import pytest

from evidence_site.serve import LIVE_PATH, inject

from helpers import PROJECT, Serving, copy_site, edit

pytestmark = pytest.mark.slow  # each test runs `serve` in its own process and waits for its rebuilds: run by .ci/run


def get(url: str) -> str:
    """The body of a GET, as text."""
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.read().decode()


def wait_for(predicate, what: str, limit: float = 10):
    """Poll until predicate() returns something truthy; fail (not time) the test if it never does.

    Used only right after serve printed the line that ends a rebuild: the state it polls for is set
    just after that line, so this returns at once or after a poll or two; the limit is a hard stop.
    """
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"never saw {what}")


@pytest.fixture
def served(mini, tmp_path):
    """The mini corpus served live on a free port; yields (root, site URL, the serve process)."""
    serving = Serving("--root", str(mini), "--out", str(tmp_path / "_site"), "--no-search")
    try:
        url = serving.url()
        serving.expect("Watching")
        serving.expect("built ")  # the output folder written behind the pages served from memory
        yield mini, url, serving
    finally:
        serving.stop()


def live_state(url: str) -> dict:
    """What the page script polls."""
    origin = "/".join(url.split("/", 3)[:3])
    return json.loads(get(origin + LIVE_PATH))


def test_an_edit_rebuilds_and_the_page_changes(served, tmp_path):
    root, url, serving = served
    page = get(url)
    assert "<title>Mini evidence</title>" in page and LIVE_PATH in page  # the reload script is served
    assert LIVE_PATH not in (tmp_path / "_site/index.html").read_text()  # but never written into the site
    version = live_state(url)["version"]
    edit(root, "site_src/site.yaml", "title: Mini evidence", "title: Mini evidence, edited")
    serving.saved(root / "site_src/site.yaml", "updated ")  # the content gathered again after the save
    assert "<title>Mini evidence, edited</title>" in get(url)  # rendered from it at once
    # the version moves as the new model is in place: that is what makes open pages reload
    state = wait_for(lambda: (lambda s: s if s["version"] > version else None)(live_state(url)), "a new version")
    assert state["problems"] == []
    serving.expect("built ")  # then the output folder follows, and the notice that said so goes
    assert "<title>Mini evidence, edited</title>" in (tmp_path / "_site/index.html").read_text()
    assert LIVE_PATH not in (tmp_path / "_site/index.html").read_text()
    wait_for(lambda: live_state(url)["notice"] == "", "the notice cleared")


def test_a_broken_file_shows_its_problems_and_keeps_the_site(served):
    root, url, serving = served
    assert "<title>Mini evidence</title>" in get(url)
    edit(root, "site_src/claims/main.yaml", "quote: has been partnering with the militia for a year",
         "quote: has been partnering with the militias for a year")
    serving.saved(root / "site_src/claims/main.yaml", "1 problem found; nothing was written.")
    state = wait_for(lambda: (lambda s: s if s["problems"] else None)(live_state(url)), "the problems")
    [problem] = state["problems"]
    assert problem.startswith("site_src/claims/main.yaml:24: quote not found verbatim in article 'alpha'")
    assert "<title>Mini evidence</title>" in get(url)  # the last good site is still served
    edit(root, "site_src/claims/main.yaml", "militias for a year", "militia for a year")
    serving.saved(root / "site_src/claims/main.yaml", "updated ")
    wait_for(lambda: live_state(url)["problems"] == [], "the problems cleared")


def test_the_script_goes_before_the_end_of_body():
    page = inject(b"<html><body><p>x</p></body></html>")
    assert page.startswith(b"<html><body><p>x</p><script>") and page.endswith(b"</script>\n</body></html>")


def test_the_script_is_valid_javascript(tmp_path):
    import shutil

    from evidence_site.serve import LIVE_SCRIPT
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (bash .ci/run installs it)")
    body = LIVE_SCRIPT.split(">", 1)[1].rsplit("</script>", 1)[0]
    (tmp_path / "live.js").write_text(body)
    result = subprocess.run([node, "--check", str(tmp_path / "live.js")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "\n\n\" + problems" not in body  # newlines inside JS strings are escaped, not literal


def test_serve_started_on_broken_content_serves_the_last_site_under_the_problems(mini, mini_site, tmp_path):
    copy_site(mini_site, tmp_path / "_site")  # the last good build
    edit(mini, "site_src/claims/main.yaml", "      stance: disputes", "      stance: dispute")
    serving = Serving("--root", str(mini), "--out", str(tmp_path / "_site"), "--no-search")
    try:
        url = serving.url()
        assert "<title>Mini evidence</title>" in get(url)
        [problem] = live_state(url)["problems"]
        assert problem.startswith("site_src/claims/main.yaml:32: field 'stance' 'dispute' is not one of")
    finally:
        serving.stop()


def test_serve_with_broken_content_and_no_site_exits_without_a_traceback(mini, tmp_path):
    edit(mini, "site_src/claims/main.yaml", "      stance: disputes", "      stance: dispute")
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(mini),
                             "--out", str(tmp_path / "_site"), "--port", "0", "--no-search"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "site_src/claims/main.yaml:32:" in result.stderr and "nothing to serve yet" in result.stderr
