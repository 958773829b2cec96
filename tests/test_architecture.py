"""The shape of the code (docs/architecture.md): modules import each other in one direction, at the top."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "evidence_site"


def module_name(path: Path) -> str:
    """'evidence_site/pages/claims.py' → 'evidence_site.pages.claims' (a package's __init__ is the package)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(module: str, node: ast.ImportFrom, is_package: bool) -> list[str]:
    """The project modules one `from … import …` statement names."""
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level:
        base = base[: len(base) - node.level + 1]
        target = ".".join([*base, *(node.module.split(".") if node.module else [])])
    else:
        target = node.module or ""
    if not target.startswith("evidence_site"):
        return []
    return [target, *(f"{target}.{alias.name}" for alias in node.names)]


def project_modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "skeleton" not in p.parts}


def imports_of(path: Path, known: set[str]) -> tuple[set[str], list[int]]:
    """The project modules a file imports at its top level, and the lines of any import inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name, is_package = module_name(path), path.name == "__init__.py"
    top: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            top |= {m for m in resolve(name, node, is_package) if m in known}
        elif isinstance(node, ast.Import):
            top |= {a.name for a in node.names if a.name in known}
    nested = [n.lineno for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
              for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))]
    return top - {name}, nested


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def import_graph() -> tuple[dict[str, set[str]], dict[str, list[int]]]:
    """Each module's project imports, and where any module imports inside a function."""
    modules = project_modules()
    graph, nested = {}, {}
    for name, path in modules.items():
        graph[name], lines = imports_of(path, set(modules))
        if lines:
            nested[name] = lines
    # importing a package's submodule runs the package's __init__ first
    for name in list(graph):
        parent = name.rsplit(".", 1)[0]
        if parent in graph and parent != name and parent != "evidence_site":
            graph[name] = graph[name] | ({parent} if name not in graph[parent] else set())
    return graph, nested


def test_no_import_cycles():
    graph, _ = import_graph()
    assert find_cycle(graph) is None, f"import cycle: {' → '.join(find_cycle(graph))}"


def test_every_import_is_at_the_top_of_its_module():
    _, nested = import_graph()
    assert nested == {}, f"imports inside functions (move them to the top): {nested}"


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_write_pass_does_not_reach_back_into_loading():
    """render.py writes what pages/ planned: it never loads, validates or cross-references content itself."""
    graph, _ = import_graph()
    assert not graph["evidence_site.render"] & {"evidence_site.load", "evidence_site.validate",
                                                  "evidence_site.xref", "evidence_site.build"}
