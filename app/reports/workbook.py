"""The one way Steward's reports write a workbook: sheets of (header, rows).

Every sheet gets a bold, frozen header row and columns as wide as their content;
every cell goes through ``app.files.xlsx_cell`` (text is a string cell, never a
formula) while numbers and dates stay numbers and dates, formatted by their type, so a spreadsheet user can re-sum them.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from app.files import xlsx_cell

Sheet = tuple[Sequence[str], Sequence[Sequence[Any]]]
# The header of every report's Summary sheet: one measure and its value a row.
SUMMARY_COLUMNS = ("Measure", "Value")


def _shown(value: Any) -> str:
    """Roughly what a cell shows, to size its column."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f} XXX"  # separators and a three-letter currency code
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, date):
        return "2026-01-01"
    return str(value)


def workbook_bytes(sheets: Mapping[str, Sheet], *, formats: Mapping[type, str]) -> bytes:
    """An XLSX of ``sheets`` (title -> (header, rows)); ``formats`` maps a cell type to its number format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    default_sheet = workbook.active
    assert default_sheet is not None  # a new workbook starts with one empty sheet
    workbook.remove(default_sheet)
    bold = Font(bold=True)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append([xlsx_cell(sheet, column, font=bold) for column in header])
        for row in rows:
            sheet.append([xlsx_cell(sheet, value) for value in row])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(zip(header, *rows, strict=False), start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = min(max(max(len(_shown(value)) for value in column) + 2, 10), 60)
            for cell in sheet[letter][1:]:
                number_format = next((text for kind, text in formats.items() if isinstance(cell.value, kind)), None)
                if number_format is not None:
                    cell.number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
