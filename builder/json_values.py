"""Values as the JSON exports write them (scorecards, status, initiatives, diff)."""

from __future__ import annotations

from decimal import Decimal
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
