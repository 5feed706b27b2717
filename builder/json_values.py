"""Values as the JSON exports write them (scorecards, status, initiatives, diff)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from decimal import Decimal
from json.encoder import encode_basestring as _string
from typing import Any

from builder.model import Person, Text


def json_number(value: Decimal | None) -> float | int | None:
    """A Decimal as the JSON number that reads back as the same value: whole numbers as
    integers (weights, baht), others as floats (exact four-decimal scores)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def json_text(text: Text) -> dict[str, Any]:
    return {"th": text.th, "en": text.en}


def json_person(person: Person | None) -> dict[str, Any] | None:
    """A person by name and position (no contacts: those only where reminders need them)."""
    return None if person is None else {"name": json_text(person.name), "position": json_text(person.position)}


def indented_json(value: Any, depth: int = 0) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, byte for byte, each line after
    the first indented by `depth` more levels. The exports write tens of thousands of
    indented items; `json` indents only in its pure-Python encoder, a generator per
    value, which made the status files most of the export's time."""
    return _indented(value, "\n" + "  " * depth)


class Written(str):
    """JSON text written already, by `indented_json` at the depth where it is put (a
    part that repeats within a document): `indented_json` puts it in as it is."""


def _indented(value: Any, newline: str) -> str:
    kind = type(value)
    leaf = _LEAVES.get(kind)
    if leaf is not None:
        return leaf(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + "  "
        items = []
        for key, item in value.items():
            if type(key) is not str:
                return _standard(value, newline)
            leaf = _LEAVES.get(type(item))  # most values are texts and numbers: no call of _indented
            items.append(f"{_string(key)}: {leaf(item) if leaf is not None else _indented(item, inner)}")
        return f"{{{inner}{(',' + inner).join(items)}{newline}}}"
    if kind is list:
        if not value:
            return "[]"
        inner = newline + "  "
        return f"[{inner}{(',' + inner).join([_indented(item, inner) for item in value])}{newline}]"
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    return _standard(value, newline)  # NaN, tuples, subclasses: as json writes them


# how `_indented` writes a value of these types, at any depth
_LEAVES: dict[type, Callable[[Any], str]] = {
    str: _string,
    int: int.__repr__,
    type(None): lambda _: "null",
    bool: lambda value: "true" if value else "false",
    Written: str.__str__,
}


def _standard(value: Any, newline: str) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)
