"""Fiscal years and dates: Thai fiscal years run 1 October – 30 September and are named
by the Buddhist Era year in which they end (FY 2555 = 1 Oct 2011 – 30 Sep 2012)."""

from __future__ import annotations

import datetime as dt

BE_OFFSET = 543

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


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


def format_date(day: dt.date, lang: str, short: bool = False) -> str:
    """Thai: '15 ตุลาคม 2567' (Buddhist Era); English: '15 October 2024' (Common Era)."""
    if lang == "th":
        months = THAI_MONTHS_SHORT if short else THAI_MONTHS
        return f"{day.day} {months[day.month - 1]} {day.year + BE_OFFSET}"
    name = ENGLISH_MONTHS[day.month - 1]
    return f"{day.day} {name[:3] if short else name} {day.year}"


def format_fiscal_year(be_year: int, lang: str) -> str:
    """Thai: 'ปีงบประมาณ พ.ศ. 2568'; English: 'FY 2025 (B.E. 2568)'."""
    if lang == "th":
        return f"ปีงบประมาณ พ.ศ. {be_year}"
    return f"FY {be_year - BE_OFFSET} (B.E. {be_year})"
