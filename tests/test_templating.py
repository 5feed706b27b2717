"""The Jinja environment: the catalogue's fixed words are written into the compiled
templates (`builder.templating`), escaped as a call's result would be."""

from __future__ import annotations

from pathlib import Path

from builder.catalogue import Catalogue
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
