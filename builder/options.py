"""What a run was asked to do, as given on the command line."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from builder.resources import DEFAULT_THEME
from builder.stamp import Stamp


def today() -> dt.date:
    """The date a run takes as today: `SOURCE_DATE_EPOCH` when set (the reproducible-builds
    convention, so a rebuild of the same content gives the same bytes), else the clock's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


BOOK_UNITS = 1000  # a handbook of more units is split into books (`builder/pdf/books.py`)


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    out: Path | None = None  # where `build` writes; `check` and `score` need none
    lang: str | None = None  # None: the site's first language
    today: dt.date = field(default_factory=today)
    themes: tuple[Path, ...] = (DEFAULT_THEME,)  # searched in order; the default theme last
    unit: str | None = None  # build the handbook for this subtree only
    book_units: int = BOOK_UNITS  # a handbook of more units is split into one book per subtree (0: never)
    pdf: bool = True
    jobs: int = 0  # 0: one per core
    executor: str | None = None  # `--executor dask://HOST:PORT`: lay out and render on that Dask cluster
    cache: Path | None = None  # PDF cache folder; None: <out>/../.kpibook-cache
    revision: str | None = None  # `--revision`: the text outputs are stamped with instead of the commit
    build_date: bool = False  # `--build-date`: stamp outputs with the date of the build too
    stamp: Stamp | None = None  # the revision outputs carry; worked out by the pipeline when None
    spare: bool = True  # keep the replaced output for the next build to write over (`builder/output.py`)

    @property
    def stamped(self) -> Stamp:
        """The stamp outputs carry (the pipeline sets it; a renderer called alone gets none)."""
        return self.stamp if self.stamp is not None else Stamp()

    @property
    def out_dir(self) -> Path:
        if self.out is None:
            raise ValueError("BuildOptions.out is needed to write a build")
        return self.out

    @property
    def cache_dir(self) -> Path:
        return self.cache or self.out_dir.resolve().parent / ".kpibook-cache"
