"""Files out: written whole or not at all, and never carrying a live spreadsheet formula."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from app.errors import UserError
from app.files import atomic_write_bytes, atomic_writer, safe_cell, unescape_cell


def test_a_new_file_is_written_whole_and_nothing_else_is_left_in_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    atomic_write_bytes(target, b"name,level\r\nAnn,4\r\n")
    assert target.read_bytes() == b"name,level\r\nAnn,4\r\n"
    assert [path.name for path in tmp_path.iterdir()] == ["report.csv"]


def test_an_existing_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_bytes(b"old")
    with atomic_writer(target) as handle:
        handle.write(b"new ")
        handle.write(b"content")
    assert target.read_bytes() == b"new content"


def test_a_failure_while_writing_leaves_the_old_file_intact_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "budget.xlsx"
    target.write_bytes(b"the signed-off version")
    with pytest.raises(RuntimeError, match="renderer crashed"), atomic_writer(target) as handle:
        handle.write(b"half a report")
        raise RuntimeError("renderer crashed")
    assert target.read_bytes() == b"the signed-off version"
    assert [path.name for path in tmp_path.iterdir()] == ["budget.xlsx"]


def test_a_failure_leaves_no_file_where_there_was_none(tmp_path: Path) -> None:
    with pytest.raises(ValueError), atomic_writer(tmp_path / "gaps.pdf") as handle:
        handle.write(b"%PDF-1.7 ...")
        raise ValueError("bad chart")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_replace_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "matrix.csv"
    target.write_bytes(b"old")

    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(UserError, match=r"matrix\.csv cannot be replaced: Permission denied\."):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["matrix.csv"]


def test_a_missing_folder_is_one_sentence_naming_it(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        atomic_write_bytes(tmp_path / "nowhere" / "report.pdf", b"x")
    assert (
        str(caught.value) == f"The folder {tmp_path / 'nowhere'} does not exist, so report.pdf cannot be written there."
    )


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_file_gets_ordinary_permissions_and_a_replaced_one_keeps_its_own(tmp_path: Path) -> None:
    """A report shared with colleagues must not come out private to its writer (as mkstemp would make it)."""
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.csv"
        atomic_write_bytes(fresh, b"x")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "kept.csv"
        kept.write_bytes(b"old")
        kept.chmod(0o640)
        atomic_write_bytes(kept, b"new")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(umask)


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","click")', "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "\n=1"],
)
def test_text_a_spreadsheet_would_run_is_made_literal_and_reads_back_unchanged(text: str) -> None:
    cell = safe_cell(text)
    assert cell == "'" + text
    assert unescape_cell(cell) == text


@pytest.mark.parametrize("value", ["Ann Lee", "", "O'Brien", "'quoted", 3, -2, 2.5, None, True, date(2026, 3, 31)])
def test_everything_else_is_written_as_it_is(value: object) -> None:
    assert safe_cell(value) == value
    assert unescape_cell(value) == value
