"""Files the site serves as they are: the themes' static files and the evidence files
that published results refer to."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from builder.emblem import emblem_digest, theme_emblem
from builder.evidence import EvidenceFinder, EvidenceRefused, copy_regular_file, output_path
from builder.model import Emblem
from builder.output import write_bytes
from builder.queries import Queries
from builder.site import urls
from builder.tree import FolderTree


def copy_theme_static(themes: Sequence[Path], target: Path) -> None:
    """Each theme's `static/` into `target`, the default theme first so user themes win."""
    for theme in reversed(themes):
        source = theme / "static"
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)


def write_emblems(queries: Queries, themes: Sequence[Path], stage: Path, only_missing: bool = False) -> str:
    """Write the emblem of the site header (the organisation's, checked; else the theme's)
    and every unit's own seal (its page shows it), each under its digest, once; with
    `only_missing`, only the seals not in `stage` yet (an output written in place: a
    staging folder may hold files of an earlier build, each written again or removed).
    The header's path from the site root, or "" when there is none."""
    written: set[str] = set()
    for unit_id in queries.content.units:
        seal = queries.own_seal(unit_id)
        if seal is None or emblem_path(seal) in written:
            continue
        written.add(emblem_path(seal))
        if not (only_missing and (stage / emblem_path(seal)).exists()):
            write_bytes(stage / emblem_path(seal), seal.data)
    emblem = queries.organisation_emblem or theme_emblem(themes)
    if emblem is None:
        return ""
    write_bytes(stage / emblem_path(emblem), emblem.data)
    return emblem_path(emblem)


def emblem_path(emblem: Emblem) -> str:
    """Where the site serves an emblem: under the digest of its bytes, from the site root."""
    return urls.emblem(emblem_digest(emblem), emblem.suffix)


def copy_evidence(
    queries: Queries, content_root: Path, stage: Path, files: dict[str, Path] | None = None, only_missing: bool = False
) -> int:
    """Copy the evidence files of published results (`files`, if already found) to
    `stage/evidence/<path>`; with `only_missing`, those not there yet (an output written
    in place)."""
    copied = 0
    for target, source in (files if files is not None else evidence_files(queries, content_root)).items():
        if not (only_missing and (stage / target).exists()):
            copy_regular_file(source, stage / target)
            copied += 1
    return copied


def evidence_files(queries: Queries, content_root: Path) -> dict[str, Path]:
    """Where each evidence file of published results goes in the output (relative to
    it), and the file it is copied from.

    Only what `builder.evidence.EvidenceFinder` accepts is copied, whatever a path says:
    `check` reports the others, and this keeps the output safe even without the check.
    """
    found: dict[str, Path] = {}
    finder = EvidenceFinder(FolderTree(content_root))
    for result_set in queries.content.results.values():
        owners = queries.evidence_owners(result_set.unit)
        for result in result_set.results:
            for evidence in result.evidence:
                try:
                    source = content_root.joinpath(*finder.find(evidence.path, owners))
                except EvidenceRefused:
                    continue
                found.setdefault(output_path(evidence.path), source)
    return found
