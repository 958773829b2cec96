"""init, new article, the command line's help and version, and a content root's own templates."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from evidence_site import __version__, build
from evidence_site.cli import main
from evidence_site.debris import find_debris, first_text_line, stated_date
from evidence_site.scaffold import ScaffoldError, init_project, new_article

from helpers import MINI, PROJECT, check_messages


def cli(*args, cwd=None) -> subprocess.CompletedProcess:
    """Run build.py with arguments; never raises on a non-zero exit."""
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_init_makes_a_valid_project_with_everything_a_new_user_needs(tmp_path):
    result = cli("init", tmp_path / "mine")
    assert result.returncode == 0, result.stderr
    root = tmp_path / "mine"
    for rel in (".gitignore", ".github/workflows/pages.yml", "requirements.txt", "site_src/site.yaml",
                "site_src/actors.yaml", "site_src/reports.yaml", "site_src/articles/example-footbridge.md",
                "site_src/claims/example.yaml", "seeds/example-capture.txt"):
        assert (root / rel).is_file(), rel
    problems = build.check(root)
    assert problems.errors == [] and problems.warnings == []
    assert "invented example capture" in (root / "seeds/example-capture.txt").read_text()
    assert f"evidence-site=={__version__}" in (root / "requirements.txt").read_text()
    workflow = (root / ".github/workflows/pages.yml").read_text()
    assert "evidence-site build --base-url" in workflow
    assert "--no-cache" in workflow  # a fresh machine each run: a cache would be written and thrown away


def test_site_yaml_of_a_new_project_comments_every_field(tmp_path):
    from evidence_site.schema import SITE
    init_project(tmp_path / "p")
    text = (tmp_path / "p/site_src/site.yaml").read_text()
    for name in SITE.names:
        assert f"\n{name}:" in text or f"\n# {name}:" in text, name


def test_init_refuses_a_folder_that_holds_anything(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = cli("init", tmp_path)
    assert result.returncode == 1 and "is not empty" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    with pytest.raises(ScaffoldError, match="is a file"):
        init_project(tmp_path / "notes.txt")


CAPTURE = """\
DAILY EXAMPLE
Mayor opens the new library
By Alex Writer | 12 May 2023
Share this: Facebook | X | Email

The mayor opened the new library on Friday, officials said.

Advertisement

"Everyone is welcome," the mayor said.

Mayor opens the new library

By Alex Writer

Subscribe to our newsletter for daily updates.

Related stories:
Library budget approved
Council debates parking

12 Comments
Reader1: Great news!
Reader2: About time.
© 2023 Daily Example. All rights reserved.
"""


def test_debris_heuristics_find_each_kind_of_furniture():
    lines = CAPTURE.rstrip("\n").split("\n")
    title_at = first_text_line(lines)
    assert lines[title_at - 1] == "Mayor opens the new library"  # not the all-caps masthead above it
    found = {(s.first, s.last): s.reason for s in find_debris(lines, title_at)}
    assert found == {
        (1, 1): "moved-to-metadata", (2, 2): "moved-to-metadata", (3, 3): "moved-to-metadata",
        (4, 4): "site-chrome", (8, 8): "ad-placeholder", (12, 12): "duplicate-headline",
        (14, 14): "repeated-byline", (16, 16): "subscription-pitch", (18, 20): "related-links",
        (22, 24): "reader-comments", (25, 25): "site-chrome",
    }
    assert stated_date(lines[:5]) == ("2023-05-12", "By Alex Writer | 12 May 2023")


def test_new_article_writes_a_draft_that_passes_the_seed_checks(tmp_path):
    root = tmp_path / "p"
    init_project(root)
    (root / "seeds/library.txt").write_text(CAPTURE)
    result = cli("new", "article", "seeds/library.txt", "--root", root)
    assert result.returncode == 0, result.stderr
    path = root / "site_src/articles/mayor-opens-the-new-library.md"
    text = path.read_text()
    assert 'title: "Mayor opens the new library"' in text
    assert "published: 2023-05-12" in text and "reason: \"The capture: 'By Alex Writer | 12 May 2023'\"" in text
    assert "outlet: null" in text and "author: null" in text
    assert text.endswith("---\nThe mayor opened the new library on Friday, officials said.\n\n"
                         "\"Everyone is welcome,\" the mayor said.\n")
    messages = check_messages(root)
    assert messages == []  # body and removed agree with the seed; nothing else is wrong
    assert cli("new", "article", "seeds/library.txt", "--root", root).returncode == 1  # never overwrites
    assert path.read_text() == text


def test_new_article_names_known_actors_and_leaves_unknown_ones_null(tmp_path):
    root = tmp_path / "p"
    init_project(root)
    capture = "THE EXAMPLE GAZETTE\nA headline here\nBy Sam Placeholder\n\nBody text.\n"
    (root / "seeds/g.txt").write_text(capture)
    text = new_article(Path("seeds/g.txt"), root, "g").read_text()
    assert "outlet: example-gazette" in text and "author: sam-placeholder" in text
    assert "published: null" in text and "\ndate_basis:" not in text


def test_new_article_wants_the_capture_in_seeds(tmp_path):
    root = tmp_path / "p"
    init_project(root)
    (tmp_path / "outside.txt").write_text("A title\n")
    with pytest.raises(ScaffoldError, match="is not in"):
        new_article(tmp_path / "outside.txt", root)
    with pytest.raises(ScaffoldError, match="did you mean 'seeds/example-capture.txt'"):
        new_article(Path("seeds/example-captur.txt"), root)


def test_help_has_examples_and_docs_and_version_exists(capsys):
    with pytest.raises(SystemExit) as exit_:  # in-process: argparse prints and exits before anything runs
        main(["--help"])
    shown = capsys.readouterr().out
    assert exit_.value.code == 0 and "examples:" in shown and "init my-corpus" in shown
    assert "docs/your-own-corpus.md" in shown and (PROJECT / "docs/your-own-corpus.md").is_file()
    with pytest.raises(SystemExit) as exit_:
        main(["new", "thing"])
    assert exit_.value.code == 2 and "new article SEED [ID]" in capsys.readouterr().err
    assert cli("--version").stdout.strip() == f"build.py {__version__}"  # the real command, as users type it


def test_a_content_roots_own_templates_override_single_files(mini, tmp_path):
    (mini / "templates/assets").mkdir(parents=True)
    (mini / "templates/404.html").write_text('{% extends "base.html" %}{% block content %}<h1>Lost here</h1>'
                                             "{% endblock %}")
    (mini / "templates/assets/style.css").write_text("body { color: black }\n")
    build.build(mini, tmp_path / "_site", None, search=False)
    site = tmp_path / "_site"
    assert "<h1>Lost here</h1>" in (site / "404.html").read_text()
    assert "Skip to content" in (site / "404.html").read_text()  # base.html still the tool's
    assert (site / "assets/style.css").read_text() == "body { color: black }\n"
    assert (site / "assets/filter.js").read_bytes() == (PROJECT / "templates/assets/filter.js").read_bytes()
    assert (site / "claims/index.html").is_file()
    assert MINI.is_dir()
