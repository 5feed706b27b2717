"""`kpibook serve` asks the file system again only about what its watcher reported: a
folder's listing and a file's version are remembered until a path in them is reported
changed (`builder.tree.WatchedTree`)."""

from __future__ import annotations

from pathlib import Path

import pytest

import builder.tree
from builder.tree import FolderTree, WatchedTree


def names(tree: WatchedTree, *folder: str) -> list[str]:
    return [entry.name for entry in tree.entries(folder)]


@pytest.fixture
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files' times count as settled as soon as they are written (a file's change time
    cannot be set back: otherwise each test would wait `SETTLED_NS`)."""
    monkeypatch.setattr(builder.tree, "SETTLED_NS", 0)


def test_a_listing_is_remembered_until_the_watcher_reports_a_path_in_it(tmp_path: Path) -> None:
    (tmp_path / "units" / "a").mkdir(parents=True)
    tree = WatchedTree(FolderTree(tmp_path))
    assert names(tree, "units") == ["a"]
    (tmp_path / "units" / "b").mkdir()
    assert names(tree, "units") == ["a"]  # not reported: not asked again
    tree.forget({tmp_path / "units" / "b"})
    assert names(tree, "units") == ["a", "b"]


@pytest.mark.usefixtures("settled_at_once")
def test_a_folder_reported_gone_forgets_everything_under_it(tmp_path: Path) -> None:
    unit = tmp_path / "units" / "a"
    (unit / "results").mkdir(parents=True)
    (unit / "kpis.yaml").write_text("kpis: []\n")
    tree = WatchedTree(FolderTree(tmp_path))
    assert names(tree, "units", "a") == ["kpis.yaml", "results"]
    assert tree.version(("units", "a", "kpis.yaml")) is not None
    (unit / "kpis.yaml").unlink()
    (unit / "results").rmdir()
    unit.rmdir()
    tree.forget({unit})
    assert names(tree, "units") == []
    assert tree.version(("units", "a", "kpis.yaml")) is None


@pytest.mark.usefixtures("settled_at_once")
def test_a_reported_file_has_its_version_asked_again(tmp_path: Path) -> None:
    file = tmp_path / "site.yaml"
    file.write_text("a: 1\n")
    tree = WatchedTree(FolderTree(tmp_path))
    before = tree.version(("site.yaml",))
    file.write_text("a: 22\n")
    assert tree.version(("site.yaml",)) == before  # not reported: the version read before
    tree.forget({file})
    assert tree.version(("site.yaml",)) not in (None, before)


def test_a_file_whose_times_have_not_settled_is_asked_again_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "site.yaml"
    file.write_text("a: 1\n")
    tree = WatchedTree(FolderTree(tmp_path))
    assert tree.version(("site.yaml",)) is None  # just written
    monkeypatch.setattr(builder.tree, "SETTLED_NS", 0)  # as if a while had passed
    assert tree.version(("site.yaml",)) is not None  # nothing reported, but nothing was remembered


def test_a_path_outside_the_folder_or_no_paths_forget_everything(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    tree = WatchedTree(FolderTree(content))
    assert names(tree) == []
    (content / "units").mkdir()
    tree.forget({tmp_path / "themes" / "x.css"})
    assert names(tree) == ["units"]
    (content / "calendar").mkdir()
    tree.forget(None)
    assert names(tree) == ["calendar", "units"]


def test_a_path_reported_through_a_symbolic_link_is_found(tmp_path: Path) -> None:
    (tmp_path / "real" / "units").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    tree = WatchedTree(FolderTree(tmp_path / "link"))
    assert names(tree, "units") == []
    (tmp_path / "real" / "units" / "a").mkdir()
    tree.forget({tmp_path / "real" / "units" / "a"})  # the watcher reports resolved paths
    assert names(tree, "units") == ["a"]


def test_a_listing_handed_out_is_a_copy(tmp_path: Path) -> None:
    (tmp_path / "units").mkdir()
    tree = WatchedTree(FolderTree(tmp_path))
    tree.entries(()).clear()
    assert names(tree) == ["units"]
