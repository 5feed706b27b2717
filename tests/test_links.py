"""A crawl of the built site: every link and every file reference resolves inside the
output folder, anchors included, and nothing is fetched from outside.

The rule on external addresses: the site's own markup never points outside (fonts,
styles and scripts are bundled); an author's Markdown may link to the web as a plain
`<a href>` (inside `.prose`), which a reader follows on purpose. Anything else with a
scheme, a `//host` or an absolute path fails the crawl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from contenttree import ContentTree
from sitebuild import build_site

REFERENCING = {"href", "src", "action", "xlink:href"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


@dataclass(frozen=True)
class Problem:
    page: str
    reference: str
    why: str

    def __str__(self) -> str:
        return f"{self.page}: {self.reference} ({self.why})"


def crawl(out: Path) -> list[Problem]:
    problems: list[Problem] = []
    for html in sorted(out.rglob("*.html")):
        soup = _parse(html)
        for element in soup.find_all(True):
            for attribute in REFERENCING & set(element.attrs):
                reference = element[attribute]
                in_prose = element.name == "a" and element.find_parent(class_="prose") is not None
                problems += _check(out, html, reference, allow_web=in_prose)
        for style in soup.select("style"):
            problems += [p for url in CSS_URL.findall(style.get_text()) for p in _check(out, html, url, False)]
    for css in sorted(out.rglob("*.css")):
        for url in CSS_URL.findall(css.read_text("utf-8")):
            problems += _check(out, css, url, allow_web=False)
    return problems


def _check(out: Path, source: Path, reference: str, allow_web: bool) -> list[Problem]:
    where = source.relative_to(out).as_posix()
    parts = urlsplit(reference)
    if parts.scheme in ("http", "https"):
        return [] if allow_web else [Problem(where, reference, "leaves the site")]
    if parts.scheme == "mailto" and allow_web:
        return []
    if parts.scheme or parts.netloc:
        return [Problem(where, reference, f"scheme or host {parts.scheme or parts.netloc!r}")]
    if parts.path.startswith("/"):
        return [Problem(where, reference, "absolute path")]
    target = (source.parent / unquote(parts.path)).resolve() if parts.path else source.resolve()
    if not target.is_relative_to(out.resolve()):
        return [Problem(where, reference, "outside the output folder")]
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return [Problem(where, reference, "no such file")]
    if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _anchors(target):
        return [Problem(where, reference, "no such anchor")]
    return []


@lru_cache(maxsize=4096)
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@lru_cache(maxsize=4096)
def _anchors(path: Path) -> frozenset[str]:
    soup = _parse(path)
    return frozenset(
        el.get("id") or el.get("name")
        for el in soup.find_all(attrs={"id": True}) + soup.find_all("a", attrs={"name": True})
    )


def test_the_crawler_notices_broken_and_outside_references(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/page.html").write_text(
        '<p id="here"></p><a href="page.html#here">ok</a><a href="gone.html">x</a><a href="page.html#nowhere">x</a>'
        '<img src="https://cdn.example/x.png"><a href="/etc/passwd">x</a><link href="//fonts.example/f.css">'
        '<div class="prose"><a href="https://example.org">allowed</a></div><a href="../../outside.html">x</a>',
        "utf-8",
    )
    problems = [f"{p.reference} ({p.why})" for p in crawl(tmp_path)]
    assert sorted(problems) == sorted(
        [
            "gone.html (no such file)",
            "page.html#nowhere (no such anchor)",
            "https://cdn.example/x.png (leaves the site)",
            "/etc/passwd (absolute path)",
            "//fonts.example/f.css (scheme or host 'fonts.example')",
            "../../outside.html (outside the output folder)",
        ]
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("links")
    tree = ContentTree(tmp / "content").replace("site.yaml", "fiscal_years: [2568]", "fiscal_years: [2567, 2568]")
    tree.set(
        "units/prov/agreements/2567.yaml",
        tree.files["units/prov/agreements/2568.yaml"].replace("year: 2568", "year: 2567"),
    )
    return build_site(tree, tmp / "out")


def test_no_broken_link_and_no_request_outside_the_site(site: Path) -> None:
    assert [str(p) for p in crawl(site)] == []


def test_the_crawl_covers_every_page_type(site: Path) -> None:
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    expected = {
        "index.html",
        "years/2567.html",
        "cascade.html",
        "cascade-2567.html",
        "scorecards.html",
        "scorecards-2567.html",
        "search.html",
        "units/prov/index.html",
        "units/prov/2567.html",
        "units/prov/strategy-map.html",
        "units/prov/kpis/rice-yield.html",
        "units/officer-c/kpis/visits.html",
    }
    assert expected <= pages
    assert {f"en/{p}" for p in expected} <= pages


@pytest.mark.pdf
def test_links_to_the_agreement_pdfs_and_the_handbook_resolve(tmp_path: Path) -> None:
    out = build_site(ContentTree(tmp_path / "content"), tmp_path / "out", pdf=True)
    unit = _parse(out / "units" / "dist-a" / "index.html")
    assert unit.select_one(".actions a[href$='.pdf']")["href"] == "../../agreements/dist-a-2568.pdf"
    assert [str(p) for p in crawl(out)] == []
