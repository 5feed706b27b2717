"""Every UI string of the site comes from the translation files, in Thai and English."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from builder.i18n import Translations
from builder.options import DEFAULT_THEME

TEMPLATES = DEFAULT_THEME / "templates"
SITE_CODE = Path(__file__).resolve().parent.parent / "builder" / "site"
STATIC_KEY = re.compile(r"""_\(\s*'([a-z0-9_.-]+)'\s*[,)]""")
DYNAMIC_KEY = re.compile(r"""_\(\s*'([a-z0-9_.-]+\.)'\s*~""")
PYTHON_KEY = re.compile(r"""translate\(\s*["']([a-z0-9_.-]+)["']\s*\)""")

# keys a template builds from a value (`_('unit.kind.' ~ unit.kind)`): every value the model allows
DYNAMIC_VALUES = {
    "unit.kind.": ("organisation", "division", "district", "group", "person"),
    "cascade.kind.": ("direct", "split", "contributing"),
    "cascade.combine.": ("sum", "weighted-mean"),
    "criteria.tier.": ("basic", "standard", "advanced"),
    "kpi.kind.": ("numeric", "milestone"),
    "kpi.direction.": ("higher", "lower"),
    "kpi.type.": ("quantity", "quality", "timeliness", "cost"),
    "kpi.level.": ("outcome", "output", "process"),
    "agreement.weighting.": ("weights", "importance"),
    "language.": ("th", "en"),
}


def _site_strings(lang: str) -> dict[str, str]:
    return yaml.safe_load((DEFAULT_THEME / "i18n" / f"site.{lang}.yaml").read_text("utf-8"))


def used_keys() -> set[str]:
    keys: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text("utf-8")
        keys |= set(STATIC_KEY.findall(text))
        for prefix in DYNAMIC_KEY.findall(text):
            assert prefix in DYNAMIC_VALUES, f"{template.name}: list the values of {prefix!r} in DYNAMIC_VALUES"
            keys |= {prefix + value for value in DYNAMIC_VALUES[prefix]}
    for module in SITE_CODE.glob("*.py"):
        keys |= set(PYTHON_KEY.findall(module.read_text("utf-8")))
    return keys


def test_thai_and_english_files_hold_the_same_keys() -> None:
    thai, english = _site_strings("th"), _site_strings("en")
    assert sorted(set(thai) ^ set(english)) == []
    assert [k for k, v in thai.items() if not str(v).strip()] == []


def test_every_key_the_site_uses_is_translated_in_both_languages() -> None:
    keys = used_keys()
    assert len(keys) > 100  # the scan found the templates
    for lang in ("th", "en"):
        assert sorted(keys - set(_site_strings(lang))) == [], lang


def test_no_translation_is_left_unused() -> None:
    assert sorted(set(_site_strings("en")) - used_keys()) == []


def test_parameters_match_between_languages() -> None:
    thai, english = _site_strings("th"), _site_strings("en")
    params = re.compile(r"{(\w+)}")
    differing = [k for k in english if set(params.findall(str(english[k]))) != set(params.findall(str(thai[k])))]
    assert differing == []


def test_a_user_theme_overrides_single_strings(tmp_path: Path) -> None:
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "site.th.yaml").write_text("nav.home: หน้าหลัก\n", "utf-8")
    strings = Translations.load([tmp_path, DEFAULT_THEME])
    assert strings.get("nav.home", "th") == "หน้าหลัก"
    assert strings.get("nav.cascade", "th") == "การถ่ายทอดตัวชี้วัด"
