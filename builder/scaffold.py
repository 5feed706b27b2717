"""A new office repository from the skeleton in `builder/skeleton/`.

`common/` holds the files of every new repository, `th/` and `en/` the ones written in
the chosen language (the README). In file names and texts `$name` is replaced by the
values given (`$$` is a dollar sign); a file name starting with `dot-` is written with a
leading dot (a `.gitignore` in the skeleton would apply to this repository itself).
The schemas are copied into `schemas/`, where the editor settings point.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from string import Template

from builder.diagnostics import UsageError
from builder.resources import PACKAGE_DIR, SCHEMA_DIR

SKELETON = PACKAGE_DIR / "skeleton"
CONTENT_SCHEMAS = {
    f"{kind}.schema.json"
    for kind in (
        "common",
        "site",
        "unit",
        "kpis",
        "agreement",
        "results",
        "closure",
        "plans",
        "calendar",
        "initiatives",
    )
}


@dataclass(frozen=True)
class NewProject:
    folder: Path
    lang: str  # th or en: the README's language and the site's first language
    unit: str  # id of the organisation unit
    today: dt.date


def fiscal_year_of(day: dt.date) -> int:
    """The Buddhist Era fiscal year a day falls in (1 October – 30 September)."""
    return day.year + 543 + (1 if day.month >= 10 else 0)


def values(project: NewProject) -> dict[str, str]:
    year = fiscal_year_of(project.today)
    return {
        "unit": project.unit,
        "year": str(year),
        "signed_on": dt.date(year - 544, 10, 1).isoformat(),  # the first day of the year
        "languages": "[th, en]" if project.lang == "th" else "[en, th]",
        "org_th": "ส่วนราชการตัวอย่าง",
        "org_en": "Example Agency",
        "install": f"kpibook=={tool_version()}",
    }


def tool_version() -> str:
    try:
        return version("kpibook")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


def skeleton_files(lang: str) -> Iterator[tuple[Path, Path]]:
    """(file in the skeleton, path in the new repository, not yet filled in)."""
    for part in ("common", lang):
        base = SKELETON / part
        for file in sorted(base.rglob("*")):
            if file.is_file():
                relative = Path(*(_undot(p) for p in file.relative_to(base).parts))
                yield file, relative


def _undot(name: str) -> str:
    return "." + name[len("dot-") :] if name.startswith("dot-") else name


def create(project: NewProject) -> list[Path]:
    """Write the new repository; returns the files written, relative to its folder."""
    folder = project.folder
    if folder.exists() and any(folder.iterdir()):
        raise UsageError("usage.init-not-empty", folder=folder)
    fill = values(project)
    planned = [(source, Path(Template(str(rel)).substitute(fill))) for source, rel in skeleton_files(project.lang)]
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for source, relative in planned:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(source.read_text("utf-8")).substitute(fill), encoding="utf-8")
        written.append(relative)
    (folder / "schemas").mkdir(exist_ok=True)
    for schema in sorted(SCHEMA_DIR.glob("*.schema.json")):
        if schema.name in CONTENT_SCHEMAS:
            shutil.copyfile(schema, folder / "schemas" / schema.name)
            written.append(Path("schemas", schema.name))
    return written
