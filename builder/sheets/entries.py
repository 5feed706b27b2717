"""Located cells become results: which unit, year, round and KPI each row is, and the
values its filled cells give, each checked against the content and kept with its cell.

A sheet is a results sheet when one of its first rows names the identity columns (unit,
year, round, KPI) in Thai, in English or by key; any other sheet (notes, a pivot table,
a copy) is passed over with a warning. Rows are read to the end of the sheet: an empty
row in the middle does not end the table. A blank cell gives nothing (it never deletes
a value already reported); a row with values but no KPI, for an unknown unit or KPI, or
given twice, is an error at its cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from builder.diagnostics import Diagnostics, did_you_mean
from builder.model import Content, Location
from builder.queries import applies_to
from builder.sheets.cells import READERS, CellProblem
from builder.sheets.columns import ALL_COLUMNS, FILLED, IDENTITY, header_key
from builder.sheets.workbook import SheetCell, Table

HEADER_SEARCH_ROWS = 30
Key = tuple[str, int, str, str]  # unit, year, round, KPI
Headers = Mapping[str, tuple[str, str | None]]  # header text -> column key, its language


@dataclass
class Entry:
    """One row: a KPI's result for a round, as far as the row gives it."""

    unit: str
    year: int
    round: str
    kpi: str
    loc: Location  # the KPI id's cell
    lang: str | None = None  # the language of the form's texts (None: the site's)
    values: dict[str, Any] = field(default_factory=dict)  # field -> value, filled cells only
    locs: dict[str, Location] = field(default_factory=dict)  # field -> its cell

    @property
    def key(self) -> Key:
        return (self.unit, self.year, self.round, self.kpi)


def entries_of(tables: list[Table], headers: Headers, content: Content, diags: Diagnostics) -> list[Entry]:
    """Every row of every results sheet that names a known KPI and reads cleanly."""
    reader = _Reader(headers, content, diags)
    entries: list[Entry] = []
    for table in tables:
        found = reader.columns_of(table)
        if found is not None:
            entries.extend(reader.entries(table, *found))
    if tables and not reader.headers_found:
        diags.error("sheet.no-results-sheet", tables[0].origin, columns=tuple(c.key for c in IDENTITY))
    return entries


class _Reader:
    def __init__(self, headers: Headers, content: Content, diags: Diagnostics) -> None:
        self.headers, self.content, self.diags = headers, content, diags
        self.rounds = {r.id: r for r in content.site.rounds}
        self.unit_ids = tuple(content.units)
        self.first: dict[Key, Location] = {}
        self.headers_found = 0

    def columns_of(self, table: Table) -> tuple[int, dict[int, str], str | None] | None:
        """The header row, the column key of each column it names and the language of
        its headers, or None (reported) for a sheet that is not a results sheet."""
        for number in sorted(table.rows)[:HEADER_SEARCH_ROWS]:
            named = [
                (column, self.headers[header_key(cell.value)])
                for column, cell in table.rows[number].items()
                if isinstance(cell.value, str) and header_key(cell.value) in self.headers
            ]
            columns = {column: key for column, (key, _lang) in named}
            keys = set(columns.values())
            if {"unit", "kpi"} <= keys:
                self.headers_found += 1
                missing = [c.key for c in IDENTITY if c.key not in keys]
                if missing:
                    self.diags.error("sheet.missing-column", table.cell_loc(number, 1), columns=tuple(missing))
                    return None
                languages = Counter(lang for _column, (_key, lang) in named if lang)
                return number, columns, languages.most_common(1)[0][0] if languages else None
        self.diags.warning("sheet.not-a-results-sheet", table.origin, sheet=table.name)
        return None

    def entries(self, table: Table, header_row: int, columns: dict[int, str], lang: str | None) -> Iterator[Entry]:
        by_key = {key: column for column, key in columns.items()}
        merged_rows = self.merged_fill_cells(table, header_row, columns)
        for number in sorted(n for n in table.rows if n > header_row):
            cells = table.rows[number]
            if not any(column in columns for column in cells):
                continue  # a note beside the table, or an empty row
            entry = self.entry(table, number, cells, by_key, lang)
            if entry is not None and number not in merged_rows:
                yield entry

    def merged_fill_cells(self, table: Table, header_row: int, columns: dict[int, str]) -> set[int]:
        """Rows touched by merged cells across the table's identity or filled columns: which
        KPI a merged value belongs to cannot be told, so each such range is an error."""
        watched = {column for column, key in columns.items() if ALL_COLUMNS[key].fill or key in _IDENTITY_KEYS}
        rows: set[int] = set()
        for coord, top, left, bottom, right in table.merged:
            if bottom <= header_row or not watched & set(range(left, right + 1)):
                continue
            self.diags.error("sheet.merged-cells", table.cell_loc(max(top, header_row + 1), left), cells=coord)
            rows.update(range(max(top, header_row + 1), bottom + 1))
        return rows

    def entry(
        self, table: Table, number: int, cells: dict[int, SheetCell], by_key: dict[str, int], lang: str | None
    ) -> Entry | None:
        identity: dict[str, Any] = {}
        ok = True
        for column in IDENTITY:
            cell = cells.get(by_key[column.key])
            if cell is None:
                self.diags.error("sheet.missing-id", table.cell_loc(number, by_key[column.key]), column=column.key)
                return None
            value = self.value(cell, column.kind)
            ok = ok and value is not None
            identity[column.key] = value
        if not ok:
            return None
        kpi_cell = cells[by_key["kpi"]]
        entry = Entry(identity["unit"], identity["year"], identity["round"], identity["kpi"], kpi_cell.loc, lang)
        if not self.known(entry, cells, by_key):
            return None
        for column in FILLED:
            cell = cells.get(by_key.get(column.key, -1))
            if cell is None:
                continue
            value = self.value(cell, column.kind)
            if value is None or value == "" or value == []:
                ok = ok and value is not None
                continue
            entry.values[column.key] = value
            entry.locs[column.key] = cell.loc
        return entry if ok else None

    def value(self, cell: SheetCell, kind: str) -> Any:
        """The cell's value read as `kind`, or None (reported) when it cannot be."""
        if cell.formula is not None and cell.value is None:
            self.diags.error("sheet.formula-without-value", cell.loc, formula=cell.formula[:60])
            return None
        if cell.error:
            self.diags.error("sheet.error-value", cell.loc, value=str(cell.value))
            return None
        try:
            return READERS[kind](cell.value, cell.number_format)
        except CellProblem as problem:
            self.diags.error(problem.code, cell.loc, **problem.params)
            return None

    def known(self, entry: Entry, cells: dict[int, SheetCell], by_key: dict[str, int]) -> bool:
        """The row names a unit, year, round and KPI of the content, once."""
        content = self.content
        unit = content.units.get(entry.unit)
        where = cells[by_key["unit"]].loc
        if unit is None:
            self.diags.error(
                "sheet.unknown-unit", where, unit=entry.unit, did_you_mean=did_you_mean(entry.unit, self.unit_ids)
            )
            return False
        if entry.year not in content.site.fiscal_years:
            self.diags.error("sheet.unknown-year", cells[by_key["year"]].loc, year=entry.year)
            return False
        round_ = self.rounds.get(entry.round)
        if round_ is None or not applies_to(round_, unit.kind):
            its_rounds = [r.id for r in self.rounds.values() if applies_to(r, unit.kind)]
            self.diags.error(
                "sheet.unknown-round",
                cells[by_key["round"]].loc,
                round=entry.round,
                unit=entry.unit,
                did_you_mean=did_you_mean(entry.round, its_rounds),
            )
            return False
        agreement = content.agreements.get((entry.unit, entry.year))
        if agreement is None or agreement.item(entry.kpi) is None:
            kpis = [item.kpi for item in agreement.items] if agreement is not None else []
            self.diags.error(
                "sheet.unknown-kpi",
                entry.loc,
                kpi=entry.kpi,
                unit=entry.unit,
                year=entry.year,
                did_you_mean=did_you_mean(entry.kpi, kpis),
            )
            return False
        first = self.first.get(entry.key)
        if first is not None:
            self.diags.error("sheet.duplicate-row", entry.loc, kpi=entry.kpi, unit=entry.unit, first=str(first))
            return False
        self.first[entry.key] = entry.loc
        return True


_IDENTITY_KEYS = {c.key for c in IDENTITY}
