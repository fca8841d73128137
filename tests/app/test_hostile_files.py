"""Files are hostile until proven otherwise: bombs, lies and junk end as one sentence, quickly, with nothing read.

Every case is a generated file, imported the way a user imports one (``plan_import`` and
``plan_actuals_import``), so the sentence is the one the GUI and the CLI show.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
from pathlib import Path

import pytest

from app.db.database import Database
from app.io.actuals_file import plan_actuals_import
from app.io.matrix_file import plan_import

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)


def workbook_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def lying_about_size(path: Path, declared: int) -> Path:
    """``path`` with every member's uncompressed size in the central directory set to ``declared``."""
    data = bytearray(path.read_bytes())
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:
        struct.pack_into("<I", data, start + 24, declared)
        start += 4
    path.write_bytes(bytes(data))
    return path


def problems(database: Database, path: Path) -> list[str]:
    plans = (plan_import(database, path), plan_actuals_import(database, path))
    return [str(problem) for plan in plans for problem in plan.errors]


def refused_quickly(database: Database, path: Path) -> str:
    started = time.perf_counter()
    said = problems(database, path)
    assert time.perf_counter() - started < 1.0
    assert len(said) == 2 and said[0] == said[1]  # both imports say the same one sentence
    return said[0]


def test_a_workbook_that_declares_gigabytes_is_refused_before_anything_unpacks(
    database: Database, tmp_path: Path
) -> None:
    path = lying_about_size(workbook_with(tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": b"<x/>"}), 2**32 - 1)
    said = refused_quickly(database, path)
    assert said.startswith("bomb.xlsx would unpack to")
    assert "so it is refused" in said


def test_a_part_that_unpacks_a_thousand_times_its_size_is_refused(database: Database, tmp_path: Path) -> None:
    zeros = b"0" * (64 * 1024 * 1024)
    path = workbook_with(tmp_path / "zeros.xlsx", {"xl/worksheets/sheet1.xml": zeros})
    assert path.stat().st_size < 1024 * 1024  # 64 MB of zeros packs into a few hundred KB
    said = refused_quickly(database, path)
    assert "its part xl/worksheets/sheet1.xml unpacks" in said and "times larger than it is stored" in said


def test_a_workbook_of_thousands_of_parts_is_refused(database: Database, tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "parts.xlsx", {f"xl/media/{index}.bin": b"x" for index in range(1_200)})
    assert "holds 1,201 parts" in refused_quickly(database, path)


@pytest.mark.parametrize(
    ("name", "data", "sentence"),
    [
        ("junk.xlsx", b"this is not a workbook at all", "junk.xlsx cannot be read as an Excel workbook"),
        ("cut.xlsx", None, "cut.xlsx cannot be read as an Excel workbook"),
        ("entity.xlsx", "entities", "entity.xlsx cannot be read as an Excel workbook"),
    ],
)
def test_damaged_and_malformed_workbooks_are_one_sentence(
    database: Database, tmp_path: Path, name: str, data: object, sentence: str
) -> None:
    path = tmp_path / name
    if data is None:  # a real workbook cut in half
        whole = workbook_with(tmp_path / "whole.xlsx", {"xl/workbook.xml": b"<workbook/>" * 1000}).read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    elif data == "entities":  # the billion laughs, where openpyxl would read the workbook's XML
        laughs = (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><workbook>&lol2;</workbook>'
        )
        workbook_with(path, {"xl/workbook.xml": laughs})
    else:
        path.write_bytes(data)  # type: ignore[arg-type]  # bytes in this case
    assert refused_quickly(database, path).startswith(sentence)


def test_a_csv_of_too_many_columns_is_refused(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("email," + ",".join(f"skill {index}" for index in range(2_500)) + "\n", encoding="utf-8")
    assert "has a row of 2,501 columns; an import takes up to 2,000" in refused_quickly(database, path)


def test_an_ordinary_workbook_still_reads(database: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["email", "skill", "level"])
    workbook.active.append(["nobody@example.org", "Threat modelling", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "ordinary.xlsx"
    path.write_bytes(buffer.getvalue())
    said = problems(database, path)[0]
    assert "nobody@example.org" in said  # read, then checked row by row: a person Steward does not know


def test_workbooks_are_parsed_with_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # a dependency of Steward: openpyxl then refuses entity tricks


@pytest.mark.parametrize(
    ("name", "data", "sentence"),
    [
        # Files that are not what their name says.
        ("report.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "report.xlsx cannot be read as an Excel"),
        ("levels.xlsx", b"email,skill,level\nann@example.org,Python,3\n", "levels.xlsx cannot be read as an Excel"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "photo.csv"),
        # Text that stops decoding half-way: Unicode text (UTF-16) whose second half is not.
        ("unicode.csv", "email\tskill\n".encode("utf-16") + b"\x00\xd8" * 9, "unicode.csv cannot be read as text"),
    ],
)
def test_files_that_lie_about_what_they_are_are_one_sentence(
    database: Database, tmp_path: Path, name: str, data: bytes, sentence: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert refused_quickly(database, path).startswith(sentence)


def test_a_cell_longer_than_a_spreadsheet_allows_is_refused(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("email,skill,level\nann@example.org," + "x" * 200_000 + ",3\n", encoding="utf-8")
    said = refused_quickly(database, path)
    assert said.startswith("long.csv") and "32,767 characters" in said


def test_a_cell_a_little_too_long_is_refused_with_its_length(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("email,skill,level\nann@example.org," + "x" * 40_000 + ",3\n", encoding="utf-8")
    assert (
        refused_quickly(database, path)
        == "long.csv has a cell of 40,000 characters; a cell holds up to 32,767 characters."
    )
