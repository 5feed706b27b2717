"""Building the site in tests: through the real pipeline, into a temporary folder.

`build_site(tree, out)` writes a `ContentTree`, builds it with `builder.pipeline.build`
(no PDFs) and returns the output folder; `page(out, path)` parses one built page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup
from contenttree import TODAY, ContentTree

from builder.diagnostics import ContentError
from builder.options import BuildOptions
from builder.pipeline import build

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def build_site(tree: ContentTree, out: Path, **options: object) -> Path:
    root = tree.write()
    try:
        settings: dict[str, object] = {"pdf": False, "today": TODAY, **options}
        build(BuildOptions(content=root, out=out, **settings))  # type: ignore[arg-type]
    except ContentError as error:
        raise AssertionError("\n".join(d.format() for d in error.diagnostics)) from error
    return out


def page(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path).read_text("utf-8"), "html.parser")


def html_files(out: Path) -> Iterator[Path]:
    return (p for p in sorted(out.rglob("*.html")))


def text_of(soup: BeautifulSoup, selector: str) -> list[str]:
    """The whitespace-normalised text of every element matching `selector`."""
    return [" ".join(el.get_text(" ").split()) for el in soup.select(selector)]
