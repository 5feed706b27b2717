"""Thai text: grapheme clusters, widths and line breaking, in one place.

Every output that handles Thai by itself asks here: the strategy map's SVG (which cannot
wrap) and the search index's snippets (`builder/site`), the terminal scorecard
(`builder/scorecard_table.py`), and the WeasyPrint seams of the PDFs (`builder/pdf`).

Clusters. A grapheme cluster is a letter with what attaches to it: combining marks
(vowels above and below, tone marks) and SARA AM, a spacing letter that HarfBuzz shapes
with the tone mark before it (`attaches_to_previous`, `grapheme_clusters`).

Widths. Combining marks and format characters take no room (`is_zero_width`); on a
terminal, East Asian wide characters take two columns (`columns`, `display_width`).

Line breaking. Thai is written without spaces between words, so breaking only at spaces
leaves a whole Thai sentence on one line. Break opportunities come in three qualities,
and a line ends at the last opportunity of the best quality that still fits:

  WORD      between words: Pango's line-break analysis (libthai's Thai dictionary, the
            same breaks WeasyPrint makes in the PDFs) when Pango can be loaded, else at
            spaces only;
  SYLLABLE  a dictionary-free guess at Thai syllable ends (before a leading vowel, after
            SARA A, SARA AM, THANTHAKHAT, MAIYAMOK), used inside words too long for a line;
  CLUSTER   any boundary between grapheme clusters: never between a consonant and its
            combining vowels and tone marks, never after a leading vowel, never before
            SARA A / SARA AA / SARA AM, never between MAI HAN-AKAT or MAITAIKHU and the
            final consonant they need, never inside a Latin word or a number — the last
            resort.

A break never drops or reorders characters: the lines are consecutive slices of the
text, with the whitespace at each break left out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, cast

WORD, SYLLABLE, CLUSTER = 3, 2, 1

CharWidth = Callable[[str], float]

THAI_COMBINING = frozenset(
    "\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F)))
)
LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")  # เ แ โ ใ ไ
# SARA A, SARA AA, SARA AM, LAKKHANGYAO, MAIYAMOK, PAIYANNOI: they belong to what precedes them
NO_BREAK_BEFORE = frozenset("\u0e30\u0e32\u0e33\u0e45\u0e46\u0e2f") | THAI_COMBINING
# MAI HAN-AKAT and MAITAIKHU always need a final consonant: never break right after them
NEEDS_FINAL = frozenset("\u0e31\u0e47")
TONE_MARKS = frozenset("\u0e48\u0e49\u0e4a\u0e4b")
# SARA A, SARA AM, THANTHAKHAT, MAIYAMOK: a Thai syllable very likely ends after them
SYLLABLE_END = frozenset("\u0e30\u0e33\u0e4c\u0e46")
CLOSING = frozenset(")]}»”’.,;:!?%")
OPENING = frozenset("([{«“‘")
# SARA AM (Thai, Lao) is a spacing letter whose NIKHAHIT part sits on the previous letter
ATTACHING_LETTERS = frozenset("\u0e33\u0eb3")


# -- clusters and widths ---------------------------------------------------------------


def attaches_to_previous(char: str) -> bool:
    """Whether `char` belongs to the grapheme cluster of the character before it."""
    return char in ATTACHING_LETTERS or unicodedata.category(char).startswith("M")


def grapheme_clusters(text: str) -> list[str]:
    """`text` as letters with the marks that attach to them."""
    clusters: list[str] = []
    for char in text:
        if clusters and attaches_to_previous(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def is_zero_width(char: str) -> bool:
    """Combining marks and format characters (zero-width space, joiners) take no room."""
    return unicodedata.combining(char) != 0 or unicodedata.category(char) in ("Mn", "Me", "Cf")


def columns(char: str) -> int:
    """Terminal columns of one character: 0 for a mark, 2 for a wide (CJK) character."""
    if is_zero_width(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns of a text: Thai vowel and tone marks take none of their own."""
    return sum(columns(char) for char in text)


# -- line breaking ---------------------------------------------------------------------


def wrap(
    text: str, max_width: float, char_width: CharWidth, dictionary: bool = True, later_width: float | None = None
) -> list[str]:
    """The lines of `text` (whitespace collapsed), each as wide as `max_width` at most
    (the lines after the first: `later_width`, when given) unless a single grapheme
    cluster is wider. `dictionary=False` uses no word list."""
    text = " ".join(text.split())
    widths = list(map(char_width, text))
    qualities = _break_qualities(text, dictionary)
    lines: list[str] = []
    start = 0
    while start < len(text):
        room = max_width if not lines or later_width is None else later_width
        end = _line_end(text, start, room, widths, qualities)
        lines.append(text[start:end].rstrip(" "))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    return lines


def truncate(text: str, max_width: float, char_width: CharWidth, ellipsis: str = "…") -> str:
    """`text` as one line: whole if it fits, else cut at a cluster boundary plus `ellipsis`."""
    text = " ".join(text.split())
    if sum(map(char_width, text)) <= max_width:
        return text
    room = max_width - sum(map(char_width, ellipsis))
    used, cut = 0.0, 0
    for index, char in enumerate(text):
        if index > 0 and _may_cut(text, index):
            cut = index
        used += char_width(char)
        if used > room:
            break
    return text[:cut].rstrip(" ") + ellipsis


def _may_cut(text: str, index: int) -> bool:
    """May a truncated line end before `text[index]`: between two grapheme clusters (a
    Thai mark stays on its letter, a leading vowel with the letter after it), in a Thai
    word or a Latin one alike."""
    return not attaches_to_previous(text[index]) and text[index - 1] not in LEADING_VOWELS


def break_qualities(text: str, dictionary: bool = True) -> dict[int, int]:
    """Index -> quality of a line break before `text[index]` (only where one is allowed)."""
    return dict(_break_qualities(text, dictionary))


@lru_cache(maxsize=4096)
def _break_qualities(text: str, dictionary: bool) -> Mapping[int, int]:
    """`break_qualities`, kept for the next wrap of the same text (a map's names are
    wrapped for its wide and its phone drawing, a perspective's name on every map);
    read only."""
    qualities: dict[int, int] = {}
    for index in range(1, len(text)):
        if text[index - 1] == " " and text[index] != " ":
            qualities[index] = WORD
        elif is_cluster_boundary(text, index):
            qualities[index] = SYLLABLE if _starts_syllable(text, index) else CLUSTER
    for index in _dictionary_word_starts(text) if dictionary else ():
        if index in qualities:
            qualities[index] = WORD
    return qualities


def is_cluster_boundary(text: str, index: int) -> bool:
    """May a line end between `text[index - 1]` and `text[index]`?"""
    before, after = text[index - 1], text[index]
    if after in NO_BREAK_BEFORE or attaches_to_previous(after):
        return False
    if before in LEADING_VOWELS or before in OPENING or after in CLOSING:
        return False
    if before in NEEDS_FINAL or (before in TONE_MARKS and index >= 2 and text[index - 2] in NEEDS_FINAL):
        return False
    if before == " " or after == " " or after in "\u200d\u2060" or before in "\u200d\u2060":
        return False  # spaces are WORD breaks (after the space); joiners glue
    return not (_is_word_char(before) and _is_word_char(after))


def _is_word_char(char: str) -> bool:
    """Letters and digits of scripts written with spaces (Latin, digits): never split."""
    return ((char.isalnum() or char in "-'’") and not _is_thai(char)) or char.isdigit()


def _is_thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"


def _starts_syllable(text: str, index: int) -> bool:
    before, after = text[index - 1], text[index]
    if after in LEADING_VOWELS or before in SYLLABLE_END:
        return True
    return _is_thai(before) != _is_thai(after)  # a change of script


def _line_end(text: str, start: int, max_width: float, widths: list[float], qualities: Mapping[int, int]) -> int:
    """Where the line that begins at `start` ends: the best-quality break that fits."""
    best: dict[int, int] = {}
    used = trailing_spaces = 0.0
    for index in range(start, len(text)):
        if index > start and index in qualities:
            best[qualities[index]] = index
        used += widths[index]
        trailing_spaces = trailing_spaces + widths[index] if text[index] == " " else 0.0
        if used - trailing_spaces > max_width:  # spaces at a line's end take no room
            break
    else:
        return len(text)
    for quality in (WORD, SYLLABLE, CLUSTER):
        if quality in best:
            return best[quality]
    return _next_boundary(text, start, qualities)  # one cluster wider than the line


def _next_boundary(text: str, start: int, qualities: Mapping[int, int]) -> int:
    return next((index for index in range(start + 1, len(text)) if index in qualities), len(text))


def _dictionary_word_starts(text: str) -> list[int]:
    """Line-break opportunities from Pango (libthai for Thai), or none if unavailable."""
    if not any(_is_thai(char) for char in text):
        return []
    return list(_pango_breaks(text))


@lru_cache(maxsize=4096)
def _pango_breaks(text: str) -> tuple[int, ...]:
    log_attrs = _pango_log_attrs()
    if log_attrs is None:
        return ()
    attrs = log_attrs(text, "th")
    return tuple(index for index in range(1, len(text)) if attrs[index].is_line_break)


def load_line_breaker() -> None:
    """Load Pango now (WeasyPrint's binding), e.g. once before forking workers that wrap
    Thai text, rather than once in each of them."""
    _pango_log_attrs()


@lru_cache(maxsize=1)
def _pango_log_attrs() -> Callable[[str, str], Any] | None:
    # WeasyPrint (a pinned dependency) already binds Pango; without it, or without the
    # system's Pango, lines break at syllable guesses instead of dictionary words
    try:
        from weasyprint.text.line_break import get_log_attrs
    except Exception:  # ImportError, or OSError when the Pango library cannot be loaded
        return None
    return cast("Callable[[str, str], Any]", get_log_attrs)
