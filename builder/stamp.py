"""The revision a build came from, as every output shows it: the site's footer, the
handbook's cover and footer, each agreement's footer and the JSON export.

A stamp names the commit (and its date, shown in the Buddhist Era in Thai) and says
whether the content had uncommitted changes; without git it carries the text given with
`--revision`. It holds no build time unless one was asked for (`--build-date`), so two
builds of one commit are byte-identical. Pure data; `builder.stamping` works it out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Stamp:
    commit: str | None = None  # the full hash of the commit built
    date: str | None = None  # ISO date: the commit's (its own time zone), else SOURCE_DATE_EPOCH's
    dirty: bool = False  # the content (or a theme in the repository) had uncommitted changes
    text: str | None = None  # `--revision TEXT`: names the revision instead of a commit
    built: str | None = None  # ISO date of the build; only with `--build-date`

    @property
    def revision(self) -> str:
        """What an output names: the given text, else the commit's first 12 characters."""
        if self.text:
            return self.text
        return self.commit[:12] if self.commit else ""

    def __bool__(self) -> bool:
        return bool(self.revision or self.date or self.built)
