"""The test suite's own rules: conftest.py holds fixtures and hooks only, and CI runs every test."""
from __future__ import annotations

import ast
import re

from helpers import PROJECT

TESTS = PROJECT / "tests"


def test_conftest_files_define_only_fixtures_and_hooks():
    for conftest in sorted(TESTS.rglob("conftest.py")):
        if "node_modules" in conftest.parts:
            continue
        for node in ast.parse(conftest.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                fixture = any("fixture" in ast.unparse(d) for d in getattr(node, "decorator_list", []))
                assert fixture or node.name.startswith("pytest_"), (
                    f"{conftest.relative_to(PROJECT)}: {node.name} is a helper; move it to tests/helpers.py")


def test_no_test_imports_from_conftest():
    offenders = [p.relative_to(PROJECT).as_posix() for p in sorted(TESTS.rglob("*.py"))
                 if "node_modules" not in p.parts
                 and re.search(r"^\s*from \.?conftest import|^\s*import conftest", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == [], "import helpers from tests/helpers.py, not from conftest: " + ", ".join(offenders)


def test_ci_runs_the_slow_tests_and_the_readme_says_how_to_skip_them():
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^python -m pytest --run-slow\b", ci, re.M), ".ci/run must pass --run-slow: CI runs everything"
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert 'python -m pytest -m "not browser"' in readme and "--run-slow" in readme
