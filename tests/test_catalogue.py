"""The catalogue: every string a user reads, whole in Thai and whole in English.

Every entry is rendered in both languages with sample parameters (every value of every
vocabulary it names); a Thai text fails when it holds an English word other than the ids
and names listed below, or when a Latin word is glued to Thai letters (the sign of a
message composed from fragments: "ไม่พบKPI"). Every id a template, the code or a rule
uses exists; every entry is used.
"""

from __future__ import annotations

import re
import string
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from contenttree import ContentTree, diagnostics_of

from builder import model
from builder.catalogue import Catalogue, CatalogueError, default_catalogue, template_fields
from builder.cli import main
from builder.diagnostics import Diagnostic, Diagnostics
from builder.model import Location, Text
from builder.options import DEFAULT_THEME

ROOT = Path(__file__).resolve().parent.parent
BUILDER = ROOT / "builder"
CATALOGUE = default_catalogue()

# Latin words a Thai text may hold: names of formats and programs, the name Thai offices
# give the KPI form, and what a user types — YAML field names and values, commands and
# their choices, options, paths, `code` (written as such, set off from the Thai around them)
TECHNICAL_NAMES = {"YAML", "UTF-8", "UTF-16", "UTF-32", "PDF", "JSON", "TOML", "JavaScript", "English", "CI"}
TECHNICAL_NAMES |= {"CSV", "XLSX", "Excel", "LibreOffice"}  # spreadsheet formats and programs
TECHNICAL_NAMES |= {"SVG", "PNG", "JPEG", "HTML", "DOCTYPE", "ENTITY"}  # image formats and what an SVG may not hold
TECHNICAL_NAMES |= {"kpibook", "git", "GitHub", "GitLab", "README", "CODEOWNERS", "WeasyPrint", "Pango", "PyPI", "Dask"}
PROPER_NAMES = ("KPI Template", "pull request", "merge request", "pre-commit", "YYYY-MM-DD", "path:line:col", "Ctrl-C")
PROPER_NAMES += ("Outlook", "Google Calendar", "SAR")  # calendar programs; the self-assessment report
PROPER_NAMES += ("dask://HOST:PORT",)
# commands, report formats, default ids and option placeholders a user types
COMMAND_IDS = {"build", "check", "init", "cd", "text", "github", "gitlab", "json", "org", "DIR", "ID"}
FIELD_IDS = {"signed_on", "weighting", "base", "partial", "steps", "actual", "level", "true", "false"}
FIELD_IDS |= {"weight", "importance", "cancel", "add", "change", "basic", "standard", "advanced", "null"}
# entries whose English text is rightly Thai: the name of the Thai language in Thai
THAI_IN_ENGLISH = {"language.th"}
# entries whose languages rightly use different parameters: Buddhist Era or Common Era years
DIFFERENT_PARAMETERS = {"date.long", "date.month-year", "date.year", "fiscal-year"}

MARK = "\u2063"  # a plain parameter, shown as this invisible mark so only the wording is checked
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]*(?:-[A-Za-z0-9]+)*")
HEX = re.compile(r"\b0x")
PERCENT_FIELD = re.compile(r"%\(\w+\)[sr]|%[sr]")  # argparse's own parameters (`argparse.*`)
TYPED = re.compile(r"`[^`]*`|--[a-z-]+|\.?[a-z][a-z0-9_-]*/|\.[a-z][a-z0-9_-]+")  # code, options, paths
GLUED = re.compile(r"[\u0e00-\u0e7f][A-Za-z]|[A-Za-z][\u0e00-\u0e7f]")
FILE_NAME = re.compile(r"[a-z0-9_-]+\.yaml")
THAI = re.compile(r"[\u0e00-\u0e7f]")


def fields_with_specs(template: str) -> dict[str, str]:
    return {name: spec or "" for _, name, spec, _ in string.Formatter().parse(template) if name}


def vocabulary(prefix: str) -> list[str]:
    return [key[len(prefix) + 1 :] for key in CATALOGUE if key.startswith(prefix + ".")]


def sample_parameters(key: str) -> Iterator[dict[str, object]]:
    """Parameters for every entry: a mark for plain values, 2 for counted words, and each
    value of a vocabulary in turn."""
    specs: dict[str, str] = {}
    for template in CATALOGUE.templates[key].values():
        specs.update(fields_with_specs(template))
    base: dict[str, object] = {name: MARK for name in specs}
    for name, spec in specs.items():
        if "|" in spec:
            base[name] = 2
    vocabularies = {name: spec.partition("/")[0] for name, spec in specs.items() if spec and "|" not in spec}
    yield dict(base)
    for name, prefix in vocabularies.items():
        values = vocabulary(prefix)
        assert values, f"{key}: no entries {prefix}.* for {{{name}:{specs[name]}}}"
        for value in values:
            yield {**base, name: value}
        yield {**base, name: tuple(values[:2])}


def rendered(key: str, lang: str) -> Iterator[str]:
    for params in sample_parameters(key):
        yield CATALOGUE.text(key, lang, **params)


def english_words_in_thai(text: str) -> list[str]:
    text = PERCENT_FIELD.sub(" ", HEX.sub(" ", FILE_NAME.sub(" ", text.replace(MARK, " "))))
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    text = TYPED.sub(" ", text)
    problems = [f"glued: {m.group()!r}" for m in GLUED.finditer(text)]
    problems += [w for w in LATIN_WORD.findall(text) if w not in TECHNICAL_NAMES | FIELD_IDS | COMMAND_IDS]
    return problems


def test_every_entry_is_written_in_thai_and_in_english_with_the_same_parameters() -> None:
    assert len(CATALOGUE.templates) > 400
    for key, entry in CATALOGUE.templates.items():
        assert set(entry) == {"th", "en"}, f"{key}: give both th and en"
        if key not in DIFFERENT_PARAMETERS:
            assert template_fields(entry["th"]) == template_fields(entry["en"]), key
        assert sorted(PERCENT_FIELD.findall(entry["th"])) == sorted(PERCENT_FIELD.findall(entry["en"])), key


def test_every_entry_renders_in_both_languages_with_sample_parameters() -> None:
    for key in CATALOGUE:
        for lang in ("th", "en"):
            for text in rendered(key, lang):
                assert "{" not in text.replace("{{", "") and text.strip(), (key, lang, text)


def test_no_english_word_in_a_thai_text_apart_from_ids_and_names() -> None:
    found = {
        key: problems for key in CATALOGUE for text in rendered(key, "th") if (problems := english_words_in_thai(text))
    }
    assert found == {}


def test_the_checker_finds_a_message_composed_from_english_fragments() -> None:
    assert english_words_in_thai(f"ตัวชี้วัดประเภท milestone '{MARK}' ต้องรายงานa level ไม่ใช่ an actual") == [
        "glued: 'นa'",
        "milestone",
        "a",
        "an",
    ]
    assert english_words_in_thai(f"ไม่พบKPI '{MARK}'") == ["glued: 'บK'", "KPI"]


def test_no_thai_in_an_english_text() -> None:
    found = [key for key in CATALOGUE if key not in THAI_IN_ENGLISH and THAI.search(CATALOGUE.templates[key]["en"])]
    assert found == []


def test_the_field_ids_allowed_in_thai_are_fields_of_the_content_format() -> None:
    schemas = " ".join(p.read_text("utf-8") for p in (ROOT / "schemas").glob("*.json"))
    assert {f for f in FIELD_IDS - {"true", "false", "null"} if f'"{f}":' not in schemas} == set()


# -- every id used exists, every entry is used -----------------------------------------

TEMPLATE_KEY = re.compile(r"""_\(\s*'([a-z0-9_.-]+)'\s*[,)]""")
TEMPLATE_PREFIX = re.compile(r"""_\(\s*'([a-z0-9_.-]+\.)'\s*~""")
PYTHON_LITERAL = re.compile(r"""["']([a-z][a-z0-9_.-]*)["']""")
DIAGNOSTIC_CODE = re.compile(r"""\.(?:error|warning)\(\s*["']([a-z0-9.-]+)["']""")

# ids a template or the code builds from a value (`_('unit.kind.' ~ unit.kind)`): every value it can have
KINDS = ("organisation", "division", "district", "group", "person")
DYNAMIC_VALUES = {
    "unit.kind.": KINDS,
    "print.kind.": KINDS,
    "cascade.kind.": ("direct", "split", "contributing"),
    "print.cascade.": ("direct", "split", "contributing"),
    "cascade.combine.": ("sum", "weighted-mean"),
    "criteria.tier.": ("basic", "standard", "advanced"),
    "print.tier.": ("basic", "standard", "advanced"),
    "kpi.kind.": ("numeric", "milestone", "mixed"),
    "print.kpi.kind.": ("numeric", "milestone", "mixed"),
    "kpi.direction.": ("higher", "lower"),
    "print.kpi.direction.": ("higher", "lower"),
    "kpi.type.": ("quantity", "quality", "timeliness", "cost"),
    "print.kpi.type.": ("quantity", "quality", "timeliness", "cost"),
    "kpi.level.": ("outcome", "output", "process"),
    "print.kpi.level.": ("outcome", "output", "process"),
    "print.people.": ("overseer", "collector", "owner", "co_owners", "supporters"),
    "agreement.weighting.": ("weights", "importance"),
    "language.": ("th", "en"),
    "calendar.state.": ("done", "overdue", "under-way", "upcoming"),
    "initiative.kind.": ("project", "activity"),
    "print.initiative.kind.": ("project", "activity"),
    "initiative.status.": ("not-started", "on-track", "delayed", "completed", "cancelled"),
    "print.initiative.status.": ("not-started", "on-track", "delayed", "completed", "cancelled"),
    "owed.state.": ("missing", "unverified"),
    "print.chapter.": ("calendar", "alignment"),
}
# families the Python code builds ids of (f"date.month.{n}")
CODE_FAMILIES = (
    "date.month.",
    "date.month-short.",
    "search.role.",
    "score.",
    "diag.",
    "term.",
    "argparse.",
    "diff.",
    "sheet.",
)


def template_keys(folder: Path) -> set[str]:
    keys: set[str] = set()
    for template in folder.glob("*.html"):
        text = template.read_text("utf-8")
        keys |= set(TEMPLATE_KEY.findall(text))
        for prefix in TEMPLATE_PREFIX.findall(text):
            assert prefix in DYNAMIC_VALUES, f"{template.name}: list the values of {prefix!r} in DYNAMIC_VALUES"
            keys |= {prefix + value for value in DYNAMIC_VALUES[prefix]}
    return keys


def python_keys() -> set[str]:
    return {key for file in BUILDER.rglob("*.py") for key in PYTHON_LITERAL.findall(file.read_text("utf-8"))}


def emitted_codes() -> set[str]:
    return {code for file in BUILDER.rglob("*.py") for code in DIAGNOSTIC_CODE.findall(file.read_text("utf-8"))}


@pytest.mark.parametrize("kind", ["templates", "print"])
def test_every_id_a_template_uses_is_in_the_catalogue(kind: str) -> None:
    keys = template_keys(DEFAULT_THEME / kind)
    assert len(keys) > 80  # the scan found the templates
    assert sorted(keys - set(CATALOGUE)) == []


def test_every_diagnostic_code_the_code_emits_has_a_message() -> None:
    codes = emitted_codes()
    assert len(codes) > 50
    assert sorted(code for code in codes if f"diag.{code}" not in CATALOGUE) == []


def test_diagnostic_codes_are_stable_dotted_names_and_variants_refine_a_code() -> None:
    messages = [key.removeprefix("diag.") for key in CATALOGUE if key.startswith("diag.")]
    codes = {m for m in messages if m.count(".") == 1}
    assert all(re.fullmatch(r"[a-z]+\.[a-z0-9-]+", code) for code in codes)
    variants = [m for m in messages if m.count(".") == 2]
    assert [v for v in variants if v.rsplit(".", 1)[0] not in codes] == []


def test_no_entry_is_left_unused() -> None:
    used = template_keys(DEFAULT_THEME / "templates") | template_keys(DEFAULT_THEME / "print") | python_keys()
    used |= {f"diag.{code}" for code in emitted_codes()}
    unused = [
        key
        for key in CATALOGUE
        if key not in used and not key.startswith(CODE_FAMILIES) and not key.startswith(("diag.", "band.", "list."))
    ]
    assert unused == []


# -- themes override it ----------------------------------------------------------------


def theme_with(tmp_path: Path, text: str, name: str = "site.yaml") -> Path:
    theme = tmp_path / "theme"
    (theme / "catalogue").mkdir(parents=True, exist_ok=True)
    (theme / "catalogue" / name).write_text(text, "utf-8")
    return theme


def test_a_theme_rewords_one_language_of_one_entry(tmp_path: Path) -> None:
    words = Catalogue.load([theme_with(tmp_path, "nav.home:\n  th: หน้าหลัก\n"), DEFAULT_THEME])
    assert words.text("nav.home", "th") == "หน้าหลัก"
    assert words.text("nav.home", "en") == "Home"
    assert words.text("nav.cascade", "th") == "การถ่ายทอดตัวชี้วัด"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "nav.more:\n  th: อีก {number} หน่วยงาน\n",
            "'nav.more' (th) uses number, which it is not given (it has: count)",
        ),
        ("nav.home: หน้าหลัก\n", "'nav.home' must give its text as th: and/or en:"),
        ("nav.home:\n  de: Startseite\n", "'nav.home' must give its text as th: and/or en:"),
        ("yes:\n  th: ใช่\n", "the id True must be quoted"),
        ("nav.home:\n  th: หน้า {\n", "'nav.home': "),
        ("nav.home: [\n", "cannot read it"),
    ],
)
def test_a_theme_entry_the_code_cannot_use_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(CatalogueError, match=re.escape(problem)):
        Catalogue.load([theme_with(tmp_path, text), DEFAULT_THEME])


def test_a_theme_with_the_old_i18n_folder_is_told_where_the_words_went(tmp_path: Path) -> None:
    (tmp_path / "old" / "i18n").mkdir(parents=True)
    with pytest.raises(CatalogueError, match="now live in"):
        Catalogue.load([tmp_path / "old", DEFAULT_THEME])


def test_check_speaks_the_words_of_the_theme(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.replace("units/prov/unit.yaml", "leads_to: [g-yield]", "leads_to: [g-yeild]")
    theme = theme_with(tmp_path, "diag.ref.unknown:\n  en: \"no {what:term.object} called '{id}'\"\n", "mine.yaml")
    status, lines = tree.check("--theme", str(theme))
    assert (status, diagnostics_of(lines, tree.root)[0]) == (
        1,
        "units/prov/unit.yaml:8:88: error[ref.unknown]: no goal called 'g-yeild'; did you mean 'g-yield'?",
    )


def test_a_broken_theme_catalogue_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = ContentTree(tmp_path / "content")
    theme = theme_with(tmp_path, "nav.home: หน้าหลัก\n")
    assert main(["check", "--content", str(tree.write()), "--theme", str(theme)]) == 2
    assert "must give its text as th: and/or en:" in capsys.readouterr().err


# -- diagnostics in both languages -----------------------------------------------------


def test_a_diagnostic_names_a_dimension_by_its_name_and_gives_the_closest_id() -> None:
    diags = Diagnostics()
    loc = Location("units/prov/agreements/2568.yaml", 3, 5)
    diags.error("ref.unknown", loc, what="kpi", id="registry-updat", did_you_mean="registry-update")
    [diagnostic] = diags
    assert diagnostic.message("th") == "ไม่พบตัวชี้วัด 'registry-updat' (หมายถึง 'registry-update' หรือไม่)"
    assert diagnostic.message("en") == "unknown KPI 'registry-updat'; did you mean 'registry-update'?"


def test_a_message_a_theme_cannot_fill_in_still_names_its_code() -> None:
    words = Catalogue({"diag.results.wrong-kind": {"th": "{missing}", "en": "{missing}"}})
    diagnostic = Diagnostic(
        "error", "results.wrong-kind", Location("r.yaml", 1, 1), (("kpi", "visits"),), variant="milestone"
    )
    assert diagnostic.message("en", words) == "results.wrong-kind kpi=visits"


def test_the_catalogue_files_are_quoted_side_by_side_entries() -> None:
    for file in (DEFAULT_THEME / "catalogue").glob("*.yaml"):
        data = yaml.safe_load(file.read_text("utf-8"))
        assert all(isinstance(key, str) and set(entry) == {"th", "en"} for key, entry in data.items()), file.name


@pytest.mark.parametrize(
    ("vocabulary", "values"),
    [
        ("term.unit-kind", typing.Literal[model.DEFAULT_UNIT_KINDS]),  # other kinds are named in site.yaml
        ("term.kpi-kind", model.KpiKind),
        ("term.combine", model.CombineMethod),
        ("term.criteria-shape", model.CriteriaShape),
    ],
)
def test_every_value_the_model_allows_has_a_word(vocabulary: str, values: object) -> None:
    allowed = set(typing.get_args(values)) - {"none"}  # a criteria shape nothing expects
    assert sorted(allowed - set(globals()["vocabulary"](vocabulary))) == []


def test_a_kind_that_site_yaml_names_is_called_by_its_name() -> None:
    diags = Diagnostics()
    kind = Text("ศูนย์ปฏิบัติการ", "Operations centre")  # a unit kind of site.yaml's own
    diags.error("results.round-not-for-unit", Location("r.yaml", 2, 8), round="m6", kind=kind)
    diags.error("results.round-not-for-unit", Location("r.yaml", 2, 8), round="p1", kind="district")
    named, built_in = diags.sorted()
    assert named.message("th") == "รอบ 'm6' ไม่ใช่รอบรายงานของหน่วยงานประเภทศูนย์ปฏิบัติการ"
    assert named.message("en") == "round 'm6' is not reported by Operations centre units"
    assert built_in.message("th") == "รอบ 'p1' ไม่ใช่รอบรายงานของหน่วยงานประเภทอำเภอ"
