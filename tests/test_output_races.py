"""Builds that are killed or run at the same time leave a whole output and nothing else.

A killed build's staging folder is removed by the next build, or kept as the spare it
stages into (`tests/test_output_spare.py`); a build killed between the two renames of the
swap gets its previous output back on the next run; two builds into
one output folder take turns (a lock on the folder it lives in); killing a build's main process ends its
worker processes.
"""

from __future__ import annotations

import fcntl
import io
import os
import signal
import subprocess
import sys
import time
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from contenttree import ContentTree

from builder.cli import main
from builder.output import staged_output

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    tree = ContentTree(tmp_path / "content")
    tree.write()
    return tree


def build(tree: ContentTree, out: Path, *extra: str) -> subprocess.Popen[str]:
    args = ["build", "--content", str(tree.root), "--out", str(out), "--lang", "en", "--no-pdf", *extra]
    return subprocess.Popen(
        [sys.executable, "build.py", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def build_here(tree: ContentTree, out: Path) -> int:
    """The same build in this process (no interpreter to start)."""
    with redirect_stderr(io.StringIO()):
        return main(["build", "--content", str(tree.root), "--out", str(out), "--lang", "en", "--no-pdf"])


def beside(out: Path) -> list[str]:
    """What lies beside the output folder."""
    return sorted(p.name for p in out.parent.iterdir())


def test_the_next_build_removes_staging_folders_of_killed_builds(tree: ContentTree, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for leftover in (".out.building-abc123", ".out.building-def456", ".out.old-4242"):
        (tmp_path / leftover / "unit").mkdir(parents=True)
        (tmp_path / leftover / "unit" / "index.html").write_text("half a site")
    assert build_here(tree, out) == 0
    # the old output went back in place and was replaced: it is the spare; a staging folder was
    # written over, the other removed
    assert beside(out) == [".out.spare", "content", "out"]
    assert not (out / "unit").exists()


def test_a_swap_interrupted_between_its_renames_gets_the_old_output_back(tree: ContentTree, tmp_path: Path) -> None:
    """Killed after `out` → `.out.old-N` and before the new output took its place."""
    out = tmp_path / "out"
    old = tmp_path / ".out.old-31337"
    old.mkdir()
    (old / "index.html").write_text("the previous site")
    tree.replace("units/dist-b/unit.yaml", "kind: district", "kind: distrikt")  # this build fails
    tree.write()
    assert build_here(tree, out) == 1
    assert (out / "index.html").read_text() == "the previous site"
    assert beside(out) == ["content", "out"]


def test_a_build_waits_while_another_holds_the_output(tree: ContentTree, tmp_path: Path) -> None:
    out = tmp_path / "out"
    lock = os.open(tmp_path, os.O_RDONLY)  # what a build into tmp_path/out holds
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        run = build(tree, out)
        assert run.stderr is not None
        assert run.stderr.readline() == f"kpibook: waiting for another build of {out} to finish\n"
        time.sleep(0.5)
        assert run.poll() is None and not out.exists()  # still waiting, nothing written
    finally:
        os.close(lock)
    assert run.wait(120) == 0
    assert (out / "index.html").is_file()


def test_two_builds_into_one_output_both_finish_whole(tree: ContentTree, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, second = build(tree, out), build(tree, out)
    assert (first.wait(180), second.wait(180)) == (0, 0)
    assert (out / "index.html").is_file() and (out / "data").is_dir()
    assert beside(out) == [".out.spare", "content", "out"]  # the first one's output, replaced by the second's


@pytest.mark.parametrize("spare", [True, False])
def test_a_failed_step_leaves_no_staging_folder(tmp_path: Path, spare: bool) -> None:
    """Its folder is kept as the spare (the next build writes over it), or removed."""
    out = tmp_path / "out"
    with pytest.raises(RuntimeError), staged_output(out, spare) as stage:
        (stage / "half.html").write_text("x")
        raise RuntimeError("a renderer failed")
    assert beside(out) == ([".out.spare"] if spare else [])


@pytest.mark.parametrize("orphaned_before_it_starts", [False, True])
def test_a_worker_ends_when_its_parent_is_killed(tmp_path: Path, orphaned_before_it_starts: bool) -> None:
    """The guard every build worker installs (site and PDF pools): builder.orphans. A
    spawned worker may still be importing when its parent is killed: it ends all the same."""
    pid_file = tmp_path / "worker.pid"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, sys, time\n"
            "from builder.orphans import exit_with_parent\n"
            "parent = os.getpid()\n"
            "if os.fork() == 0:\n"
            f"    open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
            f"    while {orphaned_before_it_starts} and os.getppid() == parent:\n"
            "        time.sleep(0.05)\n"
            "    exit_with_parent(parent)\n"
            "    time.sleep(60)\n"
            "    os._exit(0)\n"
            "time.sleep(60)\n",
        ],
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    worker = int(pid_file.read_text())
    parent.kill()
    parent.wait()
    assert _ends_within(worker, seconds=5)


def _ends_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(") ")[1].startswith("Z"):
                    return True  # exited, waiting to be reaped by init
        except FileNotFoundError:
            return True
        time.sleep(0.1)
    return False


def _children(pid: int) -> list[tuple[int, bytes]]:
    """The child processes of `pid`, with their command lines."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().split(") ")[1].split()[1])
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            if parent == pid:
                found.append((int(entry), cmdline))
    return found


def _pdf_workers(pid: int) -> list[int]:
    """The PDF pool of the build `pid`: multiprocessing's fork server, and the workers it
    forked (same command line)."""
    servers = [child for child, cmdline in _children(pid) if b"forkserver" in cmdline]
    return [*servers, *(worker for server in servers for worker, _cmdline in _children(server))]


@pytest.mark.slow
@pytest.mark.pdf
def test_killing_a_pdf_build_ends_its_workers(tree: ContentTree, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build", "--content", str(tree.root), "--out", str(out), "--cache", str(tmp_path / "cache"), "--jobs", "2"]
    main = subprocess.Popen([sys.executable, "build.py", *args], cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(workers) < 3:  # the PDF pool: the fork server and two workers (and the resource tracker)
        assert time.monotonic() < deadline and main.poll() is None
        workers = _pdf_workers(main.pid)
        time.sleep(0.2)
    main.send_signal(signal.SIGKILL)
    main.wait()
    assert all(_ends_within(worker, seconds=5) for worker in workers)
    assert not out.exists()
