"""What the PDF patches need of WeasyPrint's insides, checked before a build starts.

Two patches change how WeasyPrint draws Thai: `builder/pdf/thai_text_layer.py` (an exact
text layer) replaces `draw_first_line` with a copy and wraps `_build_vector_font_dictionary`
and `Font.subset`;
`builder/pdf/svg_text.py` (marks on their letters in SVG) wraps `svg.text.text`. A third,
`builder/pdf/leaders.py`, draws a leader's dots from its first dot's drawing and keeps
only that dot in the box tree: it wraps `draw.draw_inline_level`, `draw.draw_text` and
`layout.inline.handle_leader`. They
read private names of WeasyPrint that any release may rename or change, and a changed one
could print wrong text without an error. So before a build with PDFs reads any content,
`require_weasyprint()` checks, in the build's process:

- the version is `PINNED_VERSION`;
- every private name the patches touch is there: module attributes, class methods, and
  the attributes a class's `__init__` sets on its objects (fonts);
- the functions they replace, wrap or copy have exactly the source they were written
  against (sha256). The private names those functions themselves use are covered by that
  source. A WeasyPrint installed without its source (bytecode only) cannot be checked and
  is refused too.

Anything else is a usage error (exit 2) in one line, before the output folder is touched.
`docs/printing.md` says how to move to a newer WeasyPrint (`.ci/weasyprint-newest`).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from builder.diagnostics import UsageError

PINNED_VERSION = "70.0"

# module -> the names the patches import, replace or read from it
MODULE_NAMES: dict[str, tuple[str, ...]] = {
    "weasyprint.draw": ("draw_inline_level", "draw_text"),
    "weasyprint.layout.inline": ("handle_leader",),
    "weasyprint.layout.leader": ("handle_leader", "leader_index"),
    "weasyprint.matrix": ("Matrix",),
    "weasyprint.draw.text": ("draw_first_line",),
    "weasyprint.pdf.fonts": ("Font", "build_fonts_dictionary", "_build_vector_font_dictionary"),
    "weasyprint.pdf.stream": ("Stream",),
    "weasyprint.images": ("RasterImage", "SVGImage"),
    "weasyprint.logger": ("LOGGER",),
    "weasyprint.text.ffi": ("FROM_UNITS", "TO_UNITS", "ffi", "pango"),
    "weasyprint.text.fonts": ("get_hb_object_data",),
    "weasyprint.text.line_break": ("get_last_word_end",),
    "weasyprint.svg": ("text", "TAGS"),
    "weasyprint.svg.text": ("text",),
}

# (module, class) -> members the patches' own code uses (not only the copied functions)
CLASS_MEMBERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("weasyprint.pdf.fonts", "Font"): (
        "get_unused_glyph_id",
        "bitmap",
        "colr",
        "glyph_count",
        "hash",
        "hb_face",
        "hb_font",
        "png",
        "subset",
        "svg",
        "to_unicode",
        "upem",
        "widths",
    ),
    ("weasyprint.pdf.stream", "Stream"): (
        "add_font",
        "begin_marked_content",
        "end_marked_content",
        "set_font_size",
        "set_text_matrix",
        "set_text_rise",
        "show_text",
    ),
}

# Pango functions the copied drawing code calls through WeasyPrint's binding
PANGO_FUNCTIONS = (
    "pango_font_get_glyph_extents",
    "pango_layout_set_ellipsize",
    "pango_layout_set_single_paragraph_mode",
    "pango_layout_set_width",
    "pango_version",
)

# SHA-256 of the source of the WeasyPrint 70.0 functions the patches copy, replace or wrap
PINNED_SOURCES: dict[tuple[str, str], str] = {
    ("weasyprint.draw", "draw_inline_level"): "068162a401d00efd3bc23a37df12a1c743cd8958cdbf4f03960a777760b1e01c",
    ("weasyprint.draw", "draw_text"): "ebaf96239c6ca3635d2b91bfb34718c2dcebd7809fec1c53fb8dffd1366befe3",
    ("weasyprint.layout.leader", "handle_leader"): ("e4bf5941eb946d0b2029b21c3613f384d6157edb01d98add8d3bfa120ac3e571"),
    ("weasyprint.draw.text", "draw_first_line"): "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b",
    ("weasyprint.pdf.fonts", "build_fonts_dictionary"): (
        "fc551bef35d0d6c3d288f686fd21b5ea8c1efadb8f2f3b4d379cfa6045c02230"
    ),
    ("weasyprint.pdf.fonts", "_build_vector_font_dictionary"): (
        "aa6eea312c6e3375689f3405d48c5059525038a8d73d2f63bf3476de6dc05903"
    ),
    ("weasyprint.pdf.fonts", "Font.subset"): ("61ed6bc2e9a7e43a7ad4c50e4bd61a0c5b6db06069754e66c6e328f4a97a6311"),
    ("weasyprint.pdf.fonts", "Font._harfbuzz_subset"): (
        "f80805663ede8080a3e1ffff831e20c74bd25fa3b8e4410334ba807158dc685f"
    ),
    ("weasyprint.pdf.fonts", "Font._fonttools_subset"): (
        "1faa45f3c4cae67e0a8eace77b1ff41f8e161607a502c3daf6baf5879bf5952b"
    ),
    ("weasyprint.svg.text", "text"): "67a30c3e181b4a8002350771928b86b26dfef05b2706d0b3c6b46943e41af61b",
}


# (module, name) -> (WeasyPrint's function, the patch that replaced it in this process)
_REPLACED: dict[tuple[str, str], tuple[Any, Any]] = {}


def keep_original(module: str, name: str, original: Any, replacement: Any) -> None:
    """Called by a patch that replaces `module.name`: while the patch is in place, a later
    check (the next build of `kpibook serve`) reads WeasyPrint's source, not the patch's;
    anything else found there is checked as it is."""
    _REPLACED[(module, name)] = (original, replacement)


@dataclass(frozen=True)
class Problem:
    """Why the installed WeasyPrint cannot be patched: a catalogue id and its values."""

    key: str
    name: str = ""
    found: str = ""

    def usage_error(self) -> UsageError:
        return UsageError(self.key, name=self.name, found=self.found, pinned=PINNED_VERSION)


def source_digest(function: Any) -> str | None:
    """SHA-256 of a function's source, or None when no source is installed."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return None
    return hashlib.sha256(source.encode()).hexdigest()


def first_problem() -> Problem | None:
    """The first thing about the installed WeasyPrint the patches cannot work with."""
    try:
        weasyprint = importlib.import_module("weasyprint")
    except Exception as exc:  # ImportError, or OSError when Pango cannot be loaded
        return Problem("usage.weasyprint-unavailable", found=f"{type(exc).__name__}: {exc}".splitlines()[0])
    found = str(getattr(weasyprint, "__version__", "?"))
    if found != PINNED_VERSION:
        return Problem("usage.weasyprint-version", found=found)
    for problem in (_missing_name(), _missing_member(), _changed_source()):
        if problem is not None:
            return Problem(problem.key, problem.name, found)
    return None


def require_weasyprint() -> None:
    """Raise the usage error for the first problem, if any (see the module's docstring)."""
    problem = first_problem()
    if problem is not None:
        raise problem.usage_error()


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except Exception:  # a module a release removed or that fails to load
        return None


def _missing_name() -> Problem | None:
    for module_name, names in MODULE_NAMES.items():
        module = _module(module_name)
        for name in names:
            if module is None or not hasattr(module, name):
                return Problem("usage.weasyprint-missing", f"{module_name}.{name}")
    pango = getattr(_module("weasyprint.text.ffi"), "pango", None)
    for function in PANGO_FUNCTIONS:
        if not hasattr(pango, function):
            return Problem("usage.weasyprint-missing", f"pango.{function}")
    return None


def _missing_member() -> Problem | None:
    for (module_name, class_name), members in CLASS_MEMBERS.items():
        cls = getattr(_module(module_name), class_name)
        init_source = _source(cls.__init__)
        for member in members:
            if hasattr(cls, member):
                continue
            if init_source is None:
                return Problem("usage.weasyprint-no-source", f"{module_name}.{class_name}")
            if not re.search(rf"\bself\.{member}\s*=", init_source):
                return Problem("usage.weasyprint-missing", f"{module_name}.{class_name}.{member}")
    return None


def _changed_source() -> Problem | None:
    for (module_name, name), expected in PINNED_SOURCES.items():
        function: Any = _module(module_name)
        for part in name.split("."):  # a function, or a class's method ("Font.subset")
            function = getattr(function, part, None)
        if function is None:
            return Problem("usage.weasyprint-missing", f"{module_name}.{name}")
        original, replacement = _REPLACED.get((module_name, name), (None, None))
        if replacement is not None and function is replacement:
            function = original
        digest = source_digest(function)
        if digest is None:
            return Problem("usage.weasyprint-no-source", f"{module_name}.{name}")
        if digest != expected:
            return Problem("usage.weasyprint-changed", f"{module_name}.{name}")
    return None


def _source(function: Any) -> str | None:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return None
