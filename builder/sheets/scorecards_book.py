"""The scorecards workbook as SpreadsheetML, written directly: a sheet's rows are put
together from one piece per unit (`unit_rows`), each compressed on its own
(`builder.sheets.deflated`), so that a rebuild after one unit changed compresses that
unit's rows again and copies the others' (`kpibook serve`; a clean build writes the same
bytes).

Rows after the header carry no row or column numbers (SpreadsheetML numbers them in
order: row 4, 5 ...), so a unit's piece does not depend on the rows before it. Texts are
inline strings (no shared-strings table to renumber); a text a spreadsheet program would
take for a formula gets Excel's quote prefix (as `builder.sheets.xlsx.text_cell`). Cell
styles are fixed: one per row kind and number format (`STYLES`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from builder.sheets.deflated import Member, Piece, deflate, whole
from builder.sheets.xlsx import FORMULA_STARTS, MAX_CELL_TEXT, build_time

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER_ROW = 3
FOUR_DECIMALS = "0.0000"
SCORE_FORMAT_ID = 164  # the first id free for a workbook's own number formats
ROW_STYLES = ("kpi", "kpi score", "group", "group score", "total", "total score")
STYLES = {"default": 0, "title": 1, "header": 2, **{name: 3 + n for n, name in enumerate(ROW_STYLES)}}
QUOTED = len(ROW_STYLES)  # a row style's quote-prefixed twin is this many ids further
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class UnitRows:
    """One unit's rows of one sheet: compressed SpreadsheetML and their number."""

    piece: Piece
    count: int


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    title: str
    parts: Sequence[UnitRows]

    @property
    def rows(self) -> int:
        return sum(part.count for part in self.parts)


def row_style(kind: str, number_format: str) -> int:
    return STYLES[f"{kind}{' score' if number_format == FOUR_DECIMALS else ''}"]


def unit_rows(rows: Sequence[tuple[int, ...] | Sequence[Any]], styles: Sequence[Sequence[int]]) -> UnitRows:
    """A unit's rows (cell values) with each cell's style, as one piece."""
    text = "".join(
        f"<row>{''.join(_cell(value, style) for value, style in zip(values, of_row, strict=True))}</row>"
        for values, of_row in zip(rows, styles, strict=True)
    )
    return UnitRows(deflate(text.encode("utf-8")), len(rows))


def _cell(value: Any, style: int) -> str:
    """A cell's XML, made once per distinct value and style (a sheet repeats its names,
    weights and scores on row after row; the type is part of the key: 1, 1.0 and True
    are equal keys but different cells)."""
    key = (value.__class__, value, style)
    try:
        xml = _CELLS.get(key)
    except TypeError:  # a value that cannot be a key (a signalling NaN)
        return _cell_made(value, style)
    if xml is None:
        if len(_CELLS) >= CELLS_KEPT:
            _CELLS.clear()
        xml = _CELLS[key] = _cell_made(value, style)
    return xml


CELLS_KEPT = 100_000  # distinct cells kept (a unit's names are its own: most repeat only within a unit)
_CELLS: dict[tuple[type, Any, int], str] = {}


def _cell_made(value: Any, style: int) -> str:
    if value is None:
        return f'<c s="{style}"/>'
    if isinstance(value, bool):
        return f'<c s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c s="{style}"><v>{value}</v></c>'
    if isinstance(value, float | Decimal):
        number = float(value)
        if not math.isfinite(number):
            return f'<c s="{style}"/>'
        shown = str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
        return f'<c s="{style}"><v>{shown}</v></c>'
    text = str(value)[:MAX_CELL_TEXT]
    if text.startswith(FORMULA_STARTS) and style >= STYLES["kpi"]:
        style += QUOTED
    return f'<c s="{style}" t="inlineStr"><is>{_text(text)}</is></c>'


def _text(text: str) -> str:
    text = _NOT_IN_XML.sub("", text)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<t{space}>{escape(text)}</t>"


# -- the package -----------------------------------------------------------------------


def workbook_members(
    sheets: Sequence[Sheet],
    header: Sequence[str],
    widths: Sequence[float],
    font: str,
    size: float,
    empty: tuple[str, str] = ("-", ""),
) -> list[Member]:
    """Every part of the workbook; with no sheet, one sheet named `empty[0]` that says
    `empty[1]` (a workbook needs a sheet)."""
    parts: list[Member] = []
    if sheets:
        parts.extend(_sheet(n, sheet, header, widths, size) for n, sheet in enumerate(sheets, start=1))
        names = [sheet.name for sheet in sheets]
        defined = "".join(_defined_names(n, sheet, len(header)) for n, sheet in enumerate(sheets))
    else:
        note = f'<row r="1"><c r="A1" s="0" t="inlineStr"><is>{_text(empty[1])}</is></c></row>'
        alone = f'<worksheet xmlns="{MAIN}"><sheetData>{note}</sheetData></worksheet>'
        parts.append(whole("xl/worksheets/sheet1.xml", _xml(alone)))
        names, defined = [empty[0]], ""
    return [
        whole("[Content_Types].xml", _content_types(len(names))),
        whole("_rels/.rels", _package_relationships()),
        whole("docProps/app.xml", _app()),
        whole("docProps/core.xml", _core()),
        whole("xl/workbook.xml", _workbook(names, defined)),
        whole("xl/_rels/workbook.xml.rels", _workbook_relationships(len(names))),
        whole("xl/styles.xml", _styles(font, size)),
        *parts,
    ]


def _xml(text: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text).encode("utf-8")


def _sheet(n: int, sheet: Sheet, header: Sequence[str], widths: Sequence[float], size: float) -> Member:
    last_column = get_column_letter(len(header))
    last_row = HEADER_ROW + sheet.rows
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{_number(w)}" customWidth="1"/>' for i, w in enumerate(widths, start=1)
    )
    title = f'<row r="1"><c r="A1" s="{STYLES["title"]}" t="inlineStr"><is>{_text(sheet.title)}</is></c></row>'
    heads = "".join(
        f'<c r="{get_column_letter(i)}{HEADER_ROW}" s="{STYLES["header"]}" t="inlineStr"><is>{_text(h)}</is></c>'
        for i, h in enumerate(header, start=1)
    )
    head_row = f'<row r="{HEADER_ROW}" ht="{_number(round(size * 3.2, 2))}" customHeight="1">{heads}</row>'
    frozen = f"D{HEADER_ROW + 1}"
    start = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{last_column}{last_row}"/>'
        f'<sheetViews><sheetView workbookViewId="0"><pane xSplit="3" ySplit="{HEADER_ROW}" topLeftCell="{frozen}"'
        ' activePane="bottomRight" state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/>'
        '<selection pane="bottomRight" activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{title}{head_row}'
    )
    end = (
        f'</sheetData><autoFilter ref="A{HEADER_ROW}:{last_column}{last_row}"/>'
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>'
    )
    pieces = (deflate(start.encode("utf-8")), *(part.piece for part in sheet.parts), deflate(end.encode(), final=True))
    return f"xl/worksheets/sheet{n}.xml", pieces


def _defined_names(index: int, sheet: Sheet, columns: int) -> str:
    quoted = "'" + sheet.name.replace("'", "''") + "'"
    last = f"${get_column_letter(columns)}${HEADER_ROW + sheet.rows}"
    return (
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
        f"{escape(quoted)}!$A${HEADER_ROW}:{last}</definedName>"
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
        f"{escape(quoted)}!${HEADER_ROW}:${HEADER_ROW}</definedName>"
    )


def _workbook(names: Sequence[str], defined: str) -> bytes:
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, start=1)
    )
    return _xml(
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheets}</sheets>{f'<definedNames>{defined}</definedNames>' if defined else ''}"
        '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


def _content_types(sheets: int) -> bytes:
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{kind}.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    return _xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{kind}.styles+xml"/>'
        '<Override PartName="/docProps/core.xml"'
        ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        f"{overrides}</Types>"
    )


def _package_relationships() -> bytes:
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return _xml(
        f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{PACKAGE_RELATIONSHIPS}/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{office}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )


def _workbook_relationships(sheets: int) -> bytes:
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    styles = f'<Relationship Id="rId{sheets + 1}" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
    return _xml(f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{links}{styles}</Relationships>')


def _app() -> bytes:
    namespace = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    return _xml(f'<Properties xmlns="{namespace}"><Application>kpibook</Application></Properties>')


def _core() -> bytes:
    when = build_time().strftime("%Y-%m-%dT%H:%M:%SZ")
    return _xml(
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>kpibook</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>'
    )


def _styles(font: str, size: float) -> bytes:
    name = quoteattr(font)

    def face(bold: bool, points: float) -> str:
        return f'<font>{"<b/>" if bold else ""}<sz val="{_number(points)}"/><name val={name}/></font>'

    fonts = face(False, size) + face(True, size) + face(True, size + 3)
    fills = (
        '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/></patternFill></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/></patternFill></fill>'
    )
    # (number format, font, fill) of each row style, in ROW_STYLES order
    rows = ((0, 0, 0), (SCORE_FORMAT_ID, 0, 0), (0, 1, 2), (SCORE_FORMAT_ID, 1, 2), (0, 1, 3), (SCORE_FORMAT_ID, 1, 3))

    def xf(number: int, font_id: int, fill: int, extra: str = "", inner: str = "") -> str:
        applied = ' applyNumberFormat="1" applyFont="1" applyFill="1"'
        body = f'<xf numFmtId="{number}" fontId="{font_id}" fillId="{fill}" borderId="0" xfId="0"{applied}{extra}'
        return f"{body}>{inner}</xf>" if inner else f"{body}/>"

    centred = '<alignment horizontal="center" vertical="center" wrapText="1"/>'
    xfs = [xf(0, 0, 0), xf(0, 2, 0), xf(0, 1, 3, ' applyAlignment="1"', centred)]
    xfs += [xf(*style) for style in rows]
    xfs += [xf(*style, ' quotePrefix="1"') for style in rows]
    return _xml(
        f'<styleSheet xmlns="{MAIN}">'
        f'<numFmts count="1"><numFmt numFmtId="{SCORE_FORMAT_ID}" formatCode="{FOUR_DECIMALS}"/></numFmts>'
        f'<fonts count="3">{fonts}</fonts><fills count="4">{fills}</fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    )


def _number(value: float) -> str:
    return f"{value:g}"
