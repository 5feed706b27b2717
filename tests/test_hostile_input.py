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


@pytest.mark.parametrize(
    ("path", "old", "new", "at", "shown"),
    [
        (
            "units/prov/kpis.yaml",
            "goal: g-yield}",
            "goal: g-yield, baseline: {2567: .nan}, plausible_range: [0, .inf]}",
            "3:125",
            ".nan",
        ),
        ("site.yaml", "scheme: five-level", "scheme: five-level\n  bands: [{min: -.inf, label: x}]", "23:17", "-.inf"),
        ("units/prov/results/2568/m12.yaml", "level: 4}", "level: 4, partial: .NAN}", "5:40", ".NAN"),
        (
            "units/prov/results/2568/m6.yaml",
            "actual: 415.2}",
            "actual: 415.2, verified: {actual: 1e400, reason: x}}",
            "4:57",
            "1e400",
        ),
    ],
)
def test_every_kind_of_number_is_finite(tree: ContentTree, path: str, old: str, new: str, at: str, shown: str) -> None:
    tree.replace(path, old, new)
    status, lines = check(tree)
    assert (status, lines[0]) == (1, f"{path}:{at}: error[yaml.not-finite]: {shown} {NOT_FINITE}")


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


def test_an_unreadable_file_is_a_located_error(tree: ContentTree, monkeypatch: pytest.MonkeyPatch) -> None:
    tree.write()
    refused = tree.root / "units/dist-b/kpis.yaml"
    real_open = os.open

    def open_(path: Path, flags: int, *args: int) -> int:
        if Path(path) == refused:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr("builder.tree.os.open", open_)
    assert check_as_is(tree) == (
        1,
        ["units/dist-b/kpis.yaml:1:1: error[yaml.unreadable]: cannot read file: Permission denied"],
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
        "file is not part of the content format (site.yaml, plans.yaml, calendar/<year>.yaml, "
        "units/<unit>/{unit,kpis}.yaml, agreements/<year>.yaml, results/<year>/<round>.yaml, initiatives/<year>.yaml, "
        "closed/<year>/<round>.yaml)"
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


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("signed_on: 2024-10-15", "signed_on: 20241015", "13:14: error[schema.type]: 20241015 is not a text"),
        ("signed_on: 2024-10-15", "signed_on: ~", "13:14: error[schema.type]: null is not a text"),
        (
            "evaluatee: {name: {th: นายเอ}}",
            "evaluatee: {name: {th: นายเอ}, email: [a]}",
            '11:41: error[schema.type]: ["a"] is not a text',
        ),
    ],
)
def test_a_date_or_address_that_is_not_a_text_is_a_type_error(
    tree: ContentTree, old: str, new: str, expected: str
) -> None:
    """Found by the fuzz test's long mode: the format checks were handed the number."""
    tree.replace("units/dist-b/agreements/2568.yaml", old, new)
    assert check(tree) == (1, [f"units/dist-b/agreements/2568.yaml:{expected}"])


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
            "(site.yaml, plans.yaml, calendar/<year>.yaml, units/<unit>/{unit,kpis}.yaml, agreements/<year>.yaml, "
            "results/<year>/<round>.yaml, initiatives/<year>.yaml, closed/<year>/<round>.yaml)"
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


# -- 3. and 4. evidence: only evidence folders, only safe paths ------------------------------

RESULT = "units/prov/results/2568/m6.yaml"


def cite(tree: ContentTree, path: str) -> ContentTree:
    """The province's 6-month rice-yield result names `path` as its evidence."""
    return tree.replace(RESULT, "actual: 415.2}", f"actual: 415.2, evidence: [{path}]}}")


def test_an_organisation_cannot_publish_a_persons_results_as_evidence(tree: ContentTree, tmp_path: Path) -> None:
    cite(tree, "units/officer-c/results/2568/p1.yaml")
    assert check(tree) == (
        1,
        [
            f"{RESULT}:4:49: error[evidence.not-in-evidence-folder]: evidence 'units/officer-c/results/2568/p1.yaml' "
            "is not in the evidence folder of 'prov' or of a unit above or below it (units/prov/evidence/...)"
        ],
    )


@pytest.mark.parametrize(
    "path",
    [
        "units/dist-a/agreements/2568.yaml",  # a content file of a unit below
        "site.yaml",
        "units/prov/unit.yaml",  # the unit's own content file
        "units/officer-c/evidence/diary.md",  # a person's evidence, individual results unpublished
    ],
)
def test_evidence_outside_the_evidence_folders_it_may_cite(tree: ContentTree, path: str) -> None:
    tree.files["units/officer-c/evidence/diary.md"] = "private\n"
    cite(tree, path)
    assert check(tree)[1] == [
        f"{RESULT}:4:49: error[evidence.not-in-evidence-folder]: evidence '{path}' "
        "is not in the evidence folder of 'prov' or of a unit above or below it (units/prov/evidence/...)"
    ]


def test_evidence_of_units_above_and_below_may_be_cited(tree: ContentTree) -> None:
    tree.files["units/prov/evidence/plan.md"] = "แผน\n"
    tree.files["units/officer-c/evidence/visits.md"] = "บันทึกการเยี่ยม\n"
    cite(tree, "units/dist-a/evidence/minutes.md")  # the province cites a district's minutes
    tree.replace(
        "units/officer-c/results/2568/p1.yaml",
        "actual: 13}",
        "actual: 13, evidence: [units/prov/evidence/plan.md, units/officer-c/evidence/visits.md]}",
    )
    assert check(tree) == (0, [])


def test_a_persons_evidence_may_be_cited_above_when_individual_results_are_published(tree: ContentTree) -> None:
    tree.files["site.yaml"] += "publish_individual_results: true\n"
    tree.files["units/officer-c/evidence/visits.md"] = "บันทึกการเยี่ยม\n"
    cite(tree, "units/officer-c/evidence/visits.md")
    assert check(tree) == (0, [])


@pytest.mark.parametrize(
    ("written", "shown", "code", "message"),
    [
        (
            '"units/prov/evidence/a\\0b.md"',
            "units/prov/evidence/a\\x00b.md",
            "evidence.control-character",
            "evidence path '{shown}' holds a control character",
        ),
        (
            "units/prov/evidence/" + "ก" * 100 + ".md",  # 300 bytes of Thai
            "units/prov/evidence/" + "ก" * 37 + "...",
            "evidence.path-too-long",
            "evidence path '{shown}' is longer than 1024 bytes or has a name longer than 255 bytes",
        ),
        (
            "units/prov/evidence/" + "/".join(["abcdefgh"] * 600),
            "units/prov/evidence/" + "abcdefgh/" * 4 + "a...",
            "evidence.path-too-long",
            "evidence path '{shown}' is longer than 1024 bytes or has a name longer than 255 bytes",
        ),
        (
            "units/prov/evidence/../../dist-a/evidence/minutes.md",
            "units/prov/evidence/../../dist-a/evidence/minutes.md",
            "evidence.outside",
            "evidence path '{shown}' is absolute or climbs with '..'; write it from the content folder (units/<unit>/evidence/...)",
        ),
    ],
)
def test_evidence_paths_that_used_to_crash(
    tree: ContentTree, written: str, shown: str, code: str, message: str
) -> None:
    cite(tree, written)
    assert check(tree) == (1, [f"{RESULT}:4:49: error[{code}]: {message.format(shown=shown)}"])


def test_an_evidence_symlink_loop_is_refused(tree: ContentTree) -> None:
    tree.write()
    folder = tree.root / "units/prov/evidence"
    folder.mkdir()
    (folder / "loop1").symlink_to("loop2")
    (folder / "loop2").symlink_to("loop1")
    cite(tree, "units/prov/evidence/loop1/x.md")
    tree.write()
    assert check_as_is(tree) == (
        1,
        [
            f"{RESULT}:4:49: error[evidence.symlink]: evidence 'units/prov/evidence/loop1/x.md' goes through a "
            "symbolic link; evidence must be a real file in the evidence folder"
        ],
    )


def test_a_fifo_as_evidence_is_refused_unopened(tree: ContentTree) -> None:
    tree.write()
    (tree.root / "units/prov/evidence").mkdir()
    os.mkfifo(tree.root / "units/prov/evidence/pipe.md")
    cite(tree, "units/prov/evidence/pipe.md")
    tree.write()
    assert check_as_is(tree) == (
        1,
        [
            f"{RESULT}:4:49: error[evidence.not-a-file]: evidence 'units/prov/evidence/pipe.md' "
            "is not a regular file (a folder, a FIFO or a device)"
        ],
    )


def test_build_copies_cited_evidence_and_nothing_else(tree: ContentTree, tmp_path: Path) -> None:
    from contextlib import redirect_stderr

    tree.files["units/officer-c/evidence/visits.md"] = "บันทึกการเยี่ยม\n"
    tree.replace(
        "units/officer-c/results/2568/p1.yaml",
        "actual: 13}",
        "actual: 13, evidence: [units/officer-c/evidence/visits.md]}",
    )
    tree.write()
    out = tmp_path / "out"
    with redirect_stderr(io.StringIO()):
        status = main(["build", "--content", str(tree.root), "--out", str(out), "--lang", "en", "--no-pdf"])
    assert status == 0
    copied = sorted(str(p.relative_to(out)) for p in (out / "evidence").rglob("*") if p.is_file())
    # the person's own evidence is not published: their results are not
    assert copied == ["evidence/units/dist-a/evidence/minutes.md"]


def test_a_reversed_plan_period_is_an_error(tree: ContentTree) -> None:
    tree.replace("units/prov/unit.yaml", "strategy:\n", "strategy:\n  plan_period: [2570, 2566]\n")
    assert check(tree) == (
        1,
        [
            "units/prov/unit.yaml:5:16: error[unit.plan-period-reversed]: the plan period runs backwards: 2570 is after 2566"
        ],
    )


# -- 6. large files under the size limit are refused early -----------------------------------


@pytest.mark.parametrize(
    ("text", "at"),
    [
        # the 50,001st value: a mapping, its key, a list, then the list's 49,998th item
        ("kpis: [" + "1," * 2_000_000 + "1]\n", "1:100002"),
        ("kpis:\n" + "- 1\n" * 1_000_000, "49999:3"),
        ("".join(f"k{i}: 1\n" for i in range(354_000)), "25000:9"),  # keys count: the value of the 25,000th
    ],
)
def test_a_file_of_countless_tiny_values_is_refused_at_the_limit(tree: ContentTree, text: str, at: str) -> None:
    tree.set("units/dist-b/kpis.yaml", text)
    assert check(tree) == (
        1,
        [
            f"units/dist-b/kpis.yaml:{at}: error[yaml.too-many-values]: file holds more than 50000 values; "
            "split it or remove repeated entries"
        ],
    )


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 8, 12])
def test_small_and_large_files_count_values_alike(limit: int) -> None:
    """Texts over 64k characters are counted by libyaml events before a node graph is
    built; shorter ones while converting nodes. Both stop at the same value."""
    from builder import loader

    text = "a: [1, 2]\nb: {c: x, d: [y]}\ne: z\n"
    small, large = Diagnostics(), Diagnostics()
    assert loader.parse_yaml(text, "f.yaml", small, limit=limit) is None
    with pytest.raises(loader._OverLimit) as over:
        loader._count_events(text, limit)
    large.error(over.value.code, loader.Location("f.yaml", *over.value.mark), **over.value.params)
    assert [d.format() for d in small] == [d.format() for d in large]


def test_a_text_longer_than_ten_thousand_characters_is_refused(tree: ContentTree) -> None:
    tree.replace("units/prov/kpis.yaml", "name: {th: ผลผลิตข้าวหอมมะลิต่อไร่}", "name: {th: " + "ข้าว" * 2501 + "}")
    assert check(tree) == (
        1,
        [
            "units/prov/kpis.yaml:3:33: error[yaml.too-long]: a text of 10004 characters is longer than the limit of 10000"
        ],
    )


def test_a_file_with_thousands_of_problems_shows_the_first_hundred_and_counts_the_rest(tree: ContentTree) -> None:
    tree.files["units/dist-b/unit.yaml"] += "".join(f"extra{i}: 1\n" for i in range(354))
    status, lines = check(tree)
    assert status == 1
    assert len(lines) == 101
    assert lines[0] == "units/dist-b/unit.yaml:5:1: error[schema.unknown-field]: unknown field 'extra0'"
    assert lines[-2:] == [
        "units/dist-b/unit.yaml:104:1: error[schema.unknown-field]: unknown field 'extra99'",
        "units/dist-b/unit.yaml:105:1: error[diagnostics.truncated]: 254 more problems in this file are not shown; "
        "fix the first 100 and check again",
    ]


def test_an_id_with_a_final_newline_is_no_id(tree: ContentTree) -> None:
    """`$` in a schema pattern is the end of the text (as in editors and jsonschema_rs),
    not also the place before a final newline as in Python's `re`."""
    tree.replace("units/dist-b/unit.yaml", "id: dist-b", 'id: "dist-b\\n"')
    assert check(tree) == (
        1,
        [
            'units/dist-b/unit.yaml:1:5: error[schema.pattern]: "dist-b\\n" does not have the expected form '
            "(^[a-z0-9][a-z0-9-]*$)"
        ],
    )
