"""The calendar feeds: one iCalendar file (RFC 5545) per fiscal year with every step of
its process calendar, and one per unit with the steps the unit is responsible for or
takes part in, for people to subscribe to in Outlook or Google Calendar.

    calendar/<year>.ics              every step of the year
    calendar/<year>/<unit>.ics       the steps naming the unit (by id or by kind)

Written with the `icalendar` library, which folds long lines at 75 octets without
splitting a UTF-8 character and escapes commas, semicolons and line breaks, so Thai text
survives every client. Steps are all-day events (DTEND is the day after the last day);
a step has one UID in every feed; DTSTAMP is `builder.timeline.feed_stamp` (never the
clock), so two builds of one commit write the same bytes. Texts are in the build's
language; labels come from the run's catalogue.

Each step's event is built and serialised by the library once per year, then placed in
every feed naming the step: a feed is the library's VCALENDAR with those events inside
(RFC 5545 §3.4: a calendar object is its properties, then its components). With 2,000
units a step sits in hundreds of feeds; serialising it once is what keeps the feeds
cheap (benchmarks/year_work.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from icalendar import Calendar as ICalendar
from icalendar import Event

from builder.catalogue import Catalogue, load_catalogue
from builder.model import Content, Text, Unit
from builder.model_year import Calendar, CalendarStep, Parties
from builder.options import BuildOptions
from builder.output import write_bytes
from builder.queries import Queries
from builder.site import urls
from builder.timeline import feed_stamp, step_days

PRODUCT = "-//kpibook//process calendar//EN"
END = b"END:VCALENDAR\r\n"


def write_feeds(content: Content, stage: Path, options: BuildOptions, queries: Queries | None = None) -> int:
    """Every feed of every year that has a calendar; the number of files written.
    `queries`: those of the same content, when the build has them already."""
    queries = queries or Queries(content)
    lang = options.lang or content.site.language
    words = load_catalogue(options.themes)
    written = 0
    for year, calendar in sorted(content.calendars.items()):
        events = serialised_events(queries, calendar, lang, words)
        write_bytes(stage / urls.calendar_feed(year), feed(queries, calendar, calendar.steps, events, lang, words))
        written += 1
        for unit, _depth in queries.tree_order():
            steps = queries.steps_naming(unit, year)
            if steps:
                data = feed(queries, calendar, steps, events, lang, words, unit)
                write_bytes(stage / urls.calendar_feed(year, unit.id), data)
                written += 1
    return written


def serialised_events(queries: Queries, calendar: Calendar, lang: str, words: Catalogue) -> dict[str, bytes]:
    """Each step of the calendar with dates as its VEVENT, serialised by the library."""
    stamp = feed_stamp(calendar, calendar.year)
    uid_root = _uid_root(queries)
    events = {}
    for step in calendar.steps:
        event = step_event(queries, calendar, step, lang, words, stamp, uid_root)
        if event is not None:
            events[step.id] = bytes(event.to_ical())
    return events


def feed(
    queries: Queries,
    calendar: Calendar,
    steps: Sequence[CalendarStep],
    events: dict[str, bytes],
    lang: str,
    words: Catalogue,
    unit: Unit | None = None,
) -> bytes:
    """One feed: the events of `steps` (from `serialised_events`), named for `unit` when
    it is a unit's."""
    cal = ICalendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _feed_name(queries, calendar, lang, words, unit))
    head = bytes(cal.to_ical())
    if not head.endswith(END):
        raise ValueError(f"icalendar ended a calendar with {head[-40:]!r}")
    return head[: -len(END)] + b"".join(events[s.id] for s in steps if s.id in events) + END


def step_event(
    queries: Queries,
    calendar: Calendar,
    step: CalendarStep,
    lang: str,
    words: Catalogue,
    stamp: dt.datetime,
    uid_root: str,
) -> Event | None:
    days = step_days(step)
    if days is None:
        return None
    event = Event()
    event.add("uid", f"{calendar.year}-{step.id}.{uid_root}@kpibook")
    event.add("dtstamp", stamp)
    event.add("dtstart", days[0])
    event.add("dtend", days[1] + dt.timedelta(days=1))  # all-day events end the next day
    event.add("summary", _text(step.name, lang), parameters={"LANGUAGE": lang})
    event.add("description", step_description(queries, step, lang, words), parameters={"LANGUAGE": lang})
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a step does not make anyone busy all day
    rounds = [queries.round(r) for r in (*step.rounds, *([step.results_due] if step.results_due else []))]
    names = list(dict.fromkeys(_text(r.name, lang) for r in rounds if r is not None))
    if names:
        event.add("categories", names)
    return event


def _uid_root(queries: Queries) -> str:
    """A step's UID, `<year>-<step>.<root unit>@kpibook`, is the same in the year's feed
    and in every unit's: a client subscribed to both sees one event. Unit and step ids
    are slugs, so the UID needs no escaping."""
    roots = sorted(unit.id for unit in queries.content.roots())
    return roots[0] if roots else "site"


def step_description(queries: Queries, step: CalendarStep, lang: str, words: Catalogue) -> str:
    """What the step asks, who does it, what it produces, and whether it is done."""
    lines = []
    if step.description:
        lines += [_text(step.description, lang), ""]
    for key, parties in (("calendar.responsible", step.responsible), ("calendar.involved", step.involved)):
        if parties:
            lines.append(f"{words.text(key, lang)}: {_parties(queries, parties, lang, words)}")
    due = queries.round(step.results_due) if step.results_due else None
    if due is not None:
        lines.append(f"{words.text('calendar.deadline_of', lang)}: {_text(due.name, lang)}")
    if step.documents:
        lines.append(f"{words.text('calendar.documents', lang)}: " + "; ".join(_text(d, lang) for d in step.documents))
    if step.done is not None:
        done = dt.date.fromisoformat(step.done.date)
        lines.append(f"{words.text('calendar.done', lang)} {words.date(done, lang)}")
    return "\n".join(lines).strip()


def _parties(queries: Queries, parties: Parties, lang: str, words: Catalogue) -> str:
    units = queries.content.units
    names = [_text(units[u].name, lang) for u in parties.units if u in units]
    kinds = queries.kind_names
    for kind in parties.kinds:
        kind_name = kinds[kind].get(lang) if kind in kinds else words.text(f"unit.kind.{kind}", lang)
        names.append(words.text("calendar.every", lang, kind=kind_name))
    names += [_text(person.name, lang) for person in parties.people]
    return ", ".join(names)


def _feed_name(queries: Queries, calendar: Calendar, lang: str, words: Catalogue, unit: Unit | None) -> str:
    name = (
        _text(calendar.name, lang) or f"{words.text('calendar.title', lang)} {words.fiscal_year(calendar.year, lang)}"
    )
    return f"{name} · {_text(unit.name, lang)}" if unit is not None else name


def _text(text: Text, lang: str) -> str:
    return text.get(lang)
