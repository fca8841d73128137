"""What more than one report gathers about a project beside its own subject: its staffing and its
open governance gaps, read the same way for every report.

Qt-free and reportlab-free; the analysis is imported when a report is built, not
when this module is, so the desktop app does not load numpy before it needs it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.analysis.staffing import ProjectStaffing
    from app.db.reader import Reader
    from app.settings import ShapeThresholds


def project_staffing(reader: Reader, project_id: int, *, thresholds: ShapeThresholds | None = None) -> ProjectStaffing:
    """The staffing analysis of one project (``app.analysis.staffing``): its requirements against its members.

    ``thresholds`` are the skill-shape settings; by default the stored ones.
    """
    from app.analysis.skills import load_matrix
    from app.analysis.staffing import analyse_project, load_staffing_frame
    from app.settings import load_staffing_settings

    if thresholds is None:
        thresholds = load_staffing_settings(reader).shapes
    snapshot = load_matrix(reader, thresholds=thresholds)
    return analyse_project(snapshot, load_staffing_frame(reader), project_id)


def governance_gaps(reader: Reader, project_id: int, *, today: date) -> list[dict[str, Any]]:
    """The project's missing and stale policy categories at its stage, blocking first
    (``app.analysis.governance.open_gaps``), as a document holds them: ``category``, ``status``,
    ``reason``, ``blocking``."""
    from app.analysis.governance import open_gaps

    return [
        {"category": gap.category.value, "status": gap.status, "reason": gap.reason, "blocking": gap.blocking}
        for gap in open_gaps(reader, project_id, today=today)
    ]
