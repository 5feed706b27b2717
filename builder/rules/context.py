"""What rules share besides the content: the date of the check and derived indexes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from builder.cascade import CascadeIndex, cascade_index
from builder.model import Content


@dataclass
class RuleContext:
    today: dt.date
    content_root: Path
    _cascade: CascadeIndex | None = field(default=None, repr=False)

    def cascade(self, content: Content) -> CascadeIndex:
        if self._cascade is None:
            self._cascade = cascade_index(content)
        return self._cascade
