"""Safe writes: a build goes into a staging folder beside the output and replaces the
output only when every step succeeded, so a failed build leaves the previous site whole.

Around that, for builds that are killed or run at the same time:
- one build at a time writes an output folder: a lock on the folder it lives in (released
  by the system when its holder dies) makes a second build wait its turn;
- under the lock, staging folders left by killed builds (`.output.building-*`) are removed,
  or the newest is kept as the spare (below);
- the swap is two renames (output → `.output.old-*`, staging → output); a build killed
  between them leaves no output, so the next build first puts the old output back.

The output a build replaces is kept beside the new one as the spare (`.output.spare`),
and the next build stages into it: the files it writes again are written over in place,
the spare's other files and the folders left empty are removed before the swap. Creating
48,000 files where 48,000 were just deleted costs this machine's ext4 (no journal) a scan
past every recently freed inode per file created; writing over them costs nothing of the
kind (`docs/content-format.md`, "The output folder"). What the build wrote is told by the
files' change times, which no writer can set back: every file in the spare is listed with
its inode and change time before the build starts, and one that still has both was not
written. Only plain files of one link, with the mode a new file gets, are written over:
anything else in the spare (links, files linked from elsewhere, other modes) is removed
first. The disk holds the site twice; `--no-spare` keeps it once.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds into one folder are not serialised
    fcntl = None  # type: ignore[assignment]


@contextmanager
def claimed_output(out_dir: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the output folder for one build: wait for any other build writing it (calling
    `on_wait` first), put back an output lost by a swap that was cut short, and tidy
    what killed builds left beside it. Held from before the content is read, so a build
    that fails on content still leaves the previous output whole."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(out_dir, on_wait):
        recover_interrupted_swap(out_dir)
        remove_leftovers(out_dir)
        yield


# a build that fails on one of these in a spare met a file or folder of an earlier build
# where it writes a folder or a file: `build_staged` runs it again in an empty folder
IN_THE_WAY = (FileExistsError, IsADirectoryError, NotADirectoryError, shutil.Error)
# what tells the files a build wrote from the spare's others; Windows' `st_ctime` is when a
# file was made, so no spare is kept there
CHANGE_TIMES = os.name != "nt"


def build_staged(out_dir: Path, write: Callable[[Path], None], spare: bool = True) -> None:
    """`write(stage)` into a staging folder that becomes `out_dir` when it returns (hold
    the output with `claimed_output` around it). With `spare`, the stage is the spare
    when there is one, and the replaced output becomes the next spare; a failure caused
    by what the spare held (a folder where this build writes a file, or the reverse)
    runs `write` once more in an empty folder."""
    reused = False
    try:
        with _staging(out_dir, spare) as staging:
            reused = staging.reused
            write(staging.stage)
        return
    except IN_THE_WAY:
        if not reused:
            raise
        _remove(spare_of(out_dir.resolve()))
    with staged_output(out_dir, spare, reuse=False) as stage:
        write(stage)


@contextmanager
def staged_output(out_dir: Path, spare: bool = True, reuse: bool = True) -> Iterator[Path]:
    """Yield a staging folder; on success it becomes `out_dir` (hold the output with
    `claimed_output` around it). With `spare` and `reuse`, the staging folder is the
    spare when there is one (what it holds that the build does not write again is
    removed before the swap); with `spare`, the replaced output and a failed build's
    staging folder are kept as the next spare, else removed."""
    with _staging(out_dir, spare, reuse) as staging:
        yield staging.stage


Identity = tuple[int, int]  # a file's or folder's inode and change time (ns)


@dataclass
class Stock:
    """What a spare held when its build started: paths, each with its `Identity`."""

    files: dict[str, Identity] = field(default_factory=dict)
    folders: dict[str, Identity] = field(default_factory=dict)


@dataclass
class _Staged:
    stage: Path
    reused: bool = False
    stock: Stock = field(default_factory=Stock)


@contextmanager
def _staging(out_dir: Path, spare: bool, reuse: bool = True) -> Iterator[_Staged]:
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    spare = spare and CHANGE_TIMES
    staging = _take_stage(out_dir, spare and reuse)
    try:
        yield staging
        if staging.reused:
            remove_unwritten(staging.stage, staging.stock)
    except BaseException:
        if not (spare and _moved(staging.stage, spare_of(out_dir))):  # whatever it holds: the next build writes over it
            shutil.rmtree(staging.stage, ignore_errors=True)
        raise
    _swap_into_place(staging.stage, out_dir, spare)


def spare_of(out_dir: Path) -> Path:
    """Where the output a build replaced is kept for the next build to write over."""
    return out_dir.with_name(f".{out_dir.name}.spare")


def _take_stage(out_dir: Path, reuse: bool) -> _Staged:
    """The spare, renamed to a staging folder (or a new, empty folder)."""
    stage = Path(tempfile.mkdtemp(prefix=_prefix(out_dir, "building"), dir=out_dir.parent))
    spare = spare_of(out_dir)
    if not reuse or not spare.is_dir() or spare.is_symlink():
        return _Staged(stage)
    os.rmdir(stage)
    os.replace(spare, stage)  # the name is free: made empty just now, under the lock
    try:
        os.chmod(stage, 0o700)  # as a new staging folder: no one else writes into it meanwhile
        return _Staged(stage, reused=True, stock=take_stock(stage))
    except OSError:  # a spare this build cannot tidy (another owner's files): built anew
        shutil.rmtree(stage, ignore_errors=True)
        return _take_stage(out_dir, reuse=False)


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
    """Staging folders of killed builds and old outputs never removed (lock held): the
    newest becomes the spare when there is none (the next build writes over it), the
    others are removed."""
    leftovers = sorted(
        (*_leftovers(out_dir, "building"), *_leftovers(out_dir, "old")), key=lambda p: p.lstat().st_ctime, reverse=True
    )
    if leftovers and _is_folder(leftovers[0]) and _moved(leftovers[0], spare_of(out_dir)):
        leftovers.pop(0)
    for leftover in leftovers:
        _remove(leftover)


def _moved(folder: Path, to: Path) -> bool:
    """Rename `folder` to `to` unless something is there; whether it was."""
    if to.exists() or to.is_symlink():
        return False
    try:
        os.replace(folder, to)
    except OSError:
        return False
    return True


def _is_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _remove(path: Path) -> None:
    if _is_folder(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _swap_into_place(stage: Path, out_dir: Path, spare: bool) -> None:
    # two renames on one file system: the old output exists until the new one is in place
    os.chmod(stage, 0o755)
    old = out_dir.with_name(f"{_prefix(out_dir, 'old')}{os.getpid()}")
    replacing = out_dir.exists() or out_dir.is_symlink()
    if replacing:
        os.replace(out_dir, old)
    os.replace(stage, out_dir)
    _remove(spare_of(out_dir))  # none unless a build without a spare, or one that left it aside
    if replacing and not (spare and _is_folder(old) and _moved(old, spare_of(out_dir))):
        _remove(old)


def take_stock(folder: Path) -> Stock:
    """Every file and folder under `folder` with its `Identity`, once what a build may not
    write over in place is removed (anything but a plain file of one link with the mode
    a new file gets: links, files linked from elsewhere, others) and the folders left
    empty; the folders get the mode a new folder gets."""
    stock = Stock()
    umask = os.umask(0o022)
    os.umask(umask)
    file_mode, folder_mode = 0o666 & ~umask, 0o777 & ~umask

    def visit(path: str) -> bool:  # whether anything is left in the folder
        left = False
        with os.scandir(path) as entries:
            for entry in entries:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(info.st_mode):
                    if stat.S_IMODE(info.st_mode) != folder_mode:
                        os.chmod(entry.path, folder_mode)
                    if visit(entry.path):
                        info = os.lstat(entry.path)  # after what was removed from it
                        stock.folders[entry.path] = (info.st_ino, info.st_ctime_ns)
                        left = True
                    else:
                        os.rmdir(entry.path)
                elif stat.S_ISREG(info.st_mode) and info.st_nlink == 1 and stat.S_IMODE(info.st_mode) == file_mode:
                    stock.files[entry.path] = (info.st_ino, info.st_ctime_ns)
                    left = True
                else:
                    os.unlink(entry.path)
        return left

    visit(str(folder))
    return stock


def remove_unwritten(stage: Path, stock: Stock) -> None:
    """Remove what the spare held and the build did not write: the files that still have
    the inode and change time they had before it, then the folders left empty that it
    did not touch either (a folder it made, even empty, changed or was not there).
    Whatever wrote a file (opened it for writing, copied over it, replaced it), its
    change time is the time of that write: no writer sets it back."""
    untouched = [path for path, before in stock.folders.items() if _identity(path) == before]
    # a folder of the stock held something: only one that something was removed from may be empty now
    emptied: set[str] = set()
    for path, before in stock.files.items():
        if _identity(path) == before:
            os.unlink(path)
            emptied.add(os.path.dirname(path))
    for path in sorted(untouched, key=len, reverse=True):  # a folder after the folders in it
        if path not in emptied:
            continue
        try:
            os.rmdir(path)
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
        else:
            emptied.add(os.path.dirname(path))


def _identity(path: str) -> Identity | None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_ctime_ns


def write_text(path: Path, text: str) -> None:
    """UTF-8, with the newlines as given (the same bytes on every platform)."""
    write_bytes(path, text.encode("utf-8"))


# no O_TRUNC: see write_bytes
_WRITE = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def write_bytes(path: Path, data: bytes) -> None:
    """Opened first, its folder made only when missing: a build writes tens of thousands
    of files, most into a folder made for a file before them, and each unneeded `mkdir`,
    `fstat` or `ioctl` is a system call per file.

    A file that is there already (`kpibook serve` writes its pages in place) is written
    over and then cut to the new length, not emptied first with `O_TRUNC`: on ext4
    (`auto_da_alloc`, the default) emptying a file that was written a moment ago waits
    for its old data to reach the disk, about a millisecond a file (3,000 files of 40 KB
    written again: 2.6-3.2 s with `O_TRUNC`, 0.1 s this way). An empty file is opened
    with `O_TRUNC`, which marks the file changed even where it was empty already (a
    build over the spare tells what it wrote by the change time) and has no data to wait for."""
    flags = _WRITE if data else _WRITE | os.O_TRUNC
    try:
        fd = os.open(path, flags, 0o666)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))  # what was there beyond the new bytes
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """For files written whole or not at all (content files, caches, the scorecards'
    CSV files): `replace_whole` with these bytes."""
    replace_whole(path, lambda handle: handle.write(data))


def replace_whole(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Replace `path` with what `write` writes to an open file, whole or not at all: the
    file is written beside `path` (`written_beside`), then renamed over it."""
    tmp = written_beside(path, write)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def written_beside(path: Path, write: Callable[[BinaryIO], object]) -> Path:
    """A new hidden file in `path`'s folder holding what `write` wrote, for the caller to
    rename over `path`; removed again if writing fails. It gets the mode of the file it
    will replace, else a new file's (0666 less the umask), not the 0600 of
    `tempfile.mkstemp`: a web server reads the site's files as another user, and a
    content file keeps its mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _new_file_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        with suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _new_file_beside(path: Path) -> tuple[int, Path]:
    """A new, empty file in `path`'s folder under an unused hidden name, opened for
    writing, with a new file's mode."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), tmp
        except FileExistsError:
            continue
