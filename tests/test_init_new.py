"""`kpibook init`, `kpibook new unit` and `kpibook new year`: an office starts its
repository, adds units and rolls over to a new fiscal year without losing its comments."""

from __future__ import annotations

import fnmatch
import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from contenttree import ContentTree

from builder.cli import main

TODAY = "2026-12-01"  # fiscal year 2570


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def run(*argv: str, cwd: Path | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def files_of(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


# -- init ---------------------------------------------------------------------------------------


def test_init_writes_a_repository_that_checks_clean_and_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # outside any project: messages in the locale's language
    status, out, _ = run("init", str(tmp_path / "office"), "--today", TODAY)
    office = tmp_path / "office"
    assert status == 0
    assert out.splitlines()[0] == f"created {office} (22 files)"
    assert files_of(office) == [
        ".github/workflows/kpibook.yml",
        ".gitignore",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        ".vscode/extensions.json",
        ".vscode/settings.json",
        "CODEOWNERS",
        "README.md",
        "content/site.yaml",
        "content/units/org/agreements/2570.yaml",
        "content/units/org/kpis.yaml",
        "content/units/org/unit.yaml",
        "schemas/agreement.schema.json",
        "schemas/calendar.schema.json",
        "schemas/closure.schema.json",
        "schemas/common.schema.json",
        "schemas/initiatives.schema.json",
        "schemas/kpis.schema.json",
        "schemas/plans.schema.json",
        "schemas/results.schema.json",
        "schemas/site.schema.json",
        "schemas/unit.schema.json",
    ]
    monkeypatch.chdir(office)
    assert run("check", "--today", TODAY, "--lang", "en")[:2] == (0, "0 errors, 0 warnings\n")
    status, _, err = run("build", "--no-pdf", "--today", TODAY)
    assert status == 0, err
    assert (office / "output" / "index.html").is_file()


def test_init_is_thai_first_with_the_four_dimensions(tmp_path: Path) -> None:
    run("init", str(tmp_path / "office"), "--today", TODAY)
    site = yaml.safe_load((tmp_path / "office/content/site.yaml").read_text())
    assert site["languages"] == ["th", "en"]
    assert site["fiscal_years"] == [2570]
    assert [(d["id"], d["weight"]) for d in site["dimensions"]] == [
        ("effectiveness", 50),
        ("quality", 20),
        ("efficiency", 10),
        ("development", 20),
    ]
    assert [r["id"] for r in site["rounds"]] == ["m6", "m9", "m12", "p1", "p2"]
    readme = (tmp_path / "office/README.md").read_text()
    assert "kpibook check" in readme and "ตรวจสอบเนื้อหา" in readme


def test_init_in_english(tmp_path: Path) -> None:
    run("init", str(tmp_path / "office"), "--lang", "en", "--unit", "dept", "--today", "2026-09-30")
    office = tmp_path / "office"
    site = yaml.safe_load((office / "content/site.yaml").read_text())
    assert (site["languages"], site["fiscal_years"]) == (["en", "th"], [2569])
    assert (office / "content/units/dept/agreements/2569.yaml").is_file()
    assert (office / "README.md").read_text().startswith("# Example Agency — strategy, KPIs and performance agreements")
    assert "/content/units/dept/" in (office / "CODEOWNERS").read_text()


def test_editor_settings_map_every_file_kind_onto_its_schema(tmp_path: Path) -> None:
    run("init", str(tmp_path / "office"), "--today", TODAY)
    office = tmp_path / "office"
    mapping = json.loads((office / ".vscode/settings.json").read_text())["yaml.schemas"]
    files = [str(p.relative_to(office)) for p in (office / "content").rglob("*.yaml")]
    # the sample has no results, initiatives, plans or calendar yet
    files += ["content/units/org/results/2570/m6.yaml", "content/units/org/initiatives/2570.yaml"]
    files += ["content/plans.yaml", "content/calendar/2570.yaml"]
    files.append("content/closed/2570/m6.yaml")  # nor a closed round
    matched = {schema: sorted(f for f in files if fnmatch.fnmatch(f, pattern)) for schema, pattern in mapping.items()}
    assert matched == {
        "./schemas/site.schema.json": ["content/site.yaml"],
        "./schemas/unit.schema.json": ["content/units/org/unit.yaml"],
        "./schemas/kpis.schema.json": ["content/units/org/kpis.yaml"],
        "./schemas/agreement.schema.json": ["content/units/org/agreements/2570.yaml"],
        "./schemas/results.schema.json": ["content/units/org/results/2570/m6.yaml"],
        "./schemas/closure.schema.json": ["content/closed/2570/m6.yaml"],
        "./schemas/initiatives.schema.json": ["content/units/org/initiatives/2570.yaml"],
        "./schemas/plans.schema.json": ["content/plans.yaml"],
        "./schemas/calendar.schema.json": ["content/calendar/2570.yaml"],
    }
    assert all((office / schema).is_file() for schema in mapping)


def test_ci_and_hooks_run_the_check(tmp_path: Path) -> None:
    run("init", str(tmp_path / "office"), "--today", TODAY)
    office = tmp_path / "office"
    github = yaml.safe_load((office / ".github/workflows/kpibook.yml").read_text())
    steps = [step.get("run", "") for step in github["jobs"]["check-and-build"]["steps"]]
    assert "kpibook check --format github" in steps and "kpibook build --quiet" in steps
    assert github["env"]["KPIBOOK"].startswith("kpibook==")
    gitlab = yaml.safe_load((office / ".gitlab-ci.yml").read_text())
    assert gitlab["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    hooks = yaml.safe_load((office / ".pre-commit-config.yaml").read_text())
    assert hooks["repos"][0]["hooks"][0]["id"] == "kpibook-check"
    assert "/output/" in (office / ".gitignore").read_text().splitlines()


def test_init_never_writes_into_a_folder_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "office").mkdir()
    (tmp_path / "office" / "notes.txt").write_text("ours")
    status, _, err = run("init", str(tmp_path / "office"))
    assert (status, err) == (
        2,
        f"kpibook: error: {tmp_path / 'office'} is not empty; kpibook init starts a repository in a new or empty folder\n",
    )
    assert files_of(tmp_path / "office") == ["notes.txt"]


# -- new unit -----------------------------------------------------------------------------------


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    ContentTree(tmp_path / "content").write()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_unit_is_linked_into_the_tree(office: Path) -> None:
    status, out, _ = run("new", "unit", "dist-c", "--parent", "prov", "--kind", "district", "--name", "อำเภอ ค")
    assert (status, out.splitlines()) == (
        0,
        [
            "เขียน content/units/dist-c/unit.yaml",
            "เขียน content/units/dist-c/kpis.yaml",
            "เขียน content/units/dist-c/agreements/2568.yaml",
        ],
    )
    unit = office / "content/units/dist-c"
    assert (unit / "unit.yaml").read_text() == "id: dist-c\nkind: district\nname: {th: อำเภอ ค}\nparent: prov\n"
    assert (unit / "kpis.yaml").read_text() == "kpis: []\n"
    assert (unit / "agreements/2568.yaml").read_text() == "year: 2568\nitems: []\n"
    status, out, _ = run("check", "--lang", "en", "--today", "2024-12-01")
    assert (status, out.splitlines()) == (
        0,
        [
            "content/units/dist-c/agreements/2568.yaml:1:1: warning[agreement.unsigned]: the agreement of 'dist-c' for 2568 is not signed (no signed_on)",
            "content/units/dist-c/agreements/2568.yaml:2:8: warning[agreement.empty]: the agreement of 'dist-c' for 2568 lists no KPIs yet",
            "0 errors, 2 warnings",
        ],
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["dist-a", "--parent", "prov", "--kind", "district"], "unit 'dist-a' exists already ({folder}/dist-a)"),
        (["dist-c", "--parent", "prv", "--kind", "district"], "unknown parent unit 'prv' (--parent)"),
        (
            ["Dist C", "--parent", "prov", "--kind", "district"],
            "'Dist C' is not an id: lowercase letters, digits and hyphens, starting with a letter or digit",
        ),
    ],
)
def test_new_unit_refuses_what_cannot_be(office: Path, argv: list[str], message: str) -> None:
    before = files_of(office)
    status, _, err = run("new", "unit", *argv, "--lang", "en")
    assert (status, err) == (2, f"kpibook: error: {message.format(folder=office / 'content/units')}\n")
    assert files_of(office) == before


def test_new_unit_of_an_unknown_kind_is_a_usage_error(office: Path) -> None:
    status, _, err = run("new", "unit", "x", "--parent", "prov", "--kind", "bureau", "--lang", "en")
    assert status == 2
    assert err.strip().splitlines()[-1] == (
        "kpibook: error: unknown kind of unit 'bureau' (--kind); the kinds are: organisation, division, district, "
        "group, person"
    )


def test_nothing_is_added_to_content_with_errors(office: Path) -> None:
    (office / "content/units/dist-b/unit.yaml").write_text("id: dist-b\nkind: distrikt\nname: {th: อำเภอ ข}\n")
    before = files_of(office)
    status, _, err = run("new", "unit", "dist-c", "--parent", "prov", "--kind", "district", "--lang", "en")
    assert status == 1
    assert err.splitlines()[-1] == "kpibook: nothing written; fix the errors above first"
    assert "error[ref.unknown]" in err
    assert files_of(office) == before


# -- new year -----------------------------------------------------------------------------------


def test_new_year_copies_each_agreement_as_an_unsigned_draft(office: Path) -> None:
    content = office / "content"
    site = (content / "site.yaml").read_text().replace("fiscal_years: [2568]", "fiscal_years: [2568]  # ปีที่ใช้งาน")
    (content / "site.yaml").write_text(site)
    status, out, err = run("new", "year", "2569", "--lang", "en", "--today", "2025-12-01")
    assert status == 0, err
    assert out.splitlines()[:3] == [
        "wrote content/site.yaml",
        "wrote content/units/dist-a/agreements/2569.yaml",
        "wrote content/units/dist-a/kpis.yaml",
    ]
    # the site keeps its comment and flow list
    assert "fiscal_years: [2568, 2569] # ปีที่ใช้งาน\n" in (content / "site.yaml").read_text()
    draft = yaml.safe_load((content / "units/prov/agreements/2569.yaml").read_text())
    signed = yaml.safe_load((content / "units/prov/agreements/2568.yaml").read_text())
    assert draft["year"] == 2569
    assert "signed_on" not in draft["signatories"] and signed["signatories"]["signed_on"]
    assert [i["criteria"] for i in draft["items"]] == [i["criteria"] for i in signed["items"]]
    # last year's actuals become the baselines: prov rice-yield 418, service-time 25, budget 95,
    # km-level 4 (m12); poor-households 185, rolled up from the districts' 100 + 85
    baselines = {i["kpi"]: i.get("baseline") for i in draft["items"]}
    assert baselines == {
        "rice-yield": 418,
        "poor-households": 185,
        "service-time": 25,
        "budget": 95,
        "km-level": 4,
    }
    kpis = yaml.safe_load((content / "units/prov/kpis.yaml").read_text())["kpis"]
    assert {k["id"]: k.get("baseline") for k in kpis}["rice-yield"] == {2568: 418}


def test_new_year_keeps_the_users_layout(office: Path) -> None:
    kpis = office / "content/units/dist-b/kpis.yaml"
    kpis.write_text("# ตัวชี้วัดของอำเภอ ข\n" + kpis.read_text().replace("kind: numeric}", "kind: numeric}  # ค่าเฉลี่ย", 1))
    run("new", "year", "2569", "--today", "2025-12-01")
    text = kpis.read_text()
    assert text.startswith("# ตัวชี้วัดของอำเภอ ข\n\nkpis:\n")
    assert (
        "  - {id: rice-yield, name: {th: ผลผลิตข้าวหอมมะลิต่อไร่ของอำเภอ ข}, kind: numeric, baseline: {2568: 416}} # ค่าเฉลี่ย\n"
        in text
    )


def test_check_warns_on_every_draft_still_unsigned(office: Path) -> None:
    run("new", "year", "2569", "--today", "2025-12-01")
    status, out, _ = run("check", "--lang", "en", "--today", "2025-12-01")
    unsigned = [line.split(":")[0] for line in out.splitlines() if "agreement.unsigned" in line]
    assert status == 0
    assert unsigned == [f"content/units/{u}/agreements/2569.yaml" for u in ("dist-a", "dist-b", "officer-c", "prov")]


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2568", "fiscal year 2568 is in site.yaml already"),
        ("2567", "fiscal year 2567 comes before the last year in site.yaml (2568)"),
        ("2026", "2026 is not a fiscal year in the Buddhist Era (2400–2700)"),
    ],
)
def test_new_year_refuses_a_year_that_cannot_follow(office: Path, year: str, message: str) -> None:
    before = {p: p.read_bytes() for p in (office / "content").rglob("*.yaml")}
    status, _, err = run("new", "year", year, "--lang", "en")
    assert (status, err) == (2, f"kpibook: error: {message}\n")
    assert {p: p.read_bytes() for p in (office / "content").rglob("*.yaml")} == before


def test_ci_posts_what_a_pull_request_does(tmp_path: Path) -> None:
    run("init", str(tmp_path / "office"), "--today", TODAY)
    office = tmp_path / "office"
    job = yaml.safe_load((office / ".github/workflows/kpibook.yml").read_text())["jobs"]["check-and-build"]
    assert job["permissions"]["pull-requests"] == "write"
    assert job["steps"][0]["with"]["fetch-depth"] == 0  # the base branch is there to diff against
    diff = next(step for step in job["steps"] if "kpibook diff" in step.get("run", ""))
    assert 'kpibook diff "$BASE" HEAD --format markdown > kpibook-diff.md' in diff["run"]
    assert 'cat kpibook-diff.md >> "$GITHUB_STEP_SUMMARY"' in diff["run"]
    assert "gh pr comment" in diff["run"] and diff["env"]["BASE"] == "origin/${{ github.base_ref }}"
    gitlab = yaml.safe_load((office / ".gitlab-ci.yml").read_text())["diff"]
    assert gitlab["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert gitlab["artifacts"]["paths"] == ["kpibook-diff.md"] and gitlab["variables"]["GIT_DEPTH"] == 0
