"""A file written again in place (`kpibook serve` writes over its pages, a build over the
spare) holds exactly the new bytes, whether they are longer or shorter than what was
there; a file written whole (`write_atomic`, the site's workbook and zip files) gets the
mode a user expects, or is not written at all."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from builder.output import replace_whole, write_atomic, write_bytes, write_text
from builder.sheets.deflated import whole, write_zip
from builder.sheets.xlsx import save_workbook


def test_a_shorter_page_written_over_a_longer_one_keeps_nothing_of_it(tmp_path: Path) -> None:
    page = tmp_path / "units" / "u1" / "index.html"
    write_text(page, "<p>ตัวชี้วัดที่ 1: ร้อยละของหน่วยงานที่ผ่านเกณฑ์</p>\n" * 50)
    write_text(page, "<p>ตัวชี้วัด</p>\n")
    assert page.read_text("utf-8") == "<p>ตัวชี้วัด</p>\n"


def test_a_longer_page_written_over_a_shorter_one_is_whole(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    write_bytes(page, b"short")
    longer = bytes(range(256)) * 1000
    write_bytes(page, longer)
    assert page.read_bytes() == longer


def test_an_empty_file_written_over_a_page_is_empty(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    write_bytes(page, b"<html></html>")
    write_bytes(page, b"")
    assert page.read_bytes() == b""


def test_the_folder_of_a_new_file_is_made(tmp_path: Path) -> None:
    page = tmp_path / "th" / "units" / "u1" / "kpis" / "k1.html"
    write_bytes(page, b"<html></html>")
    assert page.read_bytes() == b"<html></html>"


def test_an_empty_file_written_over_an_empty_one_is_marked_changed(tmp_path: Path) -> None:
    # a build over the spare tells the files it wrote by their change time
    page = tmp_path / "empty.txt"
    write_bytes(page, b"")
    before = page.stat().st_ctime_ns
    time.sleep(0.02)
    write_bytes(page, b"")
    assert page.stat().st_ctime_ns != before


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def test_a_file_written_whole_gets_a_new_files_mode_not_mkstemps(tmp_path: Path) -> None:
    # the scorecards' CSV files: a web server reads the site as another user
    csv = tmp_path / "data" / "scorecards-2568-m9.csv"
    write_atomic(csv, "หน่วยงาน,คะแนน\n".encode("utf-8-sig"))
    assert stat.S_IMODE(csv.stat().st_mode) == _new_file_mode()
    assert csv.read_bytes() == "หน่วยงาน,คะแนน\n".encode("utf-8-sig")


def test_a_file_written_whole_keeps_the_mode_of_the_one_it_replaces(tmp_path: Path) -> None:
    results = tmp_path / "m9.yaml"
    results.write_text("round: m9\n", "utf-8")
    results.chmod(0o640)
    write_atomic(results, b"round: m9\nresults: []\n")
    assert stat.S_IMODE(results.stat().st_mode) == 0o640
    assert results.read_bytes() == b"round: m9\nresults: []\n"
    assert [p.name for p in tmp_path.iterdir()] == ["m9.yaml"]  # no temporary file left


def test_the_sites_workbook_and_zip_files_get_the_mode_a_web_server_can_read(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["หน่วยงาน", "คะแนน"])
    workbook = tmp_path / "data" / "scorecards.xlsx"
    save_workbook(book, workbook)
    assert stat.S_IMODE(workbook.stat().st_mode) == _new_file_mode()
    assert load_workbook(workbook).active["A1"].value == "หน่วยงาน"
    archive = tmp_path / "data" / "evidence.zip"
    write_zip(archive, [whole("minutes.md", "บันทึกการประชุม".encode())])
    assert stat.S_IMODE(archive.stat().st_mode) == _new_file_mode()


def test_a_workbook_written_again_keeps_the_mode_of_the_one_it_replaces(tmp_path: Path) -> None:
    workbook = tmp_path / "results.xlsx"
    save_workbook(Workbook(), workbook)
    workbook.chmod(0o640)
    save_workbook(Workbook(), workbook)
    assert stat.S_IMODE(workbook.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["results.xlsx"]


def test_a_whole_file_whose_writing_fails_leaves_the_earlier_file_and_no_other(tmp_path: Path) -> None:
    export = tmp_path / "export.zip"
    write_atomic(export, b"the earlier export")

    def cut_short(handle: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        replace_whole(export, cut_short)
    assert export.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["export.zip"]
