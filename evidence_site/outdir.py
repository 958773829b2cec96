"""The output folder: refuse an unsafe --out, lock it, and replace only what the previous build wrote.

A build's output holds a marker file listing every file the build wrote. A later build deletes
or overwrites only files on that list; anything else found in the folder is the user's and is
carried over untouched (or, when the new build would need its path, the build refuses).
"""
from __future__ import annotations

import fcntl
import filecmp
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .templating import template_dirs

MARKER = ".evidence-site-build"
TOOL = "evidence-site"


class BuildError(Exception):
    """A failure that is not a content problem (an unsafe --out, a tool missing, a disk error)."""


@dataclass(frozen=True)
class Target:
    """Where a build writes: the path as named (possibly a symlink) and the real folder behind it."""

    path: Path  # absolute; `..` and the parent's symlinks resolved, the last component kept as named
    real: Path  # fully resolved

    @property
    def linked(self) -> bool:
        """Whether --out names a symbolic link (the build then writes through it)."""
        return self.path.is_symlink()


def locate(out: Path) -> Target:
    """The build target for `out`, keeping a symlinked last component so it can be written through."""
    path = Path(os.path.abspath(out))
    if path.parent != path:
        path = path.parent.resolve() / path.name
    return Target(path, path.resolve())


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or lies under it (both already resolved)."""
    return path == folder or folder in path.parents


def source_dirs(root: Path) -> list[tuple[str, Path]]:
    """The folders a build reads, resolved: site_src/, seeds/, and the templates it renders with."""
    return [("site_src", (root / "site_src").resolve()), ("seeds", (root / "seeds").resolve()),
            *(("templates", folder.resolve()) for folder in template_dirs(root))]


def refusal(root: Path, target: Target) -> str | None:
    """Why building into `target` could lose the user's files (one line: reason; fix), or None if it is safe."""
    root = root.resolve()
    out, real = target.path, target.real
    fix = f"choose a new or empty folder, e.g. --out {root / '_site'}"
    if real == root:
        return f"--out {out} is the project folder; building there would replace site_src/, seeds/ and .git; {fix}"
    if real in root.parents:
        return f"--out {out} contains the project folder {root}; building there would replace it; {fix}"
    for name, folder in source_dirs(root):
        if inside(real, folder):
            return f"--out {out} is inside {name}/, which holds your sources; {fix}"
    blocker = next((p for p in real.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        return f"--out {out} lies under {blocker}, which is a file, not a folder; {fix}"
    if target.linked and not real.exists():
        return f"--out {out} is a symbolic link to {real}, which does not exist; create that folder or remove the link"
    if real.exists() and not real.is_dir():
        return f"--out {out} is an existing file, not a folder; {fix}"
    if real.is_dir() and read_manifest(real) is None and any(real.iterdir()):
        return (f"--out {out} is a folder of files this tool did not write (it has no {MARKER}); "
                f"{fix}, or move those files away")
    return None


def safe_relpath(name: object) -> bool:
    """A manifest entry: a relative POSIX path that stays inside the folder."""
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
        return False
    parts = name.split("/")
    if "" not in parts and "." not in parts:  # the form `entries` writes, split as pathlib would split it
        return ".." not in parts  # a manifest lists tens of thousands: pathlib's parse costs 0.3 s at 10,000 articles
    parts = PurePosixPath(name).parts
    return not PurePosixPath(name).is_absolute() and ".." not in parts and "." not in parts


def read_manifest(folder: Path) -> list[str] | None:
    """The files a previous build wrote into `folder`, or None if no build of this tool wrote it."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) and data.get("tool") == TOOL else None
    if not isinstance(files, list) or not all(safe_relpath(f) for f in files):
        return None  # a damaged marker proves nothing, so the folder is treated as the user's
    return files


def write_manifest(folder: Path, files: list[str]) -> None:
    """Mark `folder` as written by this tool, listing the files it wrote (replaced atomically)."""
    text = json.dumps({"tool": TOOL, "files": sorted(files)}, indent=0) + "\n"
    tmp = folder / f"{MARKER}.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, folder / MARKER)


def entries(folder: Path, prune: bool = False) -> list[str]:
    """Every file, symlink and empty folder under `folder` (symlinks not followed), as sorted relative paths.

    With `prune`, an empty folder is removed rather than listed (the folders of a reused spare that the new
    site did not fill): one walk of the site instead of two.
    """
    found, top, removed = [], str(folder), set()
    for dirpath, dirnames, filenames in os.walk(top, topdown=False):  # a folder after what is in it
        links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        rel = dirpath[len(top) + 1:].replace(os.sep, "/")  # plain strings: a site has tens of thousands of files
        names = filenames + links
        folders = [d for d in dirnames if d not in links and os.path.join(dirpath, d) not in removed]
        if not names and not folders and dirpath != top:
            if prune and try_rmdir(Path(dirpath)):
                removed.add(dirpath)
            else:
                found.append(rel)  # an empty folder is an entry of its own
        found += [f"{rel}/{n}" if rel else n for n in names]
    return sorted(f for f in found if f not in (MARKER, f"{MARKER}.tmp"))


def user_entries(folder: Path, ours: list[str]) -> list[str]:
    """What is in `folder` that the previous build did not write."""
    mine = set(ours)
    dirs = {d for f in ours for d in parents(f)}
    return [e for e in entries(folder) if e not in mine and e not in dirs]


def parents(name: str) -> set[str]:
    """The folders a relative path lies in: 'a/b/c' → {'a', 'a/b'}."""
    parts = name.split("/")
    if "" in parts or "." in parts:  # not in the form `entries` writes: let pathlib normalise it
        parts = list(PurePosixPath(name).parts)
    return {"/".join(parts[:i]) for i in range(1, len(parts))}


def check_user_files(out: Path, extras: list[str], new_files: list[str]) -> None:
    """Refuse when the new build would overwrite, or need the path of, something the user put in the output."""
    new = set(new_files)
    new_dirs = {d for f in new_files for d in parents(f)}
    for extra in extras:
        is_dir = (out / extra).is_dir() and not (out / extra).is_symlink()
        if extra in new or (extra in new_dirs and not is_dir) or parents(extra) & new:
            raise BuildError(f"{out / extra} was not written by a previous build and the new build would "
                             f"overwrite it; move it out of {out} and build again")


def owner_pid(name: str, out_name: str) -> int | None:
    """The pid recorded in a temporary folder's name (`.<out>.new-<pid>-…`, `.<out>.old-<pid>`)."""
    match = re.fullmatch(rf"\.{re.escape(out_name)}\.(?:new|old)-(\d+)(?:-.*)?", name)
    return int(match.group(1)) if match else None


def alive(pid: int) -> bool:
    """Whether a process with this pid is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_listed(folder: Path, files: list[str]) -> None:
    """Delete the listed files under `folder` (never through a symlinked folder), then the folders left empty."""
    real, top = str(folder.resolve()), str(folder)
    resolved: dict[str, str] = {}  # each folder resolved once, not once per file
    for name in sorted(files, reverse=True):
        path = os.path.join(top, name)
        parent = os.path.dirname(path)
        if parent not in resolved:
            resolved[parent] = os.path.realpath(parent)
        if resolved[parent] != os.path.normpath(os.path.join(real, os.path.dirname(name))):
            continue  # a folder on the way was replaced by a link: what is behind it is not ours
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            continue
        if stat.S_ISLNK(mode) or stat.S_ISREG(mode):
            os.unlink(path)
        elif stat.S_ISDIR(mode):
            try_rmdir(Path(path))  # an empty folder carried over from the user, now copied
    prune_empty(folder, files)


def try_rmdir(path: Path) -> bool:
    """Remove a folder if it is empty; leave it (the user's files, or already gone) otherwise. Whether it was."""
    try:
        path.rmdir()
    except OSError:
        return False
    return True


def prune_empty(folder: Path, files: list[str]) -> None:
    """Remove the folders that held listed files, deepest first, if nothing else is left in them."""
    dirs = {d for f in files for d in parents(f)}
    for d in sorted(dirs, key=lambda d: (-d.count("/"), d)):
        try_rmdir(folder / d)


def clean_stale(target: Target) -> None:
    """Remove the temporary folders of builds of this output that were killed (their pid is gone)."""
    parent, name = target.path.parent, target.path.name
    for tmp in sorted(parent.glob(f".{glob_escape(name)}.*")):
        pid = owner_pid(tmp.name, name)
        if pid is None or pid == os.getpid() or alive(pid) or tmp.is_symlink() or not tmp.is_dir():
            continue
        if ".new-" in tmp.name:
            shutil.rmtree(tmp)  # a half-written build: every file in it was written by that build
        elif not os.path.lexists(target.path):
            tmp.rename(target.path)  # killed between the two renames: put the previous site back
        else:
            remove_old(tmp, target.path)


def glob_escape(name: str) -> str:
    """`name` with glob metacharacters escaped."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def same_entry(src: Path, copy: Path) -> bool:
    """Whether `copy` is a faithful copy of the user's file, link or empty folder `src`."""
    if src.is_symlink() or copy.is_symlink():
        return src.is_symlink() and copy.is_symlink() and os.readlink(src) == os.readlink(copy)
    if src.is_dir():
        return copy.is_dir()
    return src.is_file() and copy.is_file() and filecmp.cmp(src, copy, shallow=False)


def remove_old(old: Path, out: Path) -> None:
    """Delete a previous site moved aside: its listed files, and user files already copied into `out`."""
    ours = read_manifest(old) or []
    copied = [e for e in user_entries(old, ours) if same_entry(old / e, out / e)]
    remove_listed(old, ours + [MARKER] + copied)
    try_rmdir(old)  # anything left is not ours: it stays for the user to look at


def take_lock(path: Path, out: Path) -> int:
    """Open and lock the lock file without waiting; refuse with the holder's pid when it is taken."""
    for _ in range(3):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 20, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise BuildError(f"another build (pid {pid}) is writing {out}; wait for it to finish, "
                             "then build again") from None
        if os.path.exists(path) and os.stat(path).st_ino == os.fstat(fd).st_ino:
            return fd
        os.close(fd)  # the holder removed the file as we opened it: try the new one
    raise BuildError(f"could not lock {out}: other builds keep starting; build again")


@contextmanager
def locked(target: Target) -> Iterator[None]:
    """Hold `.<out>.lock` next to the output for the whole build, so a second build refuses at once."""
    path = target.path.parent / f".{target.path.name}.lock"
    fd = take_lock(path, target.path)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.unlink(path)  # while still holding the lock, so no one can take a stale file
        os.close(fd)


def kept_folders(spare: Path | None) -> bool:
    """Whether the folders of the site before last are kept at `spare`, for `new_folder` to reuse."""
    return spare is not None and spare.is_dir() and not spare.is_symlink()


def new_folder(target: Target, spare: Path | None = None) -> Path:
    """A fresh temporary folder next to the output, named with this process's pid.

    With `spare` (the site before last, kept by `retire`), its folders become it: removing a folder costs
    milliseconds on some disks (ext4 with online discard), about as much as rendering its page, and a site has
    a folder per page. Its files are still there: `empty_folders` must delete them before anything is written
    (the build does it while it reads the content), and `install` removes the folders left unused (`prune`).
    """
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.path.name}.new-{os.getpid()}-", dir=target.path.parent))
    if kept_folders(spare):
        try:
            spare.rename(tmp)  # replaces the empty folder mkdtemp made
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
    tmp.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
    return tmp


def empty_folders(folder: Path) -> None:
    """Delete every file and link under `folder`, keeping its folders."""
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            os.unlink(os.path.join(dirpath, name))


def discard(tmp: Path, spare: Path | None) -> None:
    """Delete a build's temporary folder that will not be installed; its folders kept at `spare`, if given."""
    try:
        if spare is None or os.path.lexists(spare):
            raise OSError
        empty_folders(tmp)
        tmp.rename(spare)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def install(new: Path, target: Target, spare: Path | None = None, prune: bool = False) -> None:
    """Put the finished build `new` in place of the previous one, keeping every file the user added.

    With `spare`, the previous site is kept there for the next build's `new_folder`. With `prune`, the empty
    folders of `new` are removed first (it was a spare: only folders of an earlier site can be empty).
    """
    new_files = entries(new, prune)
    write_manifest(new, new_files)
    if not os.path.lexists(target.path):
        new.rename(target.path)
        return
    ours = read_manifest(target.real) or []
    extras = user_entries(target.real, ours)
    check_user_files(target.path, extras, new_files)
    if target.linked:
        write_through(new, target.real, ours, new_files)
    else:
        swap(new, target.path, extras, spare)


def copy_entry(src: Path, dst: Path) -> None:
    """Copy one file, symlink or empty folder, creating parent folders."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir() and not src.is_symlink():
        dst.mkdir(exist_ok=True)
    else:
        shutil.copy2(src, dst, follow_symlinks=False)


def swap(new: Path, out: Path, extras: list[str], spare: Path | None = None) -> None:
    """Carry the user's files into `new`, rename the old site aside and `new` in, then delete the old site."""
    for extra in extras:
        copy_entry(out / extra, new / extra)
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    out.rename(old)
    new.rename(out)
    if extras or spare is None or not retire(old, spare):
        remove_old(old, out)


def retire(old: Path, spare: Path) -> bool:
    """Keep a previous site that holds nothing but ours at `spare`, files and all: the next build deletes its
    files (`empty_folders`) while it reads the content, rather than this one after its site is in place.

    False (nothing done) when `old` holds anything the tool did not write, or `spare` is taken.
    """
    ours = read_manifest(old)
    if ours is None or os.path.lexists(spare) or user_entries(old, ours):
        return False
    try:
        old.rename(spare)  # right after the check, where a deletion of its files used to come between
    except OSError:
        return False
    return True


def write_through(new: Path, real: Path, ours: list[str], new_files: list[str]) -> None:
    """Update a symlinked output in place: delete what the last build wrote and is gone, copy the rest over."""
    write_manifest(real, sorted(set(ours) | set(new_files)))  # a kill mid-way leaves every file accounted for
    remove_listed(real, sorted(set(ours) - set(new_files)))
    for name in new_files:
        src, dst = new / name, real / name
        if src.is_dir() and not src.is_symlink():
            dst.mkdir(parents=True, exist_ok=True)
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        if os.path.realpath(dst.parent) != str(real / PurePosixPath(name).parent):
            raise BuildError(f"{dst.parent} is a link to another folder; a build writes only into {real}; "
                             "replace the link with a folder")
        part = dst.with_name(f".{dst.name}.part")
        shutil.copy2(src, part, follow_symlinks=False)
        os.replace(part, dst)
    write_manifest(real, new_files)
    shutil.rmtree(new)
