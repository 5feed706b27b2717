"""The `format` keywords the schemas use, checked the way editors check them.

JSON Schema leaves `format` to the validator. An editor with the YAML language server or a
tool built on Ajv with ajv-formats (its default "full" mode) rejects `2024-02-30` and
`not-an-email`; `check` must answer the same, so both of our validators (jsonschema for the
located messages, jsonschema_rs for speed) are given these two functions instead of their
own, slightly different, rules. Both follow ajv-formats: `date` is an RFC 3339 full-date
with a real day of the month (leap years counted), `email` its full-mode address pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ATOM = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+{_LABEL}", re.ASCII | re.IGNORECASE)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def is_date(text: object) -> bool:
    """`YYYY-MM-DD` naming a day that exists (Common Era). A format says nothing about a
    value that is not a text (the schema's `type` does), as in JSON Schema."""
    if not isinstance(text, str):
        return True
    match = _DATE.fullmatch(text)
    if match is None:
        return False
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return False
    return 1 <= day <= (29 if month == 2 and _leap(year) else _DAYS[month])


def is_email(text: object) -> bool:
    return not isinstance(text, str) or _EMAIL.fullmatch(text) is not None


FORMATS: dict[str, Callable[[object], bool]] = {"date": is_date, "email": is_email}
