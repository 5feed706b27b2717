"""Rendering on a Dask cluster (`--executor dask://HOST:PORT`, `builder/cluster.py`): a
LocalCluster of 2 worker processes renders the example's site and PDFs, and every byte
is the same as a local build's (the session's `example_site` and `example_pdfs`)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from golden import GOLDEN_TODAY, pinned_environment

from builder.diagnostics import Diagnostics, UsageError
from builder.options import BuildOptions

EXAMPLE = Path(__file__).resolve().parent.parent / "content"

pytestmark = pytest.mark.pdf


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """`dask://HOST:PORT` of a LocalCluster: 2 worker processes of one thread each."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", scheduler_port=0, dashboard_address=None
    ) as local:
        yield "dask://" + local.scheduler_address.removeprefix("tcp://")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_site_rendered_on_a_cluster_is_the_local_build_byte_for_byte(
    cluster: str, example_site: Path, tmp_path: Path
) -> None:
    from builder.pipeline import build

    out = tmp_path / "output"
    with pytest.MonkeyPatch.context() as env:
        for name, value in pinned_environment().items():
            env.setenv(name, value)
        diags = build(BuildOptions(content=EXAMPLE, out=out, pdf=False, today=GOLDEN_TODAY, executor=cluster))
    assert not diags.has_errors()
    local, remote = files_of(example_site), files_of(out)
    assert sorted(remote) == sorted(local)
    assert [name for name in local if remote[name] != local[name]] == []


def test_the_pdfs_laid_out_on_a_cluster_are_the_local_build_byte_for_byte(
    cluster: str, example_pdfs: Path, tmp_path: Path
) -> None:
    from builder.pdf.render import render_pdfs
    from builder.pipeline import load_and_check, with_stamp
    from builder.privacy import publishable
    from builder.scoring.scorecard import score_content

    options = BuildOptions(
        content=EXAMPLE, out=tmp_path / "output", today=GOLDEN_TODAY, cache=tmp_path / "cache", executor=cluster
    )
    stage = tmp_path / "stage"
    stage.mkdir()
    diags = Diagnostics()
    with pytest.MonkeyPatch.context() as env:
        for name, value in pinned_environment().items():
            env.setenv(name, value)
        options = with_stamp(options)
        checked = load_and_check(options)
        assert checked.content is not None
        render_pdfs(*publishable(checked.content, score_content(checked.content)), stage, options, diags)
    assert not diags.has_errors(), [d.format() for d in diags]
    local, remote = files_of(example_pdfs), files_of(stage)
    assert sorted(remote) == sorted(local) and "handbook.pdf" in local
    assert [name for name in local if remote[name] != local[name]] == []


@pytest.mark.parametrize("executor", ["dask:/host:8786", "dask://host", "spark://host:7077", "dask://host:port"])
def test_an_executor_that_is_not_a_dask_address_is_a_usage_error(executor: str) -> None:
    from builder.cluster import scheduler_address

    with pytest.raises(UsageError) as raised:
        scheduler_address(executor)
    assert raised.value.key == "usage.bad-executor"


def test_a_cluster_nobody_listens_at_is_a_usage_error_before_the_content_is_read(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "builder",
            "build",
            "--content",
            str(tmp_path / "no-such-content"),
            "--executor",
            f"dask://127.0.0.1:{port}",
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert (
        run.stderr
        == f"kpibook: error: cannot use the cluster 'dask://127.0.0.1:{port}': [Errno 111] Connection refused\n"
    )
    assert time.monotonic() - started < 30  # not the Dask client's 30-second wait
