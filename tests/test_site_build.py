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

from builder.site import pages_kpi, urls, workers
from builder.site.chrome import Chrome
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


def test_a_unit_s_views_that_read_the_same_in_every_language_are_made_once_for_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KPI page's cascade (and a unit page's groups, goals and children) is made for the
    page of the first language and kept for the others: the same pages as when each
    language makes its own."""
    made: list[tuple[str, str]] = []
    paths_up = pages_kpi.paths_up

    def counted(index, links, unit, year, item):  # type: ignore[no-untyped-def]
        made.append((unit.id, item.kpi))
        return paths_up(index, links, unit, year, item)

    monkeypatch.setattr(pages_kpi, "paths_up", counted)
    shared = build_site(ContentTree(tmp_path / "a"), tmp_path / "shared", jobs=1)
    made_shared = sorted(made)
    made.clear()
    monkeypatch.setattr(Chrome, "same_in_every_language", lambda self, key, make: make())
    each = build_site(ContentTree(tmp_path / "b"), tmp_path / "each", jobs=1)
    assert made_shared and sorted(made) == sorted(made_shared * 2)  # two languages
    expected, written = _files(each), _files(shared)
    assert sorted(written) == sorted(expected)
    assert [path for path in expected if written[path] != expected[path]] == []


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
