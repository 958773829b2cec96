"""Where templates and static assets are found (the content root's own first, then the tool's), and the template
class that renders them."""
from __future__ import annotations

from collections.abc import MutableMapping
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.utils import missing
from markupsafe import Markup

try:  # markupsafe 3: escape() is Python code around this C function
    from markupsafe import _escape_inner
except ImportError:  # markupsafe 2: escape() is C code already, and `Template` leaves it in place
    _escape_inner = None

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


def escape(value: Any) -> str:
    """The text of markupsafe.escape(value), sooner for the values nearly every `{{ … }}` holds: text, markup, numbers.

    A template's compiled code calls escape once per value it prints, and only to join the result into its output:
    several million calls at 10,000 articles, where markupsafe 3's checks and its Markup constructor (both Python)
    cost more than the escaping itself. The text needs no Markup around it to be joined.
    """
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:
        return value
    if kind is int:  # digits and a minus sign: nothing to escape
        return str(value)
    return markupsafe.escape(value)


class Macro(jinja2.runtime.Macro):
    """A template's macro, which `Context.call` calls the short way when given only positional arguments."""

    def plainly_callable(self, count: int) -> bool:
        """Whether a call with `count` positional arguments (and no others) needs none of Jinja's argument handling:
        no caller, no catch-all arguments, not too many, and rendering that is not asynchronous."""
        return not (self.caller or self.explicit_caller or self.catch_kwargs or self.catch_varargs
                    or count > self._argument_count or self._environment.is_async)

    def call_plainly(self, autoescape: bool, args: tuple) -> Any:
        """What `Macro.__call__` returns for these positional arguments (the rest left to their defaults)."""
        text = self._func(*args, *repeat(missing, self._argument_count - len(args)))
        return str.__new__(Markup, text) if autoescape else text


class Context(jinja2.runtime.Context):
    """The render context; its `call` calls a macro given positional arguments without Jinja's general checks.

    Jinja's `call` works out, for every callable, whether it wants the context passed (a macro wants the escaping
    mode), then the macro sorts its arguments: about half the cost of a macro call, a dozen of which print each
    claim page.
    """

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) is Macro:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            if not kwargs and __obj.plainly_callable(len(args)):
                return __obj.call_plainly(__self.eval_ctx.autoescape, args)
        return super().call(__obj, *args, **kwargs)


class Template(jinja2.Template):
    """A Jinja template whose compiled code escapes what it prints with `escape` above (Jinja's calls markupsafe's,
    only ever where the result is joined into the output), and makes its macros as `Macro` above."""

    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment, namespace: MutableMapping[str, Any],
                        globals: MutableMapping[str, Any]) -> jinja2.Template:
        # The names the compiled code imports from jinja2.runtime.
        if _escape_inner is not None:
            namespace["escape"] = escape
        namespace["Macro"] = Macro
        # Jinja keeps the globals as a ChainMap over the environment's, read through for every page's context (a
        # Python loop per render); the environment's are set before any template is loaded, so a dict of them serves.
        return super()._from_namespace(environment, namespace, dict(globals))
