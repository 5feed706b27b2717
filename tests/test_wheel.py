"""kpibook as an office installs it: the built wheel in a fresh venv, run in an empty
folder far from this checkout. Nothing may be written outside the office's folder.

The wheel is built once per session (no build isolation: hatchling comes with the test
extras) and installed with its dependencies from the package index (pip's cache makes a
second install quick).
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh venv with the wheel installed."""
    dist = tmp_path_factory.mktemp("dist")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    quietly([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)])
    (wheel,) = dist.glob("kpibook-*.whl")
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=False, clear=True)
    python = env_dir / "bin" / "python"
    quietly([*pip, "--python", str(python), "install", str(wheel)])
    return env_dir / "bin"


def quietly(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def snapshot(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in folder.rglob("*") if not p.is_symlink()}


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_an_office_installs_the_wheel_and_starts_its_repository(installed: Path, tmp_path: Path) -> None:
    place, home = tmp_path / "place", tmp_path / "home"
    place.mkdir()
    home.mkdir()
    env = {"PATH": f"{installed}:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    venv_before, checkout_before = snapshot(installed.parent), git_status()

    def kpibook(*args: str, cwd: Path) -> str:
        done = subprocess.run(["kpibook", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"kpibook {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr
        return done.stdout + done.stderr

    kpibook("init", "office", cwd=place)
    office = place / "office"
    assert kpibook("check", cwd=office / "content" / "units").endswith("ข้อผิดพลาด 0 รายการ คำเตือน 0 รายการ\n")
    kpibook("build", cwd=office)
    kpibook("new", "unit", "div-a", "--parent", "org", "--kind", "division", cwd=office)

    assert (office / "output" / "index.html").is_file()
    assert (office / "output" / "handbook.pdf").is_file()
    assert (office / "content" / "units" / "div-a" / "unit.yaml").is_file()
    # the tool came from the wheel, not from this checkout
    where = subprocess.run(
        ["python", "-c", "import builder; print(builder.__file__)"], cwd=office, env=env, capture_output=True, text=True
    )
    assert where.stdout.startswith(str(installed.parent))
    # nothing written outside the office's folder
    assert [p.name for p in place.iterdir()] == ["office"]
    assert list(home.rglob("*")) == []
    assert snapshot(installed.parent) == venv_before
    assert git_status() == checkout_before


def test_the_wheel_carries_the_schemas_and_the_theme(installed: Path, tmp_path: Path) -> None:
    code = "import builder.resources as r; print(r.SCHEMA_DIR); print(r.DEFAULT_THEME)"
    done = subprocess.run([installed / "python", "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    schemas, theme = map(Path, done.stdout.split())
    assert schemas.is_relative_to(installed.parent) and "site-packages" in schemas.parts
    assert (schemas / "site.schema.json").is_file() and (theme / "templates" / "base.html").is_file()


def test_python_m_builder_outside_a_project_says_how_to_start_one(installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": ""}
    done = subprocess.run(
        [installed / "python", "-m", "builder", "check"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "start one with `kpibook init DIR`" in done.stderr
