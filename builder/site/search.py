"""The offline search index: units, goals, KPIs and people, one index per language.

The site must search from an intranet folder and from `file://`, where Chromium refuses
`fetch()` of a local JSON file, so the index is a script that assigns a global:
`static/search/index.<lang>.js` sets `window.KPIBOOK_SEARCH`, and
`static/js/search.js` searches it. The texts are normalised (NFC, no invisible
characters, single spaces) so that what the browser shows and what it matches are the
same string. Thai has no spaces between words, so the words of every title and text
are cut here, with a dictionary (`builder.site.words`): the browser cuts a query with
the index's own `words` and ranks whole-word matches above matches inside a word.

Compact on purpose (tens of thousands of KPIs): each document is an array

    [kind, id, title, text, url, unit, tag, title_words, text_words, personal]

with `kind` an index into `kinds`, `unit` an index into `units` ([id, name], or -1),
`url` relative to the language root (from `builder.site.urls`), `tag` an index into
`tags` (what the hit is, as the result list says it: a KPI, a district, a KPI's
supporter ...), `*_words` the lengths of the words (`builder.site.words.word_lengths`)
and `personal` 1 for a person's own entry: a person, or a position's (a unit of an
individual kind) unit page, goals and KPIs, which rank below the organisation's own.
Results — actuals, narratives, scores — are never indexed; people appear with their
names, positions and roles only (no phone numbers or e-mail addresses).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from builder.catalogue import Catalogue
from builder.model import Content, Kpi, Person, Text, Unit
from builder.output import write_text
from builder.site import urls
from builder.site.words import thai_words, word_lengths
from builder.thaitext import is_cluster_boundary
from builder.unit_pieces import UnitPieces

VERSION = 3
KINDS = ("unit", "goal", "kpi", "person")
FIELDS = ("kind", "id", "title", "text", "url", "unit", "tag", "title_words", "text_words", "personal")
MAX_TEXT = 160  # characters of context under a result's title
GLOBAL = "KPIBOOK_SEARCH"

# what search.js shows when the page gives no data-* attribute of its own: catalogue
# templates, filled in by search.js ({n}, {shown})
PAGE_LABELS = {
    "empty": "search.no_results",
    "count": "search.count",
    "more": "search.more",
}

Document = list[Any]


def build_search_index(
    content: Content, lang: str, catalogue: Catalogue, pieces: UnitPieces | None = None
) -> dict[str, Any]:
    """The index of one language, ready for `write_search_index`. With `pieces`
    (`kpibook serve`), each unit's documents (its own, its goals' and its KPIs', their
    words cut) are taken from the last build where the unit's facts did not change."""
    unit_ids = list(content.units)
    unit_index = {uid: i for i, uid in enumerate(unit_ids)}
    tags = _Tags(catalogue, lang)
    parts = (pieces or UnitPieces()).of(f"search {lang}", (content.site, catalogue))  # one kind per language
    docs: list[Document] = []
    found: set[str] = set()  # the Thai words of every title and text
    for unit in content.units.values():
        own = parts.get(unit.id, "unit", partial(_unit_part, content, unit, lang, unit_index, catalogue))
        docs.extend(own.placed(tags))
        found |= own.words
    kpis_by_unit: dict[str, list[Kpi]] = {}
    for kpi in content.kpis.values():
        kpis_by_unit.setdefault(kpi.unit, []).append(kpi)
    at: dict[str, int] = {}  # each unit's KPI documents are placed in the order of content.kpis
    for kpi in content.kpis.values():
        if kpi.unit not in unit_index:
            continue
        make = partial(_kpis_part, content.units[kpi.unit], kpis_by_unit[kpi.unit], lang, unit_index, catalogue)
        kpis = parts.get(kpi.unit, "kpis", make)
        n = at[kpi.unit] = at.get(kpi.unit, -1) + 1
        if n == 0:
            found |= kpis.words
        docs.append(kpis.placed_one(n, tags))
    people = _Part.of(list(_person_docs(content, lang, catalogue, unit_index, tags)), tags, personal=True)
    docs.extend(people.placed(tags))
    found |= people.words
    return {
        "version": VERSION,
        "lang": lang,
        "kinds": list(KINDS),
        "fields": list(FIELDS),
        "labels": {name: catalogue.template(key, lang) or key for name, key in PAGE_LABELS.items()},
        "tags": tags.texts,
        "units": [[uid, normalise(content.units[uid].name.get(lang)) or uid] for uid in unit_ids],
        "words": sorted(found),
        "docs": docs,
    }


@dataclass(frozen=True)
class _Part:
    """Documents of one unit (or the people's), with their tags as texts (an index
    into `tags` is given where the documents are placed: the tags are numbered in the
    order they are first named), the texts' word lengths and their Thai words."""

    named: tuple[str, ...]  # the tags in the order the documents named them
    docs: tuple[Document, ...]  # each with the text of its tag in the tag's place
    words: frozenset[str]

    @classmethod
    def of(cls, docs: list[Document], tags: _Tags, personal: bool) -> _Part:
        """`personal`: the documents are a person's own (people, or a position's unit,
        goals and KPIs), which rank below the organisation's."""
        for doc in docs:
            doc[6] = tags.texts[doc[6]]
            doc.extend((word_lengths(doc[2]), word_lengths(doc[3]), int(personal)))
        return cls(tuple(tags.texts), tuple(docs), frozenset(thai_words(t for d in docs for t in (d[2], d[3]))))

    def placed(self, tags: _Tags) -> list[Document]:
        for text in self.named:
            tags.of(text)
        return [[*doc[:6], tags.of(doc[6]), *doc[7:]] for doc in self.docs]

    def placed_one(self, n: int, tags: _Tags) -> Document:
        doc = self.docs[n]
        return [*doc[:6], tags.of(doc[6]), *doc[7:]]


def _unit_part(content: Content, unit: Unit, lang: str, unit_index: dict[str, int], catalogue: Catalogue) -> _Part:
    tags = _Tags(catalogue, lang)
    docs = [_unit_doc(unit, lang, unit_index, tags), *_goal_docs(content, unit, lang, unit_index, tags)]
    return _Part.of(docs, tags, unit.is_person)


def _kpis_part(unit: Unit, kpis: list[Kpi], lang: str, unit_index: dict[str, int], catalogue: Catalogue) -> _Part:
    """The documents of one unit's KPIs, in the order of `content.kpis`."""
    tags = _Tags(catalogue, lang)
    goal_names = {(unit.id, g.id): g.name.get(lang) for g in unit.strategy.goals}
    return _Part.of([_kpi_doc(kpi, lang, goal_names, unit_index, tags) for kpi in kpis], tags, unit.is_person)


def write_search_index(index: dict[str, Any], path: Path) -> None:
    """Write the index as a script that assigns `window.KPIBOOK_SEARCH`."""
    payload = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    # inert inside any <script>, and valid JavaScript in engines older than ES2019
    payload = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    write_text(path, f"/* kpibook search index ({index['lang']}) */\nwindow.{GLOBAL} = {payload};\n")


_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")


def normalise(text: str) -> str:
    """NFC, no zero-width or soft-hyphen characters, whitespace collapsed."""
    if not text:
        return ""
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def shorten(text: str, limit: int = MAX_TEXT) -> str:
    """At most `limit` characters, cut between grapheme clusters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = next((i for i in range(limit - 1, 0, -1) if is_cluster_boundary(text, i)), limit - 1)
    return text[:cut].rstrip() + "…"


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"[*_`#>|]+")


def plain(markdown: str) -> str:
    """Markdown as words: links become their text, emphasis and heading marks go."""
    return _MARKDOWN_MARKS.sub(" ", _MARKDOWN_LINK.sub(r"\1", markdown))


def _context(*parts: str) -> str:
    return shorten(" · ".join(p for p in (normalise(part) for part in parts) if p))


class _Tags:
    """What each hit is, in the index's language, each text stored once."""

    def __init__(self, catalogue: Catalogue, lang: str) -> None:
        self.catalogue, self.lang = catalogue, lang
        self.texts: list[str] = []
        self._at: dict[str, int] = {}

    def of(self, text: str) -> int:
        if text not in self._at:
            self._at[text] = len(self.texts)
            self.texts.append(text)
        return self._at[text]

    def entry(self, key: str, **params: Any) -> int:
        return self.of(self.catalogue.text(key, self.lang, **params))


# -- documents -------------------------------------------------------------------------


def _unit_doc(unit: Unit, lang: str, unit_index: dict[str, int], tags: _Tags) -> Document:
    parent = unit.parent if unit.parent in unit_index else None
    head = unit.head.name.get(lang) if unit.head else ""
    text = _context(unit.short_name.get(lang), head)
    return [
        KINDS.index("unit"),
        unit.id,
        normalise(unit.name.get(lang)) or unit.id,
        text,
        urls.unit(unit.id),
        unit_index[parent] if parent else -1,
        tags.entry("search.kind.unit", kind=unit.kind),
    ]


def _goal_docs(content: Content, unit: Unit, lang: str, unit_index: dict[str, int], tags: _Tags) -> Iterator[Document]:
    perspectives = {p.id: p.name for p in content.site.perspectives}
    tag = tags.entry("search.kind.goal")
    for goal in unit.strategy.goals:
        text = _context(perspectives.get(goal.perspective, Text()).get(lang), plain(goal.description.get(lang)))
        url = f"{urls.unit(unit.id)}#goal-{goal.id}"
        title = normalise(goal.name.get(lang)) or goal.id
        yield [KINDS.index("goal"), goal.id, title, text, url, unit_index[unit.id], tag]


def _kpi_doc(
    kpi: Kpi, lang: str, goal_names: dict[tuple[str, str], str], unit_index: dict[str, int], tags: _Tags
) -> Document:
    text = _context(goal_names.get((kpi.unit, kpi.goal or ""), ""), kpi.unit_of_measure.get(lang))
    title = normalise(kpi.name.get(lang)) or kpi.id
    url = urls.kpi(kpi.unit, kpi.id)
    return [KINDS.index("kpi"), kpi.id, title, text, url, unit_index[kpi.unit], tags.entry("search.kind.kpi")]


@dataclass
class _PersonEntry:
    """One person within one unit, with every role they hold there."""

    name: str
    unit: str
    position: str = ""
    roles: dict[str, None] = field(default_factory=dict)  # ordered set
    kpis: dict[str, None] = field(default_factory=dict)
    signs: bool = False  # head or signatory: the unit page is their page


def _person_docs(
    content: Content, lang: str, catalogue: Catalogue, unit_index: dict[str, int], tags: _Tags
) -> Iterator[Document]:
    entries: dict[tuple[str, str], _PersonEntry] = {}
    for unit_id, role, person, kpi_id in _people(content):
        name = normalise(person.name.get(lang))
        if not name:
            continue
        entry = entries.setdefault((unit_id, name), _PersonEntry(name, unit_id))
        entry.position = entry.position or normalise(person.position.get(lang))
        entry.roles[catalogue.text(f"search.role.{role}", lang)] = None
        if kpi_id:
            entry.kpis[kpi_id] = None
        else:
            entry.signs = True
    for entry in entries.values():
        yield _person_doc(content, entry, lang, catalogue, unit_index, tags)


def _person_doc(
    content: Content, entry: _PersonEntry, lang: str, catalogue: Catalogue, unit_index: dict[str, int], tags: _Tags
) -> Document:
    """A person (or a body named in a KPI's people: a research centre supporting it),
    tagged with the roles they hold, not as "a person"."""
    only_kpi = next(iter(entry.kpis)) if len(entry.kpis) == 1 and not entry.signs else None
    if only_kpi:
        kpi = content.kpis[f"{entry.unit}/{only_kpi}"]
        what, url = kpi.name.get(lang), urls.kpi(entry.unit, only_kpi)
    else:
        kpis = catalogue.text("search.person_kpis", lang, count=len(entry.kpis)) if entry.kpis else ""
        what, url = kpis, urls.unit(entry.unit)
    text = _context(entry.position, what)
    tag = tags.of(", ".join(entry.roles))
    return [KINDS.index("person"), "", entry.name, text, url, unit_index[entry.unit], tag]


def _people(content: Content) -> Iterator[tuple[str, str, Person, str | None]]:
    """(unit, role, person, KPI id or None) for heads, KPI people and signatories."""
    for unit in content.units.values():
        if unit.head:
            yield unit.id, "head", unit.head, None
    for kpi in content.kpis.values():
        if kpi.unit not in content.units:
            continue
        people = kpi.people
        singles = (("overseer", people.overseer), ("collector", people.collector), ("owner", people.owner))
        for role, person in singles:
            if person:
                yield kpi.unit, role, person, kpi.id
        for person in people.co_owners:
            yield kpi.unit, "co_owner", person, kpi.id
        for person in people.supporters:
            yield kpi.unit, "supporter", person, kpi.id
    for (unit_id, _year), agreement in content.agreements.items():
        if unit_id not in content.units:
            continue
        if agreement.evaluatee:
            yield unit_id, "evaluatee", agreement.evaluatee, None
        if agreement.evaluator:
            yield unit_id, "evaluator", agreement.evaluator, None
