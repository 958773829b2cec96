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
