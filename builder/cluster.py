"""Rendering on a Dask cluster: `kpibook build --executor dask://HOST:PORT`.

An adapter at the edge: the PDF stage (`builder/pdf/parallel.py`) and the site's unit
pages (`builder/site/workers.py`) call it; the model, the rules and scoring never import
it, and Dask is imported only when a build asks for a cluster. The very jobs a local build
runs go through Dask distributed's `concurrent.futures` executor (`Client.get_executor()`):

- the theme folders a worker needs (print templates, page templates, catalogue, fonts)
  are shipped once to every worker (`Client.scatter(..., broadcast=True)`) and written
  out there in a folder named by their digest; so is the site's indexed content, once
  per worker, for the unit pages;
- a PDF job is the same pickled `RenderJob` a local worker gets, and comes back as the
  same PDF bytes; a chunk of unit pages comes back as the pages' bytes, which this process
  writes into the staged output, so the output is the same bytes as a local build's.

Workers must have kpibook (the same version) and its system libraries (WeasyPrint's
Pango) installed; start them with one thread each (`dask worker --nthreads 1
--nworkers N`): WeasyPrint lays out one document per process at a time, so a worker
started with more threads still lays out one document at a time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import as_completed
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.diagnostics import UsageError

if TYPE_CHECKING:
    from builder.pdf.parallel import Outcome, Pool
    from builder.site.workers import SiteJob

SCHEME = "dask://"
THEME_FOLDERS = ("print", "templates", "catalogue", "static/fonts")  # what rendering reads
CONNECT_SECONDS = 30


def scheduler_address(executor: str) -> str:
    """`dask://HOST:PORT` → the scheduler's address; a usage error for anything else."""
    rest = executor[len(SCHEME) :] if executor.startswith(SCHEME) else ""
    host, _, port = rest.rpartition(":")
    if not host or not port.isdigit() or "/" in rest:
        raise UsageError("usage.bad-executor", executor=executor)
    return f"tcp://{host}:{port}"


def reachable(executor: str, seconds: float = 5.0) -> None:
    """A usage error at once, before the content is read and checked, when nothing
    listens at the scheduler's address (the Dask client itself waits `CONNECT_SECONDS`
    and would be asked only after check, at the site stage)."""
    host, _, port = scheduler_address(executor).removeprefix("tcp://").rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=seconds).close()
    except OSError as exc:
        raise UsageError(
            "usage.executor-unavailable", executor=executor, detail=str(exc) or type(exc).__name__
        ) from exc


@contextmanager
def connected(executor: str) -> Iterator[Any]:
    """A Dask client of the cluster `executor` names, closed afterwards."""
    address = scheduler_address(executor)
    try:
        from distributed import Client
    except ImportError as exc:
        detail = "pip install 'kpibook[cluster]'"
        raise UsageError("usage.executor-unavailable", executor=executor, detail=detail) from exc
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise UsageError("usage.executor-unavailable", executor=executor, detail=str(exc)) from exc
    try:
        yield client
    finally:
        client.close()  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class ThemeFiles:
    """The files of the theme folders rendering reads, to be written out on a worker."""

    digest: str
    files: tuple[tuple[int, str, bytes], ...]  # (theme index, path inside the theme, bytes)
    count: int  # themes

    @classmethod
    def of(cls, themes: Sequence[Path]) -> ThemeFiles:
        files = []
        for index, theme in enumerate(themes):
            for folder in THEME_FOLDERS:
                root = theme / folder
                if root.is_dir():
                    for path in sorted(p for p in root.rglob("*") if p.is_file()):
                        files.append((index, path.relative_to(theme).as_posix(), path.read_bytes()))
        digest = hashlib.sha256()
        for index, name, data in files:
            digest.update(f"{index}\n{name}\n{len(data)}\n".encode())
            digest.update(data)
        return cls(digest.hexdigest(), tuple(files), len(themes))

    def unpacked(self) -> tuple[Path, ...]:
        """The themes as folders of this machine (written once per digest)."""
        with _UNPACKING:
            folder = Path(tempfile.gettempdir()) / f"kpibook-themes-{self.digest[:32]}"
            if not folder.is_dir():
                partial = Path(tempfile.mkdtemp(prefix=".kpibook-themes-", dir=folder.parent))
                for index, name, data in self.files:
                    target = partial / str(index) / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                try:
                    os.replace(partial, folder)
                except OSError:  # another worker process of this machine wrote it first
                    shutil.rmtree(partial, ignore_errors=True)
            return tuple(folder / str(index) for index in range(self.count))


_UNPACKING = threading.Lock()
_LAYING_OUT = threading.Lock()  # one document at a time per worker process (WeasyPrint)


# -- PDFs ------------------------------------------------------------------------------


def dask_pdf_pool(executor: str, themes: Sequence[Path]) -> Pool:
    from builder.pdf.parallel import Pool

    with ExitStack() as stack:
        client = stack.enter_context(connected(executor))
        shipped = client.scatter(ThemeFiles.of(themes), broadcast=True, hash=False)
        pool = client.get_executor(pure=False)
        stack.callback(pool.shutdown, wait=False)
        slots = sum(client.nthreads().values()) or 1
        close = stack.pop_all().close  # the pool stays connected until the PDF stage closes it
    return Pool(lambda blob: pool.submit(render_shipped, shipped, blob), slots + 1, close)


def render_shipped(themes: ThemeFiles, blob: bytes) -> Outcome:
    """What a Dask worker runs for one PDF: the local worker's job, on its copy of the themes."""
    from builder.pdf.documents import RenderJob
    from builder.pdf.parallel import prepare_weasyprint, render_pickled

    job = pickle.loads(blob)
    if isinstance(job, RenderJob):  # a book to join reads no theme
        blob = pickle.dumps(replace(job, themes=themes.unpacked()), protocol=pickle.HIGHEST_PROTOCOL)
    with _LAYING_OUT:
        prepare_weasyprint()
        return render_pickled(blob)


# -- the site's unit pages -------------------------------------------------------------


def render_units_on_cluster(job: SiteJob, unit_ids: Sequence[str], advance: Any) -> int:
    """Every page of these units, rendered on the cluster and written into `job.stage`;
    the number of pages. `advance(units)` is called as chunks come back."""
    from builder.output import write_bytes

    assert job.options.executor is not None
    with connected(job.options.executor) as client:
        slots = sum(client.nthreads().values()) or 1
        themes = client.scatter(ThemeFiles.of(job.options.themes), broadcast=True, hash=False)
        shipped = client.scatter(replace(job, environments={}), broadcast=True, hash=False)
        pool = client.get_executor(pure=False)
        count = min(len(unit_ids), slots * 4)  # small chunks even out the load
        chunks = [list(unit_ids[i::count]) for i in range(count)]
        futures = [pool.submit(site_chunk_shipped, themes, shipped, chunk) for chunk in chunks]
        written = 0
        for future in as_completed(futures):
            pages, units = future.result()
            for relative, data in pages:
                write_bytes(job.stage / relative, data)
            written += len(pages)
            advance(units)
        return written


_SITE_JOBS: dict[int, SiteJob] = {}  # the shipped job, with its own themes: templates compile once per worker


def site_chunk_shipped(themes: ThemeFiles, job: SiteJob, unit_ids: list[str]) -> tuple[list[tuple[str, bytes]], int]:
    """What a Dask worker runs for a chunk of units: their pages, as (path, bytes)."""
    from builder.site.workers import render_chunk

    local = _SITE_JOBS.get(id(job))
    if local is None or local.index is not job.index:
        _SITE_JOBS.clear()
        local = replace(job, options=replace(job.options, themes=themes.unpacked()), environments={})
        _SITE_JOBS[id(job)] = local
    with tempfile.TemporaryDirectory(prefix="kpibook-pages-") as folder:
        stage = Path(folder)
        render_chunk(replace(local, stage=stage), unit_ids)
        pages = [(p.relative_to(stage).as_posix(), p.read_bytes()) for p in sorted(stage.rglob("*")) if p.is_file()]
    return pages, len(unit_ids)
