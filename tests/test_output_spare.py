"""A build stages into the spare (the output the last build replaced) and writes its files
over the spare's: what it leaves is what a build into an empty folder leaves, byte for
byte and mode for mode, whatever the spare held (`builder/output.py`).

What the spare may hold: files the build no longer writes, folders left empty, a link
where the build writes a file (it must not write through it), a file hard-linked from a
backup (it must not change), a file of another mode, a folder where the build writes a
file and a file where it writes a folder, the half-written staging folder of a killed build.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from contenttree import TODAY

from builder import output
from builder.options import BuildOptions
from builder.output import spare_of, staged_output
from builder.pipeline import build

EXAMPLE = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the example organisation (evidence files, an emblem), to edit."""
    shutil.copytree(EXAMPLE, tmp_path / "content")
    return tmp_path / "content"


def build_into(content: Path, out: Path, spare: bool = True) -> None:
    build(BuildOptions(content=content, out=out, pdf=False, today=TODAY, spare=spare))


def tree(folder: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every file and folder under `folder`: its mode, and a file's bytes."""
    found: dict[str, tuple[int, bytes | None]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        data = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
        found[path.relative_to(folder).as_posix()] = (info.st_mode, data)
    return found


def fresh(content: Path, tmp_path: Path) -> dict[str, tuple[int, bytes | None]]:
    """What a build into an empty folder writes."""
    out = tmp_path / "fresh" / "out"
    build_into(content, out, spare=False)
    return tree(out)


def beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir())


def with_a_spare(content: Path, out: Path) -> Path:
    build_into(content, out)
    build_into(content, out)  # the first one's output is now the spare
    assert spare_of(out).is_dir()
    return spare_of(out)


def test_the_build_writes_over_the_spare_and_removes_what_it_did_not_write(tmp_path: Path, content: Path) -> None:
    out = tmp_path / "site" / "out"
    spare = with_a_spare(content, out)
    for stale in ("units/gone/index.html", "units/gone/kpis/k1.html", "evidence/old/report.pdf", "data/gone.json"):
        (spare / stale).parent.mkdir(parents=True, exist_ok=True)
        (spare / stale).write_text("from an earlier build")
    (spare / "empty" / "deeper").mkdir(parents=True)
    reused = {name: (spare / name).stat().st_ino for name in ("index.html", "data/index.json", "static/css/site.css")}
    unit_file = content / "units" / "prov-a" / "unit.yaml"  # its pages get shorter: the old ends must go
    unit_file.write_text(unit_file.read_text("utf-8").replace("Provincial Agricultural Extension Office A", "PAEO"))
    expected = fresh(content, tmp_path)
    build_into(content, out)
    assert tree(out) == expected
    assert {name: (out / name).stat().st_ino for name in reused} == reused  # written over in place
    assert beside(out) == [".out.spare", "out"]


def test_what_cannot_be_written_over_in_place_is_replaced(tmp_path: Path, content: Path) -> None:
    out = tmp_path / "site" / "out"
    spare = with_a_spare(content, out)
    outside = tmp_path / "outside.html"
    outside.write_text("not the build's")
    (spare / "index.html").unlink()
    (spare / "index.html").symlink_to(outside)  # a link where the build writes
    (spare / "cascade-link").symlink_to(tmp_path, target_is_directory=True)
    backup = tmp_path / "backup-search.html"
    os.link(spare / "search.html", backup)  # a backup made with `cp -al`
    before = backup.read_bytes()
    (spare / "search.html").write_text("the backup's own edit")  # both names see it
    os.chmod(spare / "scorecards.html", 0o600)
    os.chmod(spare / "static", 0o500)  # a folder the build could not write into
    build_into(content, out)
    assert tree(out) == fresh(content, tmp_path)
    assert outside.read_text() == "not the build's"
    assert backup.read_bytes() == b"the backup's own edit" != before
    assert (tmp_path / "content").is_dir() and (tmp_path / "backup-search.html").is_file()


def test_a_folder_where_the_build_writes_a_file_and_the_reverse(tmp_path: Path, content: Path) -> None:
    """The build meets them, fails, and runs once more in an empty folder."""
    out = tmp_path / "site" / "out"
    spare = with_a_spare(content, out)
    (spare / "search.html").unlink()
    (spare / "search.html" / "inside").mkdir(parents=True)
    (spare / "search.html" / "inside" / "page.html").write_text("a file in a folder where a file goes")
    shutil.rmtree(spare / "calendar")
    (spare / "calendar").write_text("a file where the feeds' folder goes")
    build_into(content, out)
    assert tree(out) == fresh(content, tmp_path)
    assert beside(out) == [".out.spare", "out"]
    assert (spare / "search.html").is_file()  # the replaced output


def test_a_killed_builds_staging_folder_becomes_the_spare(tmp_path: Path, content: Path) -> None:
    out = tmp_path / "site" / "out"
    build_into(content, out)
    older = out.with_name(".out.building-0lder")
    (older / "units").mkdir(parents=True)  # removed: only the newest is kept
    killed = out.with_name(".out.building-k1ll3d")
    shutil.copytree(out, killed)
    (killed / "units" / "prov-a" / "index.html").write_text("<html>half")  # cut short
    (killed / "units" / "prov-a" / "kpis" / "gone.html").write_text("a page of another content")
    shutil.rmtree(killed / "static")  # not written yet
    inode = (killed / "data" / "index.json").stat().st_ino
    build_into(content, out)
    assert tree(out) == fresh(content, tmp_path)
    assert beside(out) == [".out.spare", "out"]
    assert (out / "data" / "index.json").stat().st_ino == inode


def test_without_a_spare_the_replaced_output_is_removed(tmp_path: Path, content: Path) -> None:
    out = tmp_path / "site" / "out"
    with_a_spare(content, out)
    build_into(content, out, spare=False)
    assert beside(out) == ["out"]
    build_into(content, out, spare=False)
    assert beside(out) == ["out"]
    assert tree(out) == fresh(content, tmp_path)


def test_a_folder_the_build_made_stays_even_empty(tmp_path: Path) -> None:
    """An untouched folder emptied of stale files goes; one the build made or touched
    (a theme's empty folder, copied with its times) stays, as in an empty stage."""
    out = tmp_path / "out"
    for _ in range(2):
        with staged_output(out) as stage:
            for name in ("kept/page.html", "emptied/old.html", "touched/old.html"):
                (stage / name).parent.mkdir(exist_ok=True)
                (stage / name).write_text(name)
    with staged_output(out) as stage:
        assert sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*"))[0] == "emptied"  # the spare
        (stage / "kept" / "page.html").write_text("again")
        (stage / "made").mkdir()
        os.utime(stage / "touched")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "kept",
        "kept/page.html",
        "made",
        "touched",
    ]


def test_a_spare_the_build_cannot_tidy_is_left_for_an_empty_folder(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another owner's files in it, say: the build runs in an empty folder instead."""
    out = tmp_path / "site" / "out"
    spare = with_a_spare(content, out)
    (spare / "units" / "gone.html").write_text("from an earlier build")

    def refused(folder: Path) -> output.Stock:
        raise PermissionError(13, "Permission denied", str(folder / "units"))

    monkeypatch.setattr(output, "take_stock", refused)
    build_into(content, out)
    assert tree(out) == fresh(content, tmp_path)
    assert beside(out) == [".out.spare", "out"]


def test_no_spare_where_files_keep_no_change_time(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows: `st_ctime` is when a file was made, which no write changes."""
    monkeypatch.setattr(output, "CHANGE_TIMES", False)
    out = tmp_path / "site" / "out"
    build_into(content, out)
    build_into(content, out)
    assert beside(out) == ["out"]
