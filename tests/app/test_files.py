"""Files out: written whole or not at all, and never carrying a live spreadsheet formula."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from app.db.database import Database
from app.errors import UserError
from app.files import atomic_write_bytes, atomic_writer, safe_cell, unescape_cell
from app.io.matrix_export import export_matrix


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
    with pytest.raises(UserError) as refused:
        atomic_write_bytes(target, b"new")
    assert str(refused.value) == (
        f"Writing to the folder {tmp_path} is not allowed, so matrix.csv was not saved; choose another folder."
    )
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


# --- a folder that refuses: full, read-only, gone, failing ----------------------------------


def _old_report(folder: Path) -> Path:
    target = folder / "gaps.xlsx"
    target.write_bytes(b"last week's report")
    return target


def _only_the_old_file_is_left(target: Path) -> None:
    assert target.read_bytes() == b"last week's report"
    assert [path.name for path in target.parent.iterdir()] == [target.name]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="a device that is always full (Linux)")
def test_a_full_disk_is_one_sentence_and_the_old_file_stays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes go to /dev/full, where the kernel itself answers every write with ENOSPC."""
    target = _old_report(tmp_path)
    real_fdopen = os.fdopen

    def onto_a_full_disk(descriptor: int, mode: str) -> object:
        os.close(descriptor)  # the temporary file stays, empty, as on a disk that filled up
        return real_fdopen(os.open("/dev/full", os.O_WRONLY), mode)

    monkeypatch.setattr(os, "fdopen", onto_a_full_disk)
    with pytest.raises(UserError) as refused:
        atomic_write_bytes(target, b"x" * 100_000)
    assert str(refused.value) == f"The disk is full: {target} was not saved; free some space and try again."
    _only_the_old_file_is_left(target)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="a device that is always full (Linux)")
def test_an_export_to_a_full_disk_says_so_and_keeps_the_old_file(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "matrix.xlsx"
    target.write_bytes(b"last week's report")
    real_fdopen = os.fdopen

    def onto_a_full_disk(descriptor: int, mode: str) -> object:
        os.close(descriptor)
        return real_fdopen(os.open("/dev/full", os.O_WRONLY), mode)

    monkeypatch.setattr(os, "fdopen", onto_a_full_disk)
    with pytest.raises(UserError, match=r"^The disk is full: .*matrix\.xlsx was not saved; free some space"):
        export_matrix(database, target)
    _only_the_old_file_is_left(target)


def _refuse(code: int) -> Callable[..., object]:
    def refuse(*_args: object, **_kwargs: object) -> object:
        raise OSError(code, os.strerror(code))

    return refuse


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        (errno.EROFS, "The folder {folder} is on a read-only disk, so gaps.xlsx was not saved; choose another folder."),
        (
            errno.EACCES,
            "Writing to the folder {folder} is not allowed, so gaps.xlsx was not saved; choose another folder.",
        ),
        (errno.ENOSPC, "The disk is full: {folder}/gaps.xlsx was not saved; free some space and try again."),
    ],
)
def test_a_folder_that_refuses_the_new_file_is_one_sentence_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, sentence: str
) -> None:
    """The temporary file cannot even be created (a read-only mount, no permission, no inode left)."""
    target = _old_report(tmp_path)
    monkeypatch.setattr(os, "open", _refuse(code))
    with pytest.raises(UserError) as refused:
        atomic_write_bytes(target, b"new")
    assert str(refused.value) == sentence.format(folder=tmp_path)
    _only_the_old_file_is_left(target)


def test_a_disk_failing_at_the_flush_to_disk_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _old_report(tmp_path)
    monkeypatch.setattr(os, "fsync", _refuse(errno.EIO))
    with pytest.raises(UserError) as refused:
        atomic_write_bytes(target, b"new")
    assert str(refused.value) == (
        f"The disk holding {tmp_path} reported an input/output error, so gaps.xlsx was not saved;"
        " check the disk (or the network share) and try again."
    )
    _only_the_old_file_is_left(target)


def test_an_error_of_the_writer_itself_is_not_blamed_on_the_disk(tmp_path: Path) -> None:
    target = _old_report(tmp_path)
    with pytest.raises(FileNotFoundError), atomic_writer(target):
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "logo.png")
    _only_the_old_file_is_left(target)


def test_a_folder_deleted_while_the_file_is_written_is_one_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    with pytest.raises(UserError) as refused, atomic_writer(folder / "gaps.xlsx") as handle:
        handle.write(b"half a report")
        shutil.rmtree(folder)
    assert str(refused.value) == (
        f"The folder {folder} no longer exists, so gaps.xlsx was not saved; choose another folder."
    )
    assert not folder.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="POSIX permissions, which root ignores")
def test_a_read_only_folder_is_one_sentence_and_its_old_file_stays(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    target = _old_report(folder)
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError) as refused:
            atomic_write_bytes(target, b"new")
        assert str(refused.value) == (
            f"Writing to the folder {folder} is not allowed, so gaps.xlsx was not saved; choose another folder."
        )
        _only_the_old_file_is_left(target)
    finally:
        folder.chmod(0o700)
