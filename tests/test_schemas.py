"""The JSON Schemas in schemas/: well-formed, documented in Thai and English, and in step
with the examples in docs/content-format.md."""

from __future__ import annotations

import copy
import datetime
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
FORMAT_DOC = ROOT / "docs" / "content-format.md"
SCHEMA_NAMES = ["common", "site", "unit", "kpis", "agreement", "results", "closure", "initiatives", "plans", "calendar"]
FILE_SCHEMAS = SCHEMA_NAMES[1:]

# "## `site.yaml` (schema `schemas/site.schema.json`)" followed by a ```yaml block
DOC_EXAMPLE = re.compile(
    r"^## `[^`]+` \(schema `schemas/(?P<schema>[a-z]+)\.schema\.json`\)\s*\n"
    r"\s*```yaml\n(?P<yaml>.*?)^```",
    re.MULTILINE | re.DOTALL,
)


def load_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def registry() -> Registry:
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCHEMAS.glob("*.json"))]
    return Registry().with_resources((schema["$id"], Resource.from_contents(schema)) for schema in schemas)


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name), registry=registry())


def as_loaded(value: Any) -> Any:
    """What the content loader hands to validation: mapping keys as strings and, since the
    loader follows YAML 1.2 (yaml.safe_load is YAML 1.1), dates left as ISO strings."""
    if isinstance(value, dict):
        return {str(k): as_loaded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_loaded(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def load_yaml(text: str) -> Any:
    return as_loaded(yaml.safe_load(text))


def doc_examples() -> dict[str, Any]:
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    return {m["schema"]: load_yaml(m["yaml"]) for m in DOC_EXAMPLE.finditer(doc)}


def error_keywords(name: str, instance: Any) -> set[str]:
    return {str(error.validator) for error in validator(name).iter_errors(instance)}


def best_error_keyword(name: str, instance: Any) -> str:
    error = best_match(validator(name).iter_errors(instance))
    assert error is not None, "expected the instance to be invalid"
    return str(error.validator)


def documented_properties(node: Any, path: str = "#") -> Iterator[tuple[str, Any]]:
    """Every subschema that describes a property, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for prop, subschema in value.items():
                    yield f"{path}/properties/{prop}", subschema
            yield from documented_properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from documented_properties(value, f"{path}/{index}")


def assert_bilingual(where: str, schema: dict[str, Any], key: str = "description") -> None:
    """`ไทย — English` in one standard keyword, which every editor shows (Ajv's strict
    mode refuses keywords of our own, such as x-description-th)."""
    text = schema.get(key, "")
    assert " — " in text, f"{where}: {key} must read 'ไทย — English'"
    th, en = text.split(" — ", 1)
    assert re.search("[\u0e00-\u0e7f]", th), f"{where}: {key} has no Thai before ' — '"
    assert re.search("[A-Za-z]", en) and not re.search("[\u0e00-\u0e7f]", en), (
        f"{where}: {key} has no English after ' — '"
    )


# -- the schemas themselves --------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{name}.schema.json"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_property_is_described_in_thai_and_english(name: str) -> None:
    schema = load_schema(name)
    properties = list(documented_properties(schema))
    assert properties or name == "common"
    for where, subschema in properties:
        assert_bilingual(where, subschema)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_top_level_and_defs_have_title_and_description(name: str) -> None:
    schema = load_schema(name)
    assert " — " in schema["title"]
    assert_bilingual("#", schema)
    for def_name, subschema in schema.get("$defs", {}).items():
        # a definition a described field refers to keeps its text in $comment, so that the
        # editor shows the field's own description on hover (tests/test_editor_schemas.py)
        if "$comment" in subschema:
            assert_bilingual(f"#/$defs/{def_name}", subschema, "$comment")
            assert "title" not in subschema and "description" not in subschema, def_name
            continue
        assert " — " in subschema.get("title", ""), f"$defs/{def_name}: title missing"
        assert_bilingual(f"#/$defs/{def_name}", subschema)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_object_rejects_unknown_keys(name: str) -> None:
    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if node.get("type") == "object" or "properties" in node:
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    for subschema in objects(load_schema(name)):
        assert "additionalProperties" in subschema, subschema.get("description")


# -- the examples in the format doc ------------------------------------------------------


def test_format_doc_has_an_example_for_every_file_kind() -> None:
    assert sorted(doc_examples()) == sorted(FILE_SCHEMAS)


@pytest.mark.parametrize("name", FILE_SCHEMAS)
def test_format_doc_example_is_valid(name: str) -> None:
    instance = doc_examples()[name]
    errors = [f"{e.json_path}: {e.message}" for e in validator(name).iter_errors(instance)]
    assert errors == []


def agreement_example() -> dict[str, Any]:
    return copy.deepcopy(doc_examples()["agreement"])


def results_example() -> dict[str, Any]:
    return copy.deepcopy(doc_examples()["results"])


@pytest.mark.parametrize(
    "criteria",
    [
        pytest.param([412, 414, 417, 419, 422], id="five-level"),
        pytest.param([30, 28, 26, 24, 22.5], id="five-level-lower"),
        pytest.param(
            [
                {"th": "จัดทำแผน"},
                "ทำแผนที่ยุทธศาสตร์",
                {"th": "ติดตาม", "en": "Monitoring"},
                {"en": "Evaluation"},
                "เชื่อมโยงกับสิ่งจูงใจ",
            ],
            id="milestone-texts",
        ),
        pytest.param(
            [
                "จัดทำแผน",
                "ทำแผนที่ยุทธศาสตร์",
                {
                    "text": {"th": "ติดตามผล"},
                    "steps": ["รายงาน 6 เดือน", {"th": "รายงาน 9 เดือน"}],
                },
                "ประเมินผล",
                {"text": "เชื่อมโยงกับสิ่งจูงใจ"},
            ],
            id="milestone-steps",
        ),
        pytest.param({"basic": 80, "standard": 85, "advanced": 90}, id="three-tier"),
    ],
)
def test_every_criteria_shape_is_accepted(criteria: Any) -> None:
    agreement = agreement_example()
    agreement["items"][0]["criteria"] = criteria
    assert error_keywords("agreement", agreement) == set()


def test_importance_weighting_with_a_person_category_is_accepted() -> None:
    agreement = load_yaml(
        """
        year: 2568
        weighting: importance
        items:
          - kpi: outages-fixed-24h
            category: routine
            importance: 3
            criteria: [1, 2, 3, 4, 5]
            cascade: {from: network-down-48h, kind: contributing}
        signatories:
          evaluatee: {name: นายสมศักดิ์ ตั้งใจ}
        """
    )
    assert error_keywords("agreement", agreement) == set()


def test_milestone_result_with_plain_evidence_paths_is_accepted() -> None:
    results = results_example()
    result = results["results"][0]
    del result["actual"]
    result["level"] = 3
    result["partial"] = 0.8
    result["evidence"] = ["evidence/2568/minutes.pdf"]
    result["verified"] = {"level": 4, "score": 4.8, "reason": "คณะกรรมการให้คะแนนเพิ่ม"}
    assert error_keywords("results", results) == set()


# -- invalid content fails with the keyword that names the mistake -----------------------


def test_typo_key_is_an_additional_property() -> None:
    unit = doc_examples()["unit"]
    unit["nmae"] = unit.pop("name")
    assert error_keywords("unit", unit) == {"additionalProperties", "required"}


def test_typo_key_inside_a_kpi_is_an_additional_property() -> None:
    kpis = doc_examples()["kpis"]
    kpis["kpis"][0]["diretcion"] = "lower"
    assert best_error_keyword("kpis", kpis) == "additionalProperties"


def test_a_unit_kind_is_any_id_site_yaml_may_define() -> None:
    unit = doc_examples()["unit"]
    unit["kind"] = "department"  # whether site.yaml defines it is checked by `check` (ref.unknown)
    assert error_keywords("unit", unit) == set()
    unit["kind"] = "Department"
    assert error_keywords("unit", unit) == {"pattern"}


def test_unknown_kpi_kind_is_an_enum_error() -> None:
    kpis = doc_examples()["kpis"]
    kpis["kpis"][0]["kind"] = "percent"
    assert error_keywords("kpis", kpis) == {"enum"}


def test_four_criteria_levels_are_too_few() -> None:
    agreement = agreement_example()
    agreement["items"][0]["criteria"] = [5, 4, 3, 2]
    assert best_error_keyword("agreement", agreement) == "minItems"


def test_incomplete_three_tier_criteria_are_rejected() -> None:
    agreement = agreement_example()
    agreement["items"][0]["criteria"] = {"basic": 80, "standard": 85}
    assert error_keywords("agreement", agreement) == {"anyOf"}


def test_agreement_item_needs_a_kpi() -> None:
    agreement = agreement_example()
    del agreement["items"][0]["kpi"]
    assert error_keywords("agreement", agreement) == {"required"}


@pytest.mark.parametrize(
    ("name", "yaml_text", "keyword"),
    [
        pytest.param(
            "kpis",
            "kpis: [{id: k, name: K, kind: numeric, baseline: {2024x: 1}}]",
            "pattern",
            id="baseline-key-not-a-year",
        ),
        pytest.param(
            "kpis",
            "kpis: [{id: K1, name: K, kind: numeric}]",
            "pattern",
            id="id-not-a-slug",
        ),
        pytest.param(
            "results",
            "{year: 2025, round: m6, results: []}",
            "minimum",
            id="fiscal-year-in-common-era",
        ),
        pytest.param(
            "results",
            "{year: 2568, round: m6, reported_on: 10/4/2025, results: []}",
            "pattern",
            id="date-not-iso",
        ),
        pytest.param(
            "results",
            "{year: 2568, round: m6, results: [{kpi: k, partial: 1.5}]}",
            "maximum",
            id="partial-above-one",
        ),
        pytest.param(
            "agreement",
            "{year: 2568, items: [{kpi: k, criteria: [1, 2, 3, 4, 5], importance: 4}]}",
            "maximum",
            id="importance-above-three",
        ),
        pytest.param(
            "agreement",
            "{year: 2568, items: [{kpi: k, criteria: [1, 2, 3, 4, 5], cascade: {from: p, kind: copy}}]}",
            "enum",
            id="unknown-cascade-kind",
        ),
        pytest.param(
            "site",
            "{organisation: {name: X}, fiscal_years: [2568], scoring: {scheme: ten-level}}",
            "enum",
            id="unknown-scheme",
        ),
        pytest.param(
            "site",
            "{organisation: {name: X}, fiscal_years: [2568], rounds: [{id: m6, name: M6, for: [Person]}]}",
            "pattern",
            id="round-for-a-unit-kind-that-is-no-id",
        ),
        pytest.param("unit", "{id: u, kind: group, name: ''}", "minLength", id="empty-name"),
        pytest.param(
            "unit",
            "{id: u, kind: group, name: {}}",
            "minProperties",
            id="text-without-language",
        ),
        pytest.param(
            "unit",
            "{id: u, kind: group, name: {th: ก, fr: b}}",
            "additionalProperties",
            id="text-in-unknown-language",
        ),
        pytest.param(
            "results",
            "{year: 2568, round: m6, results: [{kpi: k, evidence: [{path: a.pdf, titel: x}]}]}",
            "additionalProperties",
            id="evidence-typo",
        ),
        pytest.param(
            "agreement",
            "{year: 2568, items: [{kpi: k, criteria: {basic: 1, standard: 2}}]}",
            "required",
            id="three-tier-missing-tier",
        ),
        pytest.param(
            "agreement",
            "{year: 2568, items: [{kpi: k, criteria: [1, 2, 3, 4, 5, 6]}]}",
            "maxItems",  # `check` reports it as criteria.shape, naming the allowed shapes
            id="six-criteria-levels",
        ),
    ],
)
def test_invalid_content_is_rejected(name: str, yaml_text: str, keyword: str) -> None:
    assert best_error_keyword(name, load_yaml(yaml_text)) == keyword
