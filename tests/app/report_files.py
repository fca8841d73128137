"""What the report tests share: the demo's day, reading a PDF's text as a user's tools do (pdftotext), and a
PDF renderer that fails."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

# The day the demo is generated for, so every figure in a report is fixed.
TODAY = date(2026, 11, 25)

# Every PDF test runs everywhere: with poppler's pdftotext where it is installed, else with pypdf (a test dependency).
_PDFTOTEXT = shutil.which("pdftotext") if not os.environ.get("STEWARD_TEST_PYPDF") else None


def pdf_text(path: Path, *, layout: bool = False) -> str:
    """The PDF's text as a reader's tool prints it: each page ends in a form feed (``layout`` keeps a row on a line)."""
    if _PDFTOTEXT is not None:
        command = [_PDFTOTEXT, "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout
    from pypdf import PdfReader

    reader = PdfReader(path)
    mode = "layout" if layout else "plain"
    return "".join(page.extract_text(extraction_mode=mode) + "\f" for page in reader.pages)


def pdf_pages(path: Path, *, layout: bool = False) -> list[str]:
    """The text of each page of the PDF."""
    pages = pdf_text(path, layout=layout).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def break_the_pdf_renderer(monkeypatch: pytest.MonkeyPatch, report: ModuleType) -> None:
    """The PDF renderer of ``report`` (a module of ``app.reports``) fails as a bug in it would, after the
    report was built and before a byte is written."""

    def broken(document: object) -> bytes:
        raise RuntimeError("renderer bug")

    monkeypatch.setitem(report._RENDERERS, ".pdf", broken)
