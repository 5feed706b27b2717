"""One print template + one context object → one PDF, with WeasyPrint.

This is what a worker process runs; everything it needs travels in the `RenderJob`
(picklable: the context is plain model objects). Nothing is fetched from outside: the
only URLs a document may load are file URLs inside the theme folders (fonts, CSS,
images a theme ships) and data URLs.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from markupsafe import Markup, escape

from builder.catalogue import format_number
from builder.model import Emblem
from builder.pdf.fonts import font_face_css
from builder.pdf.running import fit_header, fit_single
from builder.templating import make_environment

if TYPE_CHECKING:
    from builder.pdf.context import AgreementDocument
    from builder.pdf.sections import Folios, FrontMatter, UnitSection
    from builder.pdf.year import AlignmentChapter, CalendarChapter

    # every print template's context object; each names its template (`print/<template>`)
    PrintContext = UnitSection | FrontMatter | Folios | AgreementDocument | CalendarChapter | AlignmentChapter

CSS_PX_TO_PT = 0.75
STYLESHEET = "print.css"


@dataclass(frozen=True, slots=True)
class RenderJob:
    unit: str  # the unit the document is about (named by a failure diagnostic)
    context: PrintContext  # the template's context object, given to it as `doc`
    lang: str
    themes: tuple[Path, ...]
    # only the page count is wanted (the front matter's first guess): laid out, not drawn
    pages_only: bool = False

    @property
    def template(self) -> str:
        """The template of themes/<theme>/print/ the context is for."""
        return self.context.template


@dataclass(frozen=True, slots=True)
class Bookmark:
    level: int
    label: str
    page: int  # 0-based, within the document
    top: float  # points from the top of the page


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    pdf: bytes
    pages: int
    bookmarks: tuple[Bookmark, ...] = ()
    # elements whose id starts with `TOC_ANCHOR` (a KPI template) -> the 0-based page
    # they start on, for the table of contents
    anchors: tuple[tuple[str, int], ...] = ()


TOC_ANCHOR = "toc-"


def render_job(job: RenderJob) -> RenderedPdf:
    """The whole job: template → HTML → laid-out pages → PDF bytes."""
    html = render_html(job)
    document = layout(html, job.themes)
    if job.pages_only:
        return RenderedPdf(b"", len(document.pages))
    return RenderedPdf(document.write_pdf(), len(document.pages), bookmarks_of(document), anchors_of(document))


def render_html(job: RenderJob) -> str:
    env = _environment(job.themes, job.lang)
    return env.get_template(job.template).render(doc=job.context)


def layout(html: str, themes: tuple[Path, ...]) -> Any:
    """Lay out and paginate (WeasyPrint's `Document`)."""
    from weasyprint import HTML

    font_config, stylesheets = _stylesheets(themes)
    fetcher = _offline_fetcher(themes)
    source = HTML(string=html, base_url=str(themes[-1] / "print") + "/", url_fetcher=fetcher)
    return source.render(font_config=font_config, stylesheets=stylesheets)


def bookmarks_of(document: Any) -> tuple[Bookmark, ...]:
    return tuple(
        Bookmark(level, label, index, y * CSS_PX_TO_PT)
        for index, page in enumerate(document.pages)
        for level, label, (_x, y), _state in page.bookmarks
    )


def anchors_of(document: Any) -> tuple[tuple[str, int], ...]:
    """The first page of every `toc-` anchor (a repeated table header carries its anchor
    onto the pages it continues on: the first one counts)."""
    first: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            if name.startswith(TOC_ANCHOR):
                first.setdefault(name, index)
    return tuple(first.items())


@lru_cache(maxsize=8)
def _environment(themes: tuple[Path, ...], lang: str) -> Environment:
    env = make_environment(themes, "print", lang)
    env.globals["running_header"] = fit_header
    env.globals["running_single"] = fit_single
    env.globals["theme_image"] = lambda name: theme_image(themes, name)
    env.filters["data_uri"] = emblem_data_uri
    env.filters["level_value"] = level_value
    env.filters["unbroken_words"] = unbroken_words
    return env


LONG_NUMBER_DIGITS = 6  # a level value this long no longer fits its column at the table's size


def level_value(value: float | Decimal | None) -> Markup:
    """A level's value in a criteria cell: as `num` writes it (thousands grouped), but a long
    number (in the hundreds of thousands and up) smaller and free to wrap after a comma:
    "1,234,<wbr>500" stays inside its narrow column instead of running across the next."""
    text = format_number(float(value)) if value is not None else "–"
    whole = text.lstrip("-").split(".")[0].replace(",", "")
    if value is None or len(whole) < LONG_NUMBER_DIGITS:
        return Markup(escape(text))
    return Markup('<span class="long-number">{}</span>').format(Markup(",<wbr>").join(text.split(",")))


UNBROKEN_WORD_CHARS = 12  # a word this short is kept whole; a longer one may wrap inside


def unbroken_words(text: str) -> Markup:
    """A short text whose words must not break inside (a target "1,100 ครัวเรือน" in a
    narrow column): each short word kept whole, so a line breaks only at the spaces between
    them, never after "1," or inside "ครัวเรือน"."""
    words = str(text).split(" ")
    return Markup(" ").join(
        Markup('<span class="unbroken">{}</span>').format(word) if 0 < len(word) <= UNBROKEN_WORD_CHARS else word
        for word in words
    )


def emblem_data_uri(emblem: Emblem | None) -> str:
    """A checked emblem from the content as a `data:` URL ("" for none): the PDF embeds
    exactly the bytes that were checked, and nothing is fetched."""
    if emblem is None:
        return ""
    return f"data:{emblem.media_type};base64,{base64.b64encode(emblem.data).decode('ascii')}"


def theme_image(themes: Sequence[Path], name: str) -> str:
    """The file URL of `print/<name>.svg` or `.png` from the first theme that has one
    (an emblem or logo), or "" when none does."""
    for theme in themes:
        for suffix in (".svg", ".png", ".jpg"):
            path = theme / "print" / f"{name}{suffix}"
            if path.is_file():
                return path.resolve().as_uri()
    return ""


@lru_cache(maxsize=4)
def _stylesheets(themes: tuple[Path, ...]) -> tuple[Any, list[Any]]:
    """Parsed once per worker: the font faces and the theme's print stylesheet."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    fetcher = _offline_fetcher(themes)
    faces = CSS(string=font_face_css(themes), font_config=font_config, url_fetcher=fetcher)
    sheet = CSS(filename=str(theme_file(themes, STYLESHEET)), font_config=font_config, url_fetcher=fetcher)
    return font_config, [faces, sheet]


def theme_file(themes: Sequence[Path], name: str) -> Path:
    """A print file from the first theme that has it."""
    for theme in themes:
        path = theme / "print" / name
        if path.is_file():
            return path
    raise FileNotFoundError(f"print/{name} is in none of the themes")


@lru_cache(maxsize=4)
def _offline_fetcher(themes: tuple[Path, ...]) -> Any:
    from weasyprint.urls import URLFetcher

    roots = tuple(theme.resolve() for theme in themes)

    class OfflineFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
        """Loads file URLs inside the themes and data URLs; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file:"):
                from urllib.parse import unquote, urlparse

                path = Path(unquote(urlparse(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in roots):
                    raise ValueError(f"outside the themes: {url}")
            return super().fetch(url, headers)

    return OfflineFetcher(allowed_protocols=("file", "data"))
