"""Whether an SVG file from the content may be published as it is.

An emblem is drawn by someone outside the project and shown on every page of the site
and printed in every PDF, so it is refused (never silently rewritten) when it could run
anything or fetch anything: a script, an event handler, a `foreignObject` (HTML inside
the drawing), an element outside the drawing vocabulary below, a link or style that
points outside the file, a document type (entities) or a processing instruction. Each
problem is returned with its line and column in the SVG file, all of them, so the author
can fix the file in one pass.

Parsed with expat, which reads no external entity and no DTD; a document type is refused
before anything it declares could be used.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field
from typing import Any

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# What an emblem is drawn with: shapes, text, paint servers, grouping and reuse inside the file.
DRAWING_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "style",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "textPath",
        "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
        "filter", "feGaussianBlur", "feOffset", "feBlend", "feFlood", "feComposite", "feMerge",
        "feMergeNode", "feColorMatrix", "feDropShadow",
    }
)  # fmt: skip
# Drawing programs keep their own notes in these; renderers ignore elements of other namespaces.
EDITOR_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://web.resource.org/cc/",
        "http://ns.adobe.com/AdobeIllustrator/10.0/",
        "http://ns.adobe.com/SaveForWeb/1.0/",
    }
)
# `url(` and `@import` in a style or a presentation attribute: only `url(#id)` stays inside the file
_OUTSIDE_IN_STYLE = re.compile(r"@import|url\(\s*(?![\s'\"]*#)", re.IGNORECASE)


@dataclass(frozen=True)
class SvgProblem:
    code: str  # a diagnostic code, `emblem.svg-...`
    line: int
    column: int
    params: dict[str, Any] = field(default_factory=dict)


def svg_problems(data: bytes) -> list[SvgProblem]:
    """Every reason the SVG document `data` may not be published; empty when it is safe."""
    return _SvgCheck().run(data)


class _Stop(Exception):
    """Nothing further is read (a document type, or a root that is no SVG)."""


class _SvgCheck:
    def __init__(self) -> None:
        self.problems: list[SvgProblem] = []
        self.parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        self.parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.depth = 0
        self.in_style = False
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.parser.ProcessingInstructionHandler = self._instruction

    def run(self, data: bytes) -> list[SvgProblem]:
        try:
            self.parser.Parse(data, True)
        except _Stop:
            pass
        except xml.parsers.expat.ExpatError as exc:
            detail = xml.parsers.expat.ErrorString(exc.code)
            self.problems.append(SvgProblem("emblem.not-svg", exc.lineno, exc.offset + 1, {"detail": detail}))
        return self.problems

    def _here(self, code: str, **params: Any) -> None:
        where = (self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)
        self.problems.append(SvgProblem(code, *where, params))

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if self.depth == 0 and (namespace, local) != (SVG_NS, "svg"):
            self._here("emblem.not-svg", detail=f"<{local}>")
            raise _Stop
        self.depth += 1
        self.in_style = (namespace, local) == (SVG_NS, "style")
        if namespace == SVG_NS and local not in DRAWING_ELEMENTS:
            code = {"script": "emblem.svg-script", "foreignObject": "emblem.svg-foreign-object"}.get(
                local, "emblem.svg-element"
            )
            self._here(code, element=local)
        elif namespace != SVG_NS and namespace not in EDITOR_NAMESPACES:
            self._here("emblem.svg-element", element=local)
        for attribute, value in attributes.items():
            self._attribute(attribute.rpartition(" ")[2], value)

    def _attribute(self, name: str, value: str) -> None:
        if name.lower().startswith("on"):
            self._here("emblem.svg-event-handler", attribute=name)
        elif (name == "href" and not value.strip().startswith("#")) or _OUTSIDE_IN_STYLE.search(value):
            self._here("emblem.svg-external", reference=_shortened(value))

    def _end(self, name: str) -> None:
        self.depth -= 1
        self.in_style = False

    def _text(self, text: str) -> None:
        if self.in_style and _OUTSIDE_IN_STYLE.search(text):
            self._here("emblem.svg-external", reference=_shortened(text.strip()))

    def _doctype(self, *_: Any) -> None:
        self._here("emblem.svg-doctype")
        raise _Stop  # before any entity it declares is expanded

    def _instruction(self, target: str, data: str) -> None:
        self._here("emblem.svg-external", reference=_shortened(f"<?{target} {data}?>"))


def _shortened(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
