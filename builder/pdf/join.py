"""Separately laid-out documents joined into one handbook PDF (with pypdf).

WeasyPrint documents cannot leave the process that laid them out, and cached sections
are PDF files, so the handbook is joined at the PDF level:

- the pages of every part, in order;
- one outline built from the parts' bookmarks (their levels are absolute: a unit's
  heading has its depth in the tree), so the outline nests by the unit tree;
- the table of contents' `kpibook-unit:<id>` links turned into links to the section's
  first page, and its `kpibook-page:<n>` links (KPI templates) into links to page n;
- the folio of every page ("page x of y", laid out in chunks of blank pages that carry
  only the footer) drawn over the page as a form XObject: the page's own content is
  wrapped in `q … Q` and not parsed or changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from itertools import chain
from typing import BinaryIO

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from builder.pdf.documents import RenderedPdf
from builder.pdf.folio_stamps import FolioStamps

UNIT_LINK = "kpibook-unit:"
PAGE_LINK = "kpibook-page:"
FOLIO = NameObject("/KpibookFolio")


@dataclass(frozen=True, slots=True)
class Part:
    rendered: RenderedPdf
    unit: str | None = None  # the unit whose section this is (target of TOC links)


@dataclass(frozen=True, slots=True)
class JoinJob:
    """One book to join, as a job for a worker (`builder/pdf/parallel.py`)."""

    unit: str  # the unit the book covers, or "handbook" (named by a failure)
    parts: tuple[Part, ...]
    folios: tuple[RenderedPdf, ...]
    unnumbered: int
    title: str
    lang: str
    elsewhere: tuple[tuple[str, str, int], ...] = ()  # (unit, book file relative to this one, 0-based page)
    stamps: FolioStamps | None = None  # the folios written from samples (then `folios` is empty)

    def run(self) -> RenderedPdf:
        out = BytesIO()
        folios = self.stamps if self.stamps is not None else self.folios
        pages = join_parts(self.parts, folios, self.unnumbered, self.title, self.lang, out, dict_of(self.elsewhere))
        return RenderedPdf(out.getvalue(), pages)


def dict_of(elsewhere: Sequence[tuple[str, str, int]]) -> dict[str, tuple[str, int]]:
    return {unit: (book, page) for unit, book, page in elsewhere}


def join_parts(
    parts: Sequence[Part],
    folios: Sequence[RenderedPdf] | FolioStamps,
    unnumbered: int,
    title: str,
    lang: str,
    out: BinaryIO,
    elsewhere: Mapping[str, tuple[str, int]] | None = None,
) -> int:
    """The parts' pages in order, with `folios` (pages `unnumbered + 1` onwards, in
    order, or written from samples) stamped on them, written to `out`; the number of
    pages. The contents' links to units in `elsewhere` go to their page in that other
    book (a split handbook)."""
    writer = PdfWriter()
    first_pages: dict[str, int] = {}
    starts: list[int] = []
    for part in parts:
        starts.append(len(writer.pages))
        if part.unit is not None:
            first_pages[part.unit] = len(writer.pages)
        writer.append(PdfReader(BytesIO(part.rendered.pdf)), import_outline=False)
    _add_outline(writer, parts, starts)
    _link_units(writer, first_pages, elsewhere or {})
    _stamp_folios(writer, _folio_forms(writer, folios, unnumbered), unnumbered)
    writer.add_metadata({"/Title": title, "/Creator": "kpibook"})
    writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
    writer.page_mode = "/UseOutlines"
    writer.write(out)
    return len(writer.pages)


def _add_outline(writer: PdfWriter, parts: Sequence[Part], starts: Sequence[int]) -> None:
    """Nest bookmarks by level, as WeasyPrint does within one document."""
    open_items: list[tuple[int, IndirectObject]] = []  # (level, item) from the root down
    for part, start in zip(parts, starts, strict=True):
        for mark in part.rendered.bookmarks:
            while open_items and open_items[-1][0] >= mark.level:
                open_items.pop()
            parent = open_items[-1][1] if open_items else None
            page = start + mark.page
            height = float(writer.pages[page].mediabox.height)
            item = writer.add_outline_item(
                title=mark.label,
                page_number=page,
                parent=parent,
                fit=Fit.xyz(left=0, top=height - mark.top),
                is_open=mark.level <= 2,
            )
            open_items.append((mark.level, item))


def _link_units(writer: PdfWriter, first_pages: Mapping[str, int], elsewhere: Mapping[str, tuple[str, int]]) -> None:
    """`kpibook-unit:<id>` URI links (the table of contents) → go to the unit's page, in
    this book or (`elsewhere`) in another book of a split handbook; `kpibook-page:<n>` (a
    KPI template in the contents) → go to page n of the book."""
    for page in writer.pages:
        for annotation in page.get("/Annots", ArrayObject()):
            link = annotation.get_object()
            action = link.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            unit = uri[len(UNIT_LINK) :] if uri.startswith(UNIT_LINK) else None
            if unit is not None and unit not in first_pages and unit in elsewhere:
                book, number = elsewhere[unit]
                remote = [NumberObject(number), NameObject("/Fit")]  # in another file, a page is named by number
                link[NameObject("/A")] = DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/GoToR"),
                        NameObject("/F"): TextStringObject(book),
                        NameObject("/D"): ArrayObject(remote),
                        NameObject("/NewWindow"): BooleanObject(False),
                    }
                )
                continue
            index = _link_target(uri, first_pages, len(writer.pages))
            if index is None:
                continue
            target = writer.pages[index]
            top = NumberObject(int(float(target.mediabox.height)))
            destination = ArrayObject([target.indirect_reference, NameObject("/XYZ"), NullObject(), top, NullObject()])
            del link["/A"]
            link[NameObject("/Dest")] = destination


def _link_target(uri: str, first_pages: Mapping[str, int], count: int) -> int | None:
    """The 0-based page a kpibook link goes to, or None (not ours, or nowhere)."""
    if uri.startswith(UNIT_LINK):
        return first_pages.get(uri[len(UNIT_LINK) :])
    number = uri[len(PAGE_LINK) :]
    if uri.startswith(PAGE_LINK) and number.isdigit() and 1 <= int(number) <= count:
        return int(number) - 1
    return None


def _folio_forms(writer: PdfWriter, folios: Sequence[RenderedPdf] | FolioStamps, unnumbered: int) -> list[PdfObject]:
    """The folio of every numbered page as a form XObject (not yet added to `writer`)."""
    if not isinstance(folios, FolioStamps):
        pages = chain.from_iterable(PdfReader(BytesIO(f.pdf)).pages for f in folios)
        return [_page_as_form(writer, page) for page in pages]
    samples = PdfReader(BytesIO(folios.samples.pdf)).pages
    resources: dict[int, PdfObject] = {}  # one copy per sample page the folios take their fonts from
    forms = []
    for number in range(unnumbered + 1, len(writer.pages) + 1):
        data, sample = folios.folio(number)
        if sample not in resources:
            resources[sample] = writer._add_object(samples[sample]["/Resources"].clone(writer))
        forms.append(_form(data, samples[sample].mediabox, resources[sample]))
    return forms


def _stamp_folios(writer: PdfWriter, folios: Sequence[PdfObject], unnumbered: int) -> None:
    if unnumbered + len(folios) != len(writer.pages):
        raise ValueError(f"{len(folios)} folios for {len(writer.pages) - unnumbered} numbered pages")
    save = writer._add_object(_stream(b"q\n"))
    restore_and_stamp = writer._add_object(_stream(b"\nQ\nq " + FOLIO.encode() + b" Do Q\n"))
    for index, folio in enumerate(folios, start=unnumbered):
        page = writer.pages[index]
        form = writer._add_object(folio)
        resources = DictionaryObject(_dictionary(page["/Resources"]))  # the page's own copy
        xobjects = DictionaryObject(_dictionary(resources.get("/XObject", DictionaryObject())))
        xobjects[FOLIO] = form
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        # raw: `page["/Contents"]` resolves the reference, and a stream written inline in
        # the array is not valid PDF (poppler and pypdf forgive it; pdfminer reads one page)
        contents = page.raw_get("/Contents")
        resolved = contents.get_object()
        if isinstance(resolved, ArrayObject):
            own = list(resolved)
        else:
            own = [contents if isinstance(contents, IndirectObject) else writer._add_object(contents)]
        page[NameObject("/Contents")] = ArrayObject([save, *own, restore_and_stamp])


def _page_as_form(writer: PdfWriter, page: PageObject) -> PdfObject:
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    return _form(data, page.mediabox, page["/Resources"].clone(writer))


def _form(data: bytes, box: PdfObject, resources: PdfObject) -> PdfObject:
    form = _stream(data)
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): box,
            NameObject("/Resources"): resources,
        }
    )
    return form.flate_encode()


def _dictionary(value: object) -> DictionaryObject:
    resolved = value.get_object() if isinstance(value, PdfObject) else value
    if not isinstance(resolved, DictionaryObject):
        raise ValueError(f"expected a PDF dictionary, found {type(resolved).__name__}")
    return resolved


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream
