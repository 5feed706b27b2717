"""What surrounds every page: language and year switches, breadcrumbs, the unit nav.

The nav holds only the current unit's ancestors, siblings and children (each list capped),
so a page's size depends on its neighbourhood, never on the size of the organisation;
the whole tree is one page of its own, the cascade explorer.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from builder.catalogue import Catalogue
from builder.model import Content, Unit
from builder.queries import Queries
from builder.site import urls
from builder.site.context import PageContext
from builder.site.links import Links
from builder.site.views import LanguageLink, NavEntry, UnitNav, YearLink
from builder.stamp import Stamp

NAV_LIMIT = 40  # siblings or children listed in the nav; the unit page lists them all
NAVS_KEPT = 8  # navs kept for the next pages: a unit's pages come one after another
_CHROMES = itertools.count()  # numbers each Chrome: a fragment of one build is never shown by another

YearHref = Callable[[Links, int], str]
View = TypeVar("View")
VIEWS_KEPT = 256  # views kept for the other languages' pages: a unit's pages of every language come one after another


@dataclass(frozen=True)
class Chrome:
    """The page chrome of one language during one build."""

    index: Queries
    lang: str
    default_lang: str
    languages: tuple[str, ...]
    pdf: bool
    stamp: Stamp
    catalogue: Catalogue
    today: dt.date  # what the calendar's states and the days to a deadline count from
    emblem: str = ""  # the header's emblem, from the site root (`urls.emblem`); "" for none
    # the nav of the last few (folder, unit, year): a unit's KPI pages share one folder
    _navs: dict[tuple[str, str | None, int | None], UnitNav] = field(default_factory=dict, compare=False, repr=False)
    _number: int = field(default_factory=lambda: next(_CHROMES), compare=False, repr=False)
    # views that read the same on a page of every language (`same_in_every_language`): one
    # dict shared by the chromes of all languages that write the same units (`SiteJob.chromes`)
    shared_views: dict[tuple[object, ...], object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def content(self) -> Content:
        return self.index.content

    def translate(self, key: str, **params: Any) -> str:
        """A catalogue entry in this language."""
        return self.catalogue.text(key, self.lang, **params)

    def same_in_every_language(self, key: tuple[object, ...], make: Callable[[], View]) -> View:
        """The view `make` returns, made once for the page `key` names (its path first)
        and kept for the same page of the other languages. Only for a view of facts that
        no language words (units, KPIs, scores, cascade links) and hrefs to pages
        (`Links.unit`, `Links.kpi`, `Links.alignment`): a language's pages sit at the same
        places under its root, so such an href is the same from the page of either
        language. Never for a view holding a text in one language or an href to a shared
        file (static files, evidence, PDFs: `Links.shared`), which depends on the root."""
        views = self.shared_views
        view = views.get(key)
        if view is None:
            if len(views) >= VIEWS_KEPT:
                views.clear()
            view = views[key] = make()
        return cast(View, view)

    def links(self, path: str) -> Links:
        """Links from the page at `path` (relative to this language's root)."""
        root = urls.language_root(self.lang, self.default_lang)
        return Links(page=root + path, lang_root=root, index=self.index)

    def frame(
        self,
        path: str,
        title: str,
        year: int | None,
        unit: Unit | None = None,
        year_href: YearHref | None = None,
    ) -> PageContext:
        """What every page has, for the page at `path`."""
        links = self.links(path)
        # all the left column depends on, besides the language (base.html renders it once for equal keys)
        nav_key = (links.page.rpartition("/")[0], unit.id if unit else None, year)
        return PageContext(
            lang=self.lang,
            page=links.page,
            site=self.content.site,
            links=links,
            title=title,
            year=year,
            languages=self._languages(links, path),
            years=self._years(links, year, year_href or (lambda lk, y: lk.home(y))),
            breadcrumbs=self.index.ancestors(unit.id) if unit else (),
            nav=self._cached_nav(nav_key, links, unit, year),
            pdf=self.pdf,
            stamp=self.stamp,
            kind_names=self.index.kind_names,
            next_round=self.index.next_round(year, self.today) if year else None,
            emblem=links.shared(self.emblem) if self.emblem else "",
            sidebar_key=(self._number, *nav_key),
        )

    def _languages(self, links: Links, path: str) -> tuple[LanguageLink, ...]:
        return tuple(
            LanguageLink(
                lang=other,
                href=links.shared(urls.language_root(other, self.default_lang) + path),
                current=other == self.lang,
            )
            for other in self.languages
        )

    def _years(self, links: Links, year: int | None, year_href: YearHref) -> tuple[YearLink, ...]:
        return tuple(
            YearLink(year=y, href=year_href(links, y), current=y == year) for y in self.content.site.fiscal_years
        )

    def _cached_nav(
        self, key: tuple[str, str | None, int | None], links: Links, unit: Unit | None, year: int | None
    ) -> UnitNav:
        """The nav of pages in one folder is the same (its links are relative to the folder)."""
        nav = self._navs.get(key)
        if nav is None:
            if len(self._navs) >= NAVS_KEPT:
                self._navs.clear()
            nav = self._navs[key] = self._nav(links, unit, year)
        return nav

    def _nav(self, links: Links, unit: Unit | None, year: int | None) -> UnitNav:
        content = self.content
        if unit is None:
            roots = content.roots()
            return UnitNav(entries=tuple(self._entry(links, r, year, None, with_children=True) for r in roots))
        entry = self._entry(links, unit, year, unit, with_children=True)
        # climb: each ancestor shows the level below it (siblings only next to the unit itself)
        siblings_parent = content.units.get(unit.parent or "")
        if siblings_parent is not None:
            siblings = self._capped(content.children(siblings_parent.id), unit)
            entry = NavEntry(
                unit=siblings_parent,
                href=links.unit(siblings_parent.id, year),
                current=False,
                children=tuple(entry if s.id == unit.id else self._leaf(links, s, year) for s in siblings[0]),
                more=siblings[1],
            )
            for ancestor in reversed(self.index.ancestors(siblings_parent.id)):
                entry = NavEntry(unit=ancestor, href=links.unit(ancestor.id, year), current=False, children=(entry,))
        return UnitNav(entries=(entry,))

    def _entry(self, links: Links, unit: Unit, year: int | None, current: Unit | None, with_children: bool) -> NavEntry:
        children, more = self._capped(self.content.children(unit.id), None) if with_children else ((), 0)
        return NavEntry(
            unit=unit,
            href=links.unit(unit.id, year),
            current=current is not None and unit.id == current.id,
            children=tuple(self._leaf(links, c, year) for c in children),
            more=more,
        )

    def _leaf(self, links: Links, unit: Unit, year: int | None) -> NavEntry:
        return NavEntry(unit=unit, href=links.unit(unit.id, year), current=False)

    @staticmethod
    def _capped(units: tuple[Unit, ...], keep: Unit | None) -> tuple[tuple[Unit, ...], int]:
        """At most NAV_LIMIT units, always including `keep`; and how many were left out."""
        shown = list(units[:NAV_LIMIT])
        if keep is not None and all(u.id != keep.id for u in shown):
            shown.append(keep)
        return tuple(shown), len(units) - len(shown)
