"""Files the site serves as they are: the themes' static files and the evidence files
that published results refer to."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from builder.model import Content
from builder.site.links import evidence_path


def copy_theme_static(themes: Sequence[Path], target: Path) -> None:
    """Each theme's `static/` into `target`, the default theme first so user themes win."""
    for theme in reversed(themes):
        source = theme / "static"
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)


def copy_evidence(content: Content, content_root: Path, stage: Path) -> int:
    """Copy the evidence files of published results to `stage/evidence/<path>`.

    Only files inside the content tree are copied, whatever a path says: `build.py check`
    reports the others, and this guard keeps the output safe even without the check.
    """
    root = content_root.resolve()
    copied = 0
    for result_set in content.results.values():
        for result in result_set.results:
            for evidence in result.evidence:
                relative = evidence_path(evidence.path)
                source = (root / relative.removeprefix("evidence/")).resolve()
                if not source.is_relative_to(root) or not source.is_file() or relative.startswith("evidence/.."):
                    continue
                target = stage / relative
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)
                    copied += 1
    return copied
