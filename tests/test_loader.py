"""Reading YAML: located values, YAML 1.2 scalars, and bad input answered clearly."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from contenttree import ContentTree, diagnostics_of
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from builder import loader
from builder.diagnostics import Diagnostics
from builder.loader import parse_yaml

ROOT = Path(__file__).resolve().parent.parent


def parse(text: str) -> tuple[object, list[str]]:
    diags = Diagnostics()
    doc = parse_yaml(text, "f.yaml", diags)
    return (doc.data if doc else None), [d.format() for d in diags]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("1_000", "1_000"),
        ("1:30", "1:30"),
        ("2024-10-15", "2024-10-15"),
        ("0755", 755),
        ("0o17", 15),
        ("3.50", 3.5),
        ("true", True),
        ("~", None),
        ('"417"', "417"),
    ],
)
def test_plain_scalars_follow_yaml_1_2(text: str, value: object) -> None:
    assert parse(f"v: {text}\n") == ({"v": value}, [])


def test_values_keep_their_line_and_column() -> None:
    diags = Diagnostics()
    doc = parse_yaml("a:\n  b: [1, {c: x}]\n", "f.yaml", diags)
    assert doc is not None
    assert str(doc.loc(("a", "b", 1, "c"))) == "f.yaml:2:14"
    assert str(doc.key_loc(("a", "b"))) == "f.yaml:2:3"


def test_duplicate_key_is_an_error_and_the_first_value_is_kept() -> None:
    assert parse("a: 1\nb: 2\na: 3\n") == (
        {"a": 1, "b": 2},
        ["f.yaml:3:1: error[yaml.duplicate-key]: duplicate key 'a' (first given on line 1)"],
    )


def test_broken_yaml_is_located() -> None:
    assert parse("a: [1, 2\nb: c\n") == (
        None,
        ["f.yaml:2:2: error[yaml.syntax]: YAML syntax: while parsing a flow sequence did not find expected ',' or ']'"],
    )


def test_tab_indentation_is_located() -> None:
    data, errors = parse("a:\n\tb: 1\n")
    assert data is None
    assert errors[0].startswith("f.yaml:2:1: error[yaml.syntax]: YAML syntax:")


def test_alias_expansion_is_bounded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    assert parse(bomb) == (
        None,
        ["f.yaml:1:1: error[yaml.alias-expansion]: aliases expand to more than 50000 values; refusing to expand"],
    )


def test_a_few_aliases_are_fine() -> None:
    assert parse("base: &p {name: x}\nother: *p\n") == ({"base": {"name": "x"}, "other": {"name": "x"}}, [])


def test_recursive_alias_is_refused() -> None:
    data, errors = parse("a: &a [*a]\n")
    assert data is None
    assert errors[0].split("]")[0] == "f.yaml:1:1: error[yaml.alias-expansion"


def test_unknown_tag_is_an_error() -> None:
    assert parse("a: !!python/object x\n") == (
        {"a": "x"},
        ["f.yaml:1:4: error[yaml.tag]: unsupported YAML tag tag:yaml.org,2002:python/object"],
    )


def test_non_scalar_key_is_an_error() -> None:
    assert parse("? [a, b]\n: 1\n") == (
        {},
        ["f.yaml:1:3: error[yaml.key-type]: a key must be a plain text, not a list"],
    )


# -- through `check`: files with bad bytes, sizes and types ----------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


def check(tree: ContentTree) -> tuple[int, list[str]]:
    status, lines = tree.check()
    return status, diagnostics_of(lines, tree.root)


def test_byte_order_mark_is_accepted(tree: ContentTree) -> None:
    tree.write()
    unit = tree.root / "units/dist-b/unit.yaml"
    unit.write_bytes(b"\xef\xbb\xbf" + unit.read_bytes())
    assert check_written(tree) == (0, [])


def check_written(tree: ContentTree) -> tuple[int, list[str]]:
    """Check the tree as it is on disk, without rewriting its files."""
    import io
    from contextlib import redirect_stdout

    from builder.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["check", "--content", str(tree.root), "--lang", "en", "--today", "2025-12-01"])
    return status, diagnostics_of(out.getvalue().splitlines(), tree.root)


def test_utf16_file_gets_a_clear_error(tree: ContentTree) -> None:
    tree.write()
    unit = tree.root / "units/dist-b/unit.yaml"
    unit.write_bytes(unit.read_text("utf-8").encode("utf-16"))
    assert check_written(tree) == (
        1,
        [
            "units/dist-b/unit.yaml:1:1: error[yaml.encoding]: file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"
        ],
    )


def test_tis620_thai_gets_the_line_of_the_first_bad_byte(tree: ContentTree) -> None:
    tree.write()
    unit = tree.root / "units/dist-b/unit.yaml"
    unit.write_bytes(unit.read_text("utf-8").encode("tis-620"))
    assert check_written(tree) == (
        1,
        [
            "units/dist-b/unit.yaml:3:12: error[yaml.encoding]: file is not UTF-8 (byte 0xcd cannot be read); save it as UTF-8"
        ],
    )


def test_oversized_file_is_refused(tree: ContentTree) -> None:
    tree.files["units/dist-b/kpis.yaml"] += "# " + "x" * (4 * 1024 * 1024) + "\n"
    status, lines = check(tree)
    assert status == 1
    assert lines[0].startswith("units/dist-b/kpis.yaml:1:1: error[yaml.too-large]: file is ")


def test_wrong_type_is_located(tree: ContentTree) -> None:
    tree.replace("site.yaml", "max_kpis_per_person: 6", "max_kpis_per_person: six")
    assert check(tree) == (1, ['site.yaml:24:24: error[schema.type]: "six" is not a whole number'])


def test_yaml_1_1_boolean_word_is_not_silently_false(tree: ContentTree) -> None:
    tree.files["site.yaml"] += "publish_individual_results: no\n"
    assert check(tree) == (1, ['site.yaml:25:29: error[schema.type]: "no" is not true or false'])


def test_missing_field_and_typo_are_both_reported(tree: ContentTree) -> None:
    tree.set("units/dist-b/unit.yaml", "id: dist-b\nkidn: district\nname: {th: อำเภอ ข}\nparent: prov\n")
    assert check(tree) == (
        1,
        [
            "units/dist-b/unit.yaml:1:1: error[schema.required]: missing required field 'kind'",
            "units/dist-b/unit.yaml:2:1: error[schema.unknown-field]: unknown field 'kidn'; did you mean 'kind'?",
        ],
    )


def test_every_error_in_every_file_is_reported(tree: ContentTree) -> None:
    tree.replace("units/dist-a/unit.yaml", "kind: district", "kind: [district")
    tree.replace("units/dist-b/unit.yaml", "kind: district", "kind: 42")  # not an id
    tree.replace("units/prov/unit.yaml", "kind: organisation", "kind: organisation\nkind: division")
    status, lines = check(tree)
    assert status == 1
    assert [line.split(": error")[0] for line in lines] == [
        "units/dist-a/unit.yaml:3:5",
        "units/dist-b/unit.yaml:2:7",
        "units/prov/unit.yaml:3:1",
    ]


def build_py(*args: str) -> subprocess.CompletedProcess[str]:
    """`python build.py ARGS` as a user runs it, in a separate process."""
    return subprocess.run([sys.executable, "build.py", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_no_traceback_for_bad_content_and_exit_1(tree: ContentTree) -> None:
    tree.replace("units/dist-b/unit.yaml", "kind: district", "kind: [district")
    tree.write()
    run = build_py("check", "--content", str(tree.root), "--lang", "en")
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert "error[yaml.syntax]" in run.stdout


def test_missing_content_folder_is_a_usage_error(tmp_path: Path) -> None:
    run = build_py("check", "--content", str(tmp_path / "nope"))
    assert (run.returncode, run.stdout) == (2, "")
    assert "content folder not found" in run.stderr


def test_unknown_option_is_a_usage_error() -> None:
    run = build_py("check", "--frmat", "json")
    assert run.returncode == 2


# -- output formats -------------------------------------------------------------------------


def test_github_format_annotates_the_pull_request(tree: ContentTree) -> None:
    tree.replace("units/dist-b/unit.yaml", "id: dist-b", "id: dist-bb")
    status, lines = tree.check("--format", "github")
    path = str(Path(os.path.relpath(tree.root)) / "units/dist-b/unit.yaml")
    assert status == 1
    assert lines == [
        f"::error file={path},line=1,col=5,title=unit.id-mismatch::unit id 'dist-bb' differs from its folder name 'dist-b'",
        "1 error, 0 warnings",
    ]


def test_json_format_for_tools(tree: ContentTree) -> None:
    tree.replace("units/dist-b/unit.yaml", "id: dist-b", "id: dist-bb")
    status, lines = tree.check("--format", "json")
    report = json.loads("\n".join(lines))
    assert status == 1
    assert report["errors"] == 1 and report["warnings"] == 0
    (item,) = report["diagnostics"]
    assert item["path"].endswith("units/dist-b/unit.yaml")
    assert (item["line"], item["column"], item["severity"], item["code"]) == (1, 5, "error", "unit.id-mismatch")


def test_messages_in_thai(tree: ContentTree) -> None:
    tree.replace("units/dist-b/unit.yaml", "id: dist-b", "id: dist-bb")
    tree.write()
    run = build_py("check", "--content", str(tree.root), "--lang", "th")
    assert "error[unit.id-mismatch]: รหัสหน่วยงาน 'dist-bb' ไม่ตรงกับชื่อโฟลเดอร์ 'dist-b'" in run.stdout
    assert run.stdout.splitlines()[-1] == "ข้อผิดพลาด 1 รายการ คำเตือน 0 รายการ"


def test_build_of_an_unknown_unit_is_a_usage_error(tree: ContentTree, tmp_path: Path) -> None:
    tree.write()
    out = tmp_path / "out"
    run = build_py(
        "build", "--content", str(tree.root), "--out", str(out), "--unit", "nope", "--no-pdf", "--lang", "en"
    )
    assert (run.returncode, run.stderr.splitlines()[-1]) == (2, "kpibook: error: unknown unit 'nope' (--unit)")
    assert not out.exists()


def test_missing_theme_folder_is_a_usage_error(tree: ContentTree, tmp_path: Path) -> None:
    tree.write()
    run = build_py(
        "build",
        "--content",
        str(tree.root),
        "--out",
        str(tmp_path / "o"),
        "--theme",
        str(tmp_path / "nope"),
        "--lang",
        "en",
    )
    assert run.returncode == 2
    assert "theme folder not found" in run.stderr


# -- each schema and result diagnostic, located ------------------------------------------------


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        ("units/dist-b/kpis.yaml", None, "", "units/dist-b/kpis.yaml:1:1: error[yaml.empty]: file is empty"),
        (
            "units/dist-b/unit.yaml",
            "kind: district",
            "kind: distrikt",
            "units/dist-b/unit.yaml:2:7: error[ref.unknown]: unknown unit kind 'distrikt'; did you mean 'district'?",
        ),
        (
            "units/dist-b/agreements/2568.yaml",
            "signed_on: 2024-10-15",
            "signed_on: 15/10/2024",
            'units/dist-b/agreements/2568.yaml:13:14: error[schema.pattern]: "15/10/2024" does not have the expected form (^\\d{4}-\\d{2}-\\d{2}$)',
        ),
        (
            "units/officer-c/agreements/2568.yaml",
            "category: routine, weight: 20",
            "category: routine, weight: 120",
            "units/officer-c/agreements/2568.yaml:8:46: error[schema.range]: 120 is more than the maximum 100",
        ),
        (
            "units/prov/agreements/2568.yaml",
            "[100, 150, 200, 250, 300]",
            "[100, 150, 200, 250]",
            "units/prov/agreements/2568.yaml:4:76: error[criteria.shape]: criteria [100, 150, 200, 250] have none of the allowed shapes: five levels, each a number, null for a level left empty, or a milestone text (texts before numbers), or a mapping of basic, standard, advanced",
        ),
        (
            "units/dist-b/results/2568/m6.yaml",
            "{kpi: rice-yield, actual: 410}",
            "{kpi: rice-yield}",
            "units/dist-b/results/2568/m6.yaml:4:11: error[results.missing-value]: result for 'rice-yield' gives neither an actual nor a level",
        ),
        (
            "units/dist-b/results/2568/m6.yaml",
            "  - {kpi: rice-yield, actual: 410}\n",
            "  - {kpi: rice-yield, actual: 410}\n  - {kpi: rice-yield, actual: 411}\n",
            "units/dist-b/results/2568/m6.yaml:5:11: error[results.duplicate-kpi]: KPI 'rice-yield' is reported twice in this round (first on line 4)",
        ),
    ],
)
def test_one_broken_value_one_located_error(
    tree: ContentTree, path: str, old: str | None, new: str, expected: str
) -> None:
    if old is None:
        tree.set(path, new)
    else:
        tree.replace(path, old, new)
    assert check(tree) == (1, [expected])


def test_results_without_an_agreement(tree: ContentTree) -> None:
    tree.remove("units/officer-c/agreements/2568.yaml")
    status, lines = check(tree)
    assert status == 1
    assert (
        "units/officer-c/results/2568/p1.yaml:1:7: error[results.no-agreement]: 'officer-c' has no agreement for 2568"
        in lines
    )


def test_the_model_keeps_field_positions_but_nothing_of_the_parser(tmp_path: Path) -> None:
    """PDF workers receive model objects: they carry (line, column) numbers, not the
    parsed document they came from."""
    import pickle

    from builder.options import BuildOptions
    from builder.pipeline import load_and_check

    tree = ContentTree(tmp_path / "content")
    checked = load_and_check(BuildOptions(content=tree.write()))
    assert checked.content is not None
    agreement = checked.content.agreements[("dist-a", 2568)]
    item = agreement.items[0]
    assert str(item.at("weight")) == f"{item.loc.path}:3:57"  # the weight's own place
    assert str(item.at("no-such-field")) == str(item.loc)
    pickled = pickle.dumps(agreement)
    assert b"builder.loader" not in pickled and b"FieldLocations" not in pickled
    assert b"rice-yield" in pickled and b"dist-b" not in pickled  # its own values only, no other file


# -- the two readers agree ---------------------------------------------------------------------
#
# Files with nothing to report are read from libyaml's events (`_read_clean`); the others by the
# node converter, which reports what it finds. On a clean file both must give the same values
# and the same location for every value and key.

TRICKY = [
    "a: 1\n",
    "[1, 2, [3, {b: c}], {}]\n",
    "just text\n",
    "a:\n  - b: 1\n    c: [x, 'y', \"z\"]\n  - |\n    block\n    text\n  -\n  - ~\n",
    "{a: 1, b: {c: {d: [e, f]}}, g: -0.5e3, h: 0x1F, i: 0o17, j: .5, k: +12, l: 0755}\n",
    "k: 'quoted: yes'\nl: no\nm: True\nn: null\no: ''\np: 12345678901234567890\n",
    "ผลลัพธ์: ร้อยละ ๘๐\nเป้าหมาย:\n  - {th: ข้อความ, en: text}\n",
    "---\na: 1\n...\n",
    "a: >\n  folded\n  text\nb: x\n",
]


def located_everywhere(doc: loader.Document) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []

    def walk(value: object, path: tuple[str | int, ...]) -> None:
        found.append((path, str(doc.loc(path)), repr(value)))
        if isinstance(value, dict):
            found.append((path, "fields", dict(doc.marks_of(value)), str(doc.loc_of(value, path))))
            for key, item in value.items():
                found.append(((*path, key), "key", str(doc.key_loc((*path, key)))))
                walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i))

    walk(doc.data, ())
    return found


def both_readers(text: str) -> tuple[loader.Document | None, loader.Document | None, list[str]]:
    diags = Diagnostics()
    clean = loader._read_clean(text, "f.yaml", loader.MAX_VALUES)
    reporting = loader._read_reporting(text, "f.yaml", diags, loader.MAX_VALUES)
    return clean, reporting, [d.format() for d in diags]


@pytest.mark.parametrize("text", TRICKY)
def test_both_readers_locate_every_value_alike(text: str) -> None:
    clean, reporting, problems = both_readers(text)
    assert clean is not None and reporting is not None and problems == []
    assert located_everywhere(clean) == located_everywhere(reporting)


def test_both_readers_agree_on_every_file_of_the_example_and_the_test_tree(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path).write()
    files = [*sorted((ROOT / "content").rglob("*.yaml")), *sorted(tree.rglob("*.yaml"))]
    assert len(files) > 20
    for file in files:
        clean, reporting, problems = both_readers(file.read_text("utf-8"))
        assert clean is not None and reporting is not None and problems == [], file
        assert located_everywhere(clean) == located_everywhere(reporting), file


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # an alias
        "a: !!int 1\n",  # a tag
        "a: 1\na: 2\n",  # a duplicate key
        "? [a]\n: 1\n",  # a complex key
        "a: .inf\n",  # not finite
        "",  # empty
        "a: 1\n---\nb: 2\n",  # two documents
        "a: [1, 2\n",  # a syntax error
        "a: " + "x" * (loader.MAX_TEXT_CHARS + 1) + "\n",  # too long
        "[" * (loader.MAX_DEPTH + 2) + "]" * (loader.MAX_DEPTH + 2) + "\n",  # too deep
    ],
)
def test_what_has_anything_to_report_is_left_to_the_reporting_reader(text: str) -> None:
    assert loader._read_clean(text, "f.yaml", loader.MAX_VALUES) is None


def test_too_many_values_are_left_to_the_reporting_reader() -> None:
    assert loader._read_clean("[1, 2, 3]\n", "f.yaml", 4) is not None
    assert loader._read_clean("[1, 2, 3, 4]\n", "f.yaml", 4) is None


def test_field_marks_travel_with_the_model_to_page_workers() -> None:
    doc = parse_yaml("a:\n  b: 1\n  c: [2]\n", "f.yaml", Diagnostics())
    assert doc is not None
    marks = doc.marks_of(doc.data["a"])
    assert dict(pickle.loads(pickle.dumps(marks))) == dict(marks) == {"b": (2, 6), "c": (3, 6)}
    assert "c" in marks and "d" not in marks and marks.get("d") is None


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=24,
)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(_VALUES, st.booleans(), st.sampled_from([None, '"', "'", "|"]))
def test_both_readers_agree_on_any_clean_file(value: object, flow: bool, style: str | None) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, default_style=style, allow_unicode=True)
    clean, reporting, problems = both_readers(text)
    assume(clean is not None)
    assert reporting is not None and problems == []
    assert located_everywhere(clean) == located_everywhere(reporting)
