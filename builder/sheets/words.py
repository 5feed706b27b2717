"""The words of a spreadsheet: catalogue entries in the one language a workbook is written in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from builder.catalogue import Catalogue


@dataclass(frozen=True)
class Words:
    catalogue: Catalogue
    lang: str

    def __call__(self, key: str, /, **params: Any) -> str:
        return self.catalogue.text(key, self.lang, **params)

    def date(self, day: dt.date) -> str:
        return self.catalogue.date(day, self.lang)

    def fiscal_year(self, be_year: int) -> str:
        return self.catalogue.fiscal_year(be_year, self.lang)
