"""Every print context and every part it holds is documented for theme authors: each field
has help text and docs/printing.md lists it under its class; every print template exists
and uses only fields its context has."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from builder.options import DEFAULT_THEME
from builder.pdf import context, sections, year
from builder.pdf.documents import RenderJob
from builder.stamp import Stamp

DOCS = (Path(__file__).resolve().parent.parent / "docs" / "printing.md").read_text("utf-8")
PRINT_CONTEXTS = [
    context.AgreementDocument,
    sections.UnitSection,
    sections.FrontMatter,
    sections.Folios,
    year.CalendarChapter,
    year.AlignmentChapter,
]
PARTS = [
    o
    for module in (context, sections, year)
    for o in vars(module).values()
    if dataclasses.is_dataclass(o) and o.__module__ == module.__name__ and o not in PRINT_CONTEXTS
]


def _section(name: str) -> str:
    match = re.search(rf"^### {name}\b.*?(?=^### |^## |\Z)", DOCS, re.M | re.S)
    assert match, f"docs/printing.md has no section '### {name}'"
    return match.group(0)


@pytest.mark.parametrize("cls", PRINT_CONTEXTS + PARTS, ids=lambda c: c.__name__)
def test_every_field_has_help_and_is_documented(cls: type) -> None:
    section = _section(cls.__name__)
    for field in dataclasses.fields(cls):
        assert field.metadata.get("help"), f"{cls.__name__}.{field.name} has no help text"
        assert f"| `{field.name}` |" in section, f"{cls.__name__}.{field.name} is not in docs/printing.md"


@pytest.mark.parametrize("cls", PRINT_CONTEXTS, ids=lambda c: c.__name__)
def test_every_print_template_exists_and_uses_only_fields_of_its_context(cls: type) -> None:
    template = DEFAULT_THEME / "print" / cls.template  # type: ignore[attr-defined]
    assert template.is_file()
    assert f"### {cls.__name__} (`{cls.template}`)" in DOCS  # type: ignore[attr-defined]
    used = set(re.findall(r"\bdoc\.(\w+)", template.read_text("utf-8")))
    assert used, f"{template.name} shows nothing of its context"
    assert used - {f.name for f in dataclasses.fields(cls)} == set()


def test_the_parts_cover_everything_the_contexts_hold() -> None:
    assert {p.__name__ for p in PARTS} >= {"AgreementView", "KpiRow", "PrintedScorecard", "TocEntry"}


def test_a_render_job_takes_its_template_from_its_context() -> None:
    folios = sections.Folios(first=2, last=3, total=3, stamp=Stamp(text="r1"))
    assert RenderJob("handbook", folios, "th", (DEFAULT_THEME,)).template == "handbook-folios.html"
