"""The preview of a skills-matrix import: which of the file's levels change something in Steward.

Only a level that differs from the person's level at that date is new, so importing
the same file twice changes nothing the second time. The comparison runs on arrays
of numbers (the file's levels and Steward's history, sorted together once), so a
file of a million levels against a history of a million more takes seconds and a
few hundred megabytes at most, never one Python object per level.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from app.io.matrix_lookup import History, Lookup
from app.io.matrix_plan import ImportPlan, LevelColumns, Names, PlannedAssessments, PlannedPerson


def compare_with_steward(
    path: Path,
    *,
    file_type: str,
    layout: str,
    levels: LevelColumns,
    new_people: list[PlannedPerson],
    lookup: Lookup,
    column_labels: dict[int, str],
) -> ImportPlan:
    """Compare the file's levels with Steward's and keep only those that change something.

    A level is unchanged when it equals the level in effect at its date: the
    previous assessment of the same person and skill, counting those already in
    Steward and earlier rows of the file. An undated level counts as today's.
    """
    history = lookup.history(np.unique(levels.person[levels.person > 0]))
    current = _current_levels(history, levels)
    dated = bool((levels.day != 0).any())
    previous = _previous_levels(levels, history, today=lookup.today) if dated else current
    unchanged = previous == levels.level
    # An identical repeat of a row (same person, skill, date and level) is unchanged too.
    unchanged |= _repeats(levels)
    changed = np.flatnonzero(~unchanged)
    changed = changed[np.lexsort((levels.column[changed], levels.row[changed]))]
    names = Names(
        columns=column_labels,
        emails={person_id: email for email, person_id in lookup.person_ids.items()},
        people=lookup.person_names,
        skills={skill_id: skill.name for skill_id, skill in lookup.skills.items()},
        new_people=new_people,
    )
    return ImportPlan(
        path=path,
        file_type=file_type,
        layout=layout,
        new_people=tuple(new_people),
        new_assessments=PlannedAssessments(levels.take(changed), current[changed], names),
        unchanged=int(unchanged.sum()),
    )


def _pair_keys(person: np.ndarray, skill: np.ndarray, *, skills: int) -> np.ndarray:
    keys: np.ndarray = person * skills + skill
    return keys


def _current_levels(history: History, levels: LevelColumns) -> np.ndarray:
    """Each file level's person's current level in its skill (the newest assessment), -1 where never assessed."""
    current = np.full(len(levels.row), -1, dtype=np.int64)
    if not len(history.person):
        return current
    newest_last = np.lexsort((history.order, history.day, history.skill, history.person))
    skills = int(max(history.skill.max(), levels.skill.max(initial=0))) + 1
    keys = _pair_keys(history.person, history.skill, skills=skills)[newest_last]
    last_of_pair = np.append(keys[1:] != keys[:-1], True)
    held_keys, held_levels = keys[last_of_pair], history.level[newest_last][last_of_pair]
    wanted = _pair_keys(levels.person, levels.skill, skills=skills)
    found = np.minimum(np.searchsorted(held_keys, wanted), len(held_keys) - 1)
    known = (held_keys[found] == wanted) & (levels.person > 0)
    current[known] = held_levels[found[known]]
    return current


def _previous_levels(levels: LevelColumns, history: History, *, today: date) -> np.ndarray:
    """Each file level's level in effect just before its date, from Steward's history and the file's earlier rows."""
    count = len(levels.row)
    person = np.concatenate((history.person, levels.person))
    skill = np.concatenate((history.skill, levels.skill))
    day = np.concatenate((history.day, np.where(levels.day == 0, today.toordinal(), levels.day)))
    from_file = np.concatenate((np.zeros(len(history.person), dtype=np.int8), np.ones(count, dtype=np.int8)))
    order = np.concatenate((history.order, np.arange(count, dtype=np.int64)))
    level = np.concatenate((history.level, levels.level))
    # Held assessments come before the file's rows of the same day; within each, in the order they were made.
    timeline = np.lexsort((order, from_file, day, skill, person))
    person, skill, level = person[timeline], skill[timeline], level[timeline]
    same_pair = (person[1:] == person[:-1]) & (skill[1:] == skill[:-1])
    before = np.concatenate(([-1], np.where(same_pair, level[:-1], -1)))
    previous = np.empty(count, dtype=np.int64)
    is_file = from_file[timeline] == 1
    previous[order[timeline][is_file]] = before[is_file]
    return previous


def _repeats(levels: LevelColumns) -> np.ndarray:
    """The rows that repeat an earlier row's person, skill, date and level (the first of each is not a repeat)."""
    repeated = np.zeros(len(levels.row), dtype=bool)
    if len(repeated) < 2:
        return repeated
    ranked = np.lexsort((np.arange(len(repeated)), levels.level, levels.day, levels.skill, levels.person))
    keys = (levels.person, levels.skill, levels.day, levels.level)
    same = np.logical_and.reduce([values[ranked][1:] == values[ranked][:-1] for values in keys])
    repeated[ranked[1:][same]] = True
    return repeated
