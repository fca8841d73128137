"""The preview of a skills-matrix import: which of the file's levels change something in Steward.

Only a level that differs from the person's level at that date is new, so importing
the same file twice changes nothing the second time. The comparison with the
current levels and the history is a pandas merge, quick on 5,000 people × 300 skills.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from app.io.matrix_lookup import Lookup
from app.io.matrix_plan import ImportPlan, PlannedAssessment, PlannedPerson
from app.io.sheet import Sheet


def compare_with_steward(
    path: Path,
    sheet: Sheet,
    layout: str,
    frame: pd.DataFrame,
    new_people: list[PlannedPerson],
    lookup: Lookup,
    new_names: dict[str, str],
) -> ImportPlan:
    """Compare the file's levels with Steward's and keep only those that change something.

    A level is unchanged when it equals the level in effect at its date: the
    previous assessment of the same person and skill, counting those already in
    Steward and earlier rows of the file. An undated level counts as today's.
    """
    frame = frame.reset_index(drop=True)
    frame["order"] = np.arange(len(frame), dtype=np.int64)
    frame = frame.merge(lookup.current_levels(), on=["person_id", "skill_id"], how="left", sort=False)
    frame["previous"] = _previous_levels(frame, lookup) if frame["when"].notna().any() else frame["old_level"]
    unchanged = frame["previous"].to_numpy() == frame["level"].to_numpy()
    # An identical repeat of a row (same person, skill, date and level) is unchanged too.
    unchanged |= frame.duplicated(["person_id", "skill_id", "when", "level"]).to_numpy()
    changed = frame[~unchanged].sort_values(["row", "column"], kind="stable")
    return ImportPlan(
        path=path,
        file_type=sheet.file_type,
        layout=layout,
        new_people=tuple(new_people),
        new_assessments=_planned_assessments(changed, sheet, lookup, new_names),
        unchanged=int(unchanged.sum()),
    )


def _previous_levels(frame: pd.DataFrame, lookup: Lookup) -> np.ndarray:
    """Each row's level in effect just before its date, from Steward's history and the file's earlier rows."""
    today = pd.Timestamp(lookup.today)
    file_part = frame[["person_id", "skill_id", "level", "when", "order"]].assign(origin=1)
    file_part["when"] = file_part["when"].fillna(today)
    held = lookup.history(set(frame["person_id"].tolist())).assign(origin=0)
    timeline = pd.concat([held, file_part], ignore_index=True).sort_values(
        ["person_id", "skill_id", "when", "origin", "order"], kind="stable"
    )
    timeline["previous"] = timeline.groupby(["person_id", "skill_id"], sort=False)["level"].shift(1)
    previous = timeline[timeline["origin"] == 1].set_index("order")["previous"]
    return previous.reindex(frame["order"]).to_numpy()


def _planned_assessments(
    changed: pd.DataFrame, sheet: Sheet, lookup: Lookup, new_names: dict[str, str]
) -> tuple[PlannedAssessment, ...]:
    columns = changed["column"].tolist()
    labels = {column: sheet.column_label(column) for column in set(columns)}
    people = [
        lookup.person_names.get(person_id) if person_id > 0 else new_names.get(email, email)
        for person_id, email in zip(changed["person_id"].tolist(), changed["email"].tolist(), strict=True)
    ]
    return tuple(
        PlannedAssessment(
            row=row,
            column=labels[column],
            person_id=person_id if person_id > 0 else None,
            email=email,
            person=person or email,
            skill_id=skill_id,
            skill=lookup.skills[skill_id].name,
            old_level=None if math.isnan(old) else int(old),
            level=level,
            assessed_on=None if pd.isna(when) else when.date(),
            source=source if isinstance(source, str) else None,
        )
        for row, column, person_id, email, person, skill_id, old, level, when, source in zip(
            changed["row"].tolist(),
            columns,
            changed["person_id"].tolist(),
            changed["email"].tolist(),
            people,
            changed["skill_id"].tolist(),
            changed["old_level"].tolist(),
            changed["level"].tolist(),
            changed["when"].tolist(),
            changed["source"].tolist(),
            strict=True,
        )
    )
