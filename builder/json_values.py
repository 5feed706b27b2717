"""Values as the JSON exports write them (scorecards, status, initiatives, diff)."""

from __future__ import annotations

import json
import math
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


def _indented(value: Any, newline: str) -> str:
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + "  "
        if any(type(key) is not str for key in value):
            return _standard(value, newline)
        items = [f"{_string(key)}: {_indented(item, inner)}" for key, item in value.items()]
        return f"{{{inner}{(',' + inner).join(items)}{newline}}}"
    if kind is list:
        if not value:
            return "[]"
        inner = newline + "  "
        return f"[{inner}{(',' + inner).join([_indented(item, inner) for item in value])}{newline}]"
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    return _standard(value, newline)  # NaN, tuples, subclasses: as json writes them


def _standard(value: Any, newline: str) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)
