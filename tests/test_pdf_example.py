"""The example organisation's handbook: every KPI name and every criteria text of the
current year is found verbatim in the text a reader extracts (pdftotext), Thai included."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfbuild import TODAY, page_texts, squash

from builder.model import Content
from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.privacy import publishable
from builder.scoring.scorecard import score_content

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.pdf


@pytest.fixture(scope="module")
def example(example_pdfs: Path) -> tuple[Content, Path]:
    """The example's content and its handbook (built once per session: tests/conftest.py)."""
    checked = load_and_check(BuildOptions(content=ROOT / "content", today=TODAY))
    assert checked.content is not None
    content, _ = publishable(checked.content, score_content(checked.content))
    return content, example_pdfs / "handbook.pdf"


def current_year_texts(content: Content) -> tuple[list[str], list[str]]:
    """KPI names and criteria texts of every agreement of the current year, in Thai."""
    year = content.site.current_year
    names: set[str] = set()
    criteria: set[str] = set()
    for (unit, agreement_year), agreement in content.agreements.items():
        if agreement_year != year:
            continue
        for item in agreement.items:
            kpi = content.kpi(unit, item.kpi)
            if kpi is not None:
                names.add(kpi.name.th)
            for level in item.criteria.milestones:
                criteria.add(level.text.th)
                criteria.update(step.th for step in level.steps)
    return sorted(names), sorted(criteria)


def test_every_kpi_name_and_criteria_text_extracts_verbatim(example: tuple[Content, Path]) -> None:
    content, handbook = example
    text = squash("".join(page_texts(handbook)))
    names, criteria = current_year_texts(content)
    assert len(names) > 50 and len(criteria) > 10  # the example is not empty
    assert [n for n in names if squash(n) not in text] == []
    assert [c for c in criteria if squash(c) not in text] == []
    assert "ระดับความสำเร็จ" in text and "น้ำหนัก" in text  # SARA AM survives extraction


def test_the_year_chapters_and_initiatives_extract_verbatim(example: tuple[Content, Path]) -> None:
    """The calendar and alignment chapters come first, then the units; every step, every
    external target and every initiative of the example is in the text a reader extracts."""
    from pdfbuild import outline, stream_text

    content, handbook = example
    pages = page_texts(handbook)
    text = squash(stream_text(handbook))  # drawing order: a wrapped table cell stays together
    calendar = content.calendars[2568]
    assert [s.id for s in calendar.steps if squash(s.name.th) not in text] == []
    assert content.plans is not None
    assert [i.id for i in content.plans.items if squash(i.name.th) not in text] == []
    initiatives = [i for found in content.initiatives.values() for i in found]
    assert len(initiatives) == 9
    assert [i.id for i in initiatives if squash(i.name.th) not in text] == []
    # the table of contents and the outline open with the two chapters
    toc = squash(pages[1])
    assert toc.index("ปฏิทินการดำเนินงาน") < toc.index("ความสอดคล้องกับแผนระดับชาติ") < toc.index("กรมส่งเสริมการเกษตร")
    top = [title for depth, title, _page in outline(handbook) if depth == 0]
    assert top[:4] == [
        "สารบัญ",
        "ปฏิทินการดำเนินงาน ปีงบประมาณ พ.ศ. 2568",
        "ความสอดคล้องกับแผนระดับชาติ ปีงบประมาณ พ.ศ. 2568",
        "กรมส่งเสริมการเกษตร",
    ]
    # the deadline of the 9-month round, and the department's budget total
    assert squash("รอบ 9 เดือน 10 กรกฎาคม 2568") in text
    assert squash("รวม 5 โครงการ 279,400,000 272,115,000 97.39%") in text
    # an initiative's money round by round, against the plan to date
    assert (
        squash("รอบ 9 เดือน: แผนสะสม 95,000,000 บาท · เบิกจ่ายสะสม 88,900,000 บาท (ร้อยละ 93.58 ของแผน) · ความก้าวหน้า 70%")
        in text
    )


def test_the_calendar_chapter_draws_each_step_as_bars_under_its_months(example: tuple[Content, Path]) -> None:
    """The month-by-month plan: a bar in every month a step runs in, under the month's
    heading, the months grouped under their Buddhist Era years (FY 2568 runs from October
    2567; the site visits of May–June and November–December widen it to March 2569)."""
    import pdfplumber

    _content, handbook = example
    with pdfplumber.open(handbook) as pdf:
        page = next(p for p in pdf.pages if "แผนดำเนินการรายเดือน" in squash(p.extract_text() or ""))
        words = page.extract_words(use_text_flow=True, x_tolerance=1)
        # words break at SARA AM in pdfplumber's reading ("แผนด" "ำเนินการรายเดือน"): match the tail
        heading = next(w for w in words if w["text"].startswith("ำเนินการรายเดือน"))
        header = next(w for w in words if w["text"] == "ต.ค." and w["top"] > heading["bottom"])
        months = sorted((w for w in words if abs(w["top"] - header["top"]) < 2), key=lambda w: w["x0"])
        years = sorted(
            (
                w
                for w in words
                if w["text"].isdigit() and len(w["text"]) == 4 and heading["bottom"] < w["top"] < header["top"]
            ),
            key=lambda w: w["x0"],
        )
        bars = [
            r
            for r in page.rects
            if r["non_stroking_color"] not in (None, (1,), (1, 1, 1), [1, 1, 1]) and 5 < r["height"] < 10
        ]

        def months_under(name: str) -> list[str]:
            row = next(w for w in words if w["text"].startswith(name) and w["top"] > header["bottom"])
            shaded = [b for b in bars if b["top"] - 12 < row["top"] < b["bottom"] + 12]
            return [m["text"] for m in months if any(b["x0"] <= (m["x0"] + m["x1"]) / 2 <= b["x1"] for b in shaded)]

        assert [m["text"] for m in months] == (
            [
                "ต.ค.",
                "พ.ย.",
                "ธ.ค.",
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
                "ม.ค.",
                "ก.พ.",
                "มี.ค.",
            ]
        )
        assert [y["text"] for y in years] == ["2567", "2568", "2569"]
        assert months_under("แต่งตั้งคณะท") == ["ต.ค."]  # appoint-team: 1–4 October 2024
        assert months_under("(Pre-Evaluation)") == ["พ.ค.", "มิ.ย."]  # site-visit-1: 1 May – 30 June 2025
