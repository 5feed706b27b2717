"""JSON Schema validation of every content file, with errors located in the YAML.

Schemas are read and compiled once per run (`SchemaSet.load`). Each document is first
checked by `jsonschema_rs` (compiled Rust, ~100x faster: a tree of 2,000 units validates
in well under a second); only a document that fails is validated again by `jsonschema`,
whose errors carry the paths and keywords we turn into located, plain-language messages.
Both implement draft 2020-12; `tests/test_schemas.py` keeps them in agreement.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.validators import extend
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from builder.diagnostics import Diagnostics, did_you_mean
from builder.document import Document
from builder.formats import FORMATS
from builder.loader import shown_value
from builder.reader import FileKind, RawContent
from builder.resources import SCHEMA_DIR

SCHEMA_FILES: dict[FileKind, str] = {
    "site": "site.schema.json",
    "unit": "unit.schema.json",
    "kpis": "kpis.schema.json",
    "agreement": "agreement.schema.json",
    "results": "results.schema.json",
    "closure": "closure.schema.json",
    "calendar": "calendar.schema.json",
    "plans": "plans.schema.json",
    "initiatives": "initiatives.schema.json",
}
_ALTERNATIVES = ("anyOf", "oneOf")
_RANGE = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_LENGTH = ("minItems", "maxItems", "minLength", "maxLength", "minProperties")
# a value that fits none of the shapes a definition allows is told which shapes those are,
# not the guess of one alternative: (schema file, definition) -> diagnostic code
_SHAPES = {
    ("agreement.schema.json", "criteria"): "criteria.shape",
    ("agreement.schema.json", "criteria", "then"): "criteria.shape",  # a list of levels: five of them
    ("agreement.schema.json", "criteria_level"): "criteria.level-shape",
    ("agreement.schema.json", "amendment"): "amendment.shape",
}


@dataclass
class SchemaSet:
    validators: dict[FileKind, Draft202012Validator]
    fast: dict[FileKind, Any]  # jsonschema_rs validators: validity only
    shapes: dict[int, str] = field(default_factory=dict)  # id() of a definition -> its shape's code

    @classmethod
    def load(cls, folder: Path = SCHEMA_DIR) -> SchemaSet:
        schemas = {p.name: json.loads(p.read_text("utf-8")) for p in folder.glob("*.json")}
        resources = [
            (s.get("$id", name), Resource.from_contents(s, default_specification=DRAFT202012))
            for name, s in schemas.items()
        ]
        registry: Registry[Any] = Registry().with_resources(resources)
        checker = FormatChecker(formats=())
        for name, test in FORMATS.items():
            checker.checks(name)(test)
        validators = {
            kind: _Validator(schemas[file], registry=registry, format_checker=checker)
            for kind, file in SCHEMA_FILES.items()
        }
        fast_registry = jsonschema_rs.Registry([(s.get("$id", name), s) for name, s in schemas.items()])
        fast = {
            kind: jsonschema_rs.Draft202012Validator(
                schemas[file], registry=fast_registry, formats=FORMATS, validate_formats=True
            )
            for kind, file in SCHEMA_FILES.items()
        }
        shapes = {id(_definition(schemas[file], path)): code for (file, *path), code in _SHAPES.items()}
        return cls(validators, fast, shapes)

    def validate(self, kind: FileKind, doc: Document, diags: Diagnostics) -> bool:
        """Report every schema error of `doc`; True when there was none."""
        if self.fast[kind].is_valid(doc.data):
            return True
        errors = list(self.validators[kind].iter_errors(doc.data))
        for error in _worth_reporting(errors, doc):
            report_schema_error(error, doc, diags, self.shapes)
        if not errors:  # the two validators disagree: never let the document through silently
            diags.error("schema.invalid", doc.loc(), variant="validators-disagree")
        return False


def _worth_reporting(errors: list[ValidationError], doc: Document) -> list[ValidationError]:
    """One message per problem: a plain error (too short, wrong type, wrong form) says more
    than "none of the shapes fits" or "not a valid date" about the same value, and a value
    the loader refused (a number that is not finite) has been reported already."""
    specific = {tuple(e.absolute_path) for e in errors if e.validator not in (*_ALTERNATIVES, "format")}
    return [
        e
        for e in errors
        if not _holds_rejected(e, doc)
        and not (e.validator in (*_ALTERNATIVES, "format") and tuple(e.absolute_path) in specific)
    ]


def _holds_rejected(error: ValidationError, doc: Document) -> bool:
    path = tuple(error.absolute_path)
    if error.validator not in _ALTERNATIVES:
        return path in doc.rejected
    return any(rejected[: len(path)] == path for rejected in doc.rejected)


def _closest_alternative(error: ValidationError) -> list[ValidationError]:
    """The errors of the alternative the value was most likely meant to be: one of the
    value's own type, with the fewest errors (five numbers with one out of range are
    numeric criteria, not a mapping of tiers)."""
    by_alternative: dict[Any, list[ValidationError]] = {}
    for sub in error.context or ():
        by_alternative.setdefault(sub.relative_schema_path[0], []).append(sub)
    same_type = [
        subs for subs in by_alternative.values() if not any(e.validator == "type" and not e.relative_path for e in subs)
    ]
    candidates = same_type or list(by_alternative.values())
    if not candidates:
        return []
    return min(candidates, key=len) if same_type else [best_match(error.context or ())]


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """`pattern` as JSON Schema means it (ECMA-262) and as jsonschema_rs checks it: `$` is
    the end of the text, not also the place before a final newline (`"prov\\n"` is no id)."""
    if isinstance(instance, str) and not _ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"(?<!\\)\$$", r"\\Z", pattern))


_Validator = extend(Draft202012Validator, {"pattern": _ecma_pattern})


def _definition(schema: dict[str, Any], path: list[str]) -> Any:
    """A part of a schema's `$defs` by its path: ("criteria", "then")."""
    node: Any = schema["$defs"]
    for key in path:
        node = node[key]
    return node


def _at_the_node(error: ValidationError) -> bool:
    """An error about the shape of the value itself (its type or its length), not about
    a value inside it or a key it lacks."""
    if error.relative_path:
        return False
    if error.validator in _ALTERNATIVES:  # fits none of its own alternatives: as deep as they go
        return any(_at_the_node(e) for e in _closest_alternative(error))
    return error.validator in ("type", "minItems", "maxItems")


_CACHE: dict[Path, SchemaSet] = {}


def schema_set(folder: Path = SCHEMA_DIR) -> SchemaSet:
    """The compiled schemas, built once per process."""
    if folder not in _CACHE:
        _CACHE[folder] = SchemaSet.load(folder)
    return _CACHE[folder]


def validate_content(raw: RawContent, diags: Diagnostics) -> set[int]:
    """Validate every file; returns the ids of documents that failed."""
    schemas = schema_set()
    failed: set[int] = set()
    for source in raw.files:
        if not schemas.validate(source.kind, source.doc, diags):
            failed.add(id(source.doc))
    return failed


def report_schema_error(
    error: ValidationError, doc: Document, diags: Diagnostics, shapes: dict[int, str] | None = None
) -> None:
    shape = (shapes or {}).get(id(error.schema))
    if shape == "criteria.shape" and error.validator in ("minItems", "maxItems"):
        diags.error(shape, doc.loc(tuple(error.absolute_path)), value=_show(error.instance))
        return
    if shape == "amendment.shape" and error.validator in ("minProperties", "maxProperties"):
        # four fields are required and exactly one of cancel, add, change: five in all
        changes = [k for k in ("cancel", "add", "change") if k in (error.instance or {})]
        if len(changes) != 1:
            diags.error(shape, doc.loc(tuple(error.absolute_path)), value=_show(error.instance))
        return  # else a required field is missing: said by its own error
    if error.validator in _ALTERNATIVES and shape is not None:
        closest = _closest_alternative(error)
        if not closest or any(_at_the_node(e) for e in closest):
            diags.error(shape, doc.loc(tuple(error.absolute_path)), value=_show(error.instance))
            return
        for value_error in closest:  # the right shape with a wrong value inside: that value
            report_schema_error(value_error, doc, diags, shapes)
        return
    if error.validator in _ALTERNATIVES and error.context:
        for closest in _closest_alternative(error):
            report_schema_error(closest, doc, diags, shapes)
        return
    path = tuple(error.absolute_path)
    loc = doc.loc(path)
    keyword = error.validator
    if keyword == "required":
        missing = _quoted_name(error.message)
        diags.error("schema.required", loc, field=missing)
    elif keyword == "additionalProperties":
        known = tuple(error.schema.get("properties", {}))
        for name in _extra_keys(error):
            loc = doc.key_loc((*path, name))
            diags.error("schema.unknown-field", loc, field=name, did_you_mean=did_you_mean(name, known))
    elif keyword == "type":
        expected = error.validator_value
        names = (expected,) if isinstance(expected, str) else tuple(expected)
        diags.error("schema.type", loc, value=_show(error.instance), expected=names)
    elif keyword in ("enum", "const"):
        allowed = error.validator_value if keyword == "enum" else [error.validator_value]
        diags.error("schema.enum", loc, value=_show(error.instance), allowed=tuple(map(str, allowed)))
    elif keyword == "pattern":
        diags.error("schema.pattern", loc, value=_show(error.instance), pattern=error.validator_value)
    elif keyword in _RANGE:
        diags.error("schema.range", loc, variant=keyword, value=_show(error.instance), limit=error.validator_value)
    elif keyword == "format" and error.validator_value in ("date", "email"):
        diags.error(f"schema.{error.validator_value}", loc, value=_show(error.instance))
    elif keyword in _LENGTH:
        diags.error("schema.length", loc, variant=keyword, value=_show(error.instance), limit=error.validator_value)
    elif keyword == "uniqueItems":
        diags.error("schema.invalid", loc, variant=keyword, value=_show(error.instance), detail=error.message)
    else:  # a keyword the schemas do not use today: jsonschema's own words
        diags.error("schema.invalid", loc, detail=error.message)


def _quoted_name(message: str) -> str:
    # jsonschema: "'name' is a required property"
    return message.split("'")[1] if message.count("'") >= 2 else message


def _extra_keys(error: ValidationError) -> list[str]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    known = set(error.schema.get("properties", {}))
    patterns = error.schema.get("patternProperties", {})
    return [k for k in instance if k not in known and not any(re.search(p, k) for p in patterns)]


def _show(value: Any) -> str:
    return shown_value(json.dumps(value, ensure_ascii=False))
