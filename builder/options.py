"""What a run was asked to do, as given on the command line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_THEME = PROJECT_ROOT / "themes" / "default"


@dataclass(frozen=True)
class BuildOptions:
    content: Path = PROJECT_ROOT / "content"
    out: Path = PROJECT_ROOT / "output"
    lang: str | None = None  # None: the site's first language
    today: dt.date = field(default_factory=dt.date.today)
    themes: tuple[Path, ...] = (DEFAULT_THEME,)  # searched in order; the default theme last
    unit: str | None = None  # build the handbook for this subtree only
    pdf: bool = True
    jobs: int = 0  # 0: one per core
    cache: Path | None = None  # PDF cache folder; None: <out>/../.kpibook-cache

    @property
    def cache_dir(self) -> Path:
        return self.cache or self.out.resolve().parent / ".kpibook-cache"
