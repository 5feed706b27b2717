"""The exports' indented JSON is `json.dumps(..., ensure_ascii=False, indent=2)` byte for byte."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.json_values import indented_json

LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner)
        | st.dictionaries(st.integers() | st.floats() | st.booleans() | st.none(), inner)
    ),
    max_leaves=30,
)


def standard(value: Any, depth: int) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


@settings(max_examples=500)
@given(VALUES, st.integers(min_value=0, max_value=4))
def test_indented_json_is_what_json_writes(value: Any, depth: int) -> None:
    assert indented_json(value, depth) == standard(value, depth)


def test_indented_json_of_an_export_item() -> None:
    item = {
        "unit": {"id": "u1", "kind": "district", "name": {"th": 'อำเภอ "หนึ่ง"\n', "en": ""}},
        "scores": [1, 2.5, -0.0, float("nan"), float("inf"), True, None],
        "empty": [{}, []],
    }
    assert indented_json(item, 2) == standard(item, 2)
    assert indented_json(item, 2).startswith('{\n      "unit": {\n        "id": "u1",')
