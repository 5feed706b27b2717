"""A git revision is read through the same reader as a folder: same model, same
diagnostics, same limits, and the working tree is never touched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from gitcontent import GitContent, git

from builder.assemble import assemble_content
from builder.catalogue import default_catalogue
from builder.diagnostics import Diagnostics
from builder.gitrepo import GitError, GitTree, Repository
from builder.reader import read_content
from builder.rules import check_content
from builder.rules.context import RuleContext
from builder.schema import validate_content
from builder.tree import ContentTree, FolderTree


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitContent:
    content = GitContent(tmp_path / "repo")
    monkeypatch.chdir(content.top)  # paths are shown from the repository's top, as in CI
    return content


def checked(tree: ContentTree) -> tuple[object, list[str]]:
    try:
        return _checked(tree)
    finally:
        if isinstance(tree, GitTree):
            tree.close()  # ends its `git cat-file --batch`


def _checked(tree: ContentTree) -> tuple[object, list[str]]:
    diags = Diagnostics()
    raw = read_content(tree, diags)
    validate_content(raw, diags)
    content = None
    if not diags.has_errors():
        content = assemble_content(raw, diags, default_catalogue())
        check_content(content, RuleContext(dt.date(2025, 12, 1), tree), diags)
    return content, [d.format() for d in diags]


def head_tree(repo: GitContent, revision: str = "HEAD") -> ContentTree:
    found = Repository.around(repo.top)
    assert found is not None
    return found.tree(revision, repo.top / "content")


def test_a_revision_reads_as_its_folder(repo: GitContent) -> None:
    repo.commit("clean tree")
    from_git, git_diags = checked(head_tree(repo))
    from_folder, folder_diags = checked(FolderTree(repo.top / "content"))
    assert git_diags == folder_diags == []
    assert from_git == from_folder


def test_reading_a_revision_leaves_the_working_tree_and_index_alone(repo: GitContent) -> None:
    repo.commit("clean tree")
    repo.tree.replace("units/dist-b/results/2568/m6.yaml", "actual: 410", "actual: 411")
    repo.tree.write()
    git(repo.top, "add", "content/units/dist-b/results/2568/m6.yaml")
    repo.tree.replace("units/dist-b/results/2568/m6.yaml", "actual: 411", "actual: 412")
    repo.tree.write()
    status = git(repo.top, "status", "--porcelain")  # refreshes the index's file times
    index = (repo.top / ".git/index").read_bytes()
    content, diags = checked(head_tree(repo))
    assert diags == []
    assert content is not None
    assert content.results[("dist-b", 2568, "m6")].results[0].actual == 410  # type: ignore[attr-defined]
    assert (repo.top / ".git/index").read_bytes() == index
    assert git(repo.top, "status", "--porcelain") == status == "MM content/units/dist-b/results/2568/m6.yaml"


def test_an_older_revision(repo: GitContent) -> None:
    first = repo.commit("clean tree")
    repo.tree.replace("units/dist-b/results/2568/m6.yaml", "actual: 410", "actual: 411")
    repo.commit("dist-b corrects its 6-month yield")
    content, _ = checked(head_tree(repo, first[:10]))
    assert content.results[("dist-b", 2568, "m6")].results[0].actual == 410  # type: ignore[attr-defined]
    content, _ = checked(head_tree(repo, "HEAD"))
    assert content.results[("dist-b", 2568, "m6")].results[0].actual == 411  # type: ignore[attr-defined]


def test_symbolic_links_and_submodules_in_a_revision_are_refused(repo: GitContent) -> None:
    repo.tree.remove("units/dist-b/kpis.yaml")
    repo.commit("clean tree but one file")
    (repo.top / "content/units/dist-b/kpis.yaml").symlink_to("../dist-a/kpis.yaml")
    git(repo.top, "add", "-A")
    blob = git(repo.top, "rev-parse", "HEAD")  # any commit id serves as a submodule's
    git(repo.top, "update-index", "--add", "--cacheinfo", f"160000,{blob},content/units/dist-c")
    git(repo.top, "commit", "-q", "-m", "a link and a submodule")
    _, diags = checked(head_tree(repo))
    assert diags == [
        "content/units/dist-b/kpis.yaml:1:1: error[content.symlink]: is a symbolic link; content files and folders "
        "must be real files and folders inside the content folder",
        "content/units/dist-c:1:1: error[content.submodule]: is a git submodule; content files and folders must "
        "be part of the content repository itself",
    ]


def test_a_blob_over_the_size_limit_is_refused_by_its_size_without_being_read(
    repo: GitContent, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = "year: 2568\nround: m6\nresults: []\n" + "# padding\n" * 500_000
    repo.tree.set("units/dist-b/results/2568/m6.yaml", big)
    repo.commit("a 5 MB results file")
    read = GitTree._read_blob

    def read_small_only(self: GitTree, oid: str, limit: int) -> bytes:
        data = read(self, oid, limit)
        assert len(data) < 100_000, "the large blob was read"
        return data

    monkeypatch.setattr(GitTree, "_read_blob", read_small_only)
    _, diags = checked(head_tree(repo))
    assert diags == [
        "content/units/dist-b/results/2568/m6.yaml:1:1: error[yaml.too-large]: file is 5000033 bytes, more than "
        "the limit of 4194304 bytes",
    ]


def test_evidence_is_looked_up_in_the_revision(repo: GitContent) -> None:
    repo.tree.remove("units/dist-a/evidence/minutes.md")
    repo.commit("evidence not committed")
    (repo.top / "content/units/dist-a/evidence").mkdir(parents=True)
    (repo.top / "content/units/dist-a/evidence/minutes.md").write_text("only in the working tree\n")
    _, diags = checked(head_tree(repo))
    assert diags == [
        "content/units/dist-a/results/2568/m12.yaml:4:47: error[evidence.missing]: evidence file "
        "'units/dist-a/evidence/minutes.md' does not exist"
    ]


def test_unknown_revisions_and_folders_are_git_errors(repo: GitContent) -> None:
    repo.commit("clean tree")
    found = Repository.around(repo.top)
    assert found is not None
    with pytest.raises(GitError):
        found.tree("no-such-branch", repo.top / "content")
    with pytest.raises(GitError):
        found.tree("--output=/tmp/x", repo.top / "content")
    with pytest.raises(GitError, match="does not exist"):
        found.tree("HEAD", repo.top / "elsewhere")
    assert Repository.around(repo.top.parent) is None
