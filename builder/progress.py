"""Progress of a long build: stages and counts (units, PDF documents done of total,
elapsed), and warnings as soon as the check has found them.

The pipeline reports through the module functions (`stage`, `advance`, `checked`); the
command decides who listens (`reporting(reporter)`): a live display on a terminal
(`LiveReporter`, rich), plain lines at most every few seconds in a CI log (`LogReporter`),
or nobody (the default, and `--quiet`). Only the parent process reports: work shared out
to worker processes is counted as the parent collects it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TextIO

from builder.catalogue import Catalogue
from builder.diagnostics import Diagnostics, format_report

LOG_EVERY = 5.0  # seconds between plain progress lines


class Reporter(Protocol):
    shown: Any  # ids of the diagnostics already printed

    def stage(self, name: str, total: int | None) -> None: ...
    def advance(self, count: int) -> None: ...
    def checked(self, diags: Diagnostics) -> None: ...
    def close(self) -> None: ...


class NullReporter:
    shown: frozenset[int] = frozenset()  # ids of the diagnostics already printed

    def stage(self, name: str, total: int | None) -> None:
        pass

    def advance(self, count: int) -> None:
        pass

    def checked(self, diags: Diagnostics) -> None:
        pass

    def close(self) -> None:
        pass


_NOBODY = NullReporter()
_current: ContextVar[Reporter | None] = ContextVar("kpibook_progress", default=None)


def _listener() -> Reporter:
    return _current.get() or _NOBODY


def stage(name: str, total: int | None = None) -> None:
    """A stage begins: `name` is a catalogue id (`progress.site`)."""
    _listener().stage(name, total)


def advance(count: int = 1) -> None:
    _listener().advance(count)


def checked(diags: Diagnostics) -> None:
    """The content is checked: its warnings are known now, before anything is rendered."""
    _listener().checked(diags)


@contextmanager
def reporting(reporter: Reporter) -> Iterator[Reporter]:
    token = _current.set(reporter)
    try:
        yield reporter
    finally:
        reporter.close()
        _current.reset(token)


class _Counting:
    """Shared by both reporters: the current stage, its counts, the time, the warnings."""

    def __init__(self, lang: str, words: Catalogue, stream: TextIO) -> None:
        self.lang, self.words, self.stream = lang, words, stream
        self.started = time.monotonic()
        self.name: str | None = None
        self.done = 0
        self.total: int | None = None
        self.shown: set[int] = set()  # diagnostics already printed

    def checked(self, diags: Diagnostics) -> None:
        if diags.items:
            self.print(format_report(diags, "text", self.lang, self.words).rsplit("\n", 1)[0])
        self.shown = {id(d) for d in diags.items}

    def elapsed(self) -> str:
        return f"{time.monotonic() - self.started:.1f}"

    def line(self) -> str:
        counts = f" {self.done}/{self.total}" if self.total is not None else ""
        label = self.words.text(self.name, self.lang) if self.name else ""
        return self.words.text("progress.line", self.lang, stage=label, counts=counts, seconds=self.elapsed())

    def print(self, message: str) -> None:
        print(message, file=self.stream, flush=True)


class LogReporter(_Counting):
    """Plain lines for a CI log: each stage as it starts, then its count every few seconds."""

    def __init__(self, lang: str, words: Catalogue, stream: TextIO = sys.stderr) -> None:
        super().__init__(lang, words, stream)
        self.last = 0.0

    def stage(self, name: str, total: int | None) -> None:
        self.name, self.done, self.total = name, 0, total
        self.last = time.monotonic()
        self.print(self.line())

    def advance(self, count: int) -> None:
        self.done += count
        if time.monotonic() - self.last >= LOG_EVERY:
            self.last = time.monotonic()
            self.print(self.line())

    def close(self) -> None:
        pass


class LiveReporter(_Counting):
    """A live line on a terminal (rich), redrawn as the counts move."""

    def __init__(self, lang: str, words: Catalogue, stream: TextIO = sys.stderr) -> None:
        super().__init__(lang, words, stream)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(file=stream)
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.task: Any = None
        self.bar.start()

    def stage(self, name: str, total: int | None) -> None:
        if self.task is not None:
            self.bar.remove_task(self.task)
        self.name, self.done, self.total = name, 0, total
        self.task = self.bar.add_task(self.words.text(name, self.lang), total=total)

    def advance(self, count: int) -> None:
        self.done += count
        if self.task is not None:
            self.bar.advance(self.task, count)

    def print(self, message: str) -> None:
        self.bar.console.print(message, markup=False, highlight=False, soft_wrap=True)

    def close(self) -> None:
        self.bar.stop()


def reporter_for(stream: TextIO, lang: str, words: Catalogue, quiet: bool) -> Reporter:
    """Live on a terminal, plain lines elsewhere (CI), nothing with --quiet."""
    if quiet:
        return NullReporter()
    return LiveReporter(lang, words, stream) if stream.isatty() else LogReporter(lang, words, stream)
