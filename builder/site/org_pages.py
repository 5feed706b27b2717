"""The organisation's pages: those of each language that are not about one unit (per
year: home, cascade explorer, scorecards, calendar, alignment; per round: owed; search).

Each shows every unit, so `kpibook serve` makes one again only when a kind of fact it
shows changed in some unit (`OrganisationPage.shows`), writes it again only when the
facts it shows differ from those it was last written from, and then renders again only
the parts whose values changed (`builder.templating.PageParts`). What it was last
written from is the `record` a build keeps for serve; serve's first build fills it as it
writes the pages, so that the first edit after `serve` starts is as quick as the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from jinja2 import Environment

from builder.site.chrome import Chrome
from builder.site.context import Page
from builder.site.pages_org import cascade_page, home_page, scorecards_page, search_page, year_pages
from builder.site.pages_year import alignment_page, calendar_page, owed_page, owed_pages
from builder.site.workers import write_pages
from builder.templating import page_parts
from builder.unit_facts import EVERY_FACT, FactKind

# what the frame of every page shows of the units: their names and tree, and the years of
# their agreements (a unit's link goes to its page of the year shown if it has one)
FRAME_FACTS: frozenset[FactKind] = frozenset({"unit", "agreements"})


@dataclass(frozen=True)
class OrganisationPage:
    """An organisation page to write: which it is, the kinds of the units' facts it shows
    (`serve` makes it again only when one of those changed) and how its context is made."""

    name: tuple[object, ...]  # language, kind of page, year or round
    shows: frozenset[FactKind]
    make: Callable[[], Page]


def organisation_page_list(chrome: Chrome) -> Iterator[OrganisationPage]:
    lang = chrome.lang
    for year in year_pages(chrome):
        yield OrganisationPage((lang, "home", year), EVERY_FACT, partial(home_page, chrome, year))
        yield OrganisationPage((lang, "cascade", year), FRAME_FACTS | {"kpis"}, partial(cascade_page, chrome, year))
        yield OrganisationPage(
            (lang, "scorecards", year), FRAME_FACTS | {"scorecards"}, partial(scorecards_page, chrome, year)
        )
        yield OrganisationPage((lang, "calendar", year), EVERY_FACT, partial(calendar_page, chrome, year))
        yield OrganisationPage((lang, "alignment", year), EVERY_FACT, partial(alignment_page, chrome, year))
    for year, round_ in owed_pages(chrome):
        owed = partial(owed_page, chrome, year, round_)
        yield OrganisationPage((lang, "owed", year, round_.id), EVERY_FACT - {"initiatives"}, owed)
    yield OrganisationPage((lang, "search"), FRAME_FACTS, partial(search_page, chrome))


def organisation_pages(chrome: Chrome) -> Iterator[Page]:
    """The pages of one language that are not about one unit, made one after another."""
    return (page.make() for page in organisation_page_list(chrome))


def write_organisation_pages(
    env: Environment, chrome: Chrome, out: Path, record: dict[object, object], kinds: frozenset[FactKind]
) -> int:
    """Write, into `out`, the organisation pages of `chrome`'s language that show a kind
    of fact in `kinds` and whose facts differ from those in `record` (all of them the
    first time), keeping in `record` what each was written from."""
    return write_changed_pages(
        env, (p for p in organisation_page_list(chrome) if shows_a_change(p, kinds, record)), out, record
    )


def shows_a_change(page: OrganisationPage, kinds: frozenset[FactKind], record: dict[object, object]) -> bool:
    """Whether an organisation page must be made again: it was never made in this run,
    or it shows a kind of fact that changed (making the context of the explorer or the
    scorecards of a large tree costs more than writing a unit's pages)."""
    made = ("made", page.name)
    if made in record and not page.shows & kinds:
        return False
    record[made] = True
    return True


def write_changed_pages(
    env: Environment, pages: Iterable[OrganisationPage], out: Path, record: dict[object, object]
) -> int:
    """Write the pages whose context differs from the one they were last written from
    (an organisation page shows every unit: most edits change none of its facts); of a
    page written again, the parts whose values did not change are taken from its last
    writing (`builder.templating.PageParts`)."""
    parts = page_parts(env)
    parts.keeping = True
    written = 0
    for made in pages:
        page = made.make()
        shown = facts_shown(page)
        if record.get(("page", page.path)) != shown:
            with parts.page(page.path):
                written += write_pages(env, (page,), out)
            record[("page", page.path)] = shown
    return written


def facts_shown(page: Page) -> Page:
    """The page without its frame's `sidebar_key`, which numbers the build (it keys the
    left column's fragment within one build) and is not shown: two builds of the same
    facts give equal pages."""
    return replace(page, frame=replace(page.frame, sidebar_key=()))
