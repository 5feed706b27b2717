"""What rules share besides the content: the date of the check and derived indexes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from builder.cascade import CascadeIndex
from builder.model import Content
from builder.queries import Queries
from builder.tree import ContentTree


@dataclass
class RuleContext:
    today: dt.date
    tree: ContentTree  # where the content was read from: evidence is looked up there
    _queries: Queries | None = field(default=None, repr=False)

    def queries(self, content: Content) -> Queries:
        """The domain questions over the content (built once, shared by every rule)."""
        if self._queries is None or self._queries.content is not content:
            self._queries = Queries(content)
        return self._queries

    def cascade(self, content: Content) -> CascadeIndex:
        return self.queries(content).cascade
