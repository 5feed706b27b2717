"""`kpibook serve`: the preview server rebuilds what an edit touches, byte for byte what a
full build writes, serves nothing outside its output, and shows the diagnostics."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from contenttree import TODAY, ContentTree

from builder.options import BuildOptions
from builder.pipeline import build_all, rebuild
from builder.serve import live_page, resolve


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- the incremental rebuild ----------------------------------------------------------------------


EDITS = [
    # a person's KPI name: the person, their district, the province and their siblings
    ("units/officer-c/kpis.yaml", "ของตำบล ค}", "ของตำบล ค (แก้ไข)}", {"officer-c", "dist-a", "prov"}),
    # a district's KPI name: the district and the province above, whose pages show the KPIs
    # below; not its sibling district, whose navigation shows only the other's name
    ("units/dist-b/kpis.yaml", "ให้บริการของอำเภอ ข}", "ให้บริการของอำเภอ ข (แก้ไข)}", {"dist-b", "prov"}),
    # a district's name: its sibling's navigation shows it
    ("units/dist-b/unit.yaml", "name: {th: อำเภอ ข}", "name: {th: อำเภอ ข (แก้ไข)}", {"dist-a", "dist-b", "prov"}),
    # a district's actual: its pages and the province's, which list the districts' scores
    ("units/dist-b/results/2568/m6.yaml", "actual: 410", "actual: 420", {"dist-b", "prov"}),
    # the province's criteria: every page below shows the superior's KPI
    ("units/prov/agreements/2568.yaml", "[100, 150, 200, 250, 300]", "[100, 150, 200, 250, 290]", None),
]


@pytest.mark.parametrize(("path", "old", "new", "rewritten"), EDITS)
def test_a_rebuild_writes_what_a_full_build_writes(
    tmp_path: Path, path: str, old: str, new: str, rewritten: set[str] | None
) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.write()
    live = BuildOptions(content=tree.root, out=tmp_path / "live", pdf=False, today=TODAY)
    state, _ = build_all(live)
    tree.replace(path, old, new).write()
    state, _, update = rebuild(live, state)
    assert not update.full
    if rewritten is not None:
        assert set(update.units) == rewritten
    fresh = BuildOptions(content=tree.root, out=tmp_path / "fresh", pdf=False, today=TODAY)
    build_all(fresh)
    assert files(tmp_path / "live") == files(tmp_path / "fresh")


def test_a_deep_edit_in_the_example_rewrites_only_its_neighbourhood(tmp_path: Path) -> None:
    import re
    import shutil

    shutil.copytree(Path(__file__).resolve().parent.parent / "content", tmp_path / "content")
    live = BuildOptions(content=tmp_path / "content", out=tmp_path / "live", pdf=False, today=TODAY)
    state, _ = build_all(live)
    kpis = tmp_path / "content/units/doae-plan-me-analyst/kpis.yaml"
    kpis.write_text(re.sub(r"(name: \{th: )", r"\1แก้ไข ", kpis.read_text(), count=1))
    state, _, update = rebuild(live, state)
    # the analyst is four levels down: the department's own pages do not show it
    assert (update.full, update.units) == (False, ("doae-plan", "doae-plan-me", "doae-plan-me-analyst"))
    build_all(BuildOptions(content=live.content, out=tmp_path / "fresh", pdf=False, today=TODAY))
    assert files(tmp_path / "live") == files(tmp_path / "fresh")


def test_a_change_to_the_unit_tree_builds_everything(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.write()
    live = BuildOptions(content=tree.root, out=tmp_path / "live", pdf=False, today=TODAY)
    state, _ = build_all(live)
    tree.replace("units/officer-c/unit.yaml", "parent: dist-a", "parent: dist-b").write()
    _, _, update = rebuild(live, state)
    assert update.full
    build_all(BuildOptions(content=tree.root, out=tmp_path / "fresh", pdf=False, today=TODAY))
    assert files(tmp_path / "live") == files(tmp_path / "fresh")


def test_the_year_files_rebuild_what_shows_them(tmp_path: Path) -> None:
    """An initiative shows on its unit's pages (and the alignment page); the calendar shows
    on every page (the round due next in the navigation): the whole site."""
    calendar = "year: 2568\nsteps:\n  - {id: sar-6, name: {th: รายงานรอบ 6 เดือน}, date: 2025-04-10, results_due: m6}\n"
    initiatives = (
        "year: 2568\ninitiatives:\n  - {id: school, name: {th: โรงเรียนเกษตรกร}, goals: [g-yield], budget: 640000}\n"
    )
    tree = ContentTree(tmp_path / "content").set("calendar/2568.yaml", calendar)
    tree.set("units/prov/initiatives/2568.yaml", initiatives).write()
    live = BuildOptions(content=tree.root, out=tmp_path / "live", pdf=False, today=TODAY)
    state, _ = build_all(live)
    tree.replace("units/prov/initiatives/2568.yaml", "budget: 640000", "budget: 700000").write()
    state, _, update = rebuild(live, state)
    assert (update.full, update.units) == (False, ("dist-a", "dist-b", "officer-c", "prov"))
    tree.replace("calendar/2568.yaml", "2025-04-10", "2025-04-11").write()
    _, _, update = rebuild(live, state)
    assert update.full
    build_all(BuildOptions(content=tree.root, out=tmp_path / "fresh", pdf=False, today=TODAY))
    assert files(tmp_path / "live") == files(tmp_path / "fresh")


def test_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.write()
    live = BuildOptions(content=tree.root, out=tmp_path / "live", pdf=False, today=TODAY)
    state, _ = build_all(live)
    _, _, update = rebuild(live, state)
    assert (update.full, update.pages, update.units) == (False, 0, ())


# -- what the server serves -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "/static/%5c..%5c..%5csecret.txt",
        "/index.html%00.css",
        "/escape/secret.txt",
        "//etc/passwd",
    ],
)
def test_nothing_outside_the_output_is_served(tmp_path: Path, url: str) -> None:
    out = tmp_path / "site"
    (out / "static").mkdir(parents=True)
    (out / "index.html").write_text("<body>home</body>")
    (tmp_path / "secret.txt").write_text("secret")
    (out / "escape").symlink_to(tmp_path)
    assert resolve(out, url) is None
    assert resolve(out, "/") == out.resolve() / "index.html"


def test_pages_get_the_banner_and_the_reload_script_escaped() -> None:
    status = {
        "generation": 7,
        "errors": 1,
        "warnings": 0,
        "diagnostics": ["x.yaml:1:1: error[a.b]: <script>bad</script>"],
    }
    page = live_page(b'<html><body class="p">text</body></html>', status, lambda s: "1 error").decode()
    assert page.startswith('<html><body class="p"><pre id="kpibook-diagnostics"')
    assert "&lt;script&gt;bad&lt;/script&gt;" in page and "<script>bad" not in page
    assert re.search(r"var g=7;.*</script></body></html>$", page, re.S)
    quiet = live_page(b"<body>text</body>", {**status, "diagnostics": [], "errors": 0}, lambda s: "").decode()
    assert "kpibook-diagnostics" not in quiet


# -- as a user runs it ------------------------------------------------------------------------------


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_for(condition: object, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


@contextmanager
def serving(tmp_path: Path) -> Iterator[tuple[str, ContentTree]]:
    """`kpibook serve --port 0` on a small tree, as a user starts it; its base URL."""
    tree = ContentTree(tmp_path / "content")
    tree.write()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"}
    argv = [sys.executable, "-m", "builder", "serve", "--port", "0", "--lang", "en", "--today", TODAY.isoformat()]
    # a test run started in the background of a shell (`pytest &`, nohup) has Ctrl-C
    # ignored, and an ignored SIGINT is inherited: serve gets it back, as in a terminal
    server = subprocess.Popen(
        argv,
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert server.stdout is not None and server.stderr is not None
        first = server.stdout.readline()
        assert first.startswith("serving http://127.0.0.1:"), first + server.stderr.read()
        yield first.split()[1], tree
    finally:
        server.send_signal(signal.SIGINT)
        try:
            # Ctrl-C ends it within a second on an idle machine; the bound is for a CI
            # runner busy with other builds, where a rebuild may be under way
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.send_signal(signal.SIGABRT)  # PYTHONFAULTHANDLER: every thread's stack on stderr
            server.wait()
            pytest.fail("serve did not stop within 60 s of Ctrl-C:\n" + (server.stderr.read() if server.stderr else ""))
    assert server.returncode == 0, server.stderr.read() if server.stderr else ""


def test_serve_shows_an_edit_within_seconds(tmp_path: Path) -> None:
    with serving(tmp_path) as (base, tree):
        page = base + "units/officer-c/kpis/visits.html"
        status, text = fetch(page)
        assert status == 200 and "จำนวนครั้งที่ออกเยี่ยมเกษตรกร" in text

        tree.replace("units/officer-c/kpis.yaml", "จำนวนครั้งที่ออกเยี่ยมเกษตรกร", "จำนวนครั้งที่ลงพื้นที่").write()
        assert wait_for(lambda: "จำนวนครั้งที่ลงพื้นที่" in fetch(page)[1])

        for escape in ("../contenttree.py", "%2e%2e/content/site.yaml", "static/%2e%2e/%2e%2e/content/site.yaml"):
            assert fetch(base + escape)[0] == 404, escape

        tree.replace("units/dist-b/unit.yaml", "kind: district", "kind: distrikt").write()
        assert wait_for(lambda: "kpibook-diagnostics" in fetch(page)[1])
        status, text = fetch(page)
        assert status == 200 and "error[ref.unknown]" in text and "จำนวนครั้งที่ลงพื้นที่" in text
        assert not (tmp_path / "output").exists()  # the project's own output is left alone


@pytest.mark.browser
def test_an_open_page_reloads_by_itself_and_shows_the_problems(tmp_path: Path) -> None:
    from browser import launch

    sync_api = pytest.importorskip("playwright.sync_api")
    with serving(tmp_path) as (base, tree), sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page()
            page.goto(base + "units/officer-c/kpis/visits.html")
            assert "จำนวนครั้งที่ออกเยี่ยมเกษตรกร" in page.inner_text("h1")
            tree.replace("units/officer-c/kpis.yaml", "จำนวนครั้งที่ออกเยี่ยมเกษตรกร", "จำนวนครั้งที่ลงพื้นที่").write()
            page.wait_for_function("document.querySelector('h1').innerText.includes('จำนวนครั้งที่ลงพื้นที่')", timeout=20000)
            tree.replace("units/dist-b/unit.yaml", "kind: district", "kind: distrikt").write()
            banner = page.wait_for_selector("#kpibook-diagnostics", timeout=20000)
            assert banner is not None and "error[ref.unknown]" in banner.inner_text()
        finally:
            browser.close()
