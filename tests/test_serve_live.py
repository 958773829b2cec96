"""`serve` rebuilds on save and open pages follow: a new page after an edit, an overlay after a mistake."""
from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from evidence_site.serve import LIVE_PATH, LiveState, inject, make_server

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


def live_state(url: str, since: int | None = None) -> dict:
    """What the page script asks for (with `since`, once the state's count of changes is no longer that)."""
    origin = "/".join(url.split("/", 3)[:3])
    return json.loads(get(origin + LIVE_PATH + ("" if since is None else f"?since={since}")))


def test_an_edit_rebuilds_and_the_page_changes(served, tmp_path):
    root, url, serving = served
    page = get(url)
    assert "<title>Mini evidence</title>" in page and LIVE_PATH in page  # the reload script is served
    assert LIVE_PATH not in (tmp_path / "_site/index.html").read_text()  # but never written into the site
    before = live_state(url)
    edit(root, "site_src/site.yaml", "title: Mini evidence", "title: Mini evidence, edited")
    serving.saved(root / "site_src/site.yaml", "updated ")  # the content gathered again after the save
    assert "<title>Mini evidence, edited</title>" in get(url)  # rendered from it at once
    # the version moves as the new model is in place: that is what makes open pages reload; a page waiting
    # with the count of changes it saw is answered (the new model is in place before "updated" is printed)
    state = live_state(url, since=before["changes"])
    assert state["version"] > before["version"] and state["problems"] == []
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


def waiting(live: LiveState, since: int) -> tuple[threading.Thread, list[dict]]:
    """A page's long poll on `live`, in a thread: (the thread, the answer once it came)."""
    answer: list[dict] = []
    thread = threading.Thread(target=lambda: answer.append(json.loads(live.as_json(since, timeout=60))),
                              daemon=True)
    thread.start()
    return thread, answer


def test_a_waiting_page_is_answered_at_the_next_change_and_not_before():
    live = LiveState()
    seen = json.loads(live.as_json())["changes"]
    thread, answer = waiting(live, seen)
    thread.join(0.3)
    assert thread.is_alive() and not answer  # nothing changed: it waits (for up to 60 s here)
    live.say("")  # the notice it already has: not a change
    thread.join(0.3)
    assert thread.is_alive()
    live.update(["x.yaml:1: a problem"])
    thread.join(10)
    assert answer == [{"version": 1, "problems": ["x.yaml:1: a problem"], "notice": "", "changes": seen + 1}]


def test_a_page_behind_the_state_is_answered_at_once():
    live = LiveState()
    live.update([])
    live.say("Updating the search index…")
    thread, answer = waiting(live, 1)  # it saw the update, not the notice
    thread.join(10)
    assert answer and answer[0]["notice"] == "Updating the search index…" and answer[0]["changes"] == 2


def test_a_page_gone_before_its_answer_costs_no_traceback(tmp_path, capfd):
    live = LiveState()
    server = make_server(tmp_path, 0, "/", live)
    server.daemon_threads = False  # so that server_close waits for the handler below
    asked, answer = threading.Event(), live.as_json
    live.as_json = lambda since=None, timeout=60: (asked.set(), answer(since, timeout))[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with socket.create_connection(server.server_address) as sock:
            sock.sendall(f"GET {LIVE_PATH}?since=0 HTTP/1.0\r\n\r\n".encode())
            assert asked.wait(10)  # the request was read: the page waits
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # closed with a reset
        live.update([])  # the waiting handler answers a connection that is gone
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in capfd.readouterr().err


def test_stopping_serve_stops_the_build_behind_it(served, tmp_path):
    root, url, serving = served
    lock = tmp_path / "._site.lock"  # held by a build writing _site (outdir.locked)
    edit(root, "site_src/site.yaml", "title: Mini evidence", "title: Mini evidence, edited")
    serving.saved(root / "site_src/site.yaml", "updated ")
    wait_for(lock.exists, "the build behind writing the output folder")
    serving.proc.terminate()  # as `kill` or a service manager stops it
    assert serving.proc.wait(timeout=60) == 0
    assert not lock.exists()  # the build was interrupted with it (or had just finished), not left writing


def test_the_build_behind_runs_at_a_lower_priority_than_serve(served, tmp_path):
    root, url, serving = served
    lock = tmp_path / "._site.lock"  # holds the pid of the build writing _site (outdir.locked)
    edit(root, "site_src/site.yaml", "title: Mini evidence", "title: Mini evidence, edited")
    serving.saved(root / "site_src/site.yaml", "updated ")
    pid = int(wait_for(lambda: lock.exists() and lock.read_text().strip(), "the build behind writing its pid"))
    assert os.getpriority(os.PRIO_PROCESS, pid) >= os.getpriority(os.PRIO_PROCESS, serving.proc.pid) + 10


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


def test_an_open_page_reloads_after_an_edit_and_shows_problems_over_itself(served, browser):
    root, url, serving = served
    page = browser.new_page()
    try:
        page.goto(url)
        assert page.title() == "Mini evidence"
        edit(root, "site_src/site.yaml", "title: Mini evidence", "title: Mini evidence, edited")
        serving.saved(root / "site_src/site.yaml", "updated ")
        page.wait_for_function("document.title === 'Mini evidence, edited'", timeout=20_000)  # a hard stop
        edit(root, "site_src/claims/main.yaml", "      stance: disputes", "      stance: dispute")
        serving.saved(root / "site_src/claims/main.yaml", "1 problem found")
        overlay = page.locator("#evidence-live-problems")
        overlay.wait_for(timeout=20_000)
        assert "site_src/claims/main.yaml:32: field 'stance' 'dispute' is not one of" in overlay.inner_text()
        edit(root, "site_src/claims/main.yaml", "      stance: dispute", "      stance: disputes")
        serving.saved(root / "site_src/claims/main.yaml", "updated ")
        overlay.wait_for(state="detached", timeout=20_000)
    finally:
        page.close()


HIDEABLE = """(() => {  /* document.hidden made settable, as when a tab goes to the background */
  let hidden = false;
  Object.defineProperty(document, "hidden", {configurable: true, get: () => hidden});
  window.setHidden = (h) => { hidden = h; document.dispatchEvent(new Event("visibilitychange")); };
})()"""


def test_a_hidden_page_holds_no_connection_and_reloads_when_shown(served, browser):
    root, url, serving = served
    page = browser.new_page()
    asked = []
    page.on("request", lambda r: LIVE_PATH in r.url and asked.append(r.url))  # seen during Playwright's calls
    try:
        page.add_init_script(HIDEABLE)
        with page.expect_request(lambda r: LIVE_PATH + "?since=" in r.url):  # the page's long poll
            page.goto(url)
        with page.expect_event("requestfailed", lambda r: LIVE_PATH in r.url):  # given up when hidden
            page.evaluate("setHidden(true)")
        before = len(asked)
        edit(root, "site_src/site.yaml", "title: Mini evidence", "title: Mini evidence, edited")
        serving.saved(root / "site_src/site.yaml", "updated ")
        assert page.title() == "Mini evidence" and len(asked) == before  # hidden: it did not ask again
        page.evaluate("setHidden(false)")
        page.wait_for_function("document.title === 'Mini evidence, edited'", timeout=20_000)  # a hard stop
    finally:
        page.close()
