"""A file written again in place (`kpibook serve` writes over its pages) holds exactly the
new bytes, whether they are longer or shorter than what was there."""

from __future__ import annotations

from pathlib import Path

from builder.output import write_bytes, write_text


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
