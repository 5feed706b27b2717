"""The `kpibook` command line: the project found from the current folder, usage errors in
the user's language, help for every option, and a quiet end when the reader goes away."""

from __future__ import annotations

import argparse
import inspect
import io
import json
import os
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from contenttree import ContentTree

from builder.catalogue import default_catalogue
from builder.cli import COMMANDS, main, make_cli
from builder.commands.parser import argparse_language, argparse_thai
from builder.project import locate
from builder.resources import PACKAGE_DIR

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An office's repository: the small tree under `content/`."""
    ContentTree(tmp_path / "office" / "content").write()
    return tmp_path / "office"


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


# -- the project is found from the current folder --------------------------------------------


def test_check_from_deep_inside_the_project_finds_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "content" / "units" / "dist-a" / "agreements")
    status, out, _ = run("check", "--lang", "en", "--today", "2025-12-01")
    assert (status, out.splitlines()[-1]) == (0, "0 errors, 0 warnings")


def test_build_writes_into_the_projects_output(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "content" / "units")
    status, _, err = run("build", "--no-pdf", "--lang", "en", "--today", "2025-12-01")
    assert status == 0, err
    assert (project / "output" / "index.html").is_file()
    assert sorted(p.name for p in project.iterdir()) == ["content", "output"]


def test_content_named_on_the_command_line_builds_beside_it(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.chdir(elsewhere)
    try:
        status, _, err = run("build", "--content", str(project / "content"), "--no-pdf", "--lang", "en")
    finally:
        os.chdir(ROOT)
    assert status == 0, err
    assert (project / "output" / "index.html").is_file()
    assert list(elsewhere.iterdir()) == []


def test_outside_any_project_says_how_to_start_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run("check")
    assert (status, out) == (2, "")
    assert err == (
        f"kpibook: error: no kpibook project in {tmp_path.resolve()} or any folder above it (a project has "
        "content/site.yaml or kpibook.toml); start one with `kpibook init DIR`, or name the content with --content\n"
    )


def test_outside_any_project_in_a_thai_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "th_TH.UTF-8")
    status, _, err = run("build")
    assert status == 2
    assert err.startswith(f"kpibook: ข้อผิดพลาด: ไม่พบโครงการ kpibook ใน {tmp_path.resolve()} ")


def test_project_file_names_the_content_and_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ContentTree(tmp_path / "data").write()
    (tmp_path / "kpibook.toml").write_text('content = "data"\noutput = "public/site"\n')
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path / "docs")
    project = locate()
    assert (project.root, project.content, project.out) == (
        tmp_path,
        tmp_path / "data",
        tmp_path / "public" / "site",
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('output = "../elsewhere"', "'output' must be a relative path inside the project, not '../elsewhere'"),
        ('output = "/etc"', "'output' must be a relative path inside the project, not '/etc'"),
        ("output = 3", "'output' must be a relative path inside the project, not 3"),
        ('outptu = "site"', "unknown setting 'outptu' (known: content, output)"),
        ("output = ", "not valid TOML: Invalid value (at line 1, column 10)"),
    ],
)
def test_project_file_cannot_send_the_build_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, message: str
) -> None:
    ContentTree(tmp_path / "content").write()
    (tmp_path / "kpibook.toml").write_text(setting + "\n")
    monkeypatch.chdir(tmp_path)
    status, _, err = run("build", "--no-pdf", "--lang", "en")
    assert (status, err) == (2, f"kpibook: error: {tmp_path / 'kpibook.toml'}: {message}\n")


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (".", "output folder . would replace the whole project; choose a folder of its own"),
        ("content", "output folder content overlaps the content folder; choose a folder of its own"),
        (
            "content/units/site",
            "output folder content/units/site overlaps the content folder; choose a folder of its own",
        ),
    ],
)
def test_output_never_replaces_the_content_or_the_project(
    project: Path, monkeypatch: pytest.MonkeyPatch, out: str, message: str
) -> None:
    monkeypatch.chdir(project)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    status, _, err = run("build", "--out", out, "--no-pdf", "--lang", "en")
    assert (status, err) == (2, f"kpibook: error: {message}\n")
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_output_never_goes_into_the_installed_tool(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    target = PACKAGE_DIR / "data" / "site"
    status, _, err = run("build", "--out", str(target), "--no-pdf", "--lang", "en")
    assert (status, err) == (
        2,
        f"kpibook: error: output folder {target} is inside the installed kpibook tool; build into your project instead\n",
    )
    assert not target.exists()


def test_this_checkout_builds_its_example_into_its_own_output() -> None:
    project = locate(cwd=ROOT)
    assert (project.content, project.out) == (ROOT / "content", ROOT / "output")


def test_no_command_means_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    status, _, err = run("--no-pdf", "--lang", "en", "--today", "2025-12-01")
    assert status == 0, err
    assert (project / "output" / "index.html").is_file()


# -- help and usage errors in Thai and English ------------------------------------------------


def all_parsers(lang: str) -> list[argparse.ArgumentParser]:
    with argparse_language(lang):
        parser = make_cli(lang)
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found += list(action.choices.values())
    return found


def test_every_command_and_option_has_help_in_both_languages() -> None:
    words = default_catalogue()
    for parser in all_parsers("en"):
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if isinstance(action, argparse._SubParsersAction):
                assert all(choice.help in words for choice in action._choices_actions)
                continue
            assert action.help in words, f"{parser.prog} {action.option_strings or action.dest}: no help text"
        assert parser.description in words, parser.prog


@pytest.mark.parametrize("command", ["", *(m.__name__.rsplit(".", 1)[1].replace("_", "-") for m in COMMANDS)])
def test_help_is_shown_in_thai_and_english(command: str) -> None:
    argv = [command, "--help"] if command else ["--help"]
    status, english, _ = run(*argv, "--lang", "en")
    assert status == 0 and english.startswith("usage: kpibook")
    status, thai, _ = run(*argv, "--lang", "th")
    assert status == 0 and thai.startswith("วิธีใช้: kpibook")
    assert "ตัวเลือก:" in thai and "help." not in thai and "show this help" not in thai


def test_a_wrong_choice_is_a_usage_error_in_thai(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)  # the site's language is Thai
    status, out, err = run("check", "--format", "xml")
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == (
        "kpibook check: ข้อผิดพลาด: อาร์กิวเมนต์ --format: ไม่มีตัวเลือก 'xml' (เลือกจาก 'text', 'github', 'gitlab', 'json')"
    )


def test_a_wrong_date_is_a_usage_error_in_english(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    status, _, err = run("check", "--today", "1/2/2025", "--lang", "en")
    assert status == 2
    assert err.splitlines()[-1] == "kpibook check: error: argument --today: not a date (YYYY-MM-DD): 1/2/2025"


def test_argparse_still_asks_for_the_messages_we_translate() -> None:
    source = inspect.getsource(argparse)
    missing = [message for message in argparse_thai() if repr(message)[1:-1] not in source]
    assert missing == []


def test_translation_of_argparse_is_undone_after_the_run() -> None:
    run("--help", "--lang", "th")
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


# -- as a user runs it --------------------------------------------------------------------------


def test_python_build_py_in_the_checkout_checks_the_example() -> None:
    done = subprocess.run(
        [sys.executable, "build.py", "check", "--lang", "en"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[-1].endswith(" warnings") or done.stdout.splitlines()[-1].endswith(" warning")


def test_python_m_builder_is_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "builder", "--help", "--lang", "en"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout.splitlines()[0]) == (0, "usage: kpibook [-h] COMMAND ...")


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    for n in range(1000):  # more output than a pipe holds
        tree.files[f"units/prov/results/2568/m{n}.yaml"] = "year: 2568\nround: m6\nresults: []\n"
    root = tree.write()
    process = subprocess.Popen(
        [sys.executable, "-m", "builder", "check", "--content", str(root), "--lang", "en"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()  # like `| head -c 10`
    err = process.stderr.read().decode()
    assert (process.wait(timeout=60), err) == (141, "")


def test_every_usage_error_and_help_key_has_english_and_thai() -> None:
    used: set[str] = set()
    for file in (ROOT / "builder").rglob("*.py"):
        used.update(re.findall(r"""UsageError\(\s*["']([a-z0-9.-]+)["']""", file.read_text("utf-8")))
    assert used - set(default_catalogue()) == set()  # both languages: tests/test_catalogue.py


def test_gitlab_format_is_a_code_quality_report(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content").replace("units/dist-b/unit.yaml", "id: dist-b", "id: dist-bb")
    status, lines = tree.check("--format", "gitlab")
    (item,) = json.loads("\n".join(lines))
    assert status == 1
    assert item["check_name"] == "unit.id-mismatch" and item["severity"] == "major"
    assert item["description"] == "unit id 'dist-bb' differs from its folder name 'dist-b'"
    assert item["location"]["path"].endswith("units/dist-b/unit.yaml") and item["location"]["lines"] == {"begin": 1}
    assert len(item["fingerprint"]) == 40


def test_schema_errors_come_in_the_sites_language(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content").replace(
        "units/dist-b/agreements/2568.yaml", "kind: split, combine: sum", "kind: splitt, combine: sum"
    )
    root = tree.write()
    status, out, _ = run("check", "--content", str(root))
    assert status == 1
    assert out.splitlines()[-1] == "ข้อผิดพลาด 1 รายการ คำเตือน 0 รายการ"
    assert 'error[schema.enum]: "splitt" ไม่ใช่ค่าที่อนุญาต' in out
