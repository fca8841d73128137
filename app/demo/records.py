"""The demo organisation in memory while it is built: taxonomy ids, people, projects, sprints.

These hold what later rows refer to (ids, the people on a project, a project's
policies), so that nothing has to be read back from the database mid-build.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# Sprints start on a Monday and end on the Friday of the next week.
SPRINT_DAYS = 11


def between(day: date, earliest: date, latest: date) -> date:
    return max(earliest, min(day, latest))


def as_written(entry: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    """``keys`` of a recipe's ``entry`` with their values as written: arguments the recipe names as they are named."""
    return {key: entry[key] for key in keys}


def weighted(mix: Mapping[str, float]) -> tuple[list[str], list[float]]:
    """The choices of a recipe's mix and their weights, for ``random.choices``."""
    return list(mix), list(mix.values())


def _named(ids: dict[str, int], name: str, what: str) -> int:
    try:
        return ids[name]
    except KeyError:
        raise ValueError(f"the demo recipe names {what} the taxonomy lacks: {name!r}") from None


@dataclass
class Taxonomy:
    """The skill areas and skills people are assessed in, as ids of the database."""

    area_ids: dict[str, int] = field(default_factory=dict)
    core_area_ids: list[int] = field(default_factory=list)
    skill_ids: dict[str, int] = field(default_factory=dict)
    area_of_skill: dict[int, int] = field(default_factory=dict)
    skills_in_area: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, connection: Connection) -> Taxonomy:
        from sqlalchemy import text

        taxonomy = cls()
        for area_id, name, core in connection.execute(
            text("SELECT id, name, core_discipline FROM skill_area ORDER BY position, id")
        ):
            taxonomy.add_area(area_id, name, core=bool(core))
        for skill_id, area_id, name in connection.execute(text("SELECT id, area_id, name FROM skill ORDER BY id")):
            taxonomy.add_skill(skill_id, area_id, name)
        return taxonomy

    def add_area(self, area_id: int, name: str, *, core: bool) -> None:
        self.area_ids[name] = area_id
        self.skills_in_area.setdefault(area_id, [])
        if core:
            self.core_area_ids.append(area_id)

    def add_skill(self, skill_id: int, area_id: int, name: str) -> None:
        self.skill_ids.setdefault(name, skill_id)
        self.area_of_skill[skill_id] = area_id
        self.skills_in_area[area_id].append(skill_id)

    def skill(self, name: str) -> int:
        return _named(self.skill_ids, name, "a skill")

    def area(self, name: str) -> int:
        return _named(self.area_ids, name, "a skill area")


@dataclass(frozen=True)
class Breadth:
    """How many skills a profile touches: a readable page at small scale, ~90 rows at large."""

    deep_area: tuple[int, int]  # further skills in an area of expertise
    broad_area: tuple[int, int]  # skills in each area of broad knowledge
    other_area: tuple[int, int]  # skills assessed at 0-1 elsewhere
    history: tuple[int, int]  # skills with an older, lower assessment
    history_share: float  # share of people who have any history
    certification_share: float  # chance that an advanced person holds a matching certificate


SMALL_BREADTH = Breadth(
    deep_area=(2, 4),
    broad_area=(2, 3),
    other_area=(1, 2),
    history=(1, 4),
    history_share=0.5,
    certification_share=0.6,
)
LARGE_BREADTH = Breadth(
    deep_area=(18, 24),
    broad_area=(12, 16),
    other_area=(7, 10),
    history=(6, 10),
    history_share=1.0,
    certification_share=0.2,
)


@dataclass
class Person:
    id: int
    name: str
    email: str
    department: str
    title: str
    shape: str
    deep_skill_ids: tuple[int, ...]
    broad_area_ids: tuple[int, ...]
    pins: dict[int, int]
    capacity_fte: float
    cost_rate_cents: int
    active: bool


@dataclass
class Member:
    person: Person
    role: str
    allocation: float


@dataclass
class Project:
    id: int
    name: str
    stage: str
    business_unit: str
    members: list[Member]
    go_live_month: int | None = None
    policies: dict[str, tuple[int, str]] = field(default_factory=dict)  # recipe key -> (id, title)


@dataclass(frozen=True)
class Sprint:
    id: int
    number: int
    name: str
    start_on: date
    end_on: date
    state: str
    started_at: datetime | None

    @property
    def working_days(self) -> list[date]:
        days = (self.start_on + timedelta(days=offset) for offset in range(SPRINT_DAYS + 1))
        return [day for day in days if day.weekday() < 5]


# (changed_at, status, sprint id, points): one event of a backlog item's history.
Event = tuple[datetime, str, int | None, int | None]
