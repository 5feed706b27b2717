"""Hostile and broken input: never a traceback, a hang or a leak, always a located answer.

One section per class of failure found by the adversarial review (issue 9): numbers that
are not finite, special files, paths that do not belong, unreadable folders, files that
are large for their size, misleading and forged diagnostics, and values that look right
but are not.
"""

from __future__ import annotations

import io
import os
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from contenttree import ContentTree, diagnostics_of

from builder.cli import main
from builder.diagnostics import Diagnostics
from builder.echo import printable
from builder.loader import parse_yaml


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


def check(tree: ContentTree, *extra: str) -> tuple[int, list[str]]:
    status, lines = tree.check(*extra)
    return status, diagnostics_of(lines, tree.root)


def check_as_is(tree: ContentTree, *extra: str) -> tuple[int, list[str]]:
    """Check the tree as it is on disk (after a test changed it), without rewriting it."""
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["check", "--content", str(tree.root), "--lang", "en", "--today", "2025-12-01", *extra])
    return status, diagnostics_of(out.getvalue().splitlines(), tree.root)


# -- 1. numbers are finite: by the loader, and bounded by the schemas -------------------------

NOT_FINITE = (
    "is not a finite number (.nan, .inf and numbers beyond ±1.8e308 are not allowed); quote it if it is meant as text"
)


@pytest.mark.parametrize(
    ("path", "old", "new", "at", "shown"),
    [
        ("units/dist-b/results/2568/m6.yaml", "actual: 410", "actual: .nan", "4:31", ".nan"),
        ("units/dist-b/results/2568/m6.yaml", "actual: 410", "actual: -.inf", "4:31", "-.inf"),
        ("units/dist-b/results/2568/m6.yaml", "actual: 410", "actual: 1e400", "4:31", "1e400"),
        ("units/dist-b/agreements/2568.yaml", "weight: 30", "weight: .NaN", "3:57", ".NaN"),
        ("units/dist-b/agreements/2568.yaml", "[400, 405", "[.inf, 405", "3:72", ".inf"),
        ("units/dist-b/agreements/2568.yaml", "base: 1000", "base: !!float .nan", "4:77", ".nan"),
        ("units/prov/agreements/2568.yaml", "target: 417", "target: 0x" + "f" * 300, "3:110", "0x" + "f" * 55 + "..."),
        ("site.yaml", "weight: 50", "weight: .Inf", "10:86", ".Inf"),
        ("units/prov/results/2568/m12.yaml", "level: 4", "level: 1" + "0" * 5000, "5:28", "1" + "0" * 56 + "..."),
    ],
)
def test_a_number_that_is_not_finite_is_one_located_error(
    tree: ContentTree, path: str, old: str, new: str, at: str, shown: str
) -> None:
    tree.replace(path, old, new)
    assert check(tree) == (1, [f"{path}:{at}: error[yaml.not-finite]: {shown} {NOT_FINITE}"])


def test_not_finite_numbers_never_reach_build(tree: ContentTree, tmp_path: Path) -> None:
    """They used to pass `check` and crash only while scoring for the site."""
    tree.replace("units/dist-b/results/2568/m6.yaml", "actual: 410", "actual: .nan")
    tree.write()
    out = tmp_path / "out"
    err = io.StringIO()
    from contextlib import redirect_stderr

    with redirect_stderr(err):
        status = main(["build", "--content", str(tree.root), "--out", str(out), "--lang", "en", "--no-pdf"])
    assert status == 1
    assert "error[yaml.not-finite]" in err.getvalue()
    assert not out.exists()


def test_a_quoted_nan_is_text(tree: ContentTree) -> None:
    tree.replace("units/dist-b/unit.yaml", "name: {th: อำเภอ ข}", 'name: {th: ".nan"}')
    assert check(tree) == (0, [])


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (
            "units/dist-b/results/2568/m6.yaml",
            "actual: 410",
            "actual: 1e300",
            "units/dist-b/results/2568/m6.yaml:4:31: error[schema.range]: 1e+300 is more than the maximum 1000000000000000",
        ),
        (
            "units/dist-b/agreements/2568.yaml",
            "[400, 405, 410, 415, 420]",
            "[-1e308, 405, 410, 415, 420]",
            "units/dist-b/agreements/2568.yaml:3:72: error[schema.range]: -1e+308 is less than the minimum -1000000000000000",
        ),
    ],
)
def test_numbers_beyond_a_thousand_trillion_are_out_of_range(
    tree: ContentTree, path: str, old: str, new: str, expected: str
) -> None:
    tree.replace(path, old, new)
    assert check(tree) == (1, [expected])


def test_explicit_tags_cannot_smuggle_numbers_in() -> None:
    diags = Diagnostics()
    doc = parse_yaml("a: !!int 1.5\nb: !!float .inf\nc: !!int 12\n", "f.yaml", diags)
    assert doc is not None and doc.data["c"] == 12
    assert [d.format() for d in diags] == [
        "f.yaml:1:4: error[yaml.tag]: unsupported YAML tag tag:yaml.org,2002:int",
        f"f.yaml:2:4: error[yaml.not-finite]: .inf {NOT_FINITE}",
    ]


# -- 2. content files are regular files inside the content folder ------------------------------


def test_a_fifo_named_like_a_content_file_is_refused_without_hanging(tree: ContentTree) -> None:
    tree.write()
    kpis = tree.root / "units/dist-b/kpis.yaml"
    kpis.unlink()
    os.mkfifo(kpis)
    assert check_as_is(tree) == (
        1,
        [
            "units/dist-b/kpis.yaml:1:1: error[content.special-file]: is not a regular file "
            "(a FIFO, a device or a socket); content files must be regular files"
        ],
    )


SYMLINK = "is a symbolic link; content files and folders must be real files and folders inside the content folder"


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_an_endless_device_is_refused_unread(tree: ContentTree, target: str) -> None:
    tree.write()
    kpis = tree.root / "units/dist-b/kpis.yaml"
    kpis.unlink()
    kpis.symlink_to(target)
    assert check_as_is(tree) == (1, [f"units/dist-b/kpis.yaml:1:1: error[content.symlink]: {SYMLINK}"])


def test_a_unit_folder_linked_from_outside_is_refused(tree: ContentTree, tmp_path: Path) -> None:
    tree.write()
    outside = tmp_path / "elsewhere"
    shutil.move(tree.root / "units/dist-b", outside)
    (tree.root / "units/dist-b").symlink_to(outside)
    assert check_as_is(tree) == (1, [f"units/dist-b:1:1: error[content.symlink]: {SYMLINK}"])


def test_a_link_to_a_file_inside_the_tree_is_refused_too(tree: ContentTree) -> None:
    tree.write()
    (tree.root / "units/dist-b/kpis.yaml").unlink()
    (tree.root / "units/dist-b/kpis.yaml").symlink_to(tree.root / "units/dist-a/kpis.yaml")
    assert check_as_is(tree) == (1, [f"units/dist-b/kpis.yaml:1:1: error[content.symlink]: {SYMLINK}"])


# -- 5. folders that cannot be read ----------------------------------------------------------


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Folders to refuse as `chmod 000` would (tests run as root, which chmod cannot stop)."""
    refused: list[Path] = []
    real_scandir = os.scandir

    def scandir(path: Path) -> object:
        if Path(path) in refused:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("builder.tree.os.scandir", scandir)
    return refused


@pytest.mark.parametrize("folder", ["units", "units/dist-b/results", "units/dist-b/results/2568"])
def test_an_unreadable_folder_is_a_located_error(tree: ContentTree, unreadable: list[Path], folder: str) -> None:
    tree.write()
    unreadable.append(tree.root / folder)
    status, lines = check_as_is(tree)
    assert (status, lines[0]) == (
        1,
        f"{folder}:1:1: error[content.unreadable-folder]: cannot read folder: Permission denied",
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_a_folder_without_read_permission_is_a_located_error(tree: ContentTree) -> None:
    tree.write()
    results = tree.root / "units/dist-b/results"
    results.chmod(0)
    try:
        status, lines = check_as_is(tree)
    finally:
        results.chmod(0o755)
    assert (status, lines[0]) == (
        1,
        "units/dist-b/results:1:1: error[content.unreadable-folder]: cannot read folder: Permission denied",
    )


# -- 7. diagnostics say what is wrong, where -------------------------------------------------


def test_deep_nesting_is_reported_as_nesting_where_it_goes_too_deep(tree: ContentTree) -> None:
    tree.files["units/dist-b/kpis.yaml"] += "x: " + "[" * 900 + "]" * 900 + "\n"
    assert check(tree) == (
        1,
        ["units/dist-b/kpis.yaml:8:54: error[yaml.too-deep]: values are nested more than 50 levels deep"],
    )


def test_a_control_byte_is_located_on_its_line(tree: ContentTree) -> None:
    tree.set("units/dist-b/unit.yaml", "id: dist-b\nkind: \x01district\nname: {th: อำเภอ ข}\nparent: prov\n")
    assert check(tree) == (
        1,
        ["units/dist-b/unit.yaml:2:7: error[yaml.syntax]: YAML syntax: control characters are not allowed: U+0001"],
    )


def test_a_control_byte_after_thai_text_is_located_by_character(tree: ContentTree) -> None:
    tree.set("units/dist-b/unit.yaml", "id: dist-b\nname: {th: อำเภอ\x07 ข}\nkind: district\nparent: prov\n")
    assert check(tree)[1] == [
        "units/dist-b/unit.yaml:2:17: error[yaml.syntax]: YAML syntax: control characters are not allowed: U+0007"
    ]


@pytest.mark.parametrize(("encoding", "name"), [("utf-32", "UTF-32"), ("utf-16", "UTF-16")])
def test_the_byte_order_mark_names_its_encoding(tree: ContentTree, encoding: str, name: str) -> None:
    tree.write()
    unit = tree.root / "units/dist-b/unit.yaml"
    unit.write_bytes(unit.read_text("utf-8").encode(encoding))
    assert check_as_is(tree) == (
        1,
        [
            f"units/dist-b/unit.yaml:1:1: error[yaml.encoding]: file is {name} (it starts with a {name} byte-order mark); save it as UTF-8"
        ],
    )


# -- 8. content echoed in a diagnostic cannot forge output ------------------------------------

FORGED_KEY = '"\\e[31mx\\nfake.yaml:1:1: error[x]: forged": 1\n'


def test_an_escape_and_a_newline_in_a_key_are_shown_not_obeyed(tree: ContentTree) -> None:
    tree.files["units/dist-b/unit.yaml"] += FORGED_KEY
    assert check(tree) == (
        1,
        [
            "units/dist-b/unit.yaml:5:1: error[schema.unknown-field]: "
            "unknown field '\\x1b[31mx\\nfake.yaml:1:1: error[x]: forged'"
        ],
    )


def test_a_github_annotation_cannot_be_forged(tree: ContentTree) -> None:
    """Workflow commands are read at the start of a line: no newline can get through."""
    tree.files["units/dist-b/unit.yaml"] += '"x\\n::error file=fake.yaml::forged %0A\\r": 1\n'
    assert check(tree, "--format", "github") == (
        1,
        [
            "::error file=units/dist-b/unit.yaml,line=5,col=1,title=schema.unknown-field::"
            "unknown field 'x\\n::error file=fake.yaml::forged %250A\\r'"
        ],
    )


def test_json_output_escapes_the_same_way(tree: ContentTree) -> None:
    import json

    tree.files["units/dist-b/unit.yaml"] += FORGED_KEY
    status, lines = tree.check("--format", "json")
    (item,) = json.loads("\n".join(lines))["diagnostics"]
    assert status == 1
    assert item["message"] == "unknown field '\\x1b[31mx\\nfake.yaml:1:1: error[x]: forged'"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("a\r\nb\tc", "a\\r\\nb\\tc"),
        ("\x9b31m", "\\x9b31m"),
        ("\x7f", "\\x7f"),
        ("abc\u202edcba", "abc\\u202edcba"),
        ("line\u2028break", "line\\u2028break"),
        ("อำเภอ ข (ตำบล ค) — ok", "อำเภอ ข (ตำบล ค) — ok"),
        ("zero\u200bwidth space stays", "zero\u200bwidth space stays"),
    ],
)
def test_printable_shows_what_could_forge_and_keeps_the_rest(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_a_file_name_with_a_newline_cannot_forge_a_line(tree: ContentTree) -> None:
    tree.write()
    (tree.root / "units/dist-b/kpis\nfake.yaml:1:1: error[x]: forged.yaml").write_text("a: 1\n")
    status, lines = check_as_is(tree)
    assert status == 0
    assert lines == [
        "units/dist-b/kpis\\nfake.yaml:1:1: error[x]: forged.yaml:1:1: warning[content.unexpected-file]: "
        "file is not part of the content format (units/<unit>/{unit,kpis}.yaml, agreements/<year>.yaml, "
        "results/<year>/<round>.yaml)"
    ]


# -- 9. values that look right but are not --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (
            "units/dist-b/agreements/2568.yaml",
            "signed_on: 2024-10-15",
            "signed_on: 2024-02-30",
            'units/dist-b/agreements/2568.yaml:13:14: error[schema.date]: "2024-02-30" is not a date that exists (YYYY-MM-DD, Common Era)',
        ),
        (
            "units/dist-b/results/2568/m6.yaml",
            "round: m6\n",
            "round: m6\nreported_on: 2025-13-45\n",
            'units/dist-b/results/2568/m6.yaml:3:14: error[schema.date]: "2025-13-45" is not a date that exists (YYYY-MM-DD, Common Era)',
        ),
        (
            "units/dist-b/agreements/2568.yaml",
            "evaluatee: {name: {th: นายเอ}}",
            "evaluatee: {name: {th: นายเอ}, email: not-an-email}",
            'units/dist-b/agreements/2568.yaml:11:41: error[schema.email]: "not-an-email" is not an e-mail address',
        ),
        (
            "units/dist-b/agreements/2568.yaml",
            "signed_on: 2024-10-15",
            "signed_on: 15/10/2024",
            'units/dist-b/agreements/2568.yaml:13:14: error[schema.pattern]: "15/10/2024" does not have the expected form (^\\d{4}-\\d{2}-\\d{2}$)',
        ),
    ],
)
def test_formats_are_checked_as_editors_check_them(
    tree: ContentTree, path: str, old: str, new: str, expected: str
) -> None:
    tree.replace(path, old, new)
    assert check(tree) == (1, [expected])


def test_a_leap_day_and_a_plain_address_are_fine(tree: ContentTree) -> None:
    tree.replace("units/dist-b/agreements/2568.yaml", "signed_on: 2024-10-15", "signed_on: 2024-02-29")
    tree.replace(
        "units/dist-b/agreements/2568.yaml",
        "evaluatee: {name: {th: นายเอ}}",
        "evaluatee: {name: {th: นายเอ}, email: somchai.j@doae.go.th}",
    )
    assert check(tree) == (0, [])


def test_a_content_folder_without_units_is_an_error(tree: ContentTree) -> None:
    tree.files = {"site.yaml": tree.files["site.yaml"]}
    assert check(tree) == (
        1,
        [
            "units:1:1: error[content.missing-units]: the content folder has no units: "
            "each unit is a folder units/<unit>/ with a unit.yaml"
        ],
    )


def test_unit_yml_and_unit_yaml_together_are_an_error(tree: ContentTree) -> None:
    tree.files["units/dist-b/unit.yml"] = tree.files["units/dist-b/unit.yaml"]
    assert check(tree) == (
        1,
        [
            "units/dist-b/unit.yml:1:1: error[content.duplicate-file]: "
            "'unit.yaml' is the same file under another name; keep only one of them"
        ],
    )


def test_a_plain_file_where_a_results_year_folder_goes(tree: ContentTree) -> None:
    tree.write()
    shutil.rmtree(tree.root / "units/dist-b/results/2568")
    (tree.root / "units/dist-b/results/2568").write_text("m6: 410\n")
    assert check_as_is(tree) == (
        1,
        [
            "units/dist-b/results/2568:1:1: error[content.not-a-folder]: must be a folder "
            "(units/<unit>/{unit,kpis}.yaml, agreements/<year>.yaml, results/<year>/<round>.yaml)"
        ],
    )


def test_a_readme_beside_the_folders_is_no_error(tree: ContentTree) -> None:
    tree.files["units/README.md"] = "# units\n"
    tree.files["units/dist-b/results/README.md"] = "# results\n"
    assert check(tree) == (0, [])


@pytest.mark.parametrize(
    ("fmt", "value"),
    [
        ("date", "2024-02-29"),
        ("date", "2023-02-29"),
        ("date", "2100-02-29"),
        ("date", "2000-02-29"),
        ("date", "2024-04-31"),
        ("date", "2024-00-10"),
        ("date", "0000-01-01"),
        ("date", "2024-1-01"),
        ("date", "๒๕๖๘-01-01"),
        ("date", "2024-10-15\n"),
        ("email", "a@b"),
        ("email", "somchai.j@doae.go.th"),
        ("email", "a..b@x.co"),
        ("email", "นาย@doae.go.th"),
        ("email", "a@-x.co"),
        ("email", "A+B@X.CO"),
        ("email", "a b@x.co"),
    ],
)
def test_both_validators_judge_formats_alike(fmt: str, value: str) -> None:
    """`check` asks jsonschema_rs first and jsonschema for the message: they must agree."""
    from builder.formats import FORMATS
    from builder.loader import Document
    from builder.schema import schema_set

    item = {"kpi": "a", "weight": 100, "criteria": [1, 2, 3, 4, 5]}
    signatories = {"signed_on": value} if fmt == "date" else {"evaluatee": {"name": "x", "email": value}}
    data = {"year": 2568, "items": [item], "signatories": signatories}
    schemas = schema_set()
    fast = schemas.fast["agreement"].is_valid(data)
    slow = not list(schemas.validators["agreement"].iter_errors(data))
    assert fast == slow == FORMATS[fmt](value)
    diags = Diagnostics()
    schemas.validate("agreement", Document("f.yaml", data), diags)
    assert (len(diags) == 0) == fast
