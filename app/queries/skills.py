"""Small reads the skill matrix page needs besides the snapshot: filter choices, level labels."""

from __future__ import annotations

from typing import NamedTuple

from app.db.reader import Reader
from app.labels import LEVEL_NAMES


class LevelDescriptor(NamedTuple):
    level: int
    label: str
    description: str


class MatrixFilterChoices(NamedTuple):
    departments: tuple[str, ...]
    # (project id, project name, ids of its members)
    projects: tuple[tuple[int, str, frozenset[int]], ...]


def level_descriptors(reader: Reader) -> list[LevelDescriptor]:
    """The five levels of the scale with their labels, 0 first (defaults if the table is empty)."""
    rows = reader.rows("SELECT level, label, description FROM level_descriptor ORDER BY level")
    if len(rows) != 5:
        return [LevelDescriptor(level, label, "") for level, label in enumerate(LEVEL_NAMES)]
    return [LevelDescriptor(*row) for row in rows]


def matrix_filter_choices(reader: Reader) -> MatrixFilterChoices:
    departments = tuple(name for (name,) in reader.rows("SELECT DISTINCT department FROM person ORDER BY department"))
    members: dict[int, set[int]] = {}
    for project_id, person_id in reader.rows("SELECT project_id, person_id FROM membership"):
        members.setdefault(project_id, set()).add(person_id)
    projects = tuple(
        (project_id, name, frozenset(members.get(project_id, ())))
        for project_id, name in reader.rows("SELECT id, name FROM project ORDER BY name")
    )
    return MatrixFilterChoices(departments=departments, projects=projects)
