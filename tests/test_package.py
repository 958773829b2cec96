"""The tool as an installed package: a wheel built from the repository carries its templates and skeleton."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from helpers import PROJECT

pytestmark = pytest.mark.slow


def setuptools_can_build_offline() -> bool:
    """setuptools 70.1+ builds wheels by itself; older ones need the `wheel` package too."""
    try:
        import setuptools
    except ImportError:
        return False
    return tuple(int(x) for x in setuptools.__version__.split(".")[:2]) >= (70, 1)


def run(*cmd, **kw) -> subprocess.CompletedProcess:
    """Run a command, failing the test with its output when it fails."""
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=300, **kw)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (not editable); returns its bin/ directory.

    The wheel is built from a copy of the repository, so the checkout gets no build/ or egg-info.
    The venv reuses this interpreter's jinja2 etc. through a .pth line rather than
    --system-site-packages, which would also run an editable install's import hook from there.
    """
    if not setuptools_can_build_offline():
        pytest.skip("needs setuptools>=70.1 to build the wheel offline: pip install -e '.[test]'")
    tmp = tmp_path_factory.mktemp("package")
    src = tmp / "src"
    for name in ("pyproject.toml", "README.md"):
        src.mkdir(exist_ok=True)
        shutil.copy(PROJECT / name, src / name)
    for name in ("evidence_site", "templates"):
        shutil.copytree(PROJECT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", tmp / "dist", src)
    [wheel] = (tmp / "dist").glob("evidence_site-*.whl")
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=True)  # ensurepip installs pip from the wheel bundled with Python
    bin_dir = env_dir / "bin"
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(run(bin_dir / "python", "-c", purelib).stdout.strip())
    (site / "host-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(bin_dir / "python", "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel)
    return bin_dir


def test_installed_command_inits_checks_and_builds_outside_the_checkout(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = run(installed / "python", "-c", "import evidence_site, sys; print(evidence_site.__file__)",
                cwd=tmp_path, env=env).stdout
    assert str(PROJECT) not in where  # the installed copy, not this checkout
    run(installed / "evidence-site", "init", tmp_path / "corpus", cwd=tmp_path, env=env)
    result = run(installed / "evidence-site", "check", "--root", tmp_path / "corpus", cwd=tmp_path, env=env)
    assert "ok: content is valid" in result.stdout
    run(installed / "evidence-site", "--root", tmp_path / "corpus", "--no-search", cwd=tmp_path, env=env)
    site = tmp_path / "corpus" / "_site"
    assert (site / "assets/style.css").read_bytes() == (PROJECT / "templates/assets/style.css").read_bytes()
    assert "Exampletown council approves a footbridge" in (site / "articles/example-footbridge/index.html").read_text()
    assert run(installed / "evidence-site", "--version", env=env).stdout.startswith("evidence-site ")
