"""Working out a build's stamp (`builder.stamp.Stamp`): an adapter the pipeline calls.

In order: the text given with `--revision` (or the `KPIBOOK_REVISION` variable, so that
a test or a golden-output run can pin it); else the commit checked out in the repository
holding the content, its committer date, and whether the content, `kpibook.toml` or a
theme folder inside the repository has uncommitted changes (untracked files included);
else nothing. `SOURCE_DATE_EPOCH` (reproducible-builds.org) dates a stamp that has no
commit, and is the build date when one is asked for (`--build-date`); no output carries
the time of the build otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from builder.diagnostics import UsageError
from builder.gitrepo import GitError, Repository
from builder.stamp import Stamp

REVISION_VARIABLE = "KPIBOOK_REVISION"


def resolve_stamp(
    content: Path,
    themes: Sequence[Path] = (),
    revision: str | None = None,
    build_date: bool = False,
    environ: Mapping[str, str] | None = None,
    today: dt.date | None = None,
) -> Stamp:
    environ = os.environ if environ is None else environ
    epoch = source_date(environ)
    built = (epoch or (today or dt.date.today()).isoformat()) if build_date else None
    text = revision or environ.get(REVISION_VARIABLE) or None
    if text:
        return Stamp(text=text, date=epoch, built=built)
    repo = Repository.around(content)
    if repo is not None:
        watched = [content, *_inside(repo, [*themes, content.parent / "kpibook.toml"])]
        try:
            found = repo.revision(watched)
        except GitError:  # a repository without a commit yet
            return Stamp(date=epoch, built=built)
        return Stamp(found.commit, found.committed.date().isoformat(), found.dirty, built=built)
    return Stamp(date=epoch, built=built)


def source_date(environ: Mapping[str, str]) -> str | None:
    """The date of `SOURCE_DATE_EPOCH` (seconds since 1970, UTC), if set."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UsageError("usage.source-date-epoch", value=value)
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC).date().isoformat()


def _inside(repo: Repository, paths: Sequence[Path]) -> list[Path]:
    found = []
    for path in paths:
        try:
            repo.inside(path)
        except GitError:
            continue
        if path.exists():
            found.append(path)
    return found
