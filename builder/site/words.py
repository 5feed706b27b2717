"""Thai words, cut at build time with a dictionary: `newmm` (maximal matching over a Thai
word list, within Thai character clusters) as nlpO3 implements it in Rust, over PyThaiNLP's
word list (`pythainlp/corpus/words_th.txt`, some 62,000 words). nlpO3 is PyThaiNLP's own
port of its `newmm`; in Python the same cutting is 8 times slower (about 250 µs for a
KPI name on the development machine against 30 µs), which 50,000 names notice.

Thai puts no spaces between words, so a search that matches substrings finds "ความ"
inside "ความรู้" as readily as the word "ความสำเร็จ" itself. The search index therefore
carries where each title and text splits into words (`word_lengths`), and the words
that occur in it (`vocabulary`): the browser cuts a query with those words and ranks a
match that starts and ends on word boundaries above one inside a word
(`static/js/search.js`).

The cutting is cached per text (a cascaded KPI carries its superior's name, a goal's
name stands under each of its KPIs); text without Thai letters splits at spaces and
punctuation without the dictionary.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

_OTHER_TOKEN = re.compile(r"\s+|[^\w\s]|\w+")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")

# one character per word: its length + 32 (1..93 → "!".."}"); "~" stands for 93
# characters of a longer word that goes on (no boundary after them)
_CHUNK = 93


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """`text` cut into words, spaces and punctuation: the pieces join back into `text`."""
    if not _THAI_LETTER.search(text):
        return tuple(_OTHER_TOKEN.findall(text))
    import nlpo3

    pieces = tuple(nlpo3.segment(text, _dictionary()))
    return pieces if "".join(pieces) == text else (text,)


@lru_cache(maxsize=65536)
def word_lengths(text: str) -> str:
    """The lengths of `text`'s words in UTF-16 code units (what JavaScript indexes), one
    character each, for the search index (cached: a goal's name stands under each of
    its KPIs, a cascaded KPI carries its superior's name)."""
    pieces = words(text)
    if text.isascii() or max(text) < "\U00010000":  # every character one UTF-16 code unit
        lengths: Iterable[int] = map(len, pieces)
    else:
        lengths = (len(word.encode("utf-16-le")) // 2 for word in pieces)
    return "".join([_LENGTH_CHARS[n] if n <= _CHUNK else _long_length(n) for n in lengths])


_LENGTH_CHARS = tuple(chr(32 + n) for n in range(_CHUNK + 1))


def _long_length(length: int) -> str:
    out = []
    while length > _CHUNK:
        out.append("~")
        length -= _CHUNK
    out.append(chr(32 + length))
    return "".join(out)


def decode_lengths(encoded: str) -> list[int]:
    """Word boundaries (offsets, 0 first) from `word_lengths` (what search.js does)."""
    bounds, at = [0], 0
    for char in encoded:
        if char == "~":
            at += _CHUNK
        else:
            at += ord(char) - 32
            bounds.append(at)
    return bounds


def vocabulary(texts: Iterable[str]) -> list[str]:
    """The Thai words of `texts`, lower-cased, sorted: what a query is cut with."""
    return sorted(thai_words(texts))


def thai_words(texts: Iterable[str]) -> set[str]:
    """The Thai words of `texts`, lower-cased (of more than one letter)."""
    found: set[str] = set()
    for text in texts:
        found |= _thai_words_of(text)
    return found


@lru_cache(maxsize=65536)
def _thai_words_of(text: str) -> frozenset[str]:
    if not _THAI_LETTER.search(text):
        return frozenset()
    return frozenset(w.lower() for w in words(text) if len(w) > 1 and _THAI_LETTER.search(w))


@cache
def _dictionary() -> str:
    """The name under which PyThaiNLP's word list is loaded into nlpO3 (once a process).
    The list is read from the installed package without importing it (PyThaiNLP's
    import takes a second and may create a data folder in the home directory)."""
    import nlpo3

    spec = importlib.util.find_spec("pythainlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("PyThaiNLP is not installed: pip install pythainlp")
    path = Path(next(iter(spec.submodule_search_locations))) / "corpus" / "words_th.txt"
    nlpo3.load_dict(str(path), "pythainlp-words-th")
    return "pythainlp-words-th"
