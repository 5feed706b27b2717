"""Where every page lives, in one place. Paths are relative to the language root (the
site root for the default language, `en/` for English); pages link with `relative()` so
the folder works from any sub-path of a web server and from `file://`.

  index.html                         home (current fiscal year); years/<year>.html other years
  units/<unit>/index.html            unit page, current year; units/<unit>/<year>.html other years
  units/<unit>/strategy-map.html     the unit's strategy map
  units/<unit>/kpis/<kpi>.html       KPI page (template, criteria, cascade and results of every year)
  cascade.html                       cascade explorer (current year); cascade-<year>.html
  scorecards.html                    all scorecards (current year); scorecards-<year>.html
  search.html                        search
  calendar.html                      the process calendar (current year); calendar-<year>.html
  owed/<round>.html                  what is still owed in a round (current year); owed/<year>/<round>.html
  alignment.html                     alignment with the plans above (current year); alignment-<year>.html
Shared by both languages, at the site root:
  static/...                         CSS, JS, fonts
  emblems/<digest>.svg|png|jpg       the organisation's emblem (site header), units' own seals
  handbook.pdf, agreements/<unit>-<year>.pdf, data/...
  data/scorecards.xlsx               every scorecard, one sheet per year and round
  data/scorecards-<year>-<round>.csv the same table of one year and round
  calendar/<year>.ics, calendar/<year>/<unit>.ics    the calendar feeds
"""

from __future__ import annotations

import posixpath

STATIC = "static"


def emblem(digest: str, suffix: str) -> str:
    return f"emblems/{digest}{suffix}"


def home(year: int | None = None) -> str:
    return f"years/{year}.html" if year else "index.html"


def unit(unit_id: str, year: int | None = None) -> str:
    return f"units/{unit_id}/{year}.html" if year else f"units/{unit_id}/index.html"


def strategy_map(unit_id: str) -> str:
    return f"units/{unit_id}/strategy-map.html"


def kpi(unit_id: str, kpi_id: str) -> str:
    return f"units/{unit_id}/kpis/{kpi_id}.html"


def cascade(year: int | None = None) -> str:
    return f"cascade-{year}.html" if year else "cascade.html"


def scorecards(year: int | None = None) -> str:
    return f"scorecards-{year}.html" if year else "scorecards.html"


def search() -> str:
    return "search.html"


def calendar(year: int | None = None) -> str:
    return f"calendar-{year}.html" if year else "calendar.html"


def owed(round_id: str, year: int | None = None) -> str:
    return f"owed/{year}/{round_id}.html" if year else f"owed/{round_id}.html"


def alignment(year: int | None = None) -> str:
    return f"alignment-{year}.html" if year else "alignment.html"


def calendar_feed(year: int, unit_id: str | None = None) -> str:
    """At the site root (shared by both languages): the year's feed, or one unit's."""
    return f"calendar/{year}/{unit_id}.ics" if unit_id else f"calendar/{year}.ics"


def status_json(year: int, round_id: str) -> str:
    """At the site root: the JSON export of what is owed in a round."""
    return f"data/status/{year}/{round_id}.json"


def agreement_pdf(unit_id: str, year: int) -> str:
    """At the site root (shared by both languages)."""
    return f"agreements/{unit_id}-{year}.pdf"


def handbook_pdf() -> str:
    return "handbook.pdf"


def handbook_book_pdf(unit_id: str) -> str:
    """One book of a handbook split by subtree (`builder/pdf/books.py`)."""
    return f"handbook/{unit_id}.pdf"


def language_root(lang: str, default_lang: str) -> str:
    """Folder of a language's pages relative to the site root."""
    return "" if lang == default_lang else f"{lang}/"


def relative(from_page: str, to: str) -> str:
    """Link from one page to another, both given relative to the same root."""
    start = posixpath.dirname(from_page) or "."
    return posixpath.relpath(to, start)


def scorecards_xlsx() -> str:
    return "data/scorecards.xlsx"


def scorecards_csv(year: int, round_id: str) -> str:
    return f"data/scorecards-{year}-{round_id}.csv"
