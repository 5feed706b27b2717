"""Separately laid-out documents joined into one handbook PDF (with pikepdf: qpdf).

WeasyPrint documents cannot leave the process that laid them out, and cached sections
are PDF files, so the handbook is joined at the PDF level:

- the pages of every part, in order;
- one outline built from the parts' bookmarks (their levels are absolute: a unit's
  heading has its depth in the tree), so the outline nests by the unit tree;
- the table of contents' `kpibook-unit:<id>` links turned into links to the section's
  first page, and its `kpibook-page:<n>` links (KPI templates) into links to page n;
- the folio of every page ("page x of y", laid out in chunks of blank pages that carry
  only the footer) drawn over the page as a form XObject: the page's own content is
  wrapped in `q … Q` and not parsed or changed;
- the parts' named destinations (their elements' ids), the first part to name one keeping it.

qpdf copies the parts' objects and writes the book (object streams, an /ID from the
content: the same parts give the same bytes) about four times faster than pypdf did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from io import BytesIO
from itertools import pairwise
from typing import BinaryIO

from pikepdf import (
    Array,
    Boolean,
    Dictionary,
    Name,
    NameTree,
    Object,
    ObjectStreamMode,
    Page,
    Pdf,
    Rectangle,
    Stream,
    String,
)

from builder.pdf.documents import Bookmark, RenderedPdf
from builder.pdf.folio_stamps import FolioStamps

UNIT_LINK = "kpibook-unit:"
PAGE_LINK = "kpibook-page:"
FOLIO = Name("/KpibookFolio")


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
    with ExitStack() as opened:  # qpdf reads a part's streams when the book is written: keep them open till then
        book = opened.enter_context(Pdf.new())
        first_pages: dict[str, int] = {}
        starts: list[int] = []
        destinations: dict[str, Array] = {}
        versions = []
        for part in parts:
            source = opened.enter_context(Pdf.open(BytesIO(part.rendered.pdf)))
            starts.append(len(book.pages))
            if part.unit is not None:
                first_pages[part.unit] = len(book.pages)
            book.pages.extend(source.pages)
            _keep_destinations(book, source, starts[-1], destinations)
            versions.append(source.pdf_version)
        _add_outline(book, parts, starts)
        _link_units(book, first_pages, elsewhere or {})
        _stamp_folios(book, _folio_forms(book, folios, unnumbered, opened), unnumbered)
        _name_destinations(book, destinations)
        book.docinfo = book.make_indirect(Dictionary({"/Title": String(title), "/Creator": String("kpibook")}))
        book.Root[Name.Lang] = String(lang)
        book.Root[Name.PageMode] = Name.UseOutlines
        book.save(
            out,
            deterministic_id=True,  # the same parts give the same bytes (the cache, the tests)
            object_stream_mode=ObjectStreamMode.generate,  # a quarter smaller, no slower
            min_version=max(versions, default="1.7"),
        )
        return len(book.pages)


def _keep_destinations(book: Pdf, source: Pdf, start: int, kept: dict[str, Array]) -> None:
    """The named destinations of a part (its elements' ids), moved to the book's pages; the
    first part to name one keeps it."""
    names = source.Root.get(Name.Names)
    dests = names.get(Name.Dests) if isinstance(names, Dictionary) else None
    if not isinstance(dests, Dictionary):
        return
    pages = {page.obj.objgen: start + i for i, page in enumerate(source.pages)}
    for name, dest in NameTree(dests).items():
        if name in kept or not isinstance(dest, Array) or len(dest) == 0 or dest[0].objgen not in pages:
            continue
        kept[name] = Array([book.pages[pages[dest[0].objgen]].obj, *list(dest)[1:]])


def _name_destinations(book: Pdf, kept: Mapping[str, Array]) -> None:
    if not kept:
        return
    flat = Array()
    for name in sorted(kept):
        flat.extend([String(name), kept[name]])
    book.Root[Name.Names] = Dictionary({"/Dests": book.make_indirect(Dictionary({"/Names": flat}))})


@dataclass
class _Item:
    """An outline item before it is written: its bookmark, its page, the items below it."""

    mark: Bookmark
    page: int
    below: list[_Item] = field(default_factory=list)


def _add_outline(book: Pdf, parts: Sequence[Part], starts: Sequence[int]) -> None:
    """Nest bookmarks by level, as WeasyPrint does within one document."""
    top: list[_Item] = []
    open_items: list[_Item] = []  # from the root down
    for part, start in zip(parts, starts, strict=True):
        for mark in part.rendered.bookmarks:
            while open_items and open_items[-1].mark.level >= mark.level:
                open_items.pop()
            item = _Item(mark, start + mark.page)
            (open_items[-1].below if open_items else top).append(item)
            open_items.append(item)
    if top:
        root = book.make_indirect(Dictionary({"/Type": Name.Outlines}))
        root[Name.Count] = _write_items(book, top, root)
        book.Root[Name.Outlines] = root


def _write_items(book: Pdf, items: Sequence[_Item], parent: Dictionary) -> int:
    """`items` written under `parent` (the top levels open); how many items below `parent`
    are shown when it is open."""
    written = []
    shown = 0
    for item in items:
        page = book.pages[item.page]
        top = Rectangle(page.mediabox).height - item.mark.top
        go_to = Dictionary({"/D": Array([page.obj, Name.XYZ, 0, top, None]), "/S": Name.GoTo})
        entry = book.make_indirect(Dictionary({"/Title": String(item.mark.label), "/A": go_to, "/Parent": parent}))
        below = _write_items(book, item.below, entry)
        is_open = item.mark.level <= 2
        entry[Name.Count] = below if is_open else -below  # closed: what opening it would show, negative
        shown += 1 + (below if is_open else 0)
        written.append(entry)
    for before, after in pairwise(written):
        before[Name.Next] = after
        after[Name.Prev] = before
    if written:
        parent[Name.First] = written[0]
        parent[Name.Last] = written[-1]
    return shown


def _link_units(book: Pdf, first_pages: Mapping[str, int], elsewhere: Mapping[str, tuple[str, int]]) -> None:
    """`kpibook-unit:<id>` URI links (the table of contents) → go to the unit's page, in
    this book or (`elsewhere`) in another book of a split handbook; `kpibook-page:<n>` (a
    KPI template in the contents) → go to page n of the book."""
    for page in book.pages:
        for link in page.obj.get(Name.Annots, Array()):
            action = link.get(Name.A)
            uri = str(action.get(Name.URI, "")) if isinstance(action, Dictionary) else ""
            unit = uri[len(UNIT_LINK) :] if uri.startswith(UNIT_LINK) else None
            if unit is not None and unit not in first_pages and unit in elsewhere:
                file, number = elsewhere[unit]
                remote = Array([number, Name.Fit])  # in another file, a page is named by number
                link[Name.A] = Dictionary(
                    {"/S": Name.GoToR, "/F": String(file), "/D": remote, "/NewWindow": Boolean(False)}
                )
                continue
            index = _link_target(uri, first_pages, len(book.pages))
            if index is None:
                continue
            target = book.pages[index]
            del link[Name.A]
            link[Name.Dest] = Array([target.obj, Name.XYZ, None, int(Rectangle(target.mediabox).height), None])


def _link_target(uri: str, first_pages: Mapping[str, int], count: int) -> int | None:
    """The 0-based page a kpibook link goes to, or None (not ours, or nowhere)."""
    if uri.startswith(UNIT_LINK):
        return first_pages.get(uri[len(UNIT_LINK) :])
    number = uri[len(PAGE_LINK) :]
    if uri.startswith(PAGE_LINK) and number.isdigit() and 1 <= int(number) <= count:
        return int(number) - 1
    return None


def _folio_forms(
    book: Pdf, folios: Sequence[RenderedPdf] | FolioStamps, unnumbered: int, opened: ExitStack
) -> list[Stream]:
    """The folio of every numbered page as a form XObject of the book."""
    if not isinstance(folios, FolioStamps):
        sources = [opened.enter_context(Pdf.open(BytesIO(f.pdf))) for f in folios]
        return [_page_as_form(book, source, page) for source in sources for page in source.pages]
    samples = opened.enter_context(Pdf.open(BytesIO(folios.samples.pdf)))
    resources: dict[int, Object] = {}  # one copy per sample page the folios take their fonts from
    forms = []
    for number in range(unnumbered + 1, len(book.pages) + 1):
        data, sample = folios.folio(number)
        page = samples.pages[sample]
        if sample not in resources:
            resources[sample] = _copy(book, samples, page.obj[Name.Resources])
        forms.append(_form(book, data, page.mediabox, resources[sample]))
    return forms


def _stamp_folios(book: Pdf, folios: Sequence[Stream], unnumbered: int) -> None:
    if unnumbered + len(folios) != len(book.pages):
        raise ValueError(f"{len(folios)} folios for {len(book.pages) - unnumbered} numbered pages")
    save = book.make_stream(b"q\n")
    restore_and_stamp = book.make_stream(b"\nQ\nq " + str(FOLIO).encode() + b" Do Q\n")
    for index, folio in enumerate(folios, start=unnumbered):
        page = book.pages[index].obj
        resources = Dictionary(dict(_dictionary(page.get(Name.Resources)).items()))  # the page's own copy
        xobjects = Dictionary(dict(_dictionary(resources.get(Name.XObject, Dictionary())).items()))
        xobjects[FOLIO] = book.make_indirect(folio)
        resources[Name.XObject] = xobjects
        page[Name.Resources] = resources
        # the page's own content wrapped in q … Q, not parsed or changed
        contents = page.get(Name.Contents)
        own = list(contents) if isinstance(contents, Array) else [contents] if contents is not None else []
        page[Name.Contents] = Array([save, *own, restore_and_stamp])


def _page_as_form(book: Pdf, source: Pdf, page: Page) -> Stream:
    contents = page.obj.get(Name.Contents)
    streams = list(contents) if isinstance(contents, Array) else [contents] if contents is not None else []
    data = b"\n".join(stream.read_bytes() for stream in streams)
    return _form(book, data, page.mediabox, _copy(book, source, page.obj[Name.Resources]))


def _form(book: Pdf, data: bytes, box: Array, resources: Object) -> Stream:
    form = book.make_stream(data)  # compressed when the book is written
    form[Name.Type] = Name.XObject
    form[Name.Subtype] = Name.Form
    form[Name.BBox] = Array(list(box))
    form[Name.Resources] = resources
    return form


def _copy(book: Pdf, source: Pdf, value: Object) -> Object:
    """`value` of `source` (with everything it refers to) as an object of `book`."""
    return book.copy_foreign(value if value.is_indirect else source.make_indirect(value))


def _dictionary(value: Object | None) -> Dictionary:
    if not isinstance(value, Dictionary):
        raise ValueError(f"expected a PDF dictionary, found {type(value).__name__}")
    return value
