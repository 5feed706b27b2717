"""The schemas in the editors people run: the YAML language server behind VS Code's YAML
extension (yaml-language-server 1.25) and Ajv 8 in strict mode, both installed from npm
under tests/ by tests/install-deps. A schema change that breaks hover, completion or
validation in an editor fails here."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from contenttree import ContentTree
from yamlls import YamlLanguageServer

from builder.diagnostics import Diagnostics
from builder.loader import load_yaml_file

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
EXAMPLE = ROOT / "content"


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def server() -> Iterator[YamlLanguageServer]:
    with YamlLanguageServer(ROOT) as running:
        yield running


def line_of(path: Path, text: str) -> int:
    """0-based number of the first line holding `text`."""
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines()) if text in line)


# -- validation ---------------------------------------------------------------------------------


def test_the_clean_example_has_no_diagnostics(server: YamlLanguageServer) -> None:
    files = {p: p.read_text("utf-8") for p in sorted(EXAMPLE.rglob("*.yaml"))}
    found = {str(p.relative_to(ROOT)): d for p, d in server.open_all(files).items()}
    assert len(found) > 100
    assert {path: d for path, d in found.items() if d} == {}


MISTAKES = [
    ("units/dist-b/unit.yaml", "kind: district", "kidn: district"),  # a typo in a field name
    (
        "units/dist-b/agreements/2568.yaml",
        "kind: split, combine: sum",
        "kind: splitt, combine: sum",
    ),  # a value not in the list
    ("units/dist-b/unit.yaml", "kind: district\n", ""),  # a required field left out
    (
        "units/dist-b/agreements/2568.yaml",
        "weight: 30, criteria: [400",
        "weight: thirty, criteria: [400",
    ),  # a word for a number
    (
        "units/dist-b/agreements/2568.yaml",
        "signed_on: 2024-10-15",
        "signed_on: 15/10/2024",
    ),  # a date as people write it
]
# (an impossible date such as 2024-02-30: `check` and Ajv refuse it, yaml-language-server
# 1.25 checks only the form of a date)


@pytest.mark.parametrize(("path", "old", "new"), MISTAKES)
def test_a_common_mistake_is_underlined_where_check_reports_it(
    server: YamlLanguageServer, tmp_path: Path, path: str, old: str, new: str
) -> None:
    tree = ContentTree(tmp_path / "content").replace(path, old, new)
    status, lines = tree.check()
    assert status == 1
    reported = {tuple(int(n) for n in line.split(":")[1:3]) for line in lines if ": error[" in line}
    file = tree.root / path
    schema_name = "unit" if path.endswith("unit.yaml") else "agreement"
    text = f"# yaml-language-server: $schema={(SCHEMAS / f'{schema_name}.schema.json').as_uri()}\n" + file.read_text()
    underlined = server.open(file, text)
    # the modeline takes the first line: the editor's 0-based line is check's 1-based one
    # (the editor may underline one place twice, for the form and the pattern of a date)
    assert {(d["range"]["start"]["line"], d["range"]["start"]["character"] + 1) for d in underlined} == reported


# -- hover and completion -------------------------------------------------------------------------

REF_FIELDS = [  # (file, text on the line, column of the key, schema, path to the field's schema)
    (
        "units/doae/agreements/2568.yaml",
        "  - kpi: yield-increase",
        4,
        "agreement",
        ("$defs", "item", "properties", "kpi"),
    ),
    (
        "units/doae/agreements/2568.yaml",
        "    dimension: effectiveness",
        4,
        "agreement",
        ("$defs", "item", "properties", "dimension"),
    ),
    (
        "units/doae/agreements/2568.yaml",
        "  signed_on:",
        2,
        "agreement",
        ("properties", "signatories", "properties", "signed_on"),
    ),
    (
        "units/doae/agreements/2568.yaml",
        "  evaluatee:",
        2,
        "agreement",
        ("properties", "signatories", "properties", "evaluatee"),
    ),
    ("units/doae-plan/unit.yaml", "parent: doae", 0, "unit", ("properties", "parent")),
    ("units/doae-plan/unit.yaml", "      perspective: effectiveness", 6, "unit", None),
    ("units/doae/results/2568/m6.yaml", "  - kpi: registry-updated", 4, "results", None),
]


def field_description(name: str, path: tuple[str, ...] | None, key: str) -> str:
    node: Any = schema(name)
    if path is None:  # find the property by name
        found = list(_properties_named(node, key))
        assert found, key
        return str(found[0]["description"])
    for part in path:
        node = node[part]
    return str(node["description"])


def _properties_named(node: Any, key: str) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if key in (node.get("properties") or {}):
            yield node["properties"][key]
        for value in node.values():
            yield from _properties_named(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _properties_named(value, key)


@pytest.mark.parametrize(("file", "text", "column", "name", "path"), REF_FIELDS)
def test_hover_shows_the_fields_own_thai_and_english_description(
    server: YamlLanguageServer, file: str, text: str, column: int, name: str, path: tuple[str, ...] | None
) -> None:
    document = EXAMPLE / file
    server.open(document)
    key = text.strip(" -").split(":")[0]
    shown = server.hover(document, line_of(document, text), column + 1)
    own = field_description(name, path, key)
    thai, english = own.split(" — ", 1)
    assert re.search("[\u0e00-\u0e7f]", thai) and english
    assert own in shown, f"{key}: hover shows {shown!r}"


def test_completion_inserts_the_key_and_its_colon(server: YamlLanguageServer, tmp_path: Path) -> None:
    document = tmp_path / "2568.yaml"
    text = (
        f"# yaml-language-server: $schema={(SCHEMAS / 'agreement.schema.json').as_uri()}\n"
        "year: 2568\nitems:\n  - kpi: a\n    \n"
    )
    server.open(document, text)
    offered = {
        item["label"]: item.get("insertText") or item.get("textEdit", {}).get("newText", "")
        for item in server.complete(document, 4, 4)
    }
    assert offered["category"] == "category: "
    assert offered["dimension"] == "dimension: "
    assert offered["weight"].startswith("weight: ")


# -- Ajv --------------------------------------------------------------------------------------------


def ajv(*documents: str) -> dict[str, Any]:
    files = [str(p) for p in sorted(SCHEMAS.glob("*.schema.json"))]
    done = subprocess.run(
        ["node", str(ROOT / "tests" / "ajv_strict.js"), *files, "--", *documents],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_ajv_strict_mode_compiles_every_schema() -> None:
    report = ajv()
    assert report["errors"] == {}
    assert sorted(report["compiled"]) == sorted(p.name for p in SCHEMAS.glob("*.schema.json"))


def test_ajv_accepts_the_example_and_rejects_an_impossible_date(tmp_path: Path) -> None:
    documents = []
    from builder.reader import classify
    from builder.schema import SCHEMA_FILES

    for file in sorted(EXAMPLE.rglob("*.yaml")):
        placed = classify(file.relative_to(EXAMPLE).parts)
        doc = load_yaml_file(file, file.name, Diagnostics())
        assert doc is not None and placed is not None, file
        target = tmp_path / f"{len(documents)}.json"
        target.write_text(json.dumps(doc.data))
        documents.append(f"{SCHEMA_FILES[placed[0]]}={target}")
    impossible = tmp_path / "impossible.json"
    agreement = load_yaml_file(EXAMPLE / "units/doae/agreements/2568.yaml", "a", Diagnostics())
    assert agreement is not None
    impossible.write_text(json.dumps({**agreement.data, "signatories": {"signed_on": "2024-02-30"}}))
    report = ajv(*documents, f"agreement.schema.json={impossible}")
    assert {file: errors for file, errors in report["validated"].items() if errors} == {
        str(impossible): ['/signatories/signed_on format must match format "date"']
    }


def test_a_new_repositorys_editor_settings_apply_the_schemas(tmp_path: Path) -> None:
    from builder.cli import main

    assert main(["init", str(tmp_path / "office"), "--lang", "en"]) == 0
    office = tmp_path / "office"
    settings = json.loads((office / ".vscode/settings.json").read_text())["yaml.schemas"]
    mapping = {(office / schema).resolve().as_uri(): [pattern] for schema, pattern in settings.items()}
    with YamlLanguageServer(office, schemas=mapping) as editor:
        files = sorted((office / "content").rglob("*.yaml"))
        assert {str(f.relative_to(office)): editor.open(f) for f in files} == {
            str(f.relative_to(office)): [] for f in files
        }
        agreement = next(f for f in files if f.parent.name == "agreements")
        shown = editor.hover(agreement, line_of(agreement, "  - kpi: plan-success"), 5)
        assert field_description("agreement", ("$defs", "item", "properties", "kpi"), "kpi") in shown
        broken = agreement.read_text().replace("weight: 50", "weight: fifty")
        copy = agreement.with_name("2571.yaml")  # another file of the same kind, mistaken
        assert [d["message"] for d in editor.open(copy, broken)] == ['Incorrect type. Expected "number".']


CANDIDATES = {
    "email": [
        "somchai@doae.go.th",
        "a.b+c@example.org",
        "not-an-email",
        "somchai@localhost",
        "a@b",
        "ก@doae.go.th",
        "a@@b.co",
        "a@-b.co",
    ],
    "date": [
        "2024-10-15",
        "2024-02-29",
        "2023-02-29",
        "2024-02-30",
        "2024-13-01",
        "2024-1-5",
        "15/10/2024",
        "2024-04-31",
    ],
}


def test_check_and_ajv_answer_the_same_about_every_format(tmp_path: Path) -> None:
    from builder.formats import FORMATS

    documents, expected = [], {}
    for fmt, values in CANDIDATES.items():
        for value in values:
            target = tmp_path / f"{len(documents)}.json"
            target.write_text(json.dumps({"name": "x", "email": value} if fmt == "email" else value))
            documents.append(f"common.schema.json#/$defs/{'person' if fmt == 'email' else 'date'}={target}")
            expected[str(target)] = (value, FORMATS[fmt](value))
    report = ajv(*documents)
    answers = {file: (expected[file][0], not errors) for file, errors in report["validated"].items()}
    assert answers == expected


def test_no_schema_uses_what_older_language_servers_warn_about() -> None:
    # yaml-language-server before 1.20 reads `items: false` beside `prefixItems` as "no
    # items at all" and warns on correct files; a tuple of one kind is `items` + sizes
    for file in sorted(SCHEMAS.glob("*.schema.json")):
        assert '"prefixItems"' not in file.read_text("utf-8"), file.name
