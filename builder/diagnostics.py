"""Located diagnostics: every problem in content names file:line:col, a stable code and
a plain-language message in Thai or English.

Diagnostics keep their code and parameters; the message text is produced at output time
from the catalogue (`diag.<code>` in `themes/<theme>/catalogue/diagnostics.yaml`), so one
run can be reported in either language.

A problem that involves several places (a split whose children fall short of the
superior, a direct cascade whose criteria differ from the superior's, weights that do not
add up) names each of them: the diagnostic's own location, and `related` locations, each
with a note saying what part it plays. Every output format shows each place on its own
located line, so a pull request that changed only one of the files sees the problem on it.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from builder.catalogue import Catalogue, default_catalogue
from builder.echo import github_data, github_property, printable
from builder.model import Location

Severity = Literal["error", "warning"]
OutputFormat = Literal["text", "github", "gitlab", "json"]
OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("text", "github", "gitlab", "json")


@dataclass(frozen=True, slots=True)
class Related:
    """Another place taking part in a diagnostic, and what it is (`note`: a catalogue id, `related.*`)."""

    loc: Location
    note: str
    params: tuple[tuple[str, Any], ...] = ()

    def message(self, lang: str = "en", catalogue: Catalogue | None = None) -> str:
        return printable((catalogue or default_catalogue()).text(self.note, lang, **dict(self.params)))


def related(loc: Location, note: str, **params: Any) -> Related:
    return Related(loc, note, _frozen(params))


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    loc: Location
    params: tuple[tuple[str, Any], ...] = ()
    related: tuple[Related, ...] = ()
    variant: str = ""  # picks the wording `diag.<code>.<variant>` where the sentence depends on a value

    def message(self, lang: str = "en", catalogue: Catalogue | None = None) -> str:
        """The message in `lang`, safe to print: content quoted in it cannot forge output."""
        catalogue = catalogue or default_catalogue()
        params = dict(self.params)
        suggestion = str(params.pop("did_you_mean", None) or "")
        text = _render(catalogue, self.code, self.variant, params, lang)
        if suggestion:
            text += catalogue.text("diag.did-you-mean", lang, suggestion=suggestion)
        return printable(text)

    @property
    def shown_path(self) -> str:
        return printable(self.loc.path)

    def format(self, lang: str = "en", catalogue: Catalogue | None = None) -> str:
        """The diagnostic's line, then one `note` line per related place."""
        lines = [f"{_where(self.loc)}: {self.severity}[{self.code}]: {self.message(lang, catalogue)}"]
        lines.extend(f"{_where(r.loc)}: note[{self.code}]: {r.message(lang, catalogue)}" for r in self.related)
        return "\n".join(lines)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.loc.path, self.loc.line, self.loc.column, self.code)


MAX_PER_FILE = 100  # diagnostics shown for one file; the rest are counted in one more


@dataclass
class Diagnostics:
    """Collects diagnostics over a whole run; nothing stops at the first one.

    A file with thousands of problems (350,000 unknown keys) is reported by its first
    `MAX_PER_FILE` diagnostics and one `diagnostics.truncated` saying how many more there
    are, located at the first one not shown; the run still fails if any of them is an error.
    """

    items: list[Diagnostic] = field(default_factory=list)
    _shown: dict[str, int] = field(default_factory=dict, repr=False)
    _more: dict[str, Diagnostic] = field(default_factory=dict, repr=False)

    def error(
        self, code: str, loc: Location, *, related: tuple[Related, ...] = (), variant: str = "", **params: Any
    ) -> None:
        self._add(Diagnostic("error", code, loc, _frozen(params), related, variant))

    def warning(
        self, code: str, loc: Location, *, related: tuple[Related, ...] = (), variant: str = "", **params: Any
    ) -> None:
        self._add(Diagnostic("warning", code, loc, _frozen(params), related, variant))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        for diagnostic in other:
            self._add(diagnostic)

    def _add(self, diagnostic: Diagnostic) -> None:
        path = diagnostic.loc.path
        shown = self._shown.get(path, 0)
        if shown < MAX_PER_FILE:
            self._shown[path] = shown + 1
            self.items.append(diagnostic)
            return
        more = self._more.get(path)
        count = dict(more.params)["count"] + 1 if more else 1
        any_error = diagnostic.severity == "error" or (more is not None and more.severity == "error")
        severity: Severity = "error" if any_error else "warning"
        loc = more.loc if more else diagnostic.loc
        self._more[path] = Diagnostic(
            severity, "diagnostics.truncated", loc, (("count", count), ("limit", MAX_PER_FILE))
        )

    @property
    def all(self) -> list[Diagnostic]:
        return [*self.items, *self._more.values()]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.all if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.all if d.severity == "warning"]

    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items) or any(d.severity == "error" for d in self._more.values())

    def sorted(self) -> list[Diagnostic]:
        unique = dict.fromkeys(self.all)  # rules may meet the same fact twice
        return sorted(unique, key=Diagnostic.sort_key)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.items) + len(self._more)


def _frozen(params: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """Parameters as a hashable tuple, so repeated diagnostics can be merged."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())


def _render(catalogue: Catalogue, code: str, variant: str, params: dict[str, Any], lang: str) -> str:
    """The variant's wording, else the code's; a message that cannot be filled in (a theme
    that reworded it wrongly) still names its code and values rather than failing the run."""
    keys = [f"diag.{code}.{variant}"] if variant else []
    for key in [*keys, f"diag.{code}"]:
        if key in catalogue:
            try:
                return catalogue.text(key, lang, **params)
            except (KeyError, IndexError, ValueError):
                continue
    detail = ", ".join(f"{k}={v}" for k, v in params.items())
    return f"{code} {detail}".strip()


@dataclass(frozen=True, slots=True)
class Guess:
    """The known id closest to a mistyped one, worked out only when the diagnostic is
    shown: a file with 10,000 unknown ids shows 100 of them (`MAX_PER_FILE`)."""

    word: str
    known: tuple[str, ...]

    def __str__(self) -> str:
        close = difflib.get_close_matches(self.word, self.known, n=1)
        return close[0] if close else ""


def did_you_mean(word: str, known: Iterable[str]) -> Guess:
    """For `did_you_mean=`: the closest known id, if any is close, named in the message."""
    return Guess(word, tuple(known))


class ContentError(Exception):
    """Raised to end a run because the content has errors (already collected)."""

    def __init__(self, diagnostics: Diagnostics, lang: str | None = None) -> None:
        super().__init__(f"{len(diagnostics.errors)} error(s) in content")
        self.diagnostics = diagnostics
        self.lang = lang  # the site's language, when the site file could be read


class UsageError(Exception):
    """A wrong command line or a missing content folder: exit status 2.

    Carries a catalogue id (`usage.*`) and its parameters, so the message is given in
    the language of the run, which may be known only after the site file was read."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str = "en") -> str:
        """In `lang`, printable: a unit id or path from the command line or content is echoed."""
        return printable(default_catalogue().text(self.key, lang, **self.params))


def summary_line(diags: Diagnostics, lang: str = "en", catalogue: Catalogue | None = None) -> str:
    return summary_of_counts(len(diags.errors), len(diags.warnings), lang, catalogue)


def summary_of_counts(errors: int, warnings: int, lang: str = "en", catalogue: Catalogue | None = None) -> str:
    catalogue = catalogue or default_catalogue()
    return catalogue.text("check.summary", lang, errors=errors, warnings=warnings)


def format_report(diags: Diagnostics, fmt: OutputFormat, lang: str = "en", catalogue: Catalogue | None = None) -> str:
    """The whole report in one of the output formats, summary included."""
    catalogue = catalogue or default_catalogue()
    items = diags.sorted()
    if fmt == "json":
        payload = {
            "diagnostics": [as_json(d, lang, catalogue) for d in items],
            "errors": len(diags.errors),
            "warnings": len(diags.warnings),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)
    if fmt == "gitlab":  # a code quality report: merge requests show it on the changed lines
        entries = [entry for d in items for entry in _as_code_quality(d, lang, catalogue)]
        return json.dumps(entries, ensure_ascii=False, indent=2)
    render = _as_github if fmt == "github" else Diagnostic.format
    lines = [render(d, lang, catalogue) for d in items]
    lines.append(summary_line(diags, lang, catalogue))
    return "\n".join(lines)


def _where(loc: Location) -> str:
    """`path:line:col`, or `path!cell` in a spreadsheet (`results.xlsx!อำเภอ ก!D7`)."""
    if loc.cell:
        return f"{printable(loc.path)}!{printable(loc.cell)}"
    return f"{printable(loc.path)}:{loc.line}:{loc.column}"


def as_json(d: Diagnostic, lang: str, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """One diagnostic as `check --format json` writes it."""
    return {
        "path": d.shown_path,
        "line": d.loc.line,
        "column": d.loc.column,
        "severity": d.severity,
        "code": d.code,
        "message": d.message(lang, catalogue),
        "related": [
            {
                "path": printable(r.loc.path),
                "line": r.loc.line,
                "column": r.loc.column,
                "message": r.message(lang, catalogue),
            }
            for r in d.related
        ],
    }


def _as_code_quality(d: Diagnostic, lang: str, catalogue: Catalogue) -> list[dict[str, Any]]:
    """One entry per place, like the GitHub annotations: a merge request shows the problem
    on whichever of its files it changed."""
    message = d.message(lang, catalogue)
    places = [(d.loc, message), *((r.loc, f"{message} ({r.message(lang, catalogue)})") for r in d.related)]
    return [_code_quality_entry(d, loc, text) for loc, text in places]


def _code_quality_entry(d: Diagnostic, loc: Location, message: str) -> dict[str, Any]:
    where = f"{loc.path}:{loc.line}:{loc.column}:{d.code}:{message}"
    return {
        "description": message,
        "check_name": d.code,
        "fingerprint": hashlib.sha1(where.encode("utf-8")).hexdigest(),
        "severity": "major" if d.severity == "error" else "minor",
        "location": {"path": printable(loc.path), "lines": {"begin": loc.line}},
    }


def _as_github(d: Diagnostic, lang: str, catalogue: Catalogue) -> str:
    """One annotation per place: the message on the diagnostic's own line, and on each
    related place the same message with that place's part in it, all of the same severity,
    so the problem shows on whichever file a pull request changed."""
    message = d.message(lang, catalogue)
    lines = [_annotation(d.severity, d.code, d.loc, message)]
    lines.extend(_annotation(d.severity, d.code, r.loc, f"{message} ({r.message(lang, catalogue)})") for r in d.related)
    return "\n".join(lines)


def _annotation(severity: Severity, code: str, loc: Location, message: str) -> str:
    where = f"file={github_property(printable(loc.path))},line={loc.line},col={loc.column}"
    return f"::{severity} {where},title={github_property(code)}::{github_data(message)}"
