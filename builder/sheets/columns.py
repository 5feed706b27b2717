"""The columns of a results workbook (and of its CSV twin), shared by the writers and the
readers: a column is found again on import by its header, in Thai or English or as its key.

Identity columns say which result a row is (unit, year, round, KPI); the collector fills
the `fill` columns; the others are there to read and are locked in the XLSX.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

ValueKind = Literal["id", "year", "text", "number", "level", "fraction", "date", "paths", "criterion"]


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    kind: ValueKind
    width: float  # in characters of the default font
    fill: bool = False

    @property
    def label_id(self) -> str:
        return f"sheet.column.{self.key}"


UNIT = Column("unit", "id", 14)
UNIT_NAME = Column("unit_name", "text", 24)
YEAR = Column("year", "year", 10.5)
ROUND = Column("round", "id", 8)
KPI = Column("kpi", "id", 16)
IDENTITY = (UNIT, YEAR, ROUND, KPI)

ABOUT = (
    Column("kpi_name", "text", 42),
    Column("measure", "text", 11),
    Column("direction", "text", 11),
)
FIVE_LEVELS = tuple(Column(f"level_{n}", "criterion", 14) for n in range(1, 6))
THREE_TIERS = tuple(Column(f"tier_{tier}", "criterion", 14) for tier in ("basic", "standard", "advanced"))
HISTORY = (Column("previous", "number", 11), Column("last_year", "number", 11))

ACTUAL = Column("actual", "number", 12, fill=True)
LEVEL = Column("level", "level", 10, fill=True)
PARTIAL = Column("partial", "fraction", 11, fill=True)
NARRATIVE = Column("narrative", "text", 48, fill=True)
EVIDENCE = Column("evidence", "paths", 32, fill=True)
REPORTED_ON = Column("reported_on", "date", 15, fill=True)
FILLED = (ACTUAL, LEVEL, PARTIAL, NARRATIVE, EVIDENCE, REPORTED_ON)


def criteria_columns(scheme: str) -> tuple[Column, ...]:
    return THREE_TIERS if scheme == "three-tier" else FIVE_LEVELS


def form_columns(scheme: str, unit_name: bool) -> tuple[Column, ...]:
    """The columns of a results sheet, left to right; `unit_name` for sheets (and CSV
    files) holding the KPIs of several units."""
    return (
        UNIT,
        *((UNIT_NAME,) if unit_name else ()),
        YEAR,
        ROUND,
        KPI,
        *ABOUT,
        *criteria_columns(scheme),
        *HISTORY,
        *FILLED,
    )


ALL_COLUMNS = {c.key: c for c in (*form_columns("five-level", True), *THREE_TIERS)}


def header_key(text: str) -> str:
    """A header as compared on import: case, spaces and line breaks do not matter."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def header_index(labels: Iterable[tuple[str, str, str]]) -> dict[str, tuple[str, str | None]]:
    """Header text (normalised) -> (column key, language), from (key, language, label)
    triples; each key also stands for itself (language None), so a CSV file written by
    hand can use the keys. A form's headers tell the language of its texts."""
    index: dict[str, tuple[str, str | None]] = {header_key(key): (key, None) for key in ALL_COLUMNS}
    for key, lang, label in labels:
        found = index.setdefault(header_key(label), (key, lang))
        if found[0] != key:
            raise ValueError(f"the header {label!r} of {key} is also the header of {found[0]}")
    return index
