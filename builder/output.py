"""Safe writes: a build goes into a staging folder beside the output and replaces the
output only when every step succeeded, so a failed build leaves the previous site whole.

Around that, for builds that are killed or run at the same time:
- one build at a time writes an output folder: a lock on the folder it lives in (released
  by the system when its holder dies) makes a second build wait its turn;
- under the lock, staging folders left by killed builds (`.output.building-*`) are removed;
- the swap is two renames (output → `.output.old-*`, staging → output); a build killed
  between them leaves no output, so the next build first puts the old output back.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds into one folder are not serialised
    fcntl = None  # type: ignore[assignment]


@contextmanager
def claimed_output(out_dir: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the output folder for one build: wait for any other build writing it (calling
    `on_wait` first), put back an output lost by a swap that was cut short, and remove
    what killed builds left beside it. Held from before the content is read, so a build
    that fails on content still leaves the previous output whole."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(out_dir, on_wait):
        recover_interrupted_swap(out_dir)
        remove_leftovers(out_dir)
        yield


@contextmanager
def staged_output(out_dir: Path) -> Iterator[Path]:
    """Yield an empty staging folder; on success it becomes `out_dir` (hold the output
    with `claimed_output` around it)."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=_prefix(out_dir, "building"), dir=out_dir.parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _swap_into_place(stage, out_dir)


def _prefix(out_dir: Path, kind: str) -> str:
    return f".{out_dir.name}.{kind}-"


@contextmanager
def output_lock(out_dir: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the folder the output lives in (an advisory `flock` on the folder itself, so
    no lock file is left behind; the system releases it when its holder dies). Builds into
    outputs that share a parent folder take turns."""
    if fcntl is None:
        yield
        return
    fd = os.open(out_dir.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _leftovers(out_dir: Path, kind: str) -> list[Path]:
    prefix = _prefix(out_dir, kind)
    return [p for p in out_dir.parent.iterdir() if p.name.startswith(prefix)]


def recover_interrupted_swap(out_dir: Path) -> None:
    """A build killed between the two renames left the previous output as `.out.old-*`
    and no output: put the newest of them back (call with the lock held)."""
    if out_dir.exists() or out_dir.is_symlink():
        return
    olds = _leftovers(out_dir, "old")
    if olds:
        newest = max(olds, key=lambda p: p.lstat().st_ctime)
        os.replace(newest, out_dir)


def remove_leftovers(out_dir: Path) -> None:
    """Staging folders of killed builds and old outputs never removed (lock held)."""
    for leftover in (*_leftovers(out_dir, "building"), *_leftovers(out_dir, "old")):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _swap_into_place(stage: Path, out_dir: Path) -> None:
    # two renames on one file system: the old output exists until the new one is in place
    os.chmod(stage, 0o755)
    old = out_dir.with_name(f"{_prefix(out_dir, 'old')}{os.getpid()}")
    if out_dir.exists() or out_dir.is_symlink():
        os.replace(out_dir, old)
    os.replace(stage, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    """UTF-8, with the newlines as given (the same bytes on every platform)."""
    write_bytes(path, text.encode("utf-8"))


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def write_bytes(path: Path, data: bytes) -> None:
    """Opened first, its folder made only when missing: a build writes tens of thousands
    of files, most into a folder made for a file before them, and each unneeded `mkdir`,
    `fstat` or `ioctl` is a system call per file."""
    try:
        fd = os.open(path, _NEW_FILE, 0o666)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """For files outside a staged build (caches): temp file, then `os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
