"""The argument parser, speaking the user's language.

Commands give help as catalogue ids (`help="help.check.strict"`,
`themes/default/catalogue/terminal.yaml`); the parser turns them into English or Thai when
help is shown. argparse's own words ("usage:", "invalid choice", ...) come from its
gettext calls, which `argparse_language` answers in Thai (the catalogue's `argparse.*`
entries) while the parser is built and used.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from builder.catalogue import default_catalogue

PROG = "kpibook"


class KeyHelpFormatter(argparse.HelpFormatter):
    """Help and descriptions given as text keys, shown in `lang`."""

    def __init__(self, prog: str, lang: str) -> None:
        super().__init__(prog, max_help_position=32)
        self.lang = lang

    def _get_help_string(self, action: argparse.Action) -> str:
        return self.translate(action.help or "")

    def add_text(self, text: str | None) -> None:
        super().add_text(self.translate(text) if text else text)

    def start_section(self, heading: str | None) -> None:
        super().start_section(self.translate(heading) if heading else heading)

    def translate(self, key: str) -> str:
        # argparse's own help (-h) is already text; %-signs in ours are literal
        words = default_catalogue()
        return words.text(key, self.lang).replace("%", "%%") if key in words else key


class KpibookParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        self.lang = lang
        super().__init__(*args, **kwargs)

    def _get_formatter(self) -> argparse.HelpFormatter:
        return KeyHelpFormatter(self.prog, self.lang)

    def add_subparsers(self, **kwargs: Any) -> Any:  # argparse types this loosely too
        kwargs.setdefault("parser_class", partial(KpibookParser, lang=self.lang))
        return super().add_subparsers(**kwargs)


def make_parser(lang: str) -> KpibookParser:
    """The top-level parser; build and use it inside `argparse_language(lang)`."""
    return KpibookParser(prog=PROG, description="help.program", lang=lang)


@contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """argparse's gettext calls answer in `lang` while this is open."""
    if lang != "th":
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    in_thai = argparse_thai()

    def thai(message: str) -> str:
        return in_thai.get(message, message)

    def thai_plural(singular: str, plural: str, n: int) -> str:
        return thai(singular if n == 1 else plural)

    argparse._, argparse.ngettext = thai, thai_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def argparse_thai() -> dict[str, str]:
    """argparse's gettext message → its Thai, from the catalogue's `argparse.*` entries."""
    words = default_catalogue()
    return {words.text(key, "en"): words.text(key, "th") for key in words if key.startswith("argparse.")}


def date_type(lang: str) -> Any:
    """An argparse `type=` reading YYYY-MM-DD, its error in `lang`."""

    def date(value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(default_catalogue().text("usage.not-a-date", lang, value=value)) from None

    return date
