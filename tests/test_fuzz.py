"""Property-based fuzzing: any mutation of a valid content tree gets a clear answer.

Hypothesis mutates the small clean tree of `tests/contenttree.py`: it deletes keys,
changes the type of values, puts non-finite and extreme numbers and random Unicode
(control characters, bidirectional overrides, Thai) anywhere, truncates files and inserts
bytes that are not UTF-8, deletes and duplicates files, puts FIFOs, directories, links to
/dev/zero, links out of the tree and loops of links where content files go, and names
evidence by hostile paths. For every case:

- `check` ends with exit status 0 or 1, with no exception (no traceback), within a time
  bound (no hang);
- every line it prints is a located diagnostic `path:line:col: severity[code]: message`
  under the content folder, with nothing unescaped a terminal would obey, and the summary
  agrees with the exit status;
- `build` (the second property) exits 1 exactly when `check` finds errors and then
  writes nothing: the previous output is as it was and nothing is left beside it; when
  `check` passes, the build succeeds and swaps in a whole output.

Fast by default (a few hundred cases, derandomized so CI is repeatable). The long mode runs
thousands of random cases:

    KPIBOOK_FUZZ_EXAMPLES=5000 python -m pytest -m slow tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from contenttree import ContentTree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.cli import main

FAST_CHECK, FAST_BUILD = 200, 20
LONG = int(os.environ.get("KPIBOOK_FUZZ_EXAMPLES", "5000"))
CASE_SECONDS = 60  # a case taking longer is a hang

FILES = sorted(ContentTree(Path("/nonexistent")).files)
YAML_FILES = [f for f in FILES if f.endswith(".yaml")]
FOLDERS = sorted({str(Path(f).parent) for f in FILES if "/" in f})

LINE = re.compile(
    r"^(?P<path>.+):(?P<line>[1-9][0-9]*):(?P<column>[1-9][0-9]*): (?:error|warning|note)\[[a-z0-9][a-z0-9.-]*\]: \S"
)
SUMMARY = re.compile(r"^(?P<errors>[0-9]+) errors?, [0-9]+ warnings?$")
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# -- values ---------------------------------------------------------------------------------

EXTREME_NUMBERS = st.sampled_from(
    [
        float("nan"),
        float("inf"),
        -float("inf"),
        1e400,  # dumped as .inf
        1e308,
        -1e308,
        1e15,
        1e15 + 2,
        5e-324,
        -0.0,
        10**400,
        -(10**20),
        2**63,
        0,
        -1,
        101,
    ]
)
HOSTILE_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("\x00\x07\x1b\x7f\x85\x9b\u2028\u2029\u202e\u2066\ufeff\ufffe\n\r\t:{}[]&*!|>'\"%@`#,"),
        st.sampled_from("กขคงจฉชซญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮะัาำิีึืุูเแโใไ่้๊๋์๑๒"),
    ),
    max_size=40,
)
VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        EXTREME_NUMBERS,
        HOSTILE_TEXT,
        st.sampled_from(["2024-02-30", "2025-13-45", "not-an-email", "prov", "dist-a", "m6", "rice-yield", "2568"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(HOSTILE_TEXT, inner, max_size=3)),
    max_leaves=8,
)
EVIDENCE_PATHS = st.one_of(
    st.sampled_from(
        [
            "units/officer-c/results/2568/p1.yaml",
            "units/dist-a/evidence/minutes.md",
            "units/prov/evidence/loop",
            "units/prov/evidence/pipe",
            "units/prov/evidence/zero",
            "../../etc/passwd",
            "/etc/passwd",
            "units/prov/evidence/a\x00b",
            "units/prov/evidence/" + "a" * 300,
            "units/prov/evidence/" + "/".join(["abcdefgh"] * 600),
            "units\\prov\\evidence\\x.md",
            "",
        ]
    ),
    HOSTILE_TEXT,
)


# -- mutations ------------------------------------------------------------------------------


@dataclass
class Mutation:
    """One change to the tree: applied to the file texts, or to the written folder."""

    describe: str
    apply: Callable[[dict[str, Any], Path], None]
    on_disk: bool = False  # applied after the files are written

    def __repr__(self) -> str:  # what Hypothesis prints for a failing case
        return self.describe


def _nodes(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _nodes(value, (*path, index))


def _loaded(text: Any) -> Any:
    """The data of a file still valid YAML (earlier mutations may have broken it), or None."""
    if not isinstance(text, str):
        return None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def _data_mutation(file: str, pick: int, action: str, value: Any) -> Mutation:
    def apply(texts: dict[str, Any], root: Path) -> None:
        data = _loaded(texts.get(file))
        nodes = [n for n in _nodes(data) if n] if isinstance(data, (dict, list)) else []
        if not nodes:
            return
        target = nodes[pick % len(nodes)]
        parent = data
        for part in target[:-1]:
            parent = parent[part]
        if action == "delete":
            del parent[target[-1]]
        elif action == "set":
            parent[target[-1]] = value
        else:  # rename the key, or add one beside it
            if isinstance(parent, dict):
                parent[str(value) if not isinstance(value, (dict, list)) else "x"] = parent[target[-1]]
        texts[file] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    return Mutation(f"{action} {file}#{pick} = {value!r}"[:200], apply)


def _number_mutation(file: str, pick: int, value: Any) -> Mutation:
    """One number of the file (a weight, a criterion, an actual, a band) made extreme:
    the rest stays valid, so the case reaches the rules, scoring and rendering."""

    def apply(texts: dict[str, Any], root: Path) -> None:
        data = _loaded(texts.get(file))
        if not isinstance(data, (dict, list)):
            return
        numbers = [n for n in _nodes(data) if n and _is_number(_at(data, n))]
        if not numbers:
            return
        target = numbers[pick % len(numbers)]
        _at(data, target[:-1])[target[-1]] = value
        texts[file] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    return Mutation(f"number {file}#{pick} = {value!r}"[:200], apply)


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _bytes_mutation(file: str, action: str, at: float, blob: bytes) -> Mutation:
    def apply(texts: dict[str, Any], root: Path) -> None:
        text = texts.get(file)
        if text is None:
            return
        raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        cut = int(len(raw) * at)
        texts[file] = raw[:cut] if action == "truncate" else raw[:cut] + blob + raw[cut:]

    return Mutation(f"{action} {file} at {at:.2f} {blob!r}"[:200], apply)


def _file_mutation(file: str, action: str) -> Mutation:
    def apply(texts: dict[str, Any], root: Path) -> None:
        if action == "delete":
            texts.pop(file, None)
        elif action == "duplicate" and file in texts:
            texts[file.removesuffix(".yaml") + ".yml"] = texts[file]
        elif action == "unexpected":
            texts[file.removesuffix(".yaml") + "-copy.yaml"] = texts.get(file, "a: 1\n")

    return Mutation(f"{action} {file}", apply)


SPECIAL = ["fifo", "zero", "outside", "loop", "folder", "plain-file-for-folder"]


def _special_mutation(place: str, kind: str) -> Mutation:
    """Done to the written tree: `place` becomes a special file (or a folder a plain file)."""

    def apply(texts: dict[str, Any], root: Path) -> None:
        target = root / place
        if target.is_dir() and kind != "plain-file-for-folder":
            return
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "zero":
            target.symlink_to("/dev/zero")
        elif kind == "outside":
            outside = root.parent / "outside.yaml"
            outside.write_text("id: prov\n")
            target.symlink_to(outside)
        elif kind == "loop":
            target.symlink_to(target.name + ".loop")
            target.with_name(target.name + ".loop").symlink_to(target.name)
        elif kind == "folder":
            target.mkdir()
        else:
            target.write_text("not a folder\n")

    return Mutation(f"{kind} at {place}", apply, on_disk=True)


def _evidence_mutation(result_file: str, path: str) -> Mutation:
    def apply(texts: dict[str, Any], root: Path) -> None:
        data = _loaded(texts.get(result_file))
        if not isinstance(data, dict) or not isinstance(data.get("results"), list) or not data["results"]:
            return
        first = data["results"][0]
        if isinstance(first, dict):
            first.setdefault("evidence", [])
            if isinstance(first["evidence"], list):
                first["evidence"].append(path)
        texts[result_file] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        evidence = root / "units/prov/evidence"
        evidence.mkdir(parents=True, exist_ok=True)
        if not (evidence / "loop").is_symlink():
            (evidence / "loop").symlink_to("loop")
            os.mkfifo(evidence / "pipe")
            (evidence / "zero").symlink_to("/dev/zero")

    return Mutation(f"evidence {path!r} in {result_file}"[:200], apply)


MUTATIONS = st.one_of(
    st.builds(
        _number_mutation,
        st.sampled_from(YAML_FILES),
        st.integers(min_value=0, max_value=10_000),
        st.one_of(EXTREME_NUMBERS, st.floats(allow_nan=True, allow_infinity=True), st.integers()),
    ),
    st.builds(
        _data_mutation,
        st.sampled_from(YAML_FILES),
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(["delete", "set", "set", "set", "rename"]),
        VALUES,
    ),
    st.builds(
        _bytes_mutation,
        st.sampled_from(YAML_FILES),
        st.sampled_from(["truncate", "insert"]),
        st.floats(min_value=0, max_value=1),
        st.binary(min_size=1, max_size=8),
    ),
    st.builds(_file_mutation, st.sampled_from(FILES), st.sampled_from(["delete", "duplicate", "unexpected"])),
    st.builds(_special_mutation, st.sampled_from(FILES + FOLDERS + ["units"]), st.sampled_from(SPECIAL)),
    st.builds(_evidence_mutation, st.sampled_from([f for f in YAML_FILES if "/results/" in f]), EVIDENCE_PATHS),
)
CASES = st.lists(MUTATIONS, min_size=1, max_size=3)
# a build that gets past `check` renders everything: bias towards cases that may pass it
BUILD_CASES = st.lists(
    st.one_of(
        st.builds(
            _number_mutation,
            st.sampled_from(YAML_FILES),
            st.integers(min_value=0, max_value=10_000),
            st.one_of(EXTREME_NUMBERS, st.floats(allow_nan=True, allow_infinity=True), st.integers()),
        ),
        st.builds(_data_mutation, st.sampled_from(YAML_FILES), st.integers(0, 10_000), st.just("set"), HOSTILE_TEXT),
        MUTATIONS,
    ),
    min_size=1,
    max_size=2,
)


# -- running a case -------------------------------------------------------------------------


@contextmanager
def mutated_tree(mutations: list[Mutation]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kpibook-fuzz-") as tmp:
        root = Path(tmp) / "content"
        texts: dict[str, Any] = dict(ContentTree(root).files)
        later = []
        for mutation in mutations:
            if mutation.on_disk:
                later.append(mutation)
            else:
                mutation.apply(texts, root)
        for rel, text in texts.items():
            target = root / rel
            if target.parent.is_dir() or not target.parent.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
        for mutation in later:
            with contextlib.suppress(OSError):  # the place is already something it cannot replace
                mutation.apply(texts, root)
        yield root


@contextmanager
def time_bound(seconds: int) -> Iterator[None]:
    def hang(signum: int, frame: Any) -> None:
        raise TimeoutError(f"no answer within {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with time_bound(CASE_SECONDS), redirect_stdout(out), redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def assert_located_report(lines: list[str], root: Path) -> int:
    """Every line a located diagnostic under `root`, the last the summary; the errors."""
    assert lines, "check printed nothing"
    shown_root = os.path.relpath(root)
    for line in lines[:-1]:
        assert not UNSAFE.search(line), f"unescaped control character in {line!r}"
        match = LINE.match(line)
        assert match, f"not a located diagnostic: {line!r}"
        assert match["path"] == shown_root or match["path"].startswith(shown_root + os.sep), line
    summary = SUMMARY.match(lines[-1])
    assert summary, f"no summary: {lines[-1]!r}"
    return int(summary["errors"])


def check_case(mutations: list[Mutation]) -> None:
    with mutated_tree(mutations) as root:
        status, out, err = run("check", "--content", str(root), "--lang", "en", "--today", "2025-12-01")
        assert status in (0, 1), (status, out, err)
        errors = assert_located_report(out.splitlines(), root)
        assert status == (1 if errors else 0)
        if status == 0:  # content that passes is scored as a build scores it (where NaN once crashed)
            for unit in ("prov", "officer-c"):
                scored, _, err = run("score", unit, "--content", str(root), "--lang", "en", "--today", "2025-12-01")
                assert scored in (0, 2), err  # 2: the mutation removed the unit or its agreement


def build_case(mutations: list[Mutation]) -> None:
    with mutated_tree(mutations) as root:
        status, _, _ = run("check", "--content", str(root), "--lang", "en", "--today", "2025-12-01")
        assert status in (0, 1)
        output = root.parent / "output"
        output.mkdir()
        (output / "index.html").write_text("the previous build")
        args = ["build", "--content", str(root), "--out", str(output), "--lang", "en", "--no-pdf"]
        built, _, err = run(*args, "--today", "2025-12-01")
        assert "Traceback" not in err
        assert built == status, (built, status, err)
        if built == 1:
            assert (output / "index.html").read_text() == "the previous build"
            assert sorted(p.name for p in output.iterdir()) == ["index.html"]
        else:
            assert (output / "index.html").read_text() != "the previous build"
            assert (output / "data").is_dir()
            # the output it replaced is kept beside it for the next build to write over
            assert (root.parent / ".output.spare" / "index.html").read_text() == "the previous build"
        beside = sorted(p.name for p in root.parent.iterdir())
        kept = {"content", "output", "outside.yaml"} | ({".output.spare"} if built == 0 else set())
        assert [name for name in beside if name not in kept] == []


FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)


@settings(FUZZ, max_examples=FAST_CHECK, derandomize=True)
@given(CASES)
def test_check_answers_every_mutation_clearly(mutations: list[Mutation]) -> None:
    check_case(mutations)


@settings(FUZZ, max_examples=FAST_BUILD, derandomize=True)
@given(BUILD_CASES)
def test_build_writes_all_or_nothing_for_every_mutation(mutations: list[Mutation]) -> None:
    build_case(mutations)


@pytest.mark.slow
@settings(FUZZ, max_examples=LONG)
@given(CASES)
def test_check_answers_every_mutation_clearly_long(mutations: list[Mutation]) -> None:
    check_case(mutations)


@pytest.mark.slow
@settings(FUZZ, max_examples=max(LONG // 10, 1))
@given(BUILD_CASES)
def test_build_writes_all_or_nothing_for_every_mutation_long(mutations: list[Mutation]) -> None:
    build_case(mutations)
