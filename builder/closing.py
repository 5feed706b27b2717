"""Closed rounds: once a round is certified (`kpibook close-round`), its results and the
year's agreements may change only through a correction recorded with its reason.

The closure file (`closed/<year>/<round>.yaml`) keeps a digest of every certified file.
A digest is taken over the file's **meaning**, not its bytes: the values the loader read,
written as canonical JSON (keys sorted, whole numbers without a fraction, no spacing) and
hashed with SHA-256. Reformatting a file, reordering its keys, quoting a value or adding a
comment (an editor's `$schema` line, a note to a reviewer) changes no value, so it does
not break the seal; changing any value, adding or removing one, does.

After closing, `check` compares each certified file with the digest it must have (its
latest correction's, else the certified one) and reports, as `round.closed-changed`, every
value that differs from the certified version, located at the value; the certified version
is read from the revision the closure names (through git, `history`). Without that
revision at hand (no git, a shallow clone) the change is located at the file. A certified
file that is gone is reported at its entry in the closure file, and a results file of the
round or an agreement of the year that appeared after closing at the new file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterator
from typing import Any

from builder.diagnostics import Diagnostics
from builder.document import Document, JsonPath
from builder.loader import shown_value
from builder.model import Content, RoundClosure
from builder.reader import RawContent, SourceFile
from builder.tree import Rel

# (revision, path from the content folder) -> the file as it was then, or None
History = Callable[[str, Rel], Document | None]


def meaning_digest(data: Any) -> str:
    """SHA-256 of the canonical JSON of a file's values."""
    canonical = json.dumps(_normalised(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _normalised(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 80 and 80.0 say the same
    return value


def certified_files(raw: RawContent, year: int, round_id: str) -> dict[str, SourceFile]:
    """The files a closure of (year, round) covers: every unit's results of the round and
    every agreement of the year, by path from the content folder."""
    found = {}
    for source in raw.files:
        if (source.kind == "results" and source.stem == (str(year), round_id)) or (
            source.kind == "agreement" and source.stem == (str(year),)
        ):
            found["/".join(source.relative)] = source
    return found


def check_closed_rounds(
    raw: RawContent,
    content: Content,
    history: History | None,
    diags: Diagnostics,
    only_units: Collection[str] | None = None,
) -> None:
    """Every change to closed data not recorded as a correction, located."""
    if not content.closures:
        return
    closure_docs = {source.stem: source.doc for source in raw.of_kind("closure")}
    digests: dict[str, str] = {}
    for (year, round_id), closure in sorted(content.closures.items()):
        present = certified_files(raw, year, round_id)
        for path in sorted(set(closure.files) | set(present)):
            unit = path.split("/")[1] if path.startswith("units/") else None
            if only_units is not None and unit not in only_units:
                continue  # not read: unchanged, as the diff that reads a part of the tree knows
            accepted = closure.accepted_digest(path)
            source = present.get(path)
            if source is None:
                if accepted is not None:
                    doc = closure_docs.get((str(year), round_id))
                    loc = doc.key_loc(("files", path)) if doc is not None else closure.loc
                    diags.error("round.closed-missing", loc, **_about(closure), file=path)
                continue
            if path not in digests:
                digests[path] = meaning_digest(source.doc.data)
            if accepted is None:
                diags.error("round.closed-added", source.doc.loc(()), **_about(closure))
            elif digests[path] != accepted:
                _report_changes(closure, path, source, history, diags)


def _about(closure: RoundClosure) -> dict[str, Any]:
    return {"year": closure.year, "round": closure.round, "date": closure.closed_on}


def _report_changes(
    closure: RoundClosure, path: str, source: SourceFile, history: History | None, diags: Diagnostics
) -> None:
    certified = history(closure.revision, tuple(path.split("/"))) if history and closure.revision else None
    if certified is None:
        diags.error("round.closed-changed", source.doc.loc(()), variant="file", **_about(closure), file=path)
        return
    corrected = {c.kpi for c in closure.corrections if c.file == path and c.kpi}
    changes = list(changed_paths(certified.data, source.doc.data))
    outside = [p for p in changes if _kpi_of(source.doc.data, p) not in corrected] if corrected else changes
    for where in outside or changes:
        was = _value_at(certified.data, where)
        diags.error(
            "round.closed-changed",
            source.doc.loc(_existing(source.doc.data, where)),
            **_about(closure),
            was=shown_value(json.dumps(was, ensure_ascii=False)) if was is not _MISSING else "–",
        )


_MISSING = object()


def changed_paths(old: Any, new: Any, path: JsonPath = ()) -> Iterator[JsonPath]:
    """The paths of the values that differ between two parsed files (the deepest that do)."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*new, *(k for k in old if k not in new)]:
            yield from changed_paths(old.get(key, _MISSING), new.get(key, _MISSING), (*path, key))
    elif isinstance(old, list) and isinstance(new, list):
        for index in range(max(len(old), len(new))):
            before = old[index] if index < len(old) else _MISSING
            after = new[index] if index < len(new) else _MISSING
            yield from changed_paths(before, after, (*path, index))
    elif _normalised(old) != _normalised(new) or (old is _MISSING) != (new is _MISSING):
        yield path


def _value_at(data: Any, path: JsonPath) -> Any:
    for key in path:
        found = _child(data, key)
        if found is _MISSING:
            return _MISSING
        data = found
    return data


def _child(data: Any, key: str | int) -> Any:
    if isinstance(data, dict):
        return data.get(key, _MISSING)
    if isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
        return data[key]
    return _MISSING


def _existing(data: Any, path: JsonPath) -> JsonPath:
    """The longest start of `path` that is in `data` (a removed value: where it was)."""
    for end in range(len(path), -1, -1):
        if _value_at(data, path[:end]) is not _MISSING:
            return path[:end]
    return ()


def _kpi_of(data: Any, path: JsonPath) -> str | None:
    """The KPI an item or result at `path` is about (`items[i].kpi`, `results[i].kpi`)."""
    if len(path) >= 2 and path[0] in ("items", "results"):
        entry = _value_at(data, path[:2])
        if isinstance(entry, dict) and isinstance(entry.get("kpi"), str):
            return str(entry["kpi"])
    return None
