"""What a document is made of, as a digest that depends on content only.

The PDF cache keys every document by its context object (the unit, its agreement, KPIs,
scorecard, ...). Those objects carry where their fields were read (`Location`: a path
that names the content folder, a line and a column) for diagnostics; a printed page
shows none of it. A key made from them would change when the content folder is moved or
renamed, or checked out to another path by a CI runner, and every PDF would be laid out
again. So the digest walks the object and leaves locations out: the same content gives
the same digest wherever the tree lies.

Objects shared by several documents (the site, a superior unit, dimensions) are digested
once per `Fingerprint` (memoised by identity; the objects are frozen and kept alive while
the memo lives).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from builder.model import Location

_ATOMS = (str, int, float, bool, type(None), bytes, Decimal, dt.date, dt.datetime)  # their repr is their value


class Fingerprint:
    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}

    def digest(self, value: object) -> bytes:
        """SHA-256 of the value's content, locations left out."""
        kind = type(value)
        if kind in _ATOMS or isinstance(value, enum.Enum):
            return hashlib.sha256(f"{kind.__name__}:{value!r}".encode()).digest()
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        digest = hashlib.sha256(kind.__qualname__.encode())
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for name in self._names(kind):
                item = getattr(value, name)
                if isinstance(item, Location):
                    continue  # where it was read, not what it says
                digest.update(name.encode())
                digest.update(self.digest(item))
        elif isinstance(value, Mapping):
            for key, item in value.items():
                digest.update(self.digest(key))
                digest.update(self.digest(item))
        elif isinstance(value, tuple | list):
            for item in value:
                digest.update(self.digest(item))
        elif isinstance(value, frozenset | set):
            for item_digest in sorted(self.digest(item) for item in value):  # iteration order varies by run
                digest.update(item_digest)
        else:
            raise TypeError(f"cannot key a document by a {kind.__qualname__}")
        result = digest.digest()
        self._memo[id(value)] = (value, result)
        return result

    def _names(self, kind: type) -> tuple[str, ...]:
        names = self._fields.get(kind)
        if names is None:
            names = tuple(f.name for f in dataclasses.fields(kind) if f.compare)  # `marks` is compare=False
            self._fields[kind] = names
        return names


def content_digest(value: Any) -> str:
    return Fingerprint().digest(value).hex()
