"""The WeasyPrint seam fails safe: a WeasyPrint the PDF patches were not written for is
refused before the build reads anything, in one line, exit 2, nothing written.

Each test changes one thing about the installed WeasyPrint (in this process) the way a
release or a repackaging could: another version, a private name gone, a function
rewritten, a function installed without its source.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from contenttree import ContentTree

weasyprint = pytest.importorskip("weasyprint")

from weasyprint.draw import text as draw_text  # noqa: E402
from weasyprint.pdf import fonts as pdf_fonts  # noqa: E402
from weasyprint.text import fonts as text_fonts  # noqa: E402

from builder.cli import main  # noqa: E402
from builder.pdf import seam  # noqa: E402

REINSTALL = "reinstall it with `pip install --force-reinstall weasyprint==70.0`, or build without PDFs (--no-pdf)"


def build(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str], Path]:
    """`kpibook build` of a clean tree; the exit status, the lines on stderr, the output folder."""
    content = ContentTree(tmp_path / "content").write()
    out = tmp_path / "site"
    capsys.readouterr()
    status = main(["build", "--content", str(content), "--out", str(out), "--lang", "en", "--jobs", "1", *extra])
    return status, capsys.readouterr().err.splitlines(), out


def refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The one line a refused build prints, after checking it wrote nothing."""
    status, err, out = build(tmp_path, capsys)
    assert (status, len(err), out.exists()) == (2, 1, False), err
    assert list(tmp_path.iterdir()) == [tmp_path / "content"]  # no lock file, no stage either
    return err[0]


def test_the_installed_weasyprint_is_the_one_the_patches_were_written_for() -> None:
    assert seam.first_problem() is None


def test_another_version_is_refused_before_the_build_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert refused(tmp_path, capsys) == (
        "kpibook: error: printing PDFs needs WeasyPrint 70.0, but 71.0 is installed; install it with "
        "`pip install weasyprint==70.0`, or build without PDFs (--no-pdf)"
    )


def test_a_private_function_gone_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(text_fonts, "get_hb_object_data")
    assert refused(tmp_path, capsys) == (
        "kpibook: error: the installed WeasyPrint 70.0 has no weasyprint.text.fonts.get_hb_object_data, "
        f"which kpibook uses to print Thai text in PDFs; {REINSTALL}"
    )


def test_an_attribute_a_font_no_longer_gets_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Font:  # a release whose fonts no longer count their glyphs
        def __init__(self, pango_font: object) -> None:
            self.widths: dict[int, int] = {}

        def get_unused_glyph_id(self, codepoint: int) -> int:
            return 0

    monkeypatch.setattr(pdf_fonts, "Font", Font)
    assert "has no weasyprint.pdf.fonts.Font.bitmap, which" in refused(tmp_path, capsys)


@pytest.mark.parametrize("patched_before", [False, True])
def test_a_rewritten_function_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, patched_before: bool
) -> None:
    """Also in a process whose WeasyPrint was patched by an earlier build (`kpibook serve`)."""
    from builder.pdf import thai_text_layer

    def draw_first_line(stream: object, textbox: object, text_overflow: str, block_ellipsis: str) -> None:
        """A release that draws text another way."""

    with thai_text_layer.thai_text_layer(enabled=patched_before), monkeypatch.context() as patch:
        patch.setattr(draw_text, "draw_first_line", draw_first_line)
        line = refused(tmp_path, capsys)
    assert line == (
        "kpibook: error: weasyprint.draw.text.draw_first_line of the installed WeasyPrint 70.0 differs from "
        f"WeasyPrint 70.0's, which kpibook adjusts to print Thai text exactly; {REINSTALL}"
    )


def test_a_function_without_its_source_is_refused_not_passed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    namespace: dict[str, object] = {}
    exec("def _build_vector_font_dictionary(*args):\n    pass\n", namespace)  # compiled code, no file behind it
    monkeypatch.setattr(pdf_fonts, "_build_vector_font_dictionary", namespace["_build_vector_font_dictionary"])
    assert refused(tmp_path, capsys) == (
        "kpibook: error: the installed WeasyPrint 70.0 has no source for "
        "weasyprint.pdf.fonts._build_vector_font_dictionary, so kpibook cannot check it is 70.0's before adjusting "
        "it to print Thai text; install it from PyPI with `pip install --force-reinstall weasyprint==70.0`, "
        "or build without PDFs (--no-pdf)"
    )


def test_the_refusal_is_in_thai_for_a_thai_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    content = ContentTree(tmp_path / "content").write()
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--lang", "th"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "kpibook: ข้อผิดพลาด: การพิมพ์ PDF ต้องใช้ WeasyPrint รุ่น 70.0 แต่ที่ติดตั้งไว้คือรุ่น 71.0 "
        "ติดตั้งรุ่นที่ถูกต้องด้วย `pip install weasyprint==70.0` หรือสร้างโดยไม่มี PDF (--no-pdf)"
    ]


def test_a_build_without_pdfs_does_not_need_weasyprint_as_pinned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    status, err, out = build(tmp_path, capsys, "--no-pdf")
    assert (status, (out / "index.html").is_file()) == (0, True), err


def test_a_patched_process_still_checks_weasyprints_own_functions() -> None:
    from builder.pdf import svg_text, thai_text_layer

    with thai_text_layer.thai_text_layer():  # as in `kpibook serve` after its first build
        svg_text.install()
        assert draw_text.draw_first_line is not thai_text_layer._STATE.originals["draw_first_line"]
        assert seam.first_problem() is None


def test_every_private_name_the_patches_import_is_checked() -> None:
    """The names `thai_text_layer` imports from WeasyPrint are all in the seam's list."""
    import ast
    import inspect

    from builder.pdf import thai_text_layer

    tree = ast.parse(inspect.getsource(thai_text_layer))
    imported = {
        (node.module, alias.name)
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("weasyprint")
        for alias in node.names
    }
    checked = {(module, name) for module, names in seam.MODULE_NAMES.items() for name in names}
    assert imported and imported <= checked
