"""The faces the PDFs are set in: Sarabun, the face of official Thai documents, embedded
from the theme's `static/fonts/` so that nothing depends on fonts installed on the machine.

The @font-face rules are generated (not written in print.css) because a user theme may
override print.css without shipping fonts: each face is looked up through the themes in
order, and the rules point at the file found, by file URL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FAMILY = "Sarabun"


@dataclass(frozen=True, slots=True)
class Face:
    file: str  # file name in static/fonts/
    weight: int
    style: str


FACES = (
    Face("Sarabun-Regular.ttf", 400, "normal"),
    Face("Sarabun-Bold.ttf", 700, "normal"),
    Face("Sarabun-Italic.ttf", 400, "italic"),
    Face("Sarabun-BoldItalic.ttf", 700, "italic"),
)


class FontMissing(FileNotFoundError):
    """A face of the print font is in none of the themes."""


def face_path(themes: Sequence[Path], face: Face) -> Path:
    for theme in themes:
        path = theme / "static" / "fonts" / face.file
        if path.is_file():
            return path.resolve()
    searched = ", ".join(str(theme / "static" / "fonts") for theme in themes)
    raise FontMissing(f"font {face.file} is in none of: {searched}")


def font_face_css(themes: Sequence[Path]) -> str:
    """@font-face rules for every face, with file URLs."""
    rules = []
    for face in FACES:
        url = face_path(themes, face).as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; src: url("{url}") format("truetype"); '
            f"font-weight: {face.weight}; font-style: {face.style}; }}"
        )
    return "\n".join(rules)


def fonts_digest(themes: Sequence[Path]) -> str:
    """Changes when any face file changes (part of every cache key)."""
    digest = hashlib.sha256()
    for face in FACES:
        path = face_path(themes, face)
        digest.update(face.file.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
