"""A mapping of a schema-valid document, with the locations of its fields, and the
small conversions every part of the model shares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from builder.document import Document, JsonPath, Mark
from builder.model import (
    EMPTY,
    Location,
    Person,
    Text,
)


@dataclass
class Node:
    """A mapping in a document, with a way to locate its fields."""

    doc: Document
    path: JsonPath
    data: Mapping[str, Any]

    @property
    def loc(self) -> Location:
        return self.doc.loc_of(self.data, self.path)

    def marks(self) -> Mapping[str, Mark]:
        """(line, column) of each field's value: numbers only, no reference to the document
        (the loader's own record for this mapping, shared, not copied)."""
        return self.doc.marks_of(self.data)

    def child(self, key: str) -> Node | None:
        value = self.data.get(key)
        return Node(self.doc, (*self.path, key), value) if isinstance(value, dict) else None

    def children(self, key: str) -> list[Node]:
        items = self.data.get(key) or []
        return [Node(self.doc, (*self.path, key, i), v) for i, v in enumerate(items)]

    def text(self, key: str) -> Text:
        return to_text(self.data.get(key))

    def located(self) -> dict[str, Any]:
        return {"loc": self.loc, "marks": self.marks()}


def to_text(value: Any) -> Text:
    if value is None:
        return EMPTY
    if isinstance(value, dict):
        return Text(th=str(value.get("th") or ""), en=str(value.get("en") or ""))
    return Text(th=str(value))


def to_person(node: Node | None) -> Person | None:
    if node is None:
        return None
    return Person(
        name=node.text("name"),
        position=node.text("position"),
        phone=str(node.data.get("phone") or ""),
        email=str(node.data.get("email") or ""),
        **node.located(),
    )


def num(value: Any) -> float | None:
    return None if value is None else float(value)


def pair(value: Any) -> tuple[float, float] | None:
    return (float(value[0]), float(value[1])) if value else None
