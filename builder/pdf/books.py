"""A large handbook is printed as several books: one per subtree, with a shared index.

A ministry's handbook of hundreds of thousands of units would be millions of pages in one
file, joined by one process holding it whole. Past `options.book_units` units (`--book-units`),
the handbook is split instead:

- every subtree of at most `book_units` units that is not inside another such subtree
  (a division, a province, ...) is a book of its own, `handbook/<unit>.pdf`: its cover
  names the unit it covers, its contents lists its units, its pages are numbered from 1;
- `handbook.pdf` is the index: the cover, the contents of *every* unit (a unit printed in
  another book is listed with that book and its page there, and links to it), and the
  sections of the units above the books (the organisation, a ministry's departments).

Each book is laid out and joined on its own, on the workers, so nothing but the index's
contents grows with the tree in one piece, and a process holds at most one book.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from builder.site import urls

INDEX = None  # the index book has no root unit of its own: it covers the handbook's scope


class Entry(Protocol):
    """A section of the handbook (`handbook.Contents`): a chapter or a unit."""

    @property
    def key(self) -> str: ...
    @property
    def depth(self) -> int: ...
    @property
    def chapter(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Book:
    root: str | None  # the unit whose subtree this book is; None: the index (handbook.pdf)
    members: tuple[int, ...]  # indexes of the handbook's sections (chapters, then units in tree order) printed in it
    path: str  # inside the output folder

    @property
    def is_index(self) -> bool:
        return self.root is None


def split_books(entries: Sequence[Entry], book_units: int) -> tuple[Book, ...]:
    """The index first, then the books in tree order. One book (the index, everything in
    it) when the handbook has at most `book_units` units, or `book_units` is 0. Chapters
    (the year's work) stay in the index."""
    everything = tuple(range(len(entries)))
    if book_units <= 0 or sum(1 for e in entries if not e.chapter) <= book_units:
        return (Book(INDEX, everything, urls.handbook_pdf()),)
    sizes = subtree_sizes([entry.depth for entry in entries])
    index: list[int] = []
    books: list[Book] = []
    at = 0
    while at < len(entries):
        entry = entries[at]
        if not entry.chapter and sizes[at] <= book_units:
            books.append(Book(entry.key, tuple(range(at, at + sizes[at])), urls.handbook_book_pdf(entry.key)))
            at += sizes[at]
        else:  # too large for one book: printed in the index, its subtrees split further
            index.append(at)
            at += 1
    return (Book(INDEX, tuple(index), urls.handbook_pdf()), *books)


def subtree_sizes(depths: Sequence[int]) -> list[int]:
    """For units in tree order (depth first) with their depths: how many units each one's
    subtree holds, itself included."""
    sizes = [1] * len(depths)
    open_units: list[int] = []  # ancestors of the current unit, from the top down
    for index, depth in enumerate(depths):
        while open_units and depths[open_units[-1]] >= depth:
            open_units.pop()
        for ancestor in open_units:
            sizes[ancestor] += 1
        open_units.append(index)
    return sizes
