"""Results files updated in place: only the values a workbook changes are touched, so a
pull request shows only them.

ruamel.yaml's round trip (the same settings as `kpibook new`, `builder/authoring.py`)
keeps the users' comments, key order, flow or block style and quoting; a value equal to
the one already there (85 for 85.0, the same narrative, the same evidence files) is left
as written. A new result goes at the end of the file's list,
in the style of the results already there; a field a result did not have goes where the
format lists it (kpi, actual, level, partial, narrative, evidence).

Narratives: a form shows each narrative in the language of its headers (the site's
first language for a CSV file headed by column keys); a changed narrative changes that
language's text and keeps the other's.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from builder.authoring import round_trip
from builder.model import Result, ResultSet
from builder.sheets.entries import Entry

FIELD_ORDER = ("kpi", "actual", "level", "partial", "narrative", "evidence", "verified")
NUMBERS = ("actual", "level", "partial")
RESULT_FIELDS = {*NUMBERS, "narrative", "evidence"}
_YAML = round_trip()  # one parser for every file: making one costs as much as reading a file


def changes_anything(results: ResultSet | None, entries: Sequence[Entry], site_lang: str) -> bool:
    """Whether the entries change the round's results as the content model holds them, by
    the same rules as the update below: most forms change few files, and reading a file
    with ruamel.yaml costs a hundred times more than this."""
    reported = [e for e in entries if RESULT_FIELDS & e.values.keys()]
    if results is None:
        return bool(reported)
    by_kpi = {r.kpi: r for r in results.results}
    for entry in reported:
        result = by_kpi.get(entry.kpi)
        if result is None or _result_differs(result, entry, site_lang):
            return True
    dates = [e.values["reported_on"] for e in reported if "reported_on" in e.values]
    return bool(dates) and results.reported_on != max(dates).isoformat()


def _result_differs(result: Result, entry: Entry, site_lang: str) -> bool:
    values = entry.values
    for name in NUMBERS:
        if name in values and not _same_number(getattr(result, name), values[name]):
            return True
    shown = entry.lang or site_lang
    if "narrative" in values and result.narrative.get(shown).strip() != values["narrative"]:
        return True
    return "evidence" in values and [e.path for e in result.evidence] != values["evidence"]


def updated_text(
    existing: str | None, year: int, round_id: str, entries: Sequence[Entry], site_lang: str
) -> tuple[str, int] | None:
    """The results file with the entries' values, and how many results changed; None
    when nothing would change. `site_lang` is the language of a plain-string narrative."""
    document = _YAML.load(existing) if existing is not None else _new_file(year, round_id)
    results = document.get("results")
    if not isinstance(results, list):
        results = document["results"] = CommentedSeq()
    changed = 0
    entries = [e for e in entries if RESULT_FIELDS & e.values.keys()]  # a date alone reports nothing
    for entry in entries:
        item = next((r for r in results if isinstance(r, CommentedMap) and r.get("kpi") == entry.kpi), None)
        if item is None:
            item = _new_result(entry.kpi, flow=_flow_items(results))
            results.append(item)
            changed += 1
            _apply(item, entry, site_lang)
        elif _apply(item, entry, site_lang):
            changed += 1
    dates = [e.values["reported_on"] for e in entries if "reported_on" in e.values]
    if dates and _set_reported_on(document, max(dates)):
        changed = max(changed, 1)
    if not changed:
        return None
    out = io.StringIO()
    _YAML.dump(document, out)
    return out.getvalue(), changed


def _new_file(year: int, round_id: str) -> CommentedMap:
    return CommentedMap([("year", year), ("round", round_id), ("results", CommentedSeq())])


def _flow_items(results: CommentedSeq) -> bool:
    """Whether the file writes each result on one line (`- {kpi: x, actual: 1}`)."""
    first = next((r for r in results if isinstance(r, CommentedMap)), None)
    return bool(first is not None and first.fa.flow_style())


def _new_result(kpi: str, flow: bool) -> CommentedMap:
    item = CommentedMap([("kpi", kpi)])
    if flow:
        item.fa.set_flow_style()
    return item


def _apply(item: CommentedMap, entry: Entry, site_lang: str) -> bool:
    changed = False
    for name in NUMBERS:
        if name in entry.values and not _same_number(item.get(name), entry.values[name]):
            _put(item, name, entry.values[name])
            changed = True
    if "narrative" in entry.values:
        changed = _set_narrative(item, entry.values["narrative"], entry.lang or site_lang, site_lang) or changed
    if "evidence" in entry.values:
        changed = _set_evidence(item, entry.values["evidence"]) or changed
    return changed


def _same_number(old: Any, new: float | int) -> bool:
    return isinstance(old, int | float) and not isinstance(old, bool) and float(old) == float(new)


def _put(item: CommentedMap, name: str, value: Any) -> None:
    """Set a field, inserting a new one where the format lists it."""
    if name in item:
        item[name] = value
        return
    rank = FIELD_ORDER.index(name)
    position = sum(1 for key in item if key in FIELD_ORDER and FIELD_ORDER.index(key) < rank)
    item.insert(position, name, value)


def _set_narrative(item: CommentedMap, text: str, shown: str, site_lang: str) -> bool:
    old = item.get("narrative")
    other = "en" if shown == "th" else "th"
    if isinstance(old, dict):
        current = old.get(shown) or old.get(other) or ""
        if str(current).strip() == text:
            return False
        old[shown] = text
        return True
    if isinstance(old, str) and old.strip() == text:
        return False
    if shown == site_lang and (old is None or isinstance(old, str)):
        _put(item, "narrative", text)
        return True
    texts = CommentedMap([(site_lang, old)] if isinstance(old, str) else [])
    texts[shown] = text
    texts.fa.set_flow_style()
    _put(item, "narrative", texts)
    return True


def _set_evidence(item: CommentedMap, paths: list[str]) -> bool:
    old = item.get("evidence")
    old_items = list(old) if isinstance(old, list) else []
    if [_path_of(e) for e in old_items] == paths:
        return False
    kept = {_path_of(e): e for e in old_items}
    files = CommentedSeq([kept.get(path, path) for path in paths])
    if isinstance(old, CommentedSeq) and old.fa.flow_style():
        files.fa.set_flow_style()
    _put(item, "evidence", files)
    return True


def _path_of(evidence: Any) -> str:
    return str(evidence.get("path", "")) if isinstance(evidence, dict) else str(evidence)


def _set_reported_on(document: CommentedMap, day: dt.date) -> bool:
    old = document.get("reported_on")
    if old is not None and str(old) == day.isoformat():
        return False
    if "reported_on" in document:
        document["reported_on"] = day
    else:
        position = list(document).index("round") + 1 if "round" in document else 0
        document.insert(position, "reported_on", day)
    return True


def results_file(content_root: Path, unit_folder: str, year: int, round_id: str) -> Path:
    """The round's results file of a unit: the one there (`.yaml` or `.yml`), else a new `.yaml`."""
    folder = content_root / unit_folder / "results" / str(year)
    for suffix in (".yaml", ".yml"):
        candidate = folder / f"{round_id}{suffix}"
        if candidate.is_file():
            return candidate
    return folder / f"{round_id}.yaml"
