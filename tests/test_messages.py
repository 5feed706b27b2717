"""Every diagnostic code the code base can emit has an English and a Thai message."""

from __future__ import annotations

import re
import string
from pathlib import Path

from builder.messages import MESSAGES

BUILDER = Path(__file__).resolve().parent.parent / "builder"
CODE = re.compile(r"""\.(?:error|warning)\(\s*["']([a-z0-9.-]+)["']""")


def codes_in_source() -> set[str]:
    found: set[str] = set()
    for file in BUILDER.rglob("*.py"):
        found.update(CODE.findall(file.read_text("utf-8")))
    return found


def test_every_emitted_code_has_messages() -> None:
    assert codes_in_source() - set(MESSAGES) == set()


def test_every_message_has_english_and_thai_with_the_same_fields() -> None:
    fields = string.Formatter()
    for code, (english, thai) in MESSAGES.items():
        assert english and thai, code
        assert re.search(r"[\u0e00-\u0e7f]", thai), f"{code}: Thai message has no Thai"
        names_en = {f for _, f, _, _ in fields.parse(english) if f}
        names_th = {f for _, f, _, _ in fields.parse(thai) if f}
        assert names_en == names_th, code


def test_codes_are_stable_dotted_names() -> None:
    assert all(re.fullmatch(r"[a-z]+\.[a-z0-9-]+", code) for code in MESSAGES)
