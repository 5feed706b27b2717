"""The search index: what a person can find offline, and what they must never find.

The small province tree, with a head for the province, people on the knowledge
management KPI, and result narratives for the province and for the field officer
(a person, whose results the site does not publish). The index is built from the
content as the pipeline hands it to rendering (after `publishable`).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from contenttree import TODAY, ContentTree

from builder.catalogue import default_catalogue
from builder.model import Content
from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.privacy import publishable
from builder.scoring.scorecard import score_content
from builder.site.search import GLOBAL, build_search_index, normalise, shorten, write_search_index
from builder.site.words import decode_lengths, word_lengths

PROVINCE_NARRATIVE = "จังหวัดจัดเวทีแลกเปลี่ยนเรียนรู้ครบทุกอำเภอ"
OFFICER_NARRATIVE = "ออกเยี่ยมเกษตรกรรายแปลงครบสิบสามครั้ง"


def province_tree(root: Path) -> ContentTree:
    tree = ContentTree(root)
    tree.replace(
        "units/prov/unit.yaml",
        "strategy:",
        "head: {name: {th: นายสมชาย ใจดี, en: Somchai Jaidee}, position: {th: ผู้ว่าราชการจังหวัด, en: Governor},"
        " phone: '0-4321-0000', email: somchai@example.go.th}\nstrategy:",
    )
    tree.replace(
        "units/prov/kpis.yaml",
        "{id: km-level, name: {th: ระดับความสำเร็จของการจัดการความรู้}, kind: milestone}",
        "{id: km-level, name: {th: ระดับความสำเร็จของการจัดการความรู้, en: Knowledge management maturity}, kind: milestone,"
        " people: {owner: {name: {th: นางสาวมาลี ศรีสุข}, position: {th: นักทรัพยากรบุคคลชำนาญการ}},"
        " collector: {name: {th: นายสมชาย ใจดี}}}}",
    )
    tree.replace(
        "units/prov/kpis.yaml",
        "{id: rice-yield, name: {th: ผลผลิตข้าวหอมมะลิต่อไร่}",
        "{id: rice-yield, name: {th: ผลผลิตข้าวหอมมะลิต่อไร่, en: Jasmine rice yield per rai}",
    )
    tree.replace(
        "units/prov/results/2568/m12.yaml",
        "{kpi: km-level, level: 4}",
        f"{{kpi: km-level, level: 4, narrative: {{th: {PROVINCE_NARRATIVE}}}}}",
    )
    tree.replace(
        "units/officer-c/results/2568/p1.yaml", "actual: 13}", f"actual: 13, narrative: {{th: {OFFICER_NARRATIVE}}}}}"
    )
    return tree


def published_content(tree: ContentTree) -> Content:
    root = tree.write()
    checked = load_and_check(BuildOptions(content=root, today=TODAY))
    assert checked.content is not None and not checked.diagnostics.has_errors(), checked.diagnostics
    content, _ = publishable(checked.content, score_content(checked.content))
    return content


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    return published_content(province_tree(tmp_path_factory.mktemp("content")))


def documents(index: dict[str, Any]) -> list[dict[str, Any]]:
    """The compact arrays as named fields, the unit as its id, the tag as its text, and
    the word lengths as the words they cut the title and text into."""
    fields = index["fields"]
    named = [dict(zip(fields, doc, strict=True)) for doc in index["docs"]]
    for doc in named:
        doc["kind"] = index["kinds"][doc["kind"]]
        doc["unit"] = index["units"][doc["unit"]][0] if doc["unit"] >= 0 else None
        doc["tag"] = index["tags"][doc["tag"]]
        doc["title_words"] = cut(doc["title"], doc["title_words"])
        doc["text_words"] = cut(doc["text"], doc["text_words"])
    return named


def cut(text: str, lengths: str) -> list[str]:
    bounds = decode_lengths(lengths)
    assert bounds[-1] == len(text), "the words add up to the text"
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def find(index: dict[str, Any], kind: str, title: str) -> list[dict[str, Any]]:
    return [d for d in documents(index) if d["kind"] == kind and d["title"] == title]


def test_a_kpi_is_found_by_its_name_and_leads_to_its_page(content: Content) -> None:
    index = build_search_index(content, "th", default_catalogue())

    km = find(index, "kpi", "ระดับความสำเร็จของการจัดการความรู้")
    assert {(d["unit"], d["url"]) for d in km} == {
        ("prov", "units/prov/kpis/km-level.html"),
        ("dist-a", "units/dist-a/kpis/km-level.html"),
        ("dist-b", "units/dist-b/kpis/km-level.html"),
        ("officer-c", "units/officer-c/kpis/km-level.html"),
    }
    [rice] = find(index, "kpi", "ผลผลิตข้าวหอมมะลิต่อไร่")
    assert rice == {
        "kind": "kpi",
        "id": "rice-yield",
        "title": "ผลผลิตข้าวหอมมะลิต่อไร่",
        "text": "ผลผลิตข้าวเพิ่มขึ้น",  # its goal
        "url": "units/prov/kpis/rice-yield.html",
        "unit": "prov",
        "tag": "ตัวชี้วัด",
        "title_words": ["ผลผลิต", "ข้าว", "หอมมะลิ", "ต่อ", "ไร่"],
        "text_words": ["ผลผลิต", "ข้าว", "เพิ่มขึ้น"],
        "personal": 0,  # the province's own, not a position's
    }


def test_a_goal_leads_to_its_place_on_the_unit_page(content: Content) -> None:
    [goal] = find(build_search_index(content, "th", default_catalogue()), "goal", "บุคลากรมีความรู้")
    assert goal == {
        "kind": "goal",
        "id": "g-people",
        "title": "บุคลากรมีความรู้",
        "text": "การพัฒนาองค์การ",  # its perspective
        "url": "units/prov/index.html#goal-g-people",
        "unit": "prov",
        "tag": "เป้าประสงค์",
        "title_words": ["บุคลากร", "มีความรู้"],
        "text_words": ["การพัฒนา", "องค์การ"],
        "personal": 0,
    }


def test_a_unit_is_found_with_its_superior_as_context(content: Content) -> None:
    index = build_search_index(content, "th", default_catalogue())
    [district] = find(index, "unit", "อำเภอ ก")
    assert (district["url"], district["unit"], district["tag"]) == (
        "units/dist-a/index.html",
        "prov",
        "หน่วยงาน (อำเภอ)",
    )
    [province] = find(index, "unit", "จังหวัดตัวอย่าง")
    assert (province["url"], province["unit"], province["text"]) == ("units/prov/index.html", None, "นายสมชาย ใจดี")


def test_people_are_found_with_their_roles_but_not_their_contacts(content: Content) -> None:
    index = build_search_index(content, "th", default_catalogue())

    [head] = find(index, "person", "นายสมชาย ใจดี")
    assert head["url"] == "units/prov/index.html"
    assert head["tag"] == "หัวหน้าหน่วยงาน, ผู้จัดเก็บข้อมูล", "labelled by what they are here, not as 'a person'"
    assert head["text"] == "ผู้ว่าราชการจังหวัด · ตัวชี้วัด 1 ตัว"
    [owner] = find(index, "person", "นางสาวมาลี ศรีสุข")
    assert owner["url"] == "units/prov/kpis/km-level.html", "one KPI: straight to it"
    assert (owner["tag"], owner["text"]) == (
        "เจ้าภาพหลัก",
        "นักทรัพยากรบุคคลชำนาญการ · ระดับความสำเร็จของการจัดการความรู้",
    )
    signatories = find(index, "person", "นายเอ") + find(index, "person", "นายบี")
    assert {(d["unit"], d["tag"]) for d in signatories} >= {("prov", "ผู้รับการประเมิน"), ("prov", "ผู้ประเมิน")}
    text = json.dumps(index, ensure_ascii=False)
    assert "0-4321-0000" not in text and "somchai@" not in text


def test_a_positions_own_entries_are_marked_personal_the_organisations_are_not(content: Content) -> None:
    index = build_search_index(content, "th", default_catalogue())
    docs = documents(index)
    officer = next(d for d in docs if d["kind"] == "unit" and d["id"] == "officer-c")
    assert content.units["officer-c"].is_person and officer["personal"] == 1
    officers_kpis = [d for d in docs if d["kind"] == "kpi" and d["url"].startswith("units/officer-c/")]
    assert officers_kpis and all(d["personal"] == 1 for d in officers_kpis)
    assert all(d["personal"] == 1 for d in docs if d["kind"] == "person")
    organisation = [d for d in docs if d["kind"] != "person" and (d["unit"] == "prov" or d["id"] == "prov")]
    assert organisation and all(d["personal"] == 0 for d in organisation if not d["url"].startswith("units/officer-c/"))


def test_results_are_never_indexed(content: Content, tmp_path: Path) -> None:
    assert any(r.narrative for rs in content.results.values() for r in rs.results), (
        "the province's results are published"
    )
    for lang in ("th", "en"):
        path = tmp_path / f"index.{lang}.js"
        write_search_index(build_search_index(content, lang, default_catalogue()), path)
        written = path.read_text("utf-8")
        assert PROVINCE_NARRATIVE not in written
        assert OFFICER_NARRATIVE not in written


def test_the_english_index_uses_english_names_and_falls_back_to_thai(content: Content) -> None:
    index = build_search_index(content, "en", default_catalogue())
    assert index["lang"] == "en"
    assert find(index, "kpi", "Jasmine rice yield per rai")[0]["url"] == "units/prov/kpis/rice-yield.html"
    assert find(index, "kpi", "ร้อยละการเบิกจ่ายงบประมาณ"), "no English name: the Thai one"
    [head] = find(index, "person", "Somchai Jaidee")
    assert (head["tag"], head["text"]) == ("Head", "Governor")  # the collector has a Thai name only
    assert find(index, "goal", "ผลผลิตข้าวเพิ่มขึ้น")[0]["text"] == "Effectiveness"


def test_the_index_is_a_script_that_assigns_a_global(content: Content, tmp_path: Path) -> None:
    index = build_search_index(content, "th", default_catalogue())
    index["docs"].append([2, "x", "</script><script>alert(1)</script>\u2028", "", "units/x.html", -1])
    path = tmp_path / "static" / "search" / "index.th.js"
    write_search_index(index, path)

    written = path.read_text("utf-8")
    head, _, payload = written.partition(f"window.{GLOBAL} = ")
    assert head.startswith("/*") and payload.endswith(";\n")
    assert "</script>" not in written and "\u2028" not in written
    assert json.loads(payload[:-2]) == index


def test_texts_are_normalised_as_the_browser_matches_them() -> None:
    assert normalise(" สำ\u200bเร็จ \n ของ\u00adการ ") == "สำเร็จ ของการ"
    assert normalise("Cafe\u0301") == "Café"
    assert shorten("ก" * 10, 5) == "กกกก…"
    assert shorten("ที่" * 10, 5) == "ที่…", "never between a consonant and its marks"


def test_titles_and_texts_are_cut_into_thai_words_with_a_dictionary(content: Content) -> None:
    index = build_search_index(content, "th", default_catalogue())

    [km] = [d for d in find(index, "kpi", "ระดับความสำเร็จของการจัดการความรู้") if d["unit"] == "prov"]
    assert km["title_words"] == ["ระดับ", "ความสำเร็จ", "ของ", "การ", "จัดการ", "ความรู้"]
    assert {"ความสำเร็จ", "ความรู้", "หอมมะลิ", "ข้าว"} <= set(index["words"]), "the words a query is cut with"
    assert "ความ" not in index["words"], "only words that occur as words"
    assert all(word == word.lower() and len(word) > 1 for word in index["words"])


def test_word_lengths_add_up_to_the_text_in_javascript_units() -> None:
    for text in ("ผลผลิต 417 กก./ไร่", "Jasmine rice (kg/rai)", "ข้าว😀ข้าว", ""):
        bounds = decode_lengths(word_lengths(text))
        assert bounds[-1] == len(text.encode("utf-16-le")) // 2
    assert word_lengths("x" * 250 + " y") == "~~" + chr(32 + 64) + "!!", "a word longer than 93 in chunks"
    assert decode_lengths(word_lengths("x" * 250 + " y")) == [0, 250, 251, 252]
