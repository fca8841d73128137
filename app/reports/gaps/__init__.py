"""The staffing-gap report of one project: what HR hands to a director, as PDF, XLSX, CSV or JSON.

``build_gap_report`` runs the staffing analysis (``app.analysis.staffing``) for one
project and turns it into one JSON-ready document; ``write_gap_report`` renders that
document in the format the output's extension names. Every format is drawn from the
same document, so the PDF never shows a number the JSON lacks.

With ``pseudonymise`` every person's name becomes a code of their initials and a
number taken from their id ("P.R.-07"): the same person gets the same code in every
report of the same database, and nothing in the report leads back to the name
without that database. It is applied while the document is built, so no format can
leak a name.

The JSON keys (documented in the README) are stable: ``project``, ``generated_on``,
``pseudonymised``, ``level_labels``, ``shape_thresholds``, ``summary``,
``requirements``, ``shape_counts`` and ``discipline_mix``. FTE values are numbers
rounded to two decimals.

The package holds the document (``document``), the spreadsheet and CSV
(``sheets``) and the PDF (``pdf``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.reports.gaps.document import build_gap_report, gap_document, pseudonym
from app.reports.gaps.pdf import PDF_INTERNAL_CANDIDATES, render_pdf
from app.reports.gaps.sheets import CANDIDATE_COLUMNS, REQUIREMENT_COLUMNS, render_csv, render_xlsx
from app.reports.output import renderers, write_report

if TYPE_CHECKING:
    from app.db.database import Database

__all__ = [
    "CANDIDATE_COLUMNS",
    "PDF_INTERNAL_CANDIDATES",
    "REQUIREMENT_COLUMNS",
    "build_gap_report",
    "gap_document",
    "pseudonym",
    "render_csv",
    "render_pdf",
    "render_xlsx",
    "write_gap_report",
]

_RENDERERS = renderers(pdf=render_pdf, xlsx=render_xlsx, csv=render_csv)


def write_gap_report(
    database: Database, project_name: str, output: Path, *, pseudonymise: bool = False, today: date | None = None
) -> Path:
    """Write the project's staffing-gap report to ``output`` (``app.reports.output.write_report``: in the format
    its extension names, the output left as it was on any failure); ``UserError`` for an unknown project."""
    return write_report(
        output,
        _RENDERERS,
        lambda: build_gap_report(database, project_name, pseudonymise=pseudonymise, today=today),
        what="A gap report",
    )
