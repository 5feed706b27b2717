"""The calendar feeds (.ics) of the example: valid iCalendar read back by the library that
wrote them (icalendar) and by an independent parser (vobject), Thai text intact through
line folding, one UID per step in every feed, all-day dates, the same bytes from two
builds, and a unit's feed holding exactly the steps naming it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
import vobject

from builder.options import BuildOptions
from builder.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content"
TODAY = dt.date(2025, 12, 1)


def build_example(out: Path, **options: object) -> Path:
    settings: dict[str, object] = {"pdf": False, "today": TODAY, **options}
    build(BuildOptions(content=EXAMPLE, out=out, **settings))  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("feeds") / "out")


def events(path: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_the_years_feed_holds_every_step_and_reads_back(site: Path) -> None:
    found = events(site / "calendar/2568.ics")
    assert len(found) == 29
    first = found[0]
    assert str(first["summary"]) == "แต่งตั้งคณะทำงานดำเนินการถ่ายทอดตัวชี้วัดและเป้าหมายระดับกรมลงสู่หน่วยงานและระดับบุคคล"
    assert first["summary"].params["LANGUAGE"] == "th"
    assert (first.decoded("dtstart"), first.decoded("dtend")) == (dt.date(2024, 10, 1), dt.date(2024, 10, 5))
    assert first.decoded("dtstamp") == dt.datetime(2024, 9, 27, tzinfo=dt.UTC)  # revised: 2024-09-27
    assert str(first["uid"]) == "2568-appoint-team.doae@kpibook"
    assert str(first["description"]).splitlines() == [
        "ผู้รับผิดชอบ: กองแผนงาน",
        "เอกสารที่ได้: คำสั่งกรมแต่งตั้งคณะทำงานถ่ายทอดตัวชี้วัด",
        "ดำเนินการแล้วเมื่อ 3 ตุลาคม 2567",
    ]
    sar6 = next(e for e in found if str(e["uid"]).startswith("2568-sar-6."))
    assert [str(c) for c in sar6["categories"].cats] == ["รอบ 6 เดือน"]


def test_an_independent_parser_reads_the_same_thai_text(site: Path) -> None:
    text = (site / "calendar/2568.ics").read_text("utf-8")
    parsed = vobject.readOne(text)
    ours = {str(e["uid"]): e for e in events(site / "calendar/2568.ics")}
    theirs = parsed.vevent_list
    assert len(theirs) == len(ours)
    for event in theirs:
        mine = ours[event.uid.value]
        assert event.summary.value == str(mine["summary"])
        assert event.description.value == str(mine["description"])
        assert event.dtstart.value == mine.decoded("dtstart")
    step = next(e for e in theirs if e.uid.value.startswith("2568-framework."))
    assert "หน่วยงานที่เกี่ยวข้อง: ทุกสำนัก/กอง, ทุกศูนย์, ทุกสำนักงานเกษตรจังหวัด, ทุกสำนักงานเกษตรอำเภอ" in step.description.value


def test_lines_are_folded_without_breaking_a_character(site: Path) -> None:
    raw = (site / "calendar/2568.ics").read_bytes()
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # each physical line is whole UTF-8: no character split across a fold
    assert any(line.startswith(b" ") for line in lines)  # long Thai lines were folded


def test_a_units_feed_holds_the_steps_naming_it(site: Path) -> None:
    hr = [str(e["uid"]).split(".")[0] for e in events(site / "calendar/2568/doae-hr.ics")]
    assert hr == [
        "2568-framework",
        "2568-briefing",
        "2568-unit-agreements",
        "2568-kpi-templates",
        "2568-incentives",
        "2568-follow-up-1",
        "2568-change-requests-close",
        "2568-sar-6",
        "2568-follow-up-2",
        "2568-report-9",
        "2568-follow-up-3",
        "2568-sar-12",
        "2568-individual-review",
        "2568-summary",
        "2568-announce",
        "2568-rewards",
    ]
    name = icalendar.Calendar.from_ical((site / "calendar/2568/doae-hr.ics").read_bytes())["x-wr-calname"]
    assert str(name).endswith(" · กองการเจ้าหน้าที่")
    feeds = sorted(p.name for p in (site / "calendar/2568").glob("*.ics"))
    assert "doae-plan-me-analyst.ics" in feeds  # a person: the steps for every member of staff
    assert len(feeds) == 17  # every unit of the example is named by some step


def test_two_builds_write_the_same_bytes(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    again = build_example(tmp_path / "again", today=dt.date(2026, 3, 3))  # another day: no clock in a feed
    for feed in sorted((site / "calendar").rglob("*.ics")):
        assert (again / feed.relative_to(site)).read_bytes() == feed.read_bytes(), feed.name
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    stamped = build_example(tmp_path / "stamped")
    first = events(stamped / "calendar/2568.ics")[0]
    assert first.decoded("dtstamp") == dt.datetime(2025, 12, 1, tzinfo=dt.UTC)


def test_feeds_in_english(tmp_path: Path) -> None:
    out = build_example(tmp_path / "en", lang="en")
    first = events(out / "calendar/2568.ics")[0]
    assert str(first["summary"]) == (
        "Appoint the working team for cascading the department's KPIs and targets to units and individuals"
    )
    assert first["summary"].params["LANGUAGE"] == "en"
    assert str(first["description"]).splitlines()[-1] == "Done on 3 October 2024"
