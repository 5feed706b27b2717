"""How the site is written: in parallel for large organisations (the same bytes as one
process writes), with links computed without touching the file system."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from contenttree import ContentTree
from hypothesis import given
from hypothesis import strategies as st
from sitebuild import build_site

from builder.site import urls, workers
from builder.site.links import relative_from


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_forked_workers_write_the_same_site_as_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = build_site(ContentTree(tmp_path / "a"), tmp_path / "one", jobs=1)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    forked = build_site(ContentTree(tmp_path / "b"), tmp_path / "forked", jobs=2)
    expected, written = _files(one), _files(forked)
    assert sorted(written) == sorted(expected)
    differing = [path for path in expected if written[path] != expected[path]]
    assert differing == []


segment = st.sampled_from(["units", "en", "prov", "dist-a", "kpis", "static", "css", "2567"])
site_path = st.builds(
    lambda parts, name: "/".join([*parts, name]),
    st.lists(segment, max_size=4),
    st.sampled_from(["index.html", "site.css", "rice-yield.html", "2567.html"]),
)


@given(page=site_path, target=site_path)
def test_links_are_what_posixpath_relpath_gives(page: str, target: str) -> None:
    folder = tuple(page.split("/")[:-1])
    link = relative_from(folder, target)
    assert link == urls.relative(page, target)
    assert posixpath.normpath(posixpath.join(posixpath.dirname(page), link)) == target
