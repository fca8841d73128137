"""Writing a report (``app.reports.output``): the extension picks the format, and nothing is half-written."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.errors import UserError
from app.reports.output import FORMATS, csv_bytes, render_json, write_report

RENDERERS = {
    extension: (lambda document, extension=extension: f"{extension} {document['n']}".encode()) for extension in FORMATS
}


def test_the_extension_picks_the_renderer_whatever_its_case(tmp_path: Path) -> None:
    written = write_report(tmp_path / "Report.XLSX", RENDERERS, lambda: {"n": 3}, what="A test report")
    assert written.read_bytes() == b".xlsx 3"


def test_an_unknown_extension_or_folder_is_refused_before_the_report_is_built(tmp_path: Path) -> None:
    built: list[Any] = []

    def build() -> dict[str, Any]:
        built.append(True)
        return {"n": 1}

    with pytest.raises(UserError, match=r"^A test report is written as \.pdf, \.xlsx, \.csv or \.json; 'r\.docx'"):
        write_report(tmp_path / "r.docx", RENDERERS, build, what="A test report")
    with pytest.raises(UserError, match="does not exist"):
        write_report(tmp_path / "missing" / "r.pdf", RENDERERS, build, what="A test report")
    assert built == []
    assert list(tmp_path.iterdir()) == []


def test_a_report_that_fails_while_built_or_rendered_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    target.write_bytes(b"old")

    def broken(document: Any) -> bytes:
        raise RuntimeError("renderer bug")

    with pytest.raises(RuntimeError):
        write_report(target, {".csv": broken}, lambda: {"n": 1}, what="A test report")
    with pytest.raises(UserError, match="no such project"):
        write_report(target, RENDERERS, lambda: (_ for _ in ()).throw(UserError("no such project")), what="A report")
    assert [path.name for path in tmp_path.iterdir()] == ["r.csv"]
    assert target.read_bytes() == b"old"


def test_json_keeps_names_as_written_and_ends_in_a_newline() -> None:
    data = render_json({"name": "Łukasz", "amount": "12.50"})
    assert data.endswith(b"}\n")
    assert "Łukasz" in data.decode("utf-8")
    assert json.loads(data) == {"name": "Łukasz", "amount": "12.50"}


def test_csv_is_what_a_spreadsheet_reads_back_without_running_a_formula() -> None:
    data = csv_bytes(
        ("Name", "Amount", "Day", "Share", "Note"),
        [["=HYPERLINK(1)", Decimal("1234.50"), date(2026, 3, 31), 0.5, None]],
        float_format="{:.2f}",
    )
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig") == "Name,Amount,Day,Share,Note\r\n'=HYPERLINK(1),1234.50,2026-03-31,0.50,\r\n"
    assert csv_bytes(("Share",), [[0.5]]).decode("utf-8-sig") == "Share\r\n0.5\r\n"


def test_every_report_renders_its_own_three_formats_and_the_document_itself_as_json() -> None:
    from app.reports.output import renderers

    def pdf(document: Any) -> bytes:
        return b"pdf"

    def xlsx(document: Any) -> bytes:
        return b"xlsx"

    def csv(document: Any) -> bytes:
        return b"csv"

    made = renderers(pdf=pdf, xlsx=xlsx, csv=csv)
    assert tuple(made) == FORMATS
    assert [made[extension]({"n": 1}) for extension in FORMATS[:3]] == [b"pdf", b"xlsx", b"csv"]
    assert made[".json"] is render_json
