"""Two parts of a rebuild at once (`builder.alongside`): the forked part writes its files
and returns a count; whatever goes wrong in the fork, the part is done again here."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from builder import alongside as alongside_module
from builder.alongside import alongside


def test_both_parts_run_the_forked_one_in_another_process(tmp_path: Path) -> None:
    here = os.getpid()

    def unit_pages() -> int:
        (tmp_path / "unit.html").write_text(str(os.getpid()))
        return 90

    def organisation_pages() -> str:
        (tmp_path / "owed.html").write_text("owed")
        return "written"

    pages, done = alongside(unit_pages, organisation_pages)
    assert (pages, done) == (90, "written")
    assert int((tmp_path / "unit.html").read_text()) != here
    assert (tmp_path / "owed.html").read_text() == "owed"


def test_what_the_fork_changes_in_memory_stays_in_the_fork() -> None:
    kept: dict[str, int] = {}

    def forked() -> int:
        kept["forked"] = 1
        return 1

    alongside(forked, lambda: kept.setdefault("here", 2))
    assert kept == {"here": 2}


def test_a_part_that_fails_in_the_fork_is_done_again_here() -> None:
    here = os.getpid()
    ran_in: list[int] = []

    def forked() -> str:
        if os.getpid() != here:
            raise OSError("the fork could not write")
        ran_in.append(os.getpid())
        return "pages"

    assert alongside(forked, lambda: None) == ("pages", None)
    assert ran_in == [here]


def test_an_error_of_the_forked_part_is_raised_here() -> None:
    def forked() -> int:
        raise ValueError("a page template is broken")

    with pytest.raises(ValueError, match="template is broken"):
        alongside(forked, lambda: None)


def test_an_error_here_ends_the_fork_and_is_raised(tmp_path: Path) -> None:
    def forked() -> int:
        import time

        time.sleep(30)
        (tmp_path / "late.html").write_text("too late")
        return 1

    def here() -> None:
        raise KeyError("unit")

    with pytest.raises(KeyError):
        alongside(forked, here)
    assert not (tmp_path / "late.html").exists()


def test_a_result_too_large_to_send_back_is_made_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(alongside_module, "_MAX_RESULT", 10)
    here = os.getpid()
    assert alongside(lambda: [os.getpid()] * 100, lambda: None)[0] == [here] * 100


def test_without_fork_both_parts_run_here() -> None:
    here = os.getpid()
    assert alongside(os.getpid, os.getpid, fork=False) == (here, here)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="progress is read from /proc")
def test_a_fork_stuck_on_a_lock_another_thread_held_is_ended_and_its_part_done_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # serve forks while its server thread runs: a lock that thread held at the fork stays
    # held in the fork for ever
    monkeypatch.setattr(alongside_module, "STALL_SECONDS", 1.0)
    log = threading.Lock()
    holding, forked_meanwhile = threading.Event(), threading.Event()

    def server() -> None:
        with log:
            holding.set()
            forked_meanwhile.wait(5)

    thread = threading.Thread(target=server)
    thread.start()
    holding.wait(5)
    here = os.getpid()

    def unit_pages() -> int:
        with log:
            return os.getpid()

    def organisation_pages() -> None:
        forked_meanwhile.set()
        thread.join()

    started = time.monotonic()
    assert alongside(unit_pages, organisation_pages) == (here, None)
    assert time.monotonic() - started < 10


def test_a_fork_that_works_long_is_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(alongside_module, "STALL_SECONDS", 0.5)
    here = os.getpid()

    def busy() -> int:
        deadline = time.monotonic() + 2  # using CPU for four times the stall limit
        while time.monotonic() < deadline:
            sum(range(1000))
        return os.getpid()

    assert alongside(busy, lambda: None)[0] != here
