"""Links from the page being rendered: every href a template writes comes from here.

Paths come from `builder.site.urls` and are made relative to the current page, so the
built folder works from any sub-path of a web server and straight from `file://`. A link
to a page of another year only points at a page that is built; otherwise it falls back
to the page of the current year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.evidence import EvidenceRefused, output_path
from builder.queries import Queries
from builder.site import urls


@dataclass(frozen=True)
class Links:
    page: str  # the page being rendered, from the site root ("en/units/prov/index.html")
    lang_root: str  # "" for the default language, "en/" for English
    index: Queries

    def _to(self, path: str) -> str:
        return self.shared(self.lang_root + path)

    def shared(self, path: str) -> str:
        """A file both languages share, at the site root (static files, PDFs, evidence)."""
        href = self._hrefs.get(path)
        if href is None:
            href = self._hrefs[path] = relative_from(self._folder, path)
        return href

    # made with the links (`__post_init__`), not as cached properties: a page makes a
    # `Links` and reads both at once, and a cached property takes a lock on first reading
    _folder: tuple[str, ...] = field(init=False, repr=False, compare=False)
    # the links made from this page's folder so far, by path from the root: kept for the
    # other pages of the folder (a unit's KPI pages link to the same places, and the owed
    # pages make a hundred thousand links from one)
    _hrefs: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        folder = self.page.rpartition("/")[0]
        hrefs = _FOLDERS_HREFS.get(folder)
        if hrefs is None:
            if len(_FOLDERS_HREFS) >= FOLDERS_KEPT:
                _FOLDERS_HREFS.clear()
            hrefs = _FOLDERS_HREFS[folder] = {}
        object.__setattr__(self, "_folder", tuple(self.page.split("/")[:-1]))
        object.__setattr__(self, "_hrefs", hrefs)

    def _year(self, year: int | None) -> int | None:
        return None if year is None or year == self.index.current_year else year

    def home(self, year: int | None = None) -> str:
        return self._to(urls.home(self._year(year)))

    def unit(self, unit_id: str, year: int | None = None, anchor: str = "") -> str:
        shown = self._year(year)
        if shown is not None and shown not in self.index.years_of(unit_id):
            shown = None
        href = self._to(urls.unit(unit_id, shown))
        return f"{href}#{anchor}" if anchor else href

    def strategy_map(self, unit_id: str) -> str:
        return self._to(urls.strategy_map(unit_id))

    def kpi(self, unit_id: str, kpi_id: str, year: int | None = None) -> str:
        """The KPI page, at the section of `year` when the KPI was agreed that year."""
        href = self._to(urls.kpi(unit_id, kpi_id))
        return f"{href}#y{year}" if year and self.index.is_agreed(unit_id, year, kpi_id) else href

    def cascade(self, year: int | None = None) -> str:
        return self._to(urls.cascade(self._year(year)))

    def scorecards(self, year: int | None = None) -> str:
        return self._to(urls.scorecards(self._year(year)))

    def search(self) -> str:
        return self._to(urls.search())

    def calendar(self, year: int | None = None) -> str:
        return self._to(urls.calendar(self._year(year)))

    def owed(self, round_id: str, year: int | None = None) -> str:
        return self._to(urls.owed(round_id, self._year(year)))

    def owed_or_calendar(self, round_id: str, year: int) -> str:
        """The round's owed page of `year`, else that year's calendar (the round is not
        reported in that year)."""
        if any(r.id == round_id for r in self.index.rounds_in_use(year)):
            return self.owed(round_id, year)
        return self.calendar(year)

    def alignment(self, year: int | None = None, anchor: str = "") -> str:
        return self._to(urls.alignment(self._year(year))) + (f"#{anchor}" if anchor else "")

    def feed(self, year: int, unit_id: str | None = None) -> str:
        """A calendar feed (`.ics`), shared by both languages."""
        return self.shared(urls.calendar_feed(year, unit_id))

    def static(self, path: str) -> str:
        return self.shared(f"{urls.STATIC}/{path}")

    def agreement_pdf(self, unit_id: str, year: int) -> str:
        return self.shared(urls.agreement_pdf(unit_id, year))

    def handbook_pdf(self) -> str:
        return self.shared(urls.handbook_pdf())

    def evidence(self, path: str) -> str:
        return self.shared(evidence_path(path))


FOLDERS_KEPT = 8  # folders whose links are kept: the pages of one folder are written one after another
_FOLDERS_HREFS: dict[str, dict[str, str]] = {}


def relative_from(folder: tuple[str, ...], path: str) -> str:
    """`urls.relative` for a page in `folder` (path parts from the root), without the file
    system calls of `posixpath.relpath`: a page has dozens of links and a site tens of
    thousands of pages. Both paths are normalised site paths (no `.` or `..` parts)."""
    parts = path.split("/")
    common = 0
    for mine, theirs in zip(folder, parts[:-1], strict=False):
        if mine != theirs:
            break
        common += 1
    return "../" * (len(folder) - common) + "/".join(parts[common:])


def evidence_path(content_path: str) -> str:
    """Where an evidence file is copied in the output, from its path in the content tree
    (a path `check` refuses is never copied, and links nowhere)."""
    try:
        return output_path(content_path)
    except EvidenceRefused:
        return "#"
