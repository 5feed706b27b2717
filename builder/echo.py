"""Content made safe to echo on a terminal or in a CI annotation.

Content is untrusted: a key, a value or a file name can hold an escape sequence that
recolours or clears a terminal, a newline that starts a forged `path:1:1: error[...]`
line or a `::error` workflow command, or a bidirectional override that shows text in
another order than it is stored. Every output format (text, GitHub annotations, JSON,
the score table) passes what it echoes through `printable`, which shows those characters
as visible escapes (`\\x1b`, `\\n`, `\\u202e`) and leaves all other text, Thai included,
as it is.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL (ESC, CR, LF, TAB, CSI ...), the Unicode line and paragraph
# separators, and the bidirectional marks, embeddings, overrides and isolates
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every character that could forge or hide output shown as an escape."""
    return _UNSAFE.sub(_escape, text)


def github_data(text: str) -> str:
    """A GitHub workflow command's message (after `::`), already `printable`."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A GitHub workflow command's property value (`file=`, `title=`)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
