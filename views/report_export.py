"""Choosing where a report goes: the formats offered, a file name safe to suggest, and the save dialog.

Every report Steward writes (gaps, budget, policy iterations) is one document
rendered in the format its file's extension names. ``ask_report_path`` offers
those formats in the save dialog and, when the user typed a name without one
of their extensions, adds the extension of the format chosen in the dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from views.labels import tr

# Dialog filter (translated when shown) -> the extension it writes.
EXPORT_FILTERS: dict[str, str] = {
    "PDF document (*.pdf)": ".pdf",
    "Excel workbook (*.xlsx)": ".xlsx",
    "CSV table (*.csv)": ".csv",
    "JSON data (*.json)": ".json",
}
DEFAULT_SUFFIX = ".pdf"


def file_stem(text: str, *, fallback: str = "report") -> str:
    """``text`` as part of a file name: letters, digits, '-' and '_' kept, anything else a '-'."""
    stem = "".join(character if character.isalnum() or character in "-_" else "-" for character in text)
    while "--" in stem:
        stem = stem.replace("--", "-")
    return stem.strip("-") or fallback


def with_report_suffix(path: str, chosen_filter: str) -> Path:
    """``path`` as typed, with the chosen filter's extension added when it has none of the report formats'."""
    if Path(path).suffix.lower() in EXPORT_FILTERS.values():
        return Path(path)
    suffix = next((suffix for text, suffix in EXPORT_FILTERS.items() if tr(text) == chosen_filter), DEFAULT_SUFFIX)
    return Path(path + suffix)


def ask_report_path(parent: QWidget | None, *, title: str, suggested_name: str) -> Path | None:
    """Ask where to write a report; None when the user cancels."""
    filters = ";;".join(tr(text) for text in EXPORT_FILTERS)
    path, chosen = QFileDialog.getSaveFileName(parent, title, suggested_name, filters)
    if not path:
        return None
    return with_report_suffix(path, chosen)
