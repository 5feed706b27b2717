"""Located diagnostics: every problem in content names file:line:col, a stable code and
a plain-language message in Thai or English.

Diagnostics keep their code and parameters; the message text is produced at output time
from `builder.messages`, so one run can be reported in either language.

A problem that involves several places (a split whose children fall short of the
superior, a direct cascade whose criteria differ from the superior's, weights that do not
add up) names each of them: the diagnostic's own location, and `related` locations, each
with a note saying what part it plays. Every output format shows each place on its own
located line, so a pull request that changed only one of the files sees the problem on it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from builder.cli_text import text
from builder.echo import github_data, github_property, printable
from builder.messages import render_message
from builder.model import Location

Severity = Literal["error", "warning"]
OutputFormat = Literal["text", "github", "gitlab", "json"]
OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("text", "github", "gitlab", "json")


@dataclass(frozen=True, slots=True)
class Related:
    """Another place taking part in a diagnostic, and what it is (`note`: a message key)."""

    loc: Location
    note: str
    params: tuple[tuple[str, Any], ...] = ()

    def message(self, lang: str = "en") -> str:
        return printable(render_message(self.note, dict(self.params), lang))


def related(loc: Location, note: str, **params: Any) -> Related:
    return Related(loc, note, _frozen(params))


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    loc: Location
    params: tuple[tuple[str, Any], ...] = ()
    related: tuple[Related, ...] = ()

    def message(self, lang: str = "en") -> str:
        """The message in `lang`, safe to print: content quoted in it cannot forge output."""
        return printable(render_message(self.code, dict(self.params), lang))

    @property
    def shown_path(self) -> str:
        return printable(self.loc.path)

    def format(self, lang: str = "en") -> str:
        """The diagnostic's line, then one `note` line per related place."""
        lines = [f"{_where(self.loc)}: {self.severity}[{self.code}]: {self.message(lang)}"]
        lines.extend(f"{_where(r.loc)}: note[{self.code}]: {r.message(lang)}" for r in self.related)
        return "\n".join(lines)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.loc.path, self.loc.line, self.loc.column, self.code)


@dataclass
class Diagnostics:
    """Collects diagnostics over a whole run; nothing stops at the first one."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, loc: Location, *, related: tuple[Related, ...] = (), **params: Any) -> None:
        self.items.append(Diagnostic("error", code, loc, _frozen(params), related))

    def warning(self, code: str, loc: Location, *, related: tuple[Related, ...] = (), **params: Any) -> None:
        self.items.append(Diagnostic("warning", code, loc, _frozen(params), related))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        unique = dict.fromkeys(self.items)  # rules may meet the same fact twice
        return sorted(unique, key=Diagnostic.sort_key)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.items)


def _frozen(params: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """Parameters as a hashable tuple, so repeated diagnostics can be merged."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())


class ContentError(Exception):
    """Raised to end a run because the content has errors (already collected)."""

    def __init__(self, diagnostics: Diagnostics, lang: str | None = None) -> None:
        super().__init__(f"{len(diagnostics.errors)} error(s) in content")
        self.diagnostics = diagnostics
        self.lang = lang  # the site's language, when the site file could be read


class UsageError(Exception):
    """A wrong command line or a missing content folder: exit status 2.

    Carries a key of `builder.cli_text` and its parameters, so the message is given in
    the language of the run, which may be known only after the site file was read."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str = "en") -> str:
        """In `lang`, printable: a unit id or path from the command line or content is echoed."""
        return printable(text(self.key, lang, **self.params))


def summary_line(diags: Diagnostics, lang: str = "en") -> str:
    return summary_of_counts(len(diags.errors), len(diags.warnings), lang)


def summary_of_counts(errors: int, warnings: int, lang: str = "en") -> str:
    if lang == "th":
        return f"ข้อผิดพลาด {errors} รายการ คำเตือน {warnings} รายการ"
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def format_report(diags: Diagnostics, fmt: OutputFormat, lang: str = "en") -> str:
    """The whole report in one of the output formats, summary included."""
    items = diags.sorted()
    if fmt == "json":
        payload = {
            "diagnostics": [_as_json(d, lang) for d in items],
            "errors": len(diags.errors),
            "warnings": len(diags.warnings),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)
    if fmt == "gitlab":  # a code quality report: merge requests show it on the changed lines
        return json.dumps([_as_code_quality(d, lang) for d in items], ensure_ascii=False, indent=2)
    render = _as_github if fmt == "github" else Diagnostic.format
    lines = [render(d, lang) for d in items]
    lines.append(summary_line(diags, lang))
    return "\n".join(lines)


def _where(loc: Location) -> str:
    return f"{printable(loc.path)}:{loc.line}:{loc.column}"


def _as_json(d: Diagnostic, lang: str) -> dict[str, Any]:
    return {
        "path": d.shown_path,
        "line": d.loc.line,
        "column": d.loc.column,
        "severity": d.severity,
        "code": d.code,
        "message": d.message(lang),
        "related": [
            {"path": printable(r.loc.path), "line": r.loc.line, "column": r.loc.column, "message": r.message(lang)}
            for r in d.related
        ],
    }


def _as_code_quality(d: Diagnostic, lang: str) -> dict[str, Any]:
    message = d.message(lang)
    where = f"{d.loc.path}:{d.loc.line}:{d.loc.column}:{d.code}:{message}"
    return {
        "description": message,
        "check_name": d.code,
        "fingerprint": hashlib.sha1(where.encode("utf-8")).hexdigest(),
        "severity": "major" if d.severity == "error" else "minor",
        "location": {"path": d.shown_path, "lines": {"begin": d.loc.line}},
    }


def _as_github(d: Diagnostic, lang: str) -> str:
    """One annotation per place: the message on the diagnostic's own line, and on each
    related place the same message with that place's part in it, all of the same severity,
    so the problem shows on whichever file a pull request changed."""
    message = d.message(lang)
    lines = [_annotation(d.severity, d.code, d.loc, message)]
    lines.extend(_annotation(d.severity, d.code, r.loc, f"{message} ({r.message(lang)})") for r in d.related)
    return "\n".join(lines)


def _annotation(severity: Severity, code: str, loc: Location, message: str) -> str:
    where = f"file={github_property(printable(loc.path))},line={loc.line},col={loc.column}"
    return f"::{severity} {where},title={github_property(code)}::{github_data(message)}"
