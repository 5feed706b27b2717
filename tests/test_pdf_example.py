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
