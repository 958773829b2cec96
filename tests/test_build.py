"""The build as a whole: atomic output, determinism, the CLI, serve, and seeds left untouched."""
from __future__ import annotations

import os
import subprocess
import sys
import urllib.request

import pytest

from evidence_site import build, outdir
from evidence_site.problems import ContentError

from helpers import MINI, PROJECT, Serving, edit, tree_digest


def test_failed_build_leaves_previous_site_untouched(mini, tmp_path):
    out = tmp_path / "_site"
    build.build(mini, out, None, search=False)
    before = tree_digest(out)
    edit(mini, "site_src/claims/main.yaml", "quote: has been partnering with the militia for a year",
         "quote: has been partnering with the militias for a year")
    with pytest.raises(ContentError):
        build.build(mini, out, None, search=False)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site", "mini"]  # no temporary tree left behind


def test_cli_build_with_bad_quote_exits_nonzero_and_keeps_site(mini, tmp_path):
    out = tmp_path / "_site"
    build.build(mini, out, None, search=False)
    marker = (out / "index.html").read_bytes()
    edit(mini, "site_src/claims/main.yaml", "quote: has been partnering with the militia for a year",
         "quote: has been partnering with the militias for a year")
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(mini), "--out", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "site_src/claims/main.yaml:24: quote not found verbatim in article 'alpha'" in result.stderr
    assert (out / "index.html").read_bytes() == marker


def test_successful_build_replaces_the_site(mini, tmp_path):
    out = tmp_path / "_site"
    build.build(mini, out, None, search=False)
    (out / "stale.html").write_text("left over from an old build")
    outdir.write_manifest(out, outdir.read_manifest(out) + ["stale.html"])  # as if that build had written it
    (out / "CNAME").write_text("evidence.example.org\n")  # the user's own file
    edit(mini, "site_src/site.yaml", "title: Mini evidence", "title: Mini evidence, second edition")
    build.build(mini, out, None, search=False)
    assert not (out / "stale.html").exists()
    assert (out / "CNAME").read_text() == "evidence.example.org\n"
    assert "Mini evidence, second edition" in (out / "index.html").read_text()


@pytest.mark.slow
def test_two_builds_in_separate_processes_with_different_hash_seeds_are_byte_identical(tmp_path):
    """Two `python build.py` processes (string hashing seeded 1 and 2): every byte the same, Pagefind's too."""
    outs = [tmp_path / f"seed-{seed}" for seed in (1, 2)]
    procs = [subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--root", str(PROJECT), "--out", str(out),
                               "--base-url", "https://example.org/repo/"],
                              env={**os.environ, "PYTHONHASHSEED": out.name.split("-")[1]},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for out in outs]
    for proc in procs:
        assert proc.wait() == 0, proc.stderr.read()
        proc.stderr.close()
    first, second = (tree_digest(out) for out in outs)
    assert any(name.startswith("pagefind/filter/") for name in first)  # the search index is compared too
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_check_writes_nothing(mini):
    before = tree_digest(mini)
    assert not build.check(mini).errors
    assert tree_digest(mini) == before


def test_seeds_are_copied_into_the_site_byte_for_byte(real_site):
    seeds = sorted(p for p in (PROJECT / "seeds").iterdir() if p.is_file() and not p.name.startswith("."))
    assert seeds, "the project has no seeds"
    for path in seeds:
        assert (real_site / "seeds" / path.name).read_bytes() == path.read_bytes()


def test_serve_builds_and_serves_under_the_base_path(tmp_path):
    serving = Serving("--root", str(MINI), "--out", str(tmp_path / "_site"), "--no-search",
                      "--base-url", "https://example.org/sub/")
    try:
        url = serving.url()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/sub/")
        with urllib.request.urlopen(url + "claims/anonymous-partnering/", timeout=10) as resp:
            assert "An anonymous official said" in resp.read().decode()
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url + "no/such/page/", timeout=10)
        assert err.value.code == 404 and b"Page not found" in err.value.read()
    finally:
        serving.stop()
