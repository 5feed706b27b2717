"""Incremental site builds (`kpibook serve`): after any series of edits, the output written in
place is byte for byte what a clean build of the same content writes.

Edits are drawn at random (seeded, so CI repeats them) over the example's unit files: a Thai
name or description changed anywhere (a unit, a KPI, a goal, a criteria level), a result's actual
or a baseline moved, a round's results file taken out and put back. An edit the
rules refuse leaves the output as it was (the clean build refuses it too) and is undone.
The default run makes a few edits; the long mode makes at least fifty:

    python -m pytest -m slow tests/test_incremental.py
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from contenttree import TODAY

from builder import export
from builder.catalogue import default_catalogue
from builder.diagnostics import ContentError
from builder.model import Unit
from builder.options import DEFAULT_THEME, BuildOptions
from builder.pipeline import SiteState, build_all, rebuild
from builder.queries import Queries
from builder.reader import ParseCache
from builder.site import org_pages, search
from builder.site.pages_year import owed_page
from builder.site.search import build_search_index
from builder.site.workers import SiteJob
from builder.stamp import Stamp
from builder.templating import make_environment, page_parts
from builder.unit_pieces import UnitPieces

EXAMPLE = Path(__file__).resolve().parent.parent / "content"
THAI_TEXT = re.compile(r"\bth: (?![|>\"'])")  # a Thai text, not a block or quoted one
ACTUAL = re.compile(r"\bactual: (\d+(?:\.\d+)?)")
BASELINE = re.compile(r"\bbaseline: (\d+(?:\.\d+)?)")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the example organisation, to edit."""
    shutil.copytree(EXAMPLE, tmp_path / "content")
    return tmp_path / "content"


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Editor:
    """Random edits of a content folder, each one undoable."""

    root: Path
    rng: random.Random
    removed: dict[Path, str] = field(default_factory=dict)  # results files taken out
    touched: set[Path] = field(default_factory=set)  # since `reported`: what serve's watcher would report

    def reported(self) -> set[Path]:
        touched, self.touched = self.touched, set()
        return touched

    def edit(self, n: int) -> tuple[str, Path, str | None]:
        """Make one edit; returns what it was, the file and its text before (None: the
        file did not exist)."""
        kind, file, before = self._edit(n)
        self.touched.add(file)
        return kind, file, before

    def _edit(self, n: int) -> tuple[str, Path, str | None]:
        kind = self.rng.choice(["text", "text", "actual", "baseline", "results"])
        if kind == "results" and self.removed and self.rng.random() < 0.6:
            file, text = self.rng.choice(sorted(self.removed.items()))
            del self.removed[file]
            file.write_text(text, "utf-8")
            return "results back", file, None
        if kind == "results":
            file = self.rng.choice(sorted(self.root.glob("units/*/results/*/*.yaml")))
            before = file.read_text("utf-8")
            self.removed[file] = before
            file.unlink()
            return "results out", file, before
        pattern = {"text": THAI_TEXT, "actual": ACTUAL, "baseline": BASELINE}[kind]
        # the units' files: a change to a site-wide file (site, plans, calendars) builds everything again
        candidates = [f for f in sorted(self.root.glob("units/**/*.yaml")) if pattern.search(f.read_text("utf-8"))]
        file = self.rng.choice(candidates)
        before = file.read_text("utf-8")
        match = self.rng.choice(list(pattern.finditer(before)))
        if kind == "text":
            after = before[: match.end()] + f"แก้ไข{n} " + before[match.end() :]
        else:
            number = float(match.group(1)) + self.rng.choice([1, 2, 5])
            shown = f"{number:g}"
            after = before[: match.start(1)] + shown + before[match.end(1) :]
        file.write_text(after, "utf-8")
        return kind, file, before

    def undo(self, file: Path, before: str | None) -> None:
        self.touched.add(file)
        if before is None:
            file.unlink()
        else:
            file.write_text(before, "utf-8")
            self.removed.pop(file, None)


def clean_build(content: Path, out: Path) -> dict[str, bytes] | None:
    shutil.rmtree(out, ignore_errors=True)
    try:
        build_all(BuildOptions(content=content, out=out, pdf=False, today=TODAY))
    except ContentError:
        return None
    return files(out)


def run_edits(tmp_path: Path, count: int, seed: int) -> list[str]:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    live = BuildOptions(content=content, out=tmp_path / "live", pdf=False, today=TODAY)
    state: SiteState = build_all(live, parsed=ParseCache())[0]
    editor = Editor(content, random.Random(seed))
    done: list[str] = []
    for n in range(count):
        kind, file, before = editor.edit(n)
        what = f"{n}: {kind} in {file.relative_to(content)}"
        expected = clean_build(content, tmp_path / "fresh")
        written_before = files(tmp_path / "live")
        try:
            # only the paths serve's watcher reports are asked about again (`WatchedTree`)
            state, _, update = rebuild(live, state, editor.reported())
        except ContentError:
            assert expected is None, f"{what}: the rebuild refused what a clean build accepts"
            assert files(tmp_path / "live") == written_before, f"{what}: a refused edit changed the output"
            editor.undo(file, before)
            done.append(f"{what} (refused, undone)")
            continue
        assert expected is not None, f"{what}: the rebuild accepted what a clean build refuses"
        live_files = files(tmp_path / "live")
        assert sorted(live_files) == sorted(expected), f"{what}: other files than a clean build's"
        different = [name for name in expected if live_files[name] != expected[name]]
        assert not different, f"{what}: differs from a clean build in {different[:5]}"
        assert not update.full, f"{what}: built everything again"
        done.append(what)
    return done


def test_a_few_random_edits_rebuild_what_a_clean_build_writes(tmp_path: Path) -> None:
    done = run_edits(tmp_path, count=4, seed=15)
    assert len([d for d in done if "refused" not in d]) >= 3, done


@pytest.mark.slow
def test_fifty_random_edits_rebuild_what_a_clean_build_writes(tmp_path: Path) -> None:
    done = run_edits(tmp_path, count=60, seed=2568)
    accepted = [d for d in done if "refused" not in d]
    assert len(accepted) >= 50, done
    assert {d.split(" in ")[0].split(": ")[1] for d in accepted} >= {"text", "actual", "baseline", "results out"}


# -- the parts kept from one rebuild to the next ---------------------------------------------


def test_a_page_part_is_rendered_again_only_when_its_value_changed() -> None:
    env = make_environment([DEFAULT_THEME], "templates", "en")
    page = env.from_string("{% for u in units %}{% call part(u.id, u) %}<{{ u.name }}>{% endcall %}{% endfor %}")
    parts = page_parts(env)
    units = [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]
    assert page.render(units=units) == "<A><B>" and parts.rendered == 0  # a build keeps nothing
    parts.keeping = True
    with parts.page("owed.html"):
        assert page.render(units=units) == "<A><B>"
    assert parts.rendered == 2
    units[1] = {"id": "b", "name": "B & C"}
    with parts.page("owed.html"):
        assert page.render(units=units) == "<A><B &amp; C>"
    assert parts.rendered == 3  # only b's part
    with parts.page("en/owed.html"):  # another page: nothing of the first is taken
        assert page.render(units=units) == "<A><B &amp; C>"
    assert parts.rendered == 5
    with parts.page("owed.html"):
        assert page.render(units=units[1:]) == "<B &amp; C>"
    with parts.page("owed.html"):  # a's part was forgotten when the page no longer had it
        assert page.render(units=units) == "<A><B &amp; C>"
    assert parts.rendered == 6


def test_a_round_status_from_kept_parts_is_the_status_computed_afresh(tmp_path: Path, content: Path) -> None:
    options = BuildOptions(content=content, out=tmp_path / "out", pdf=False, today=TODAY)
    state = build_all(options)[0]
    pieces = UnitPieces()
    kept, fresh = Queries(state.content, state.scores, pieces), Queries(state.content, state.scores)
    rounds = [(y, r) for y in state.content.site.fiscal_years for r in fresh.rounds_in_use(y)]
    statuses = [kept.round_status(y, r, TODAY, True) for y, r in rounds]
    assert statuses == [fresh.round_status(y, r, TODAY, True) for y, r in rounds]
    owing = next(s for s in statuses if len({o.unit.id for o in s.owed}) > 1)
    edited = owing.owed[0].unit.id
    # the next build: the edited unit's part is made again, the others' are the same objects
    again = Queries(state.content, state.scores, pieces.carried_over({edited}, state.content.units))
    status = again.round_status(owing.year, owing.round, TODAY, True)
    assert status == owing
    assert [a is b for a, b in zip(status.owed, owing.owed, strict=True)] == [o.unit.id != edited for o in owing.owed]


def test_an_edit_writes_again_only_the_parts_and_pages_showing_it(tmp_path: Path, content: Path) -> None:
    live = BuildOptions(content=content, out=tmp_path / "live", pdf=False, today=TODAY)
    state = build_all(live, parsed=ParseCache())[0]
    status = Queries(state.content, state.scores).round_status(2568, state.content.site.rounds[0], TODAY, True)
    units_owing = {o.unit.id for o in status.owed}
    owed = status.owed[0]
    assert owed.kpi is not None and len(units_owing) > 3
    kpis = content / "units" / owed.unit.id / "kpis.yaml"
    text = kpis.read_text("utf-8")
    assert text.count(f"th: {owed.kpi.name.th}") == 1
    kpis.write_text(text.replace(f"th: {owed.kpi.name.th}", f"th: {owed.kpi.name.th} (1)"), "utf-8")
    # serve's build kept every part it rendered: the first rebuild already renders only those showing the edit
    state, _, first = rebuild(live, state)
    calendar = (tmp_path / "live" / "calendar.html").stat().st_ino
    kpis.write_text(text.replace(f"th: {owed.kpi.name.th}", f"th: {owed.kpi.name.th} (2)"), "utf-8")
    state, _, second = rebuild(live, state)
    # the owed pages list the KPI by unit and by collector: only its unit's two parts of each
    owed_pages = len(list((tmp_path / "live").glob("**/owed/**/*.html")))
    assert 0 < first.parts <= 2 * owed_pages
    assert 0 < second.parts <= 2 * owed_pages
    # the calendar counts what is owed: a new name changes none of its facts
    assert (tmp_path / "live" / "calendar.html").stat().st_ino == calendar
    build_all(BuildOptions(content=content, out=tmp_path / "fresh", pdf=False, today=TODAY))
    assert files(tmp_path / "live") == files(tmp_path / "fresh")


def test_the_search_index_from_kept_parts_is_the_index_built_afresh(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = BuildOptions(content=content, out=tmp_path / "out", pdf=False, today=TODAY)
    before = build_all(options)[0].content
    pieces = UnitPieces()
    for lang in ("th", "en"):
        assert build_search_index(before, lang, default_catalogue(), pieces) == build_search_index(
            before, lang, default_catalogue()
        )
    kpis = content / "units" / "doae-plan" / "kpis.yaml"
    kpis.write_text(re.sub(r"(name: \{th: )", r"\1ดัชนีใหม่ ", kpis.read_text("utf-8"), count=1), "utf-8")
    after = build_all(options)[0].content
    kept = pieces.carried_over({"doae-plan"}, after.units)
    expected = {lang: build_search_index(after, lang, default_catalogue()) for lang in ("th", "en")}
    made: list[str] = []
    unit_part = search._unit_part
    monkeypatch.setattr(search, "_unit_part", lambda c, unit, *rest: made.append(unit.id) or unit_part(c, unit, *rest))
    for lang in ("th", "en"):
        assert build_search_index(after, lang, default_catalogue(), kept) == expected[lang]
    assert made == ["doae-plan", "doae-plan"]  # in each language, only the edited unit's part is made again
    assert "ดัชนี" in expected["th"]["words"]
    assert "ดัชนี" not in build_search_index(before, "th", default_catalogue())["words"]


def test_an_unchanged_unit_and_its_owed_rows_are_the_objects_of_the_last_build(tmp_path: Path, content: Path) -> None:
    live = BuildOptions(content=content, out=tmp_path / "live", pdf=False, today=TODAY)
    state = build_all(live, parsed=ParseCache())[0]

    def owed_groups(state: SiteState) -> dict[str, object]:
        job = SiteJob(
            index=Queries(state.content, state.scores, state.pieces),
            options=live,
            stage=tmp_path / "live",
            default_lang="th",
            languages=("th",),
            catalogue=default_catalogue(),
        )
        round_ = state.content.site.rounds[0]
        return {g.unit.id: g for g in owed_page(job.chrome("th"), None, round_).by_unit if g.unit is not None}

    before = owed_groups(state)
    edited = sorted(before)[0]
    kpis = content / "units" / edited / "kpis.yaml"
    kpis.write_text(re.sub(r"(name: \{th: )", r"\1แก้ไข ", kpis.read_text("utf-8"), count=1), "utf-8")
    previous = state
    state, _, update = rebuild(live, state)
    assert update.changed == {edited}
    after = owed_groups(state)
    assert sorted(after) == sorted(before)
    assert sorted(u for u in after if after[u] is before[u]) == [u for u in sorted(before) if u != edited]
    assert after[edited] != before[edited]
    # read from the same unit.yaml (only kpis.yaml was edited): every unit is the same object
    assert all(state.content.units[u] is previous.content.units[u] for u in state.content.units)


def test_an_organisation_page_is_made_again_only_when_a_kind_of_fact_it_shows_changed(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = BuildOptions(content=content, out=tmp_path / "live", pdf=False, today=TODAY)
    state = build_all(live, parsed=ParseCache())[0]
    results = content / "units" / "dist-a" / "results" / "2568" / "m6.yaml"
    kpis = content / "units" / "dist-a" / "kpis.yaml"

    def edit_and_rebuild(file: Path, old: str, new: str) -> list[str]:
        nonlocal state
        file.write_text(file.read_text("utf-8").replace(old, new, 1), "utf-8")
        made: list[str] = []
        for name in ("cascade_page", "scorecards_page"):
            page = getattr(org_pages, name)
            monkeypatch.setattr(
                org_pages, name, lambda chrome, year, page=page, name=name: made.append(name) or page(chrome, year)
            )
        state = rebuild(live, state)[0]
        monkeypatch.undo()
        assert files(tmp_path / "live") == clean_build(content, tmp_path / "fresh")
        return made

    # a result moved: the scorecards change (two years, two languages), the explorer
    # (units, KPIs, agreements) does not; serve's build kept what it made every page
    # from, so the first rebuild is no different from the next
    assert Counter(edit_and_rebuild(results, "actual: 25\n", "actual: 26\n")) == {"scorecards_page": 4}
    assert Counter(edit_and_rebuild(results, "actual: 26\n", "actual: 27\n")) == {"scorecards_page": 4}
    # a KPI renamed: the explorer shows it, the scorecards table does not
    assert Counter(edit_and_rebuild(kpis, "name: {th: ", "name: {th: ใหม่ ")) == {"cascade_page": 4}


def test_after_a_theme_changed_the_rebuilds_render_with_the_new_templates(tmp_path: Path, content: Path) -> None:
    """A change to a theme builds everything again (serve), with templates compiled
    afresh: no part an edit leaves alone is taken from a page rendered with the old ones."""
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    template = theme / "templates" / "scorecards.html"
    shutil.copy(DEFAULT_THEME / "templates" / "scorecards.html", template)
    live = BuildOptions(content=content, out=tmp_path / "live", pdf=False, today=TODAY, themes=(theme, DEFAULT_THEME))
    kpis = content / "units" / "dist-a" / "kpis.yaml"

    def edit_and_rebuild(state: SiteState, mark: str) -> SiteState:
        kpis.write_text(kpis.read_text("utf-8").replace("name: {th: ", f"name: {{th: {mark}", 1), "utf-8")
        return rebuild(live, state)[0]

    edit_and_rebuild(build_all(live, parsed=ParseCache())[0], "ก ")  # every part kept, from the first template
    row = '<tr class="band-row-'
    assert row in template.read_text("utf-8")
    template.write_text(template.read_text("utf-8").replace(row, '<tr data-theme="new" class="band-row-'), "utf-8")
    edit_and_rebuild(build_all(live, parsed=ParseCache())[0], "ข ")  # what serve does after a theme file changed
    build_all(replace(live, out=tmp_path / "fresh"))
    assert files(tmp_path / "live") == files(tmp_path / "fresh")
    assert 'data-theme="new"' in (tmp_path / "live" / "scorecards.html").read_text("utf-8")


def test_the_json_index_from_kept_entries_is_the_index_written_afresh(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = BuildOptions(content=content, out=tmp_path / "out", pdf=False, today=TODAY)

    def written_afresh(state: SiteState) -> str:
        document = export.index_document(Queries(state.content, state.scores), state.content.units, Stamp())
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def index(state: SiteState, pieces: UnitPieces | None) -> str:
        return export.index_json(Queries(state.content, state.scores, pieces), state.content.units, Stamp(), [])

    before = build_all(options)[0]
    pieces = UnitPieces()
    assert index(before, pieces) == index(before, None) == written_afresh(before)
    unit = content / "units" / "dist-a" / "unit.yaml"
    unit.write_text(re.sub(r"(name: \{th: )", r"\1ดัชนีใหม่ ", unit.read_text("utf-8"), count=1), "utf-8")
    after = build_all(options)[0]
    expected = written_afresh(after)
    assert expected != written_afresh(before)
    made: list[str] = []
    unit_entry = export._unit_entry
    monkeypatch.setattr(export, "_unit_entry", lambda queries, u: made.append(u) or unit_entry(queries, u))
    kept = pieces.carried_over({"dist-a"}, after.content.units)
    assert index(after, kept) == expected
    assert made == ["dist-a"]  # the other units' entries are the text of the last build


def test_a_piece_made_from_the_children_too_is_made_again_when_a_child_changed() -> None:
    units = {"prov": Unit(id="prov"), "dist": Unit(id="dist", parent="prov"), "other": Unit(id="other")}
    pieces = UnitPieces()
    for unit in units:
        pieces.of("own", None).get(unit, "rows", lambda: "rows")
        pieces.of("explorer", None, children_too=True).get(unit, "kpis", lambda: "kpis")  # who carries them below
    kept = pieces.carried_over({"dist"}, units)
    assert {key[0] for key in kept.kinds["own"][1]} == {"prov", "other"}
    assert {key[0] for key in kept.kinds["explorer"][1]} == {"other"}  # prov's children changed
    assert {key[0] for key in kept.carried_over({"other"}, units).kinds["explorer"][1]} == set()
