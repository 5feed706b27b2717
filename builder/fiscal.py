"""Fiscal years and dates: Thai fiscal years run 1 October – 30 September and are named
by the Buddhist Era year in which they end (FY 2555 = 1 Oct 2011 – 30 Sep 2012).

Dates in words (15 ตุลาคม 2567) are the catalogue's: `Catalogue.date`, `Catalogue.fiscal_year`."""

from __future__ import annotations

import datetime as dt

BE_OFFSET = 543


def fiscal_year_start(be_year: int) -> dt.date:
    return dt.date(be_year - BE_OFFSET - 1, 10, 1)


def fiscal_year_end(be_year: int) -> dt.date:
    return dt.date(be_year - BE_OFFSET, 9, 30)


def round_end(be_year: int, months: int) -> dt.date:
    """Last day of a reporting round that covers the first `months` of the fiscal year."""
    start = fiscal_year_start(be_year)
    month_index = start.month - 1 + months  # first month after the round
    first_after = dt.date(start.year + month_index // 12, month_index % 12 + 1, 1)
    return first_after - dt.timedelta(days=1)


def parse_iso(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
