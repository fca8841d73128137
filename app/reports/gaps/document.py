"""The gap report's document: one project's staffing analysis in JSON-ready form, names pseudonymised on request.

``build_gap_report`` runs the staffing analysis (``app.reports.context.project_staffing``);
``gap_document`` is the pure half, from the analysis to the document every format
is drawn from. With ``pseudonymise`` each name is replaced while the document is
built (``pseudonym``), so no format can leak one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from app.labels import SHAPES, criticality_rank
from app.reports.phrases import fte

if TYPE_CHECKING:
    from app.analysis.staffing import ProjectStaffing
    from app.db.database import Database
    from app.queries.projects import ProjectProfile
    from app.settings import ShapeThresholds


def build_gap_report(
    database: Database, project_name: str, *, pseudonymise: bool = False, today: date | None = None
) -> dict[str, Any]:
    """The staffing-gap report of the project called ``project_name``, as a JSON-ready document.

    Raises ``UserError`` when no project has that name.
    """
    from app.queries.projects import require_project
    from app.reports.context import project_staffing
    from app.settings import load_staffing_settings

    reader = database.reader()
    profile = require_project(reader, project_name)
    settings = load_staffing_settings(reader)
    staffing = project_staffing(reader, profile.id, thresholds=settings.shapes)
    level_labels = {
        int(level): str(label)
        for level, label in reader.rows("SELECT level, label FROM level_descriptor ORDER BY level")
    }
    return gap_document(
        profile,
        staffing,
        level_labels=level_labels,
        thresholds=settings.shapes,
        generated_on=today or date.today(),
        pseudonymise=pseudonymise,
    )


def pseudonym(person_id: int, name: str) -> str:
    """A person's stable code for wider circulation: initials and their id, "Priya Raman" (7) -> "P.R.-07"."""
    words = [word for word in name.split() if any(char.isalpha() for char in word)]
    picked = words[:1] + words[1:][-1:]
    initials = "".join(f"{_initial(word)}." for word in picked) or "X."
    return f"{initials}-{person_id:02d}"


def _initial(word: str) -> str:
    letter = next(char for char in word if char.isalpha())
    # "Ś" -> "S": the code stays typeable; a letter with no plain form is kept as it is.
    plain = "".join(char for char in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(char))
    return (plain or letter).upper()


def gap_document(
    profile: ProjectProfile,
    staffing: ProjectStaffing,
    *,
    level_labels: Mapping[int, str],
    thresholds: ShapeThresholds,
    generated_on: date,
    pseudonymise: bool = False,
) -> dict[str, Any]:
    """The report's document from an analysed project (pure: no database)."""
    name_of: Callable[[int, str], str] = pseudonym if pseudonymise else (lambda _person_id, name: name)

    requirements = [_requirement(gap, name_of) for gap in staffing.requirements]
    # Shortfalls first, the most critical and largest on top: the order a director reads in.
    requirements.sort(
        key=lambda row: (
            row["gap_fte"] <= 0,
            -criticality_rank(row["criticality"]),
            -row["gap_fte"],
            row["skill"].casefold(),
        )
    )
    shape_counts = {shape: int(staffing.shape_counts.get(shape, 0)) for shape in SHAPES}
    shape_counts.update({str(shape): int(count) for shape, count in staffing.shape_counts.items()})
    return {
        "project": {
            "name": profile.name,
            "stage": profile.stage.value,
            "decision_mode": profile.decision_mode.value,
            "model_origin": profile.model_origin.value,
            "personal_data": profile.personal_data,
        },
        "generated_on": generated_on.isoformat(),
        "pseudonymised": pseudonymise,
        "level_labels": {str(level): label for level, label in sorted(level_labels.items())},
        "shape_thresholds": dict(thresholds._asdict()),
        "summary": {
            "requirements": len(requirements),
            "requirements_with_gap": sum(1 for row in requirements if row["gap_fte"] > 0),
            "total_gap_fte": fte(staffing.total_gap_fte),
            "key_person_risks": sum(1 for row in requirements if row["key_person_risk"]),
            "members": sum(shape_counts.values()),  # active members: the analysis counts no one else
            "missing_disciplines": list(staffing.missing_disciplines),
        },
        "requirements": requirements,
        "shape_counts": shape_counts,
        "discipline_mix": [
            {"discipline": discipline, "covered": bool(covered), "members": int(members)}
            for discipline, covered, members in staffing.discipline_mix
        ],
    }


def _requirement(gap: Any, name_of: Callable[[int, str], str]) -> dict[str, Any]:
    """One requirement of the analysis with the people covering it and those who could (named by ``name_of``)."""

    def member(covering: Any) -> dict[str, Any]:
        return {
            "name": name_of(covering.person_id, covering.name),
            "level": int(covering.level),
            "allocation": fte(covering.allocation),
        }

    return {
        "skill": gap.skill,
        "area": gap.area,
        "min_level": int(gap.min_level),
        "needed_fte": fte(gap.needed_fte),
        "covered_fte": fte(gap.covered_fte),
        "gap_fte": fte(gap.gap_fte),
        "criticality": str(gap.criticality),
        "key_person_risk": bool(gap.key_person_risk),
        "covering_members": [member(covering) for covering in gap.covering_members],
        "training_candidates": [member(candidate) for candidate in gap.training_candidates],
        "internal_candidates": [
            {
                "name": name_of(candidate.person_id, candidate.name),
                "department": candidate.department,
                "level": int(candidate.level),
                "free_capacity": fte(candidate.free_capacity),
            }
            for candidate in gap.internal_candidates
        ],
    }
