"""Database rule violations turned into sentences a user can act on.

Constraint names follow the naming convention of ``models.base``, so the CHECK
failures name themselves; SQLite reports UNIQUE failures by table and column, and
PostgreSQL by the constraint's name, which the tables' metadata turns into the same
table and columns.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

MESSAGES: dict[str, str] = {
    # unique
    "person.email": "Another person already has this e-mail address.",
    "skill_area.name": "A skill area with this name already exists.",
    "skill.area_id, skill.name": "This area already has a skill with that name.",
    "project.name": "A project with this name already exists.",
    "membership.project_id, membership.person_id": "This person is already a member of the project.",
    "skill_requirement.project_id, skill_requirement.skill_id": "The project already has a requirement for this skill.",
    "sprint.project_id, sprint.name": "The project already has a sprint with this name.",
    "policy_version.policy_id, policy_version.number": "The policy already has a version with this number.",
    "sign_off.version_id, sign_off.department": "This department has already signed off this version.",
    "budget_plan.project_id, budget_plan.name, budget_plan.fiscal_year, budget_plan.revision": (
        "The project already has a plan with this name for that fiscal year."
    ),
    "level_descriptor.label": "Another level already has this label.",
    # check
    "ck_person_capacity_range": "A person's capacity must be more than 0 and at most 1 FTE.",
    "ck_person_cost_rate_not_negative": "A cost rate cannot be negative.",
    "ck_person_name_not_blank": "A person needs a name.",
    "ck_project_name_not_blank": "A project needs a name.",
    "ck_project_end_after_start": "A project cannot end before it starts.",
    "ck_assessment_level_range": "A level must be between 0 and 4.",
    "ck_level_descriptor_level_range": "A level must be between 0 and 4.",
    "ck_membership_allocation_range": "An allocation must be more than 0 and at most 1 FTE.",
    "ck_skill_requirement_min_level_range": "A minimum level must be between 1 and 4.",
    "ck_skill_requirement_needed_fte_positive": "The needed FTE must be more than 0.",
    "ck_backlog_item_points_positive": "Story points must be a positive whole number.",
    "ck_sprint_end_after_start": "A sprint cannot end before it starts.",
    "ck_sprint_capacity_not_negative": "A sprint's capacity cannot be negative.",
    "ck_budget_plan_currency_code": "A currency is a three-letter code such as EUR.",
    "ck_budget_line_period_range": "A period is a month from 1 to 12 or a quarter from 1 to 4.",
    "ck_budget_line_planned_not_negative": "A planned amount cannot be negative.",
    "ck_certification_expiry_after_obtained": "A certification cannot expire before it was obtained.",
    "ck_feedback_one_target": "Feedback is about either a backlog item or a policy version.",
}


def integrity_message(error: Any) -> str:
    """One sentence for an ``IntegrityError`` (SQLite or PostgreSQL wording)."""
    text = str(getattr(error, "orig", error))
    if "FOREIGN KEY" in text.upper() or "foreign key" in text:
        return "This record is still used elsewhere (or refers to one that does not exist), so the change was refused."
    unique = re.search(r"UNIQUE constraint failed: (.+)$", text, re.MULTILINE)
    key = unique.group(1).strip() if unique else _unique_key(_diagnostic(error, "constraint_name"))
    if key is not None:
        return MESSAGES.get(key, f"A record with the same {key} already exists.")
    for name, message in MESSAGES.items():
        if name.startswith("ck_") and name in text:
            return message
    if "NOT NULL" in text.upper():
        table, column = _diagnostic(error, "table_name"), _diagnostic(error, "column_name")
        if table is not None and column is not None:  # PostgreSQL names them apart
            return f"{table}.{column} needs a value."
        column = text.rsplit(":", 1)[-1].strip()
        return f"{column} needs a value."
    return f"The change breaks a rule of the database ({text.splitlines()[0]})."


def _diagnostic(error: Any, field: str) -> str | None:
    """A field of a PostgreSQL error's diagnostics (psycopg's ``diag``); None for SQLite's errors."""
    diagnostics = getattr(getattr(error, "orig", error), "diag", None)
    value = getattr(diagnostics, field, None)
    return value if isinstance(value, str) else None


def _unique_key(constraint: str | None) -> str | None:
    """A unique constraint's (or unique index's) name as SQLite would word it: "table.column, table.column"."""
    if constraint is None:
        return None
    return _unique_keys().get(constraint)


@cache
def _unique_keys() -> dict[str, str]:
    from sqlalchemy import UniqueConstraint

    import models.tables

    keys: dict[str, str] = {}
    for table in models.tables.metadata.tables.values():
        uniques = [(c.name, c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
        uniques += [(index.name, index.columns) for index in table.indexes if index.unique]
        for name, columns in uniques:
            keys[str(name)] = ", ".join(f"{table.name}.{column.name}" for column in columns)
    return keys
