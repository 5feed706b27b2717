"""Where the tool's own files are: the JSON Schemas and the default theme.

In a checkout they are the top-level `schemas/` and `themes/` folders; an installed wheel
carries copies of them inside the package (`builder/data/`, put there when the wheel is
built, see `pyproject.toml`). Both are read, never written: a run writes only into the
project it was given.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DIR = PACKAGE_DIR / "data"


def _tool_folder(name: str) -> Path:
    bundled = BUNDLED_DIR / name
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent / name


SCHEMA_DIR = _tool_folder("schemas")
THEMES_DIR = _tool_folder("themes")
DEFAULT_THEME = THEMES_DIR / "default"
