"""--out never loses a file the tool did not write: unsafe folders are refused, user files survive rebuilds.

Every test works on a throwaway copy of the mini corpus under tmp_path, never on the real project.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from evidence_site import build, outdir
from evidence_site.cli import main

from helpers import MINI, PROJECT, copy_site, in_a_fresh_process


def digest(root: Path) -> dict[str, str]:
    """Every file and symlink under root (links not followed) with a hash of its bytes or its target."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(filenames + [d for d in dirnames if (Path(dirpath) / d).is_symlink()]):
            path = Path(dirpath) / name
            data = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            out[path.relative_to(root).as_posix()] = hashlib.sha256(data).hexdigest()
    return out


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """A folder holding a project (a copy of the mini corpus, with a .git and templates/) and nothing else."""
    project = tmp_path / "proj"
    shutil.copytree(MINI, project)
    shutil.copytree(PROJECT / "templates", project / "templates")
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return tmp_path


@dataclass(frozen=True)
class Ran:
    """What a run of the command line left: its exit status and what it printed on stderr."""

    returncode: int
    stderr: str


def cli(project: Path, *args: str) -> Ran:
    """`build.py --no-search` on the project with extra arguments, run in this process (the same main())."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--root", str(project), "--no-search", *args])
    return Ran(code, err.getvalue())


def cli_process(project: Path, *args: str, cwd: Path | None = None) -> Ran:
    """The same, as a separate `python build.py` process (for the exit path itself, the cwd, another pid)."""
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(project), "--no-search", *args],
                            capture_output=True, text=True, cwd=cwd)
    return Ran(result.returncode, result.stderr)


def refused(result: Ran) -> str:
    """The one-line reason of a refused build (exit 2, no traceback)."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1, result.stderr
    return lines[0]


FIX = "choose a new or empty folder, e.g. --out {p}/_site"


@pytest.mark.parametrize("out, why", [
    ("{p}", "is the project folder; building there would replace site_src/, seeds/ and .git"),
    ("{p}/site_src/../.", "is the project folder; building there would replace site_src/, seeds/ and .git"),
    ("{w}", "contains the project folder {p}; building there would replace it"),
    ("{p}/..", "contains the project folder {p}; building there would replace it"),
    ("{p}/site_src", "is inside site_src/, which holds your sources"),
    ("{p}/site_src/articles", "is inside site_src/, which holds your sources"),
    ("{p}/seeds", "is inside seeds/, which holds your sources"),
    ("{p}/seeds/new-folder", "is inside seeds/, which holds your sources"),
    ("{p}/templates", "is inside templates/, which holds your sources"),
])
def test_out_over_the_sources_is_refused_and_nothing_changes(world, out, why):
    project = world / "proj"
    before = digest(world)
    given = out.format(p=project, w=world)
    shown = outdir.locate(Path(given)).path
    message = refused(cli(project, "--out", given))
    assert message == f"error: --out {shown} {why.format(p=project)}; {FIX.format(p=project)}"
    assert digest(world) == before


def test_out_dot_from_the_project_folder_is_refused(world):
    project = world / "proj"
    before = digest(world)
    message = refused(cli_process(project, "--out", ".", cwd=project))
    assert message.startswith(f"error: --out {project} is the project folder;")
    assert digest(world) == before


def test_out_naming_an_existing_file_is_refused(world):
    project = world / "proj"
    notes = world / "notes.txt"
    notes.write_text("my notes\n")
    before = digest(world)
    assert refused(cli(project, "--out", str(notes))) == (
        f"error: --out {notes} is an existing file, not a folder; {FIX.format(p=project)}")
    assert digest(world) == before


def test_out_under_an_existing_file_is_refused(world):
    project = world / "proj"
    notes = world / "notes.txt"
    notes.write_text("my notes\n")
    before = digest(world)
    assert refused(cli(project, "--out", str(notes / "site"))) == (
        f"error: --out {notes}/site lies under {notes}, which is a file, not a folder; {FIX.format(p=project)}")
    assert digest(world) == before


def test_out_naming_a_folder_of_user_files_is_refused(world):
    project = world / "proj"
    docs = world / "thesis"
    (docs / "chapter").mkdir(parents=True)
    (docs / "chapter" / "one.md").write_text("Chapter one\n")
    before = digest(world)
    assert refused(cli(project, "--out", str(docs))) == (
        f"error: --out {docs} is a folder of files this tool did not write (it has no .evidence-site-build); "
        f"{FIX.format(p=project)}, or move those files away")
    assert digest(world) == before


def test_a_damaged_marker_does_not_make_a_folder_ours(world):
    project = world / "proj"
    docs = world / "web"
    docs.mkdir()
    (docs / "page.html").write_text("mine\n")
    (docs / ".evidence-site-build").write_text('{"tool": "evidence-site", "files": ["../proj/site_src/site.yaml"]}')
    before = digest(world)
    assert "is a folder of files this tool did not write" in refused(cli(project, "--out", str(docs)))
    assert digest(world) == before


def test_empty_folder_and_new_folder_are_built_into(world):
    project = world / "proj"
    (world / "empty").mkdir()
    for out in (world / "empty", world / "new" / "deeper"):
        result = cli(project, "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert (out / "index.html").is_file()
        assert (out / ".evidence-site-build").is_file()


def test_rebuild_keeps_the_users_files_and_deletes_only_its_own(world, mini_site):
    project = world / "proj"
    out = world / "_site"
    copy_site(mini_site, out)  # the previous build
    (out / "CNAME").write_text("evidence.example.org\n")
    (out / "extra" / "deep").mkdir(parents=True)
    (out / "extra" / "deep" / "mine.txt").write_text("mine\n")
    (out / "claims" / "my-notes.txt").write_text("inside a folder the build also writes\n")
    (out / "empty-folder").mkdir()
    (out / "stale.html").write_text("old page\n")
    outdir.write_manifest(out, outdir.read_manifest(out) + ["stale.html"])  # as if the last build wrote it
    build.build(project, out, None, search=False)
    assert (out / "CNAME").read_text() == "evidence.example.org\n"
    assert (out / "extra" / "deep" / "mine.txt").read_text() == "mine\n"
    assert (out / "claims" / "my-notes.txt").is_file()
    assert (out / "empty-folder").is_dir()
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in world.iterdir()) == ["_site", "proj"]  # no temporary or old folder left
    assert "CNAME" not in outdir.read_manifest(out)  # still the user's, next time too


def test_a_user_file_where_the_build_writes_is_refused(world, mini_site):
    project = world / "proj"
    out = world / "_site"
    copy_site(mini_site, out)  # the previous build
    outdir.write_manifest(out, [f for f in outdir.read_manifest(out) if f != "robots.txt"])  # robots.txt: user's
    before = digest(world)
    assert refused(cli(project, "--out", str(out))) == (
        f"error: {out}/robots.txt was not written by a previous build and the new build would overwrite it; "
        f"move it out of {out} and build again")
    assert digest(world) == before


def test_symlinked_site_is_written_through_and_the_web_root_keeps_its_files(world):
    project = world / "proj"
    webroot = world / "www"
    webroot.mkdir()
    link = project / "_site"
    link.symlink_to(webroot)
    result = cli(project)  # the default --out, <root>/_site
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and (webroot / "index.html").is_file()
    (webroot / "favicon.ico").write_bytes(b"\x00icon")
    outdir.write_manifest(webroot, outdir.read_manifest(webroot) + ["old-page.html"])
    (webroot / "old-page.html").write_text("from the last build\n")
    result = cli(project)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(webroot)
    assert (webroot / "favicon.ico").read_bytes() == b"\x00icon"
    assert not (webroot / "old-page.html").exists()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [".git"]


def test_symlinked_site_pointing_at_a_web_root_of_other_files_is_refused(world):
    project = world / "proj"
    webroot = world / "html"
    webroot.mkdir()
    (webroot / "index.html").write_text("the server's own page\n")
    (project / "_site").symlink_to(webroot)
    before = digest(world)
    message = refused(cli(project))
    assert message.startswith(f"error: --out {project}/_site is a folder of files this tool did not write")
    assert digest(world) == before


def test_dangling_symlink_is_refused(world):
    project = world / "proj"
    (project / "_site").symlink_to(world / "gone")
    before = digest(world)
    assert refused(cli(project)) == (f"error: --out {project}/_site is a symbolic link to {world}/gone, which does "
                                     "not exist; create that folder or remove the link")
    assert digest(world) == before


def test_symlink_to_the_sources_is_refused(world):
    project = world / "proj"
    (world / "looks-harmless").symlink_to(project / "seeds")
    before = digest(world)
    assert "is inside seeds/, which holds your sources" in refused(cli(project, "--out", str(world / "looks-harmless")))
    assert digest(world) == before


def test_second_build_while_the_first_holds_the_lock_is_refused(world, mini_site):
    project = world / "proj"
    out = world / "_site"
    copy_site(mini_site, out)  # the previous build
    before = digest(out)
    with outdir.locked(outdir.locate(out)):
        message = refused(cli_process(project, "--out", str(out)))
    assert message == (f"error: another build (pid {os.getpid()}) is writing {out}; wait for it to finish, "
                       "then build again")
    assert digest(out) == before
    assert not (world / "._site.lock").exists()  # released and removed


def dead_pid() -> int:
    """The pid of a process that has already exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_temporary_folders_of_a_killed_build_are_cleaned_only_when_their_owner_is_gone(world, mini_site):
    project = world / "proj"
    out = world / "_site"
    copy_site(mini_site, out)  # the previous build
    dead, living = dead_pid(), os.getppid()
    for pid in (dead, living):
        (world / f"._site.new-{pid}-abc").mkdir()
        (world / f"._site.new-{pid}-abc" / "index.html").write_text("half written\n")
    build.build(project, out, None, search=False)
    assert not (world / f"._site.new-{dead}-abc").exists()
    assert (world / f"._site.new-{living}-abc" / "index.html").is_file()  # a running build's: left alone


def test_a_build_killed_between_the_two_renames_gets_the_previous_site_back(world, mini_site):
    project = world / "proj"
    out = world / "_site"
    copy_site(mini_site, out)  # the previous build
    (out / "CNAME").write_text("mine\n")
    before = digest(out)
    old = world / f"._site.old-{dead_pid()}"
    out.rename(old)  # where a kill right after the first rename leaves things
    assert outdir.refusal(project, outdir.locate(out)) is None
    outdir.clean_stale(outdir.locate(out))
    assert digest(out) == before and not old.exists()
    build.build(project, out, None, search=False)
    assert (out / "CNAME").read_text() == "mine\n"


def test_an_old_site_left_after_the_swap_is_deleted_but_for_what_was_not_copied(world, mini_site):
    project = world / "proj"
    out = world / "_site"
    copy_site(mini_site, out)  # the previous build
    old = world / f"._site.old-{dead_pid()}"
    build.build(project, old, None, search=False)
    (old / "only-here.txt").write_text("a user file that never made it into the new site\n")
    build.build(project, out, None, search=False)
    assert sorted(p.name for p in old.iterdir()) == ["only-here.txt"]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="the pages are written in this "
                    "process: it would be killed")
@in_a_fresh_process
def test_a_writer_process_killed_leaves_the_previous_site_whole_and_says_so(world, mini_site, monkeypatch):
    project = world / "proj"
    out = world / "_site"
    copy_site(mini_site, out)  # the previous build
    before = digest(out)
    tests_process = os.getpid()

    def killed(*args, **kwargs):
        assert os.getpid() != tests_process, "the pages were written in the test's own process"
        os.kill(os.getpid(), signal.SIGKILL)  # as the system does to a process when memory runs out

    monkeypatch.setattr("evidence_site.render.write_file", killed)
    with pytest.raises(outdir.BuildError, match=r"ended without finishing \(exit code -9; .*nothing was changed"):
        build.build(project, out, None, search=False)
    assert digest(out) == before
    assert sorted(p.name for p in world.iterdir()) == ["_site", "proj"]


def test_a_failure_while_writing_leaves_the_previous_site_whole(world, mini_site, monkeypatch):
    project = world / "proj"
    out = world / "_site"
    copy_site(mini_site, out)  # the previous build
    before = digest(out)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # as if the user pressed Ctrl+C half way through writing

    monkeypatch.setattr("evidence_site.render.write_file", crash)
    with pytest.raises(KeyboardInterrupt):
        build.build(project, out, None, search=False)
    assert digest(out) == before
    assert sorted(p.name for p in world.iterdir()) == ["_site", "proj"]


KILLER = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, {project!r})
from evidence_site import build, render
stage, count = {stage!r}, [0]

def kill_after(real):
    def wrapper(*args, **kwargs):
        result = real(*args, **kwargs)
        count[0] += 1
        if count[0] == {after}:
            os.killpg(0, signal.SIGKILL)  # the whole build: this process and the one it writes the pages in
        return result
    return wrapper

if stage == "writing":
    render.write_file = kill_after(render.write_file)
else:
    Path.rename = kill_after(Path.rename)
build.build(Path({root!r}), Path({out!r}), None, search=False)
"""


@pytest.mark.slow  # separate processes, killed or racing
@pytest.mark.parametrize("stage, after", [("writing", 5), ("rename", 1), ("rename", 2)])
def test_a_build_killed_at_any_stage_loses_nothing_and_the_next_build_cleans_up(world, mini_site, stage, after):
    project = world / "proj"
    out = world / "_site"
    copy_site(mini_site, out)  # the previous build
    (out / "CNAME").write_text("mine\n")
    before = digest(out)
    script = KILLER.format(project=str(PROJECT), stage=stage, after=after, root=str(project), out=str(out))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, start_new_session=True)
    assert result.returncode == -9, result.stderr  # killed where intended, not failed
    olds = list(world.glob("._site.old-*"))
    if (stage, after) == ("rename", 1):  # between the renames: the previous site is whole, moved aside
        assert not out.exists() and [digest(p) for p in olds] == [before]
    elif stage == "writing":  # the half-written tree is a sibling; the site itself was never touched
        assert digest(out) == before and list(world.glob("._site.new-*"))
    else:  # after the swap: the new site (same content, so the same bytes) and the old one still aside
        assert digest(out) == before and olds
    build.build(project, out, None, search=False)
    assert (out / "CNAME").read_text() == "mine\n"
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in world.iterdir()) == ["_site", "proj"]


@pytest.mark.slow  # separate processes, killed or racing
def test_two_builds_started_together_never_leave_a_half_swapped_site(world, mini_site):
    project = world / "proj"
    out = world / "_site"
    copy_site(mini_site, out)  # the previous build
    expected = digest(out)
    command = [sys.executable, str(PROJECT / "build.py"), "--root", str(project), "--no-search", "--out", str(out)]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    for code, stderr in results:  # each one either built, or saw the lock and said so
        assert code == 0 or (code == 2 and "is writing" in stderr and "wait for it to finish" in stderr), stderr
    assert digest(out) == expected
    assert sorted(p.name for p in world.iterdir()) == ["_site", "proj"]
