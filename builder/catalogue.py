"""The catalogue: every string a user reads, keyed by id, written whole in Thai and in English.

Diagnostics, the site's pages, the printed handbook and agreements, the terminal scorecard,
the search index, the strategy map, default band labels and dates all take their words
from here. Entries live in the themes, `themes/<theme>/catalogue/*.yaml`, one entry per id
with its Thai and English template side by side:

    diag.ref.unknown:
      th: "ไม่พบ{what:term.object} '{id}'"
      en: "unknown {what:term.object} '{id}'"

Themes are read in order, the default theme last, so a user theme (`--theme DIR`) replaces
single entries, or only one language of an entry. A template names its parameters
(`{id}`); parameters are values (ids, numbers, names), never phrases: how a value shows
is up to the template:

    {total}                  a number as people write it (20, 414.5), a `Text` in the
                             message's language, a date in words (Buddhist Era in
                             Thai), a list joined by commas
    {kind:term.unit-kind}    the entry `term.unit-kind.<value>` (each one, for a list)
    {types:term.json-type/or}  a list of them joined by the entry `list.or` ("a or b")
    {errors:error|errors}    the first word when the value is 1, else the second

`docs/catalogue.md` says how to add a string; `tests/test_catalogue.py` renders every
entry in both languages.
"""

from __future__ import annotations

import datetime as dt
import math
import string
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from builder.fiscal import BE_OFFSET
from builder.model import Text
from builder.resources import DEFAULT_THEME

LANGUAGES = ("th", "en")
FOLDER = "catalogue"


class CatalogueError(Exception):
    """A theme's catalogue cannot be used (a usage error: the run stops before it starts)."""


@dataclass(frozen=True)
class Catalogue:
    """Templates by id and language; `text` fills one in."""

    templates: Mapping[str, Mapping[str, str]]  # id -> lang -> template
    # lang -> id -> the template `template()` gives, made on first use: a page asks for
    # hundreds of entries, a large site's pages for millions
    _tables: dict[str, dict[str, str]] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def load(cls, themes: Sequence[Path]) -> Catalogue:
        """The entries of every theme's `catalogue/` folder, the first theme winning."""
        merged: dict[str, dict[str, str]] = {}
        for theme in reversed(themes):  # the default theme first, so the others override it
            for file in sorted((theme / FOLDER).glob("*.yaml")):
                for key, entry in _read_entries(file).items():
                    if key in merged:
                        _check_same_fields(file, key, entry, merged[key])
                    merged.setdefault(key, {}).update(entry)
            if (theme / "i18n").is_dir():
                raise CatalogueError(
                    f"{theme / 'i18n'}: UI strings now live in {theme / FOLDER}/*.yaml, "
                    "one entry per id with its th and en text (see docs/catalogue.md)"
                )
        return cls(merged)

    def text(self, key: str, lang: str, /, **params: Any) -> str:
        """The entry in `lang` (else in the other language, else the id itself), filled in
        with `params`; without any, the template as written."""
        template = (self._tables.get(lang) or self._table(lang)).get(key)
        if template is None:
            return key
        if not params:  # most page words; and templates that a script fills in (`search.count`)
            return template
        if _plain(template) and all(type(v) in (str, int) for v in params.values()):
            return template.format(**params)  # the common case on pages, five times faster
        return _Filler(self, lang).format(template, **params)

    def both(self, key: str, /, **params: Any) -> Text:
        """The entry in Thai and in English, as a content `Text`."""
        return Text(th=self.text(key, "th", **params), en=self.text(key, "en", **params))

    def date(self, day: dt.date, lang: str, short: bool = False) -> str:
        """15 ตุลาคม 2567 (Buddhist Era) in Thai, 15 October 2024 in English."""
        month = self.text(f"date.month{'-short' if short else ''}.{day.month}", lang)
        return self.text("date.long", lang, day=day.day, month=month, be_year=day.year + BE_OFFSET, ce_year=day.year)

    def month(self, day: dt.date, lang: str) -> str:
        """ต.ค. 2567 (Buddhist Era) in Thai, Oct 2024 in English: a month of a timeline."""
        month = self.text(f"date.month-short.{day.month}", lang)
        return self.text("date.month-year", lang, month=month, be_year=day.year + BE_OFFSET, ce_year=day.year)

    def month_name(self, day: dt.date, lang: str) -> str:
        """ต.ค. in Thai, Oct in English: a month under its year's heading."""
        return self.text(f"date.month-short.{day.month}", lang)

    def calendar_year(self, year: int, lang: str) -> str:
        """พ.ศ. 2567 in Thai, 2024 in English: a calendar year (Common Era `year`)."""
        return self.text("date.year", lang, be_year=year + BE_OFFSET, ce_year=year)

    def fiscal_year(self, be_year: int, lang: str) -> str:
        """ปีงบประมาณ พ.ศ. 2568 in Thai, FY 2025 (B.E. 2568) in English."""
        return self.text("fiscal-year", lang, be_year=be_year, ce_year=be_year - BE_OFFSET)

    def _table(self, lang: str) -> dict[str, str]:
        table = self._tables[lang] = {}
        for key in self.templates:
            template = self.template(key, lang)
            if template is not None:
                table[key] = template
        return table

    def template(self, key: str, lang: str) -> str | None:
        entry = self.templates.get(key)
        if not entry:
            return None
        return entry.get(lang) or next((entry[other] for other in LANGUAGES if other in entry), None)

    def __contains__(self, key: object) -> bool:
        return key in self.templates

    def __iter__(self) -> Iterator[str]:
        return iter(self.templates)


@cache
def default_catalogue() -> Catalogue:
    """The default theme's catalogue, read once per process (for runs without a theme)."""
    return Catalogue.load((DEFAULT_THEME,))


def load_catalogue(themes: Sequence[Path]) -> Catalogue:
    """The catalogue of a run's themes (the default theme's alone is shared)."""
    themes = tuple(themes)
    return default_catalogue() if themes == (DEFAULT_THEME,) else Catalogue.load(themes)


@cache
def _plain(template: str) -> bool:
    """True when no field of the template names a vocabulary or a plural."""
    return all(not spec for _, name, spec, _ in string.Formatter().parse(template) if name)


def template_fields(template: str) -> set[str]:
    """The parameter names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def format_number(value: float) -> str:
    """Numbers as people write them: 20, 414.5, 0.25 (no trailing zeros), thousands grouped
    with commas as Thai offices print them: 1,100 and 2,469,000.5."""
    if not math.isfinite(value):  # the loader refuses them; never a traceback for one
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def format_score(value: Decimal | float | None) -> str:
    """Scores always show four decimals, as in the official reporting system: 3.6120."""
    return "–" if value is None else f"{Decimal(str(value)):.4f}"


class _Filler(string.Formatter):
    """Fills a template in one language: values shown as people read them (see above)."""

    def __init__(self, catalogue: Catalogue, lang: str) -> None:
        self.catalogue = catalogue
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:  # one|many
            one, many = format_spec.split("|", 1)
            return one if value == 1 else many
        if isinstance(value, Text):  # a name the content gives: no word of the vocabulary needed
            return value.get(self.lang)
        if format_spec:  # a vocabulary: the entry <vocabulary>.<value>, lists joined by list.<joiner>
            vocabulary, _, joiner = format_spec.partition("/")
            words = [self._term(vocabulary, v) for v in (value if isinstance(value, (list, tuple)) else (value,))]
            if joiner and len(words) > 1:
                return self.catalogue.text(f"list.{joiner}", self.lang, items=", ".join(words[:-1]), last=words[-1])
            return ", ".join(words)
        return self.show(value)

    def _term(self, vocabulary: str, value: Any) -> str:
        key = f"{vocabulary}.{value}"
        return self.catalogue.text(key, self.lang) if key in self.catalogue else str(value)

    def show(self, value: Any) -> str:
        if isinstance(value, Text):
            return value.get(self.lang)
        if isinstance(value, dt.date):
            return self.catalogue.date(value, self.lang)
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, (float, Decimal)):
            return format_number(float(value))
        if isinstance(value, (list, tuple)):
            return ", ".join(self.show(v) for v in value)
        return str(value)


def _read_entries(file: Path) -> dict[str, dict[str, str]]:
    """One catalogue file: id -> {th: template, en: template}; anything else is refused."""
    try:
        data = yaml.load(file.read_text("utf-8"), Loader=yaml.CSafeLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{file}: cannot read it: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogueError(f"{file}: must map ids to entries")
    entries: dict[str, dict[str, str]] = {}
    for key, entry in data.items():
        if not isinstance(key, str):
            raise CatalogueError(f"{file}: the id {key!r} must be quoted (YAML reads it as {type(key).__name__})")
        if not isinstance(entry, dict) or not entry or not set(entry) <= set(LANGUAGES):
            raise CatalogueError(f"{file}: '{key}' must give its text as th: and/or en:")
        if not all(isinstance(text, str) and text.strip() for text in entry.values()):
            raise CatalogueError(f"{file}: '{key}' has an empty or non-text entry")
        for text in entry.values():
            try:
                template_fields(text)
            except ValueError as exc:
                raise CatalogueError(f"{file}: '{key}': {exc} (write {{{{ and }}}} for braces)") from exc
        entries[key] = {lang: str(text) for lang, text in entry.items()}
    return entries


def _check_same_fields(file: Path, key: str, entry: Mapping[str, str], base: Mapping[str, str]) -> None:
    """An override may reword an entry but not ask for parameters the code does not give."""
    given = set().union(*(template_fields(t) for t in base.values()))
    for lang, text in entry.items():
        unknown = template_fields(text) - given
        if unknown:
            raise CatalogueError(
                f"{file}: '{key}' ({lang}) uses {', '.join(sorted(unknown))}, which it is not given "
                f"(it has: {', '.join(sorted(given)) or 'none'})"
            )
