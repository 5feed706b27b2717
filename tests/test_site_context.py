"""Every page context and every part is documented for theme authors: each field has
help text, and docs/themes.md lists it under its class (as datasette's docs tests do)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from contenttree import TODAY

from builder import queries
from builder.site import context, views, views_year

DOCS = (Path(__file__).resolve().parent.parent / "docs" / "themes.md").read_text("utf-8")
PARTS = [
    o
    for module in (views, views_year)
    for o in vars(module).values()
    if dataclasses.is_dataclass(o) and o.__module__ == module.__name__
]
# parts the pages hold that the domain queries build (builder/queries.py)
DOMAIN_PARTS = [queries.Coverage, queries.CoverageLevel]
DOCUMENTED = [context.PageContext, *context.PAGE_CONTEXTS, context.KpiYear, *PARTS, *DOMAIN_PARTS]


def _section(name: str) -> str:
    match = re.search(rf"^### {name}\b.*?(?=^### |^## |\Z)", DOCS, re.M | re.S)
    assert match, f"docs/themes.md has no section '### {name}'"
    return match.group(0)


@pytest.mark.parametrize("cls", DOCUMENTED, ids=lambda c: c.__name__)
def test_every_field_has_help_and_is_documented(cls: type) -> None:
    section = _section(cls.__name__)
    for field in dataclasses.fields(cls):
        assert field.metadata.get("help"), f"{cls.__name__}.{field.name} has no help text"
        if field.name != "frame":  # every page's PageContext, documented once
            assert f"| `{field.name}` |" in section, f"{cls.__name__}.{field.name} is not in docs/themes.md"


def test_a_page_gives_its_template_the_fields_of_its_frame_and_its_own(tmp_path: Path) -> None:
    from contenttree import ContentTree

    from builder.catalogue import default_catalogue
    from builder.options import BuildOptions
    from builder.pipeline import load_and_check
    from builder.queries import Queries
    from builder.scoring.scorecard import score_content
    from builder.site.chrome import Chrome
    from builder.site.pages_org import search_page

    content = load_and_check(BuildOptions(content=ContentTree(tmp_path / "content").write())).content
    assert content is not None
    chrome = Chrome(
        Queries(content, score_content(content)), "en", "th", ("th", "en"), False, TODAY, default_catalogue(), TODAY
    )
    page = search_page(chrome)
    frame_fields = {f.name for f in dataclasses.fields(context.PageContext)}
    assert set(page.variables()) == frame_fields | {"index_script"}
    assert page.path == "en/search.html" and page.variables()["title"] == "Search"


def test_every_page_template_exists_and_is_in_the_page_table() -> None:
    from builder.options import DEFAULT_THEME

    for page in context.PAGE_CONTEXTS:
        assert (DEFAULT_THEME / "templates" / page.template).is_file()
        assert f"| `{page.template}` | `{page.__name__}` |" in DOCS
