"""The pre-commit hook kpibook ships (`.pre-commit-hooks.yaml`, id `kpibook-check`), run by
pre-commit itself from a clone of this repository as an office's repository uses it: the
hook's environment is installed once, then the commit check passes on the clean example
and fails on a planted error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_the_hook_checks_the_content_on_commit(tmp_path: Path) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == ("kpibook-check", "kpibook check", False)

    tool = tmp_path / "kpibook"  # the tool as an office refers to it: a repository and a rev
    shutil.copytree(ROOT, tool, ignore=shutil.ignore_patterns(".venv", "output", ".*cache*", "test-artifacts", ".git"))
    git("init", "-q", cwd=tool)
    git("add", "-A", cwd=tool)
    git("commit", "-qm", "kpibook", cwd=tool)

    office = tmp_path / "office"
    shutil.copytree(ROOT / "content", office / "content")
    config = {
        "repos": [{"repo": str(tool), "rev": git("rev-parse", "HEAD", cwd=tool), "hooks": [{"id": "kpibook-check"}]}]
    }
    (office / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git("init", "-q", cwd=office)
    git("add", "-A", cwd=office)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)

    def pre_commit() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
        return subprocess.run(command, cwd=office, env=env, capture_output=True, text=True, check=False)

    clean = pre_commit()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "kpibook check" in clean.stdout and "Passed" in clean.stdout

    unit = office / "content/units/dist-a/unit.yaml"
    unit.write_text(unit.read_text().replace("kind: district", "kind: distrikt"))
    planted = pre_commit()
    assert planted.returncode == 1
    # in the site's language, Thai, like every other diagnostic
    assert (
        "content/units/dist-a/unit.yaml:3:7: error[ref.unknown]: ไม่พบประเภทหน่วยงาน 'distrikt' (หมายถึง 'district' หรือไม่)"
    ) in planted.stdout
