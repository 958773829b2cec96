"""The template classes that render faster (templating.py): the same output as Jinja's and markupsafe's own."""
from __future__ import annotations

import jinja2
import markupsafe
import pytest
from markupsafe import Markup

from evidence_site import templating


class Html:
    """An object that says how it is written in HTML."""

    def __html__(self) -> str:
        return "<b>bold</b>"


@pytest.mark.parametrize("value", ["plain", "<a href='x'>&amp; \"q\"</a>", "", Markup("<i>kept</i>"), 42, -7, True,
                                   3.5, None, Html(), ["<li>"]])
def test_escape_gives_the_text_markupsafe_gives(value):
    assert str(templating.escape(value)) == str(markupsafe.escape(value))


def test_escape_refuses_an_undefined_value_as_jinja_does():
    with pytest.raises(jinja2.UndefinedError):
        templating.escape(jinja2.StrictUndefined(name="x"))


MACROS = """\
{% macro link(url, label="home", long=false) -%}
<a href="{{ root }}{{ url }}">{{ label }}</a>{% if long %} (long){% endif %}
{%- endmacro %}
{% macro card(title) -%}
<div>{{ title }}: {{ caller() }}</div>
{%- endmacro %}
{% macro any(first) -%}
{{ first }}{% for v in varargs %}, {{ v }}{% endfor %}{% for k, v in kwargs | dictsort %}; {{ k }}={{ v }}{% endfor %}
{%- endmacro %}
"""
PAGE = """\
{% import "macros.html" as m with context %}
{% for u in urls %}{{ m.link(u) }} {{ m.link(u, "<b>") }} {{ m.link(u, long=true) }} {{ m.link(url=u) }}
{% endfor %}
{% call m.card("<T>") %}inside <{{ root }}>{% endcall %}
{{ m.any(1, 2, "<3>", x="<y>") }} {{ m.link("a/") | length }} {{ m.link("a/") ~ "<" }}
{% set label %}{{ m.link("s/") }}{% endset %}{{ label }}
"""


def environment(fast: bool) -> jinja2.Environment:
    """Jinja's environment as the build makes it, with or without the faster classes."""
    env = jinja2.Environment(loader=jinja2.DictLoader({"macros.html": MACROS, "page.html": PAGE}), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    if fast:
        env.template_class, env.context_class = templating.Template, templating.Context
    return env


def test_macros_print_what_jinjas_print_with_every_kind_of_argument():
    values = {"root": "../<r>/", "urls": ["claims/a/", "x&y/"]}
    ours = environment(fast=True).get_template("page.html").render(values)
    assert ours == environment(fast=False).get_template("page.html").render(values)
    assert '<a href="../&lt;r&gt;/claims/a/">&lt;b&gt;</a>' in ours
    assert '<a href="../&lt;r&gt;/x&amp;y/">home</a> (long)' in ours
    assert "<div>&lt;T&gt;: inside <../&lt;r&gt;/></div>" in ours  # the call block's own text is markup


def test_a_macro_given_too_many_arguments_is_refused_as_jinja_refuses_it():
    for fast in (True, False):
        template = environment(fast).from_string('{% import "macros.html" as m %}{{ m.card(1, 2) }}')
        with pytest.raises(TypeError, match="takes not more than 1 argument"):
            template.render(root="")


LIBRARY = """\
{% macro link(url) -%}
<a href="{{ root }}{{ url }}">{{ url }}</a>{% if canonical %} ({{ canonical }}){% endif %} {{ shout(url) }}
{%- endmacro %}
"""
IMPORTER = '{% import "library.html" as m with context %}{{ m.link(url) }} {{ m.link("x/") }}'


def library_environment(fast: bool, library: str = LIBRARY) -> jinja2.Environment:
    """An environment importing `library` with context, as base.html imports macros.html; `shout` a global."""
    sources = jinja2.DictLoader({"library.html": library, "page.html": IMPORTER})
    env = jinja2.Environment(loader=templating.Loader([sources]) if fast else sources, autoescape=True,
                             undefined=jinja2.StrictUndefined)
    if fast:
        env.template_class, env.context_class = templating.Template, templating.Context
    env.globals["shout"] = str.upper
    return env


PAGES = [dict(root=root, url=url, canonical=canonical, title=url)
         for root in ("", "../", "../../") for url in ("a/", "b&c/") for canonical in (None, "https://e.org/" + url)]


def test_a_library_imported_with_context_prints_on_every_page_what_jinja_prints():
    fast, plain = library_environment(True), library_environment(False)
    for values in PAGES * 2:  # the second time round, from the modules kept
        assert fast.get_template("page.html").render(values) == plain.get_template("page.html").render(values)
    assert fast.get_template("page.html").render(PAGES[5]) == \
        '<a href="../a/">a/</a> (https://e.org/a/) A/ <a href="../x/">x/</a> (https://e.org/a/) X/'


def test_a_library_is_made_once_per_set_of_the_values_it_reads():
    library = library_environment(True).get_template("library.html")
    assert library.library_reads == ("canonical", "root", "shout")
    first = library.make_module({**PAGES[0], "title": "one"}, True, {"m": jinja2.utils.missing})
    assert library.make_module({**PAGES[0], "title": "two"}, True, {}) is first  # title is not read
    assert library.make_module({**PAGES[0], "root": "../"}, True, {}) is not first


def test_the_modules_kept_are_bounded_and_still_right():
    fast, plain = library_environment(True), library_environment(False)
    for n in range(templating.MODULES_KEPT * 2 + 1):
        values = dict(root="../", url="a/", canonical=f"https://e.org/{n}/")
        assert fast.get_template("page.html").render(values) == plain.get_template("page.html").render(values)
    assert len(fast.get_template("library.html").modules) <= templating.MODULES_KEPT


@pytest.mark.parametrize("library", [
    '{% set prefix = root %}{% macro link(url) %}{{ prefix }}{{ url }}{% endmacro %}',  # runs code when imported
    '{% macro link(url) %}{% include "part.html" %}{% endmacro %}',  # the included part sees the whole context
])
def test_a_template_that_is_not_only_macros_is_imported_as_jinja_imports_it(library):
    env = library_environment(True, library)
    env.loader.loaders[0].mapping["part.html"] = "{{ root }}{{ url }}|{{ title }}"
    assert env.get_template("library.html").library_reads is None
    for values in PAGES:
        module = env.get_template("library.html").make_module(values, True, {})
        assert str(module.link("q/")).startswith(values["root"])
