"""Bad and hostile input: each class gets a `file:line` message (or builds correctly), never a traceback or a hang.

Every failing case also checks that a previously built _site/ is byte-identical afterwards.
"""
from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from evidence_site import build, cli
from evidence_site.problems import ContentError

from helpers import PROJECT, copy_site, edit, tree_digest

BETA = "site_src/articles/beta.md"
CLAIMS = "site_src/claims/main.yaml"



@pytest.fixture
def site(mini_site: Path, tmp_path: Path) -> Path:
    """The intact mini corpus's site in tmp_path/_site (a copy of the session's build), before the test breaks it."""
    return copy_site(mini_site, tmp_path / "_site")


def errors(mini: Path, site: Path) -> list[str]:
    """Rebuild the broken corpus: it must fail with content problems and leave the built site untouched."""
    before = tree_digest(site)
    with pytest.raises(ContentError) as exc:
        build.build(mini, site, None, search=False)
    assert tree_digest(site) == before
    return [str(p) for p in sorted(exc.value.problems.errors)]


def write(root: Path, relpath: str, data: str | bytes) -> None:
    """Create or replace one file of a copied corpus."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


# --- records and files that are missing, empty or the wrong kind ---

def test_actor_without_name(mini, site):
    edit(mini, "site_src/actors.yaml", "  name: Jane Roe\n", "")
    assert errors(mini, site) == ["site_src/actors.yaml:11: actor has no 'name'; add 'name:'"]


@pytest.mark.parametrize("content", ["", "null\n", "~\n", "# nothing yet\n"])
def test_empty_or_null_actors_file(mini, site, content):
    write(mini, "site_src/actors.yaml", content)
    msgs = errors(mini, site)
    assert msgs[0] == ("site_src/actors.yaml:1: file is empty (no actors); add actors as '- id: …' entries "
                       "(see docs/content-format.md), or delete the file")
    # the references into it are still checked, so the rest of the corpus is not silently accepted
    assert "site_src/claims/main.yaml:30: unknown actor id 'jane-roe'; use the id of an existing actor" in msgs


def test_null_reports_file(mini, site):
    write(mini, "site_src/reports.yaml", "null\n")
    msgs = errors(mini, site)
    assert ("site_src/reports.yaml:1: file is empty (no reports); add reports as '- id: …' entries "
            "(see docs/content-format.md), or delete the file") in msgs
    assert ("site_src/articles/beta.md:9: relay 'ledger-spending' is not a report or article id; "
            "use the id of an existing report or article") in msgs


def test_empty_claims_file(mini, site):
    write(mini, "site_src/claims/later.yaml", "")
    assert errors(mini, site) == [
        "site_src/claims/later.yaml:1: file is empty (no claims); add claims as '- id: …' entries "
        "(see docs/content-format.md), or delete the file"]


def test_empty_claims_file_keeps_unknown_id_checks(mini, site):
    write(mini, "site_src/claims/later.yaml", "")
    edit(mini, CLAIMS, "      speaker: jane-roe", "      speaker: jane-ro")
    assert "site_src/claims/main.yaml:30: unknown actor id 'jane-ro'; did you mean 'jane-roe'?" in errors(mini, site)


@pytest.mark.parametrize("folder, suffix", [("site_src/claims/more.yaml", ".yaml"),
                                            ("site_src/claims/more.yml", ".yml"),
                                            ("site_src/articles/draft.md", ".md")])
def test_folder_named_like_a_content_file(mini, site, folder, suffix):
    (mini / folder).mkdir()
    assert errors(mini, site) == [
        f"{folder}: is a folder, not a file; rename the folder so its name does not end in '{suffix}'"]


def test_named_pipe_named_like_a_seed_does_not_hang(mini, site):
    os.mkfifo(mini / "seeds/gamma.txt")
    assert errors(mini, site) == ["seeds/gamma.txt: is not a regular file; replace it with an ordinary text file"]


def test_unreadable_file_is_a_problem_not_a_traceback(mini, site):
    path = mini / "site_src/actors.yaml"
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("running as a user who can read any file")
    assert errors(mini, site)[0] == ("site_src/actors.yaml: cannot be read (Permission denied); "
                                     "check the file's permissions")


def test_article_with_empty_front_matter_is_named(mini, site):
    write(mini, "site_src/articles/gamma.md", "---\n---\nSome text.\n")
    assert errors(mini, site) == [
        "site_src/articles/gamma.md:2: article 'gamma' has empty front matter; add its fields between the '---' "
        "lines (title, seed, outlet, author, published, date_basis, kind, relays, removed, notes, source_url, "
        "captured, rights, former_ids, url)"]


def test_claims_file_saved_as_yml_is_accepted(mini, tmp_path):
    (mini / CLAIMS).rename(mini / "site_src/claims/main.yml")
    assert not build.check(mini).errors
    out = tmp_path / "_site"
    build.build(mini, out, None, search=False)
    assert "The ministry works with the militia." in (out / "claims/ministry-partners-militia/index.html").read_text()


# --- dates ---

DATE_FIELDS = [  # file, the line as written, how to write the date instead (same line number)
    (BETA, "published: 2015-01-02", "published: {}", 6),
    ("site_src/reports.yaml", "  published: 2014-03", "  published: {}", 3),
    (CLAIMS, "  date: 2013\n", "  date: {}\n", 5),
    ("site_src/site.yaml", "timeline_cutoff: 2014-01-01", "timeline_cutoff: {}", 4),
]


@pytest.mark.parametrize("written", ["2014-02-30", "'2014-02-30'", '"2014-02-30"'])
@pytest.mark.parametrize("file, old, new, line", DATE_FIELDS)
def test_impossible_date_is_an_error_at_its_line(mini, site, file, old, new, line, written):
    edit(mini, file, old, new.format(written))
    field = new.split(":")[0].strip()
    assert errors(mini, site) == [
        f"{file}:{line}: field '{field}' '2014-02-30' is not a day of the calendar; check the day of the month"]


@pytest.mark.parametrize("written", ["2014-08-05T10:00:00", "2014-08-05 10:00:00", "'2014-08-05T10:00:00Z'"])
@pytest.mark.parametrize("file, old, new, line", DATE_FIELDS)
def test_date_and_time_is_an_error_with_a_hint(mini, site, file, old, new, line, written):
    edit(mini, file, old, new.format(written))
    field = new.split(":")[0].strip()
    shown = written.strip("'")
    assert errors(mini, site) == [f"{file}:{line}: field '{field}' '{shown}' is a date and time; write the date "
                                  "only, YYYY-MM-DD (times are not used)"]


def test_leap_day_is_a_real_date(mini):
    edit(mini, BETA, "published: 2015-01-02", "published: 2012-02-29")
    assert not build.check(mini).errors


# --- characters and encodings ---

def test_nul_byte_in_an_article_gives_line_and_column(mini, site):
    edit(mini, BETA, "are allies.", "are\x00 allies.")
    assert errors(mini, site) == [
        "site_src/articles/beta.md:18:46: control character U+0000 in the text; delete it (it is invisible in most "
        "editors; a NUL byte often means the file is not text)"]


def test_control_character_in_a_seed(mini, site):
    edit(mini, "seeds/beta.txt", "Beta Blog", "Beta\x07 Blog")
    assert errors(mini, site) == [
        "seeds/beta.txt:1:5: control character U+0007 in the text; delete it (it is invisible in most editors; "
        "a NUL byte often means the file is not text)"]


def test_control_character_written_as_a_yaml_escape(mini, site):
    edit(mini, CLAIMS, "  statement: The ministry works with the militia.",
         '  statement: "The ministry\\0 works with the militia."')
    assert errors(mini, site) == [
        "site_src/claims/main.yaml:19: field 'statement' contains the control character U+0000 (written as an "
        "escape); remove it"]


def test_text_that_is_not_utf8_gives_line_and_column(mini, site):
    path = mini / BETA
    path.write_bytes(path.read_bytes().replace(b"are allies", b"are all\xe9s"))
    assert errors(mini, site) == [
        "site_src/articles/beta.md:18:50: not valid UTF-8 (byte 0xe9); save the file as UTF-8 (in most editors: "
        "Save with encoding, UTF-8)"]


def test_column_counts_characters_not_bytes(mini, site):
    path = mini / "site_src/actors.yaml"
    path.write_bytes(path.read_bytes().replace(b"  name: Jane Roe", "  name: Jané Roe".encode() + b"\xff"))
    assert errors(mini, site) == [
        "site_src/actors.yaml:12:17: not valid UTF-8 (byte 0xff); save the file as UTF-8 (in most editors: "
        "Save with encoding, UTF-8)"]


def test_byte_order_mark_is_accepted_everywhere(mini, tmp_path):
    for relpath in (BETA, "site_src/actors.yaml", CLAIMS, "site_src/site.yaml", "seeds/beta.txt"):
        path = mini / relpath
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert not build.check(mini).errors
    out = tmp_path / "_site"
    build.build(mini, out, None, search=False)
    assert (out / "seeds/beta.txt").read_bytes() == (mini / "seeds/beta.txt").read_bytes()  # published as captured
    assert "militia</a> are allies" in (out / "articles/beta/index.html").read_text()


# --- lists and ids ---

def test_empty_evidence_and_subjects(mini, site):
    edit(mini, CLAIMS, "  subjects: [ministry, militia]\n  evidence:\n    - article: alpha\n      quote: has been",
         "  subjects: []\n  evidence: []\n  related:\n    - article: alpha\n      quote: has been")
    msgs = errors(mini, site)
    assert "site_src/claims/main.yaml:21: field 'subjects' is empty; list at least 1 item" in msgs
    assert "site_src/claims/main.yaml:22: field 'evidence' is empty; list at least 1 item" in msgs


def test_overlong_id_is_an_error_at_the_id_line(mini, site):
    long_id = "a" * 300
    edit(mini, "site_src/actors.yaml", "- id: jane-roe", f"- id: {long_id}")
    assert errors(mini, site)[0] == (
        "site_src/actors.yaml:11: field 'id' 'aaaaaaaaaaaaaaaaaaaa…' is 300 characters long; an id has at most 100 "
        "(it is part of a URL and a folder name), so shorten it")


def test_id_of_exactly_100_characters_builds(mini, tmp_path):
    long_id = "a" * 100
    edit(mini, CLAIMS, "- id: anonymous-partnering", f"- id: {long_id}")
    edit(mini, CLAIMS, "    - claim: anonymous-partnering", f"    - claim: {long_id}")
    out = tmp_path / "_site"
    build.build(mini, out, None, search=False)
    assert (out / "claims" / long_id / "index.html").is_file()


def test_overlong_article_file_name(mini, site):
    (mini / BETA).rename(mini / f"site_src/articles/{'b' * 101}.md")
    msgs = errors(mini, site)
    assert msgs == [f"site_src/articles/{'b' * 101}.md:1: article file name '{'b' * 101}.md' is not a valid id; "
                    "rename it with lower-case letters, digits and hyphens, at most 100 characters, e.g. "
                    "'council-vote-report.md'"]


# --- bounded work on hostile YAML ---

def alias_bomb() -> str:
    """Anchors and aliases nested 9 levels, 9 wide: 9**9 strings if expanded."""
    lines = ['- id: a0\n  aliases: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n']
    lines += [f"- id: a{i}\n  aliases: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)]
    return "".join(lines)


def test_alias_bomb_is_refused_at_the_alias(mini, site):
    write(mini, "site_src/actors.yaml", alias_bomb())
    assert errors(mini, site) == [
        "site_src/actors.yaml:4: YAML alias '*a0' is not allowed in content; write the value out in full where it "
        "is needed (anchors and aliases are refused)"]


@pytest.mark.parametrize("depth", [101, 5_000, 100_000])
def test_deep_nesting_is_refused(mini, site, depth):
    write(mini, CLAIMS, "- id: deep\n  note: " + "[" * depth + "]" * depth + "\n")
    assert errors(mini, site) == [
        "site_src/claims/main.yaml:2: YAML nested more than 100 levels deep; flatten the structure; no content "
        "field needs more than a few levels"]


def test_deep_nesting_in_front_matter_counts_file_lines(mini, site):
    edit(mini, BETA, "kind: opinion\n", "kind: opinion\nnotes:\n" + "".join(" " * i + "- \n" for i in range(1, 120)))
    assert errors(mini, site)[0].startswith("site_src/articles/beta.md:")
    assert "YAML nested more than 100 levels deep" in errors(mini, site)[0]


@pytest.mark.parametrize("tagged", ["!!float ''", "!!int x", "!!binary AAAA", "!!python/object:os.system x", "! x"])
def test_yaml_tags_are_refused_at_their_line(mini, site, tagged):
    edit(mini, CLAIMS, "  type: assessment", f"  type: {tagged}")
    tag = tagged.split()[0].replace("!!", "tag:yaml.org,2002:")
    assert errors(mini, site) == [f"site_src/claims/main.yaml:20: YAML tag '{tag}' is not allowed in content; "
                                  "remove it and write the value plainly (quote it if it is text)"]


def test_file_over_the_size_limit_is_refused_before_reading(mini, site):
    path = mini / BETA
    path.write_bytes(path.read_bytes() + b"x" * 5_000_001)
    assert errors(mini, site) == [
        "site_src/articles/beta.md: file is 5.0 MB; content files may be at most 5 MB; split it (one article per "
        "capture) or cut what it does not need"]


def test_body_of_another_capture_stops_after_50_mismatches_each_way(mini, site):
    write(mini, "seeds/gamma.txt", "".join(f"Line {n} of the capture.\n\n" for n in range(1, 61)))
    body = "".join(f"Line {n} of the capture!\n\n" for n in range(1, 61))
    write(mini, "site_src/articles/gamma.md", "---\ntitle: Gamma\nseed: seeds/gamma.txt\noutlet: null\n"
          "author: null\npublished: null\nkind: blog-post\n---\n" + body)
    msgs = errors(mini, site)
    body_msgs = [m for m in msgs if m.startswith("site_src/articles/gamma.md:")]
    seed_msgs = [m for m in msgs if m.startswith("seeds/gamma.txt:")]
    assert len(body_msgs) == len(seed_msgs) == 51 and len(msgs) == 102
    assert "site_src/articles/gamma.md:109: more than 50 paragraphs are not in the seed seeds/gamma.txt; the rest " \
           "of the body was not compared; check that 'seed:' names this article's capture" in body_msgs
    assert "seeds/gamma.txt:101: more than 50 lines of this seed are not in the body of site_src/articles/gamma.md; " \
           "the rest were not compared; check that the article's 'seed:' names this capture" in seed_msgs
    assert "site_src/articles/gamma.md:9: paragraph p1 is not in the seed seeds/gamma.txt as written; the seed has: " \
           "“Line 1 of the capture.”" in body_msgs[0]


# --- integrity and security of what is published ---

@pytest.mark.parametrize("name", ["capture.html", "capture.svg", "capture"])
def test_seed_that_is_not_plain_text_is_refused(mini, site, name):
    write(mini, f"seeds/{name}", "<script>alert(document.cookie)</script>\n")
    stem = name.split(".")[0]
    assert errors(mini, site) == [
        f"seeds/{name}: a seed must be a plain-text capture named *.txt (it is published, and a browser would run "
        f"the scripts in an .html or .svg capture); save the capture's text as seeds/{stem}.txt"]


def test_claim_statement_cannot_break_out_of_the_markup(mini, tmp_path):
    """The page has no JSON-LD block any more (docs/design-decisions.md, item 84); the statement is still escaped
    wherever it is written: the title, the description, the heading, the citation."""
    statement = "The ministry <!--<script> works & </script> with the militia."
    edit(mini, CLAIMS, "  statement: The ministry works with the militia.", f"  statement: '{statement}'")
    out = tmp_path / "_site"
    build.build(mini, out, None, search=False)
    page = (out / "claims/ministry-partners-militia/index.html").read_text()
    escaped = "The ministry &lt;!--&lt;script&gt; works &amp; &lt;/script&gt; with the militia."
    assert f"<title>{escaped} · " in page and f"<h1>{escaped}</h1>" in page and f"“{escaped}” Claim" in page
    assert page.count("<script") == page.count("</script>") == 2 and "<!--" not in page


@pytest.mark.parametrize("folder", ["seeds", "site_src/claims"])
def test_symlink_to_a_file_outside_the_project_is_refused(mini, site, tmp_path, folder):
    secret = tmp_path / "secret.txt"
    secret.write_text("- id: password\n  statement: hunter2\n")
    name = "gamma.txt" if folder == "seeds" else "gamma.yaml"
    (mini / folder / name).symlink_to(secret)
    msgs = errors(mini, site)
    assert msgs == [f"{folder}/{name}: symbolic link to a file outside the project; copy the file into the project "
                    "instead of linking it"]
    assert not any("hunter2" in m for m in msgs)


def test_a_folder_linked_to_outside_the_project_is_refused_file_by_file(mini, site, tmp_path):
    outside = tmp_path / "elsewhere"
    (mini / "seeds").rename(outside)
    (mini / "seeds").symlink_to(outside)
    msgs = errors(mini, site)
    assert sorted(msgs) == [f"seeds/{p.name}: symbolic link to a file outside the project; copy the file into the "
                            "project instead of linking it" for p in sorted(outside.glob("*.txt"))]


def test_symlink_inside_the_project_is_followed(mini, tmp_path):
    (mini / "site_src/claims/main.yaml").rename(mini / "main-claims.yaml")
    (mini / "site_src/claims/main.yaml").symlink_to(mini / "main-claims.yaml")
    assert not build.check(mini).errors


def test_body_may_not_add_a_link(mini, site):
    edit(mini, BETA, "In our view, the ministry", "In our view, the [ministry](https://evil.example)")
    assert errors(mini, site) == [
        "site_src/articles/beta.md:18: paragraph p2 adds a link to 'https://evil.example' that the seed "
        "seeds/beta.txt does not have; remove the link or image markup and keep the seed's words"]


def test_body_may_not_add_an_image(mini, site):
    edit(mini, BETA, "According to the Daily Ledger,", "According to the ![](https://evil.example/a.png)Daily Ledger,")
    assert errors(mini, site) == [
        "site_src/articles/beta.md:16: paragraph p1 adds an image from 'https://evil.example/a.png' that the seed "
        "seeds/beta.txt does not have; remove the link or image markup and keep the seed's words"]


def test_body_may_keep_a_link_the_seed_has(mini, tmp_path):
    edit(mini, "seeds/beta.txt", "In our view,", "In [our view](https://beta.example/view),")
    edit(mini, BETA, "In our view,", "In [our view](https://beta.example/view),")
    assert not build.check(mini).errors


def test_base_url_is_escaped_in_the_sitemap(mini, tmp_path):
    out = tmp_path / "_site"
    build.build(mini, out, "https://example.org/a&b/", search=False)
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/a&b/claims/" in locs


# --- the command line ---

def run_cli(*args: str) -> subprocess.CompletedProcess:
    """Run build.py with arguments."""
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args], capture_output=True, text=True)


@pytest.mark.parametrize("args, message", [
    (["serve", "--port", "70000"], "argument --port: 70000 is not a port number; use 0-65535 (0 picks a free port)"),
    (["serve", "--port", "-1"], "argument --port: -1 is not a port number; use 0-65535 (0 picks a free port)"),
    (["serve", "--port", "http"], "argument --port: 'http' is not a port number; use 0-65535, e.g. --port 8000"),
    (["--base-url", "javascript:alert(1)"], "argument --base-url: 'javascript:alert(1)' is not an http or https URL "
     "without spaces, quotes or angle brackets; write e.g. https://user.github.io/repo/"),
    (["--base-url", 'https://x.org/"><script>'], "argument --base-url: 'https://x.org/\"><script>' is not an http "
     "or https URL without spaces, quotes or angle brackets; write e.g. https://user.github.io/repo/"),
    (["--base-url", "https://x.org/a b/"], "argument --base-url: 'https://x.org/a b/' is not an http or https URL "
     "without spaces, quotes or angle brackets; write e.g. https://user.github.io/repo/"),
    (["publish"], "argument command: invalid choice: 'publish' (choose from "),
])
def test_bad_option_values_are_usage_errors(args, message, tmp_path, capsys):
    # in-process (argparse exits before anything runs); the whole process is run in the test below
    with pytest.raises(SystemExit) as exit_:
        cli.main([*args, "--out", str(tmp_path / "_site")])
    assert exit_.value.code == 2
    assert f"\nbuild.py: error: {message}" in capsys.readouterr().err
    assert not (tmp_path / "_site").exists()


def test_cli_reports_hostile_input_without_a_traceback(mini, tmp_path):
    write(mini, "site_src/actors.yaml", alias_bomb())
    write(mini, CLAIMS, "- id: deep\n  note: " + "[" * 100_000 + "\n")
    result = run_cli("--root", str(mini), "--out", str(tmp_path / "_site"), "--no-search")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "site_src/actors.yaml:4: YAML alias '*a0' is not allowed in content" in result.stderr
    assert "site_src/claims/main.yaml:2: YAML nested more than 100 levels deep" in result.stderr
    assert not (tmp_path / "_site").exists()
