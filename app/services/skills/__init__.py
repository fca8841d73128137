"""Writing skills: assessments (one, many, a whole imported matrix), the taxonomy and the level scale.

Every function is one transaction with its audit events and returns a ``Change``.
The modules go by concept: ``assessments`` (history: a level recorded is a new
row), ``matrix_import`` (a checked import applied), ``taxonomy`` (areas and their
skills, retired rather than deleted), ``merge`` (one skill folded into another),
``levels`` (the scale's wording) over ``inputs`` (checking values, finding rows).
Every name is also here, so callers write ``from app.services import skills``.
"""

from __future__ import annotations

from app.services.skills.assessments import (
    BULK_CHUNK_ROWS,
    AssessmentInput,
    record_assessment,
    record_assessments,
    retract_assessment,
)
from app.services.skills.inputs import MAX_LEVEL, MIN_LEVEL, check_assessment_date, check_level, check_source
from app.services.skills.levels import update_level_descriptor
from app.services.skills.matrix_import import ImportedAssessment, NewPerson, import_matrix
from app.services.skills.merge import CRITICALITY_ORDER, merge_skills
from app.services.skills.taxonomy import (
    add_area,
    add_skill,
    delete_area,
    delete_skill,
    rename_area,
    rename_skill,
    restore_area,
    restore_skill,
    retire_area,
    retire_skill,
)

__all__ = [
    "BULK_CHUNK_ROWS",
    "CRITICALITY_ORDER",
    "MAX_LEVEL",
    "MIN_LEVEL",
    "AssessmentInput",
    "ImportedAssessment",
    "NewPerson",
    "add_area",
    "add_skill",
    "check_assessment_date",
    "check_level",
    "check_source",
    "delete_area",
    "delete_skill",
    "import_matrix",
    "merge_skills",
    "record_assessment",
    "record_assessments",
    "rename_area",
    "rename_skill",
    "restore_area",
    "restore_skill",
    "retire_area",
    "retire_skill",
    "retract_assessment",
    "update_level_descriptor",
]
