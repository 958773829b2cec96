"""Where templates and static assets are found: the content root's own first, then the tool's."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

CHECKOUT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def builtin_templates() -> Path:
    """The tool's own templates: inside the installed package, else the checkout's top-level templates/."""
    try:  # the package has no __init__.py, so files() is a MultiplexedPath: ask it for a file
        packaged = Path(str(resources.files("evidence_site.templates").joinpath("base.html"))).parent
    except ModuleNotFoundError:  # a checkout that is not installed: evidence_site/templates does not exist
        packaged = None
    return packaged if packaged and (packaged / "base.html").is_file() else CHECKOUT_TEMPLATES


def template_dirs(root: Path) -> list[Path]:
    """Where templates are looked up, first match wins: the content root's own templates/, then the tool's.

    A content root's templates/ may hold just the files it changes (like MkDocs' custom_dir).
    """
    own, builtin = root / "templates", builtin_templates()
    return [own, builtin] if own.is_dir() and own.resolve() != builtin.resolve() else [builtin]


def asset_files(root: Path) -> dict[str, Path]:
    """Every static asset by its path under assets/, the content root's own file replacing the tool's."""
    files: dict[str, Path] = {}
    for base in reversed(template_dirs(root)):
        assets = base / "assets"
        for path in sorted(assets.rglob("*")) if assets.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(assets).as_posix()] = path
    return dict(sorted(files.items()))
