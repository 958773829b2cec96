"""Where templates and static assets are found (the content root's own first, then the tool's), and the template
class that renders them."""
from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from functools import cached_property
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2 import meta, nodes
from jinja2.compiler import Frame
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


# What the filters and functions that take the context (render.py: `prose`, `markdown`) read from it.
CONTEXT_READS = frozenset({"root"})
# Values told apart by their value in a module's key; any other value by its identity.
PLAIN = frozenset({str, int, bool, type(None)})
MODULES_KEPT = 64  # a macro library's modules kept at once (one per distinct `root` and `canonical`)


class Template(jinja2.Template):
    """A Jinja template whose compiled code escapes what it prints with `escape` above (Jinja's calls markupsafe's,
    only ever where the result is joined into the output), and makes its macros as `Macro` above.

    A library of macros imported "with context" (base.html imports macros.html so on every page) is made once per
    set of values of the names it reads, not once per import: Jinja runs the library afresh on each import, which
    costs as much as rendering a bare page.
    """

    source: str | None = None  # the text it was compiled from, when loaded by `Loader`

    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment, namespace: MutableMapping[str, Any],
                        globals: MutableMapping[str, Any]) -> jinja2.Template:
        # The names the compiled code imports from jinja2.runtime.
        if _escape_inner is not None:
            namespace["escape"] = escape
        namespace["Macro"] = Macro
        # Jinja keeps the globals as a ChainMap over the environment's, read through for every page's context (a
        # Python loop per render); the environment's are set before any template is loaded, so a dict of them serves.
        template = super()._from_namespace(environment, namespace, dict(globals))
        template.modules = {}
        return template

    @cached_property
    def library_reads(self) -> tuple[str, ...] | None:
        """The names a library of macros reads from its context (sorted), or None for any other template: one
        whose source is unknown, or that does anything but define macros when imported, or that imports or
        includes another template (which would see the whole context)."""
        if self.source is None:
            return None
        tree = self.environment.parse(self.source)
        if not only_macros(tree):
            return None
        reads = NameReads(self.environment)
        reads.visit(tree)
        return tuple(sorted(reads.undeclared_identifiers | CONTEXT_READS))

    def make_module(self, vars: dict[str, Any] | None = None, shared: bool = False,
                    locals: Mapping[str, Any] | None = None) -> jinja2.environment.TemplateModule:
        """Jinja's module of this template; for a library imported with context, the one already made for the same
        values of the names it reads (its context holds only those), if any."""
        reads = self.library_reads if shared and vars is not None else None
        if reads is None or any(value is not missing for value in (locals or {}).values()):
            return super().make_module(vars, shared, locals)
        read = {name: vars[name] for name in reads if name in vars}
        key = tuple((name, type(v), v if type(v) in PLAIN else id(v)) for name, v in read.items())
        module = self.modules.get(key)
        if module is None:
            if len(self.modules) >= MODULES_KEPT:  # a page's own canonical URL: each page a new key
                self.modules.clear()
            # The module's context holds the values the key tells apart by identity, so none is freed and its id
            # given to another object while the module is kept.
            module = self.modules[key] = super().make_module(read, shared, locals)
        return module


class NameReads(meta.TrackingCodeGenerator):
    """Every name a template's code looks up in its context (`meta.find_undeclared_variables` leaves out the
    environment's globals, which a template imported with context finds in the importer's context too)."""

    def enter_frame(self, frame: Frame) -> None:
        super(meta.TrackingCodeGenerator, self).enter_frame(frame)
        self.undeclared_identifiers.update(name for action, name in frame.symbols.loads.values() if action == "resolve")


def only_macros(tree: nodes.Template) -> bool:
    """Whether a template's top level only defines macros, with text between them, and it includes, imports and
    extends nothing."""
    top = all(isinstance(node, nodes.Macro) or isinstance(node, nodes.Output)
              and all(isinstance(part, nodes.TemplateData) for part in node.nodes) for node in tree.body)
    return top and next(tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)), None) is None


class Loader(jinja2.ChoiceLoader):
    """Each template from the first folder that has it, keeping the text it was compiled from (`Template.source`)."""

    def __init__(self, loaders: list[jinja2.BaseLoader]) -> None:
        super().__init__(loaders)
        self.read: dict[str, str] = {}

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        found = super().get_source(environment, template)
        self.read[template] = found[0]
        return found

    def load(self, environment: jinja2.Environment, name: str,
             globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        template = jinja2.BaseLoader.load(self, environment, name, globals)  # reads the source once, as above
        if isinstance(template, Template):
            template.source = self.read.pop(name, None)
        return template
