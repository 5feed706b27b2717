"""The Jinja environment: the catalogue's fixed words are written into the compiled
templates (`builder.templating`), escaped as a call's result would be."""

from __future__ import annotations

from decimal import Decimal
from enum import IntEnum
from pathlib import Path

from markupsafe import Markup

from builder.catalogue import Catalogue
from builder.model import Text
from builder.options import DEFAULT_THEME
from builder.templating import make_environment


def _words(tmp_path: Path) -> Catalogue:
    theme = tmp_path / "theme"
    (theme / "catalogue").mkdir(parents=True)
    (theme / "catalogue" / "words.yaml").write_text('nav.home:\n  th: "หน้า <หลัก> & ที่"\n', "utf-8")
    return Catalogue.load([theme, DEFAULT_THEME])


def test_a_fixed_word_is_compiled_into_the_template_and_escaped(tmp_path: Path) -> None:
    env = make_environment([DEFAULT_THEME], "templates", "th", _words(tmp_path))
    source = "<a>{{ _('nav.home') }}</a>|{{ _('nav.more', count=3) }}|{{ _('no.such.id') }}"
    assert (
        env.from_string(source).render() == "<a>หน้า &lt;หลัก&gt; &amp; ที่</a>|และอีก 3 หน่วยงาน (ดูที่หน้าหน่วยงาน)|no.such.id"
    )
    code = env.compile(source, raw=True)
    assert "nav.home" not in code  # a constant now
    assert "nav.more" in code  # with parameters: filled in on each page


def test_words_are_not_fixed_where_a_template_assigns_to_the_underscore(tmp_path: Path) -> None:
    env = make_environment([DEFAULT_THEME], "templates", "en", _words(tmp_path))
    source = (
        "{% macro fixed() %}{{ _('nav.home') }}{% endmacro %}"
        "{% macro free() %}{% set parts = [] %}{% set _ = parts.append(1) %}{{ parts|length }}"
        "{{ _('nav.cascade') if false }}{% endmacro %}{{ fixed() }} {{ free() }}"
    )
    assert env.from_string(source).render() == "Home 1"
    code = env.compile(source, raw=True)
    assert "nav.home" not in code
    assert "nav.cascade" in code


def test_a_word_named_by_a_prefix_and_a_value_reads_as_the_call_would(tmp_path: Path) -> None:
    env = make_environment([DEFAULT_THEME], "templates", "en", _words(tmp_path))
    source = "{{ _('kpi.kind.' ~ k) }}|{{ _('kpi.kind.' ~ m) }}|{{ _('no.such.' ~ k) }}|{{ _('no.such.' ~ m) }}"
    code = env.compile(source, raw=True)
    assert "markup_join((" not in code  # the key is not joined as markup
    values = {"k": "milestone", "m": Markup("<i>")}
    # a key joined with markup is markup: an entry missing, the key comes back unescaped, as from the call
    assert env.from_string(source).render(values) == "Milestone (5 steps)|kpi.kind.<i>|no.such.milestone|no.such.<i>"


def test_filled_in_words_are_kept_only_for_values_that_fill_in_alike(tmp_path: Path) -> None:
    words = _words(tmp_path)
    env = make_environment([DEFAULT_THEME], "templates", "th", words)
    template = env.from_string("{{ _('nav.more', count=n) }}")
    values = (3, 2.5, 3, True, Decimal("1.50"), Decimal("1.5"), Text(th="ห้า"), Text(th="หก"))
    assert [template.render(n=n) for n in values] == [words.text("nav.more", "th", count=n) for n in values]


# Calls, escaping and blocks of every kind the short paths take or leave to Jinja
# (`_QuickCallContext`, `_QuickCodeGenerator`): each renders as Jinja's own environment does.
SAME_AS_JINJA = {
    "macro with defaults": "{% macro f(a, b='<b>', c=none) %}[{{ a }}|{{ b }}|{{ c }}]{% endmacro %}"
    "{{ f('x&y') }}{{ f(1, 2) }}{{ f(1, b=3) }}{{ f(a='k') }}{% for i in [1, 2] %}{{ f(i) }}{% endfor %}",
    "macro with caller and varargs": "{% macro box(t) %}<div>{{ t }}{{ caller() }}{{ varargs|length }}"
    "{{ kwargs }}</div>{% endmacro %}{% call box('<t>', 9, x=1) %}in <side> {{ v }}{% endcall %}",
    "macro result safe, text escaped": "{% macro m(v) %}<i>{{ v }}</i>{% endmacro %}{{ m(v) }}{{ m(v)|length }}"
    "{% set s %}{{ m(v) }}<p>{{ v }}</p>{% endset %}{{ s }}{{ s|upper }}",
    "values of every kind": "{{ v }}{{ n }}{{ f }}{{ none }}{{ safe }}{{ v ~ safe }}{{ [v] }}{{ obj }}{{ obj.v }}"
    "{{ obj['v'] }}{{ -n }}{{ big }}{{ -f }}{{ tiny }}{{ nan }}{{ yes }}{{ level }}",
    "functions and methods": "{{ fn(v) }}{{ fn(v=v) }}{{ items.append(3) }}{{ items }}{{ ''.join(['a', '<']) }}"
    "{{ ctx_fn() }}{{ stop() is undefined }}",
    "filter blocks and recursion": "{% filter upper %}{{ v }}<b>{% endfilter %}{% for x in tree recursive %}"
    "<li>{{ x.name }}{% if x.kids %}<ul>{{ loop(x.kids) }}</ul>{% endif %}</li>{% endfor %}",
    "autoescape off and on": "{% autoescape false %}{{ v }}{% endautoescape %}{{ v }}",
    "imported macros": "{% import 'lib.html' as lib %}{{ lib.tag(v) }}{{ lib.tag(v, 'em') }}{{ lib.tag(t=v) }}",
}


class _Level(IntEnum):
    HIGH = 5

    def __str__(self) -> str:
        return "<high>"


class _Thing:
    v = "<thing & co>"

    def __str__(self) -> str:
        return "a <thing>"


def _stop() -> str:
    raise StopIteration


def test_templates_render_as_jinja_renders_them(tmp_path: Path) -> None:
    from jinja2 import DictLoader, Environment, StrictUndefined, pass_context
    from markupsafe import Markup

    themes = tmp_path / "theme"
    (themes / "templates").mkdir(parents=True)
    (themes / "templates" / "lib.html").write_text(
        "{% macro tag(t, name='b') %}<{{ name }}>{{ t }}</{{ name }}>{% endmacro %}"
    )
    ours = make_environment([themes], "templates", "en", _words(tmp_path))
    plain = Environment(
        loader=DictLoader({"lib.html": (themes / "templates" / "lib.html").read_text()}),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    tree = [{"name": "a<", "kids": [{"name": "b&", "kids": []}]}]

    def values() -> dict[str, object]:
        return {
            "v": "<x> & 'q' \"d\"",
            "n": 3,
            "f": 2.5,
            "safe": Markup("<br>"),
            "obj": _Thing(),
            "big": 10**30,
            "tiny": 1e-7,
            "nan": float("nan"),
            "yes": True,
            "level": _Level.HIGH,
            "fn": lambda v: f"<{v}>",
            "ctx_fn": pass_context(lambda context: context["n"]),
            "stop": _stop,
            "items": [1],
            "tree": tree,
        }

    for name, source in SAME_AS_JINJA.items():
        expected = plain.from_string(source).render(values())
        assert ours.from_string(source).render(values()) == expected, name
    assert "_escape_text(" in ours.compile(SAME_AS_JINJA["values of every kind"], raw=True)


def test_a_template_reading_only_globals_is_imported_as_one_module(tmp_path: Path) -> None:
    """An imported template that reads nothing but the environment's globals is one
    module for every page; one that reads another variable still gets the importing
    template's own globals, as Jinja gives them, made again for each page."""
    from jinja2 import DictLoader, Environment

    themes = tmp_path / "theme"
    (themes / "templates").mkdir(parents=True)
    sources = {
        "lib.html": "{% set made = count() %}{% macro tag(t) %}<b>{{ t }}</b>{% endmacro %}",
        "reads.html": "{% set made = count() %}{% macro tag(t) %}{{ t }}/{{ n }}{% endmacro %}",
    }
    for name, source in sources.items():
        (themes / "templates" / name).write_text(source)
    page = "{% import 'lib.html' as lib %}{% import 'reads.html' as r %}{{ lib.tag(v) }} {{ r.tag(v) }}"
    rendered, made = [], []
    for env in (
        make_environment([themes], "templates", "en", _words(tmp_path), reload=False),
        Environment(loader=DictLoader(sources), autoescape=True),
    ):
        made.append([])
        env.globals["count"] = lambda found=made[-1]: found.append(1)
        template = env.from_string(page, globals={"n": 1})
        rendered.append([template.render(v="<a>"), template.render(v="c")])
    assert rendered[0] == rendered[1] == ["<b>&lt;a&gt;</b> &lt;a&gt;/1", "<b>c</b> c/1"]
    assert len(made[0]) == 3  # lib.html once; reads.html for each page, as Jinja makes both
    assert len(made[1]) == 4


def test_a_page_template_is_compiled_with_what_it_extends_and_imports(tmp_path: Path) -> None:
    """Before the page writers fork, a page template is compiled with the frame it extends,
    the macros it imports and what those use in turn, and whether an imported template
    reads a page's variables is settled then, not in each worker."""
    from builder.templating import compile_templates

    folder = tmp_path / "theme" / "templates"
    folder.mkdir(parents=True)
    sources = {
        "frame.html": "{% import 'lib.html' as lib %}<main>{% block body %}{% endblock %}</main>",
        "lib.html": "{% import 'deeper.html' as d %}{% macro tag(t) %}{{ d.b(t) }}{% endmacro %}",
        "deeper.html": "{% macro b(t) %}<b>{{ t }}</b>{% endmacro %}",
        "page.html": "{% extends 'frame.html' %}{% block body %}{{ lib.tag(v) }}{% endblock %}",
        "unused.html": "{% if %}",  # never compiled: not a page's, nor used by one
    }
    for name, source in sources.items():
        (folder / name).write_text(source)
    env = make_environment([tmp_path / "theme"], "templates", "en", _words(tmp_path), reload=False)
    compile_templates(env, ["page.html"])
    for name in sources:
        (folder / name).unlink()  # what renders now comes from the compiled templates
    assert env.get_template("page.html").render(v="<x>") == "<main><b>&lt;x&gt;</b></main>"
    for name in ("lib.html", "deeper.html"):
        imported = env.get_template(name)
        assert imported.__dict__.get("_reads_page_variables") is False, name
        assert imported.__dict__.get("_parsed") is None, name
