"""UI strings from translation files: `themes/<theme>/i18n/*.<lang>.yaml`, merged, the
first theme winning. A missing key falls back to English, then to the key itself (and
`tests/test_i18n.py` fails when a template uses a key that a language lacks)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml


class Translations:
    def __init__(self, strings: dict[str, dict[str, str]]) -> None:
        self.strings = strings  # lang -> key -> text

    @classmethod
    def load(cls, themes: Sequence[Path]) -> Translations:
        strings: dict[str, dict[str, str]] = {}
        for theme in reversed(themes):  # later (default) first, so overrides win
            for file in sorted((theme / "i18n").glob("*.yaml")):
                lang = file.name.split(".")[-2]
                data = yaml.load(file.read_text("utf-8"), Loader=yaml.CSafeLoader) or {}
                strings.setdefault(lang, {}).update({str(k): str(v) for k, v in data.items()})
        return cls(strings)

    def get(self, key: str, lang: str, **params: object) -> str:
        text = self.strings.get(lang, {}).get(key) or self.strings.get("en", {}).get(key) or key
        return text.format(**params) if params else text
