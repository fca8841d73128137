"""What the report tests share: the demo's day, and reading a PDF's text as a user's tools do (pdftotext)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

# The day the demo is generated for, so every figure in a report is fixed.
TODAY = date(2026, 11, 25)

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is missing")


def pdf_text(path: Path, *, layout: bool = False) -> str:
    """The PDF's text as pdftotext prints it: each page ends in a form feed (``-layout`` keeps a row on a line)."""
    command = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout


def pdf_pages(path: Path, *, layout: bool = False) -> list[str]:
    """The text of each page of the PDF."""
    pages = pdf_text(path, layout=layout).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages
