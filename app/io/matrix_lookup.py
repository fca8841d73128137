"""What a skills-matrix import is checked against: the people, skills and level labels Steward holds.

``Lookup`` reads them once and parses each kind of cell against them (a skill's
name or "Area / Skill", a level as a number or its label, a date), raising
``CellProblem`` with the sentence a user needs; it also gives the history the
preview compares with, as arrays. ``parse_email`` and ``parse_source``
need nothing from the database.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from difflib import get_close_matches
from typing import Any, NamedTuple, TypeVar

import numpy as np

from app.db.reader import Reader
from app.io.cells import CellProblem, cell_text, fold
from app.services.people import EMAIL_PATTERN
from models.enums import AssessmentSource

NO_LEVEL = -1
HISTORY_PAGE = 200_000  # assessments read at a time, so a long history never sits in memory as tuples
Found = TypeVar("Found")


class Skill(NamedTuple):
    id: int
    name: str
    area: str
    retired: bool


class Lookup:
    """The people, skills and level labels an import is checked against."""

    def __init__(self, reader: Reader, *, today: date) -> None:
        self.reader = reader
        self.today = today
        self.person_ids: dict[str, int] = {}
        self.person_names: dict[int, str] = {}
        for person_id, email, name in reader.rows("SELECT id, email, name FROM person WHERE erased_on IS NULL"):
            self.person_ids[email.strip().lower()] = person_id
            self.person_names[person_id] = name
        self.skills: dict[int, Skill] = {}
        self.by_name: dict[str, list[Skill]] = {}
        self.by_area_and_name: dict[tuple[str, str], Skill] = {}
        for skill_id, name, area, skill_retired, area_retired in reader.rows(
            "SELECT s.id, s.name, a.name, s.retired, a.retired FROM skill AS s JOIN skill_area AS a ON a.id = s.area_id"
            " ORDER BY a.position, a.id, s.name"
        ):
            skill = Skill(skill_id, name, area, bool(skill_retired or area_retired))
            self.skills[skill_id] = skill
            self.by_name.setdefault(fold(name), []).append(skill)
            self.by_area_and_name[(fold(area), fold(name))] = skill
        labels = reader.rows("SELECT level, label FROM level_descriptor ORDER BY level")
        self.level_labels = {fold(label): int(level) for level, label in labels}
        self.level_hint = "use 0–4" + (" or " + ", ".join(label for _, label in labels) if labels else "")

    # -- cells of each kind

    def skill(self, value: Any) -> Skill:
        text = cell_text(value)
        if not text:
            raise CellProblem("The skill is missing.")
        named = self.by_name.get(fold(text), [])
        active = [skill for skill in named if not skill.retired]
        if len(active) == 1:
            return active[0]
        if len(active) > 1:
            areas = " and ".join(skill.area for skill in active)
            raise CellProblem(
                f"{text!r} is a skill in both {areas}; write it as 'Area / Skill', "
                f"for example '{active[0].area} / {active[0].name}'."
            )
        # "Area / Skill"; an area's own name may hold a slash ("IT operations / platform").
        for match in re.finditer("/", text):
            found = self.by_area_and_name.get((fold(text[: match.start()]), fold(text[match.end() :])))
            if found is not None:
                named = [found]
                if not found.retired:
                    return found
                break
        if named:
            raise CellProblem(f"{text!r} is a retired skill; use the skill that replaced it.")
        names = sorted({skill.name for skill in self.skills.values() if not skill.retired})
        close = get_close_matches(text, names, n=1, cutoff=0.8)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise CellProblem(f"{text!r} is not a skill in Steward; correct the name or add the skill first{hint}.")

    def level(self, value: Any) -> int:
        if isinstance(value, bool):
            raise CellProblem(f"{value} is not a level; {self.level_hint}.")
        if isinstance(value, int | float):
            number: int | float = value  # an int stays an int; only a float is checked for a fraction
        else:
            text = cell_text(value)
            if not text:
                return NO_LEVEL
            level = self.level_labels.get(fold(text))
            if level is not None:
                return level
            try:
                number = float(text)
            except ValueError:
                raise CellProblem(f"{text!r} is not a level; {self.level_hint}.") from None
        if isinstance(number, float) and not (math.isfinite(number) and number.is_integer()):
            raise CellProblem(f"{cell_text(value)} is not a whole level; {self.level_hint}.")
        if not 0 <= number <= 4:
            raise CellProblem(f"Level {int(number)} is not on the scale 0–4.")
        return int(number)

    def assessed_on(self, value: Any) -> date | None:
        if isinstance(value, datetime):
            day = value.date()
        elif isinstance(value, date):
            day = value
        else:
            text = cell_text(value)
            if not text:
                return None
            try:
                day = date.fromisoformat(text)
            except ValueError:
                try:
                    day = datetime.fromisoformat(text).date()
                except ValueError:
                    raise CellProblem(
                        f"{text!r} is not a date; write dates as year-month-day, such as 2024-03-31."
                    ) from None
        if day > self.today:
            raise CellProblem(f"{day.isoformat()} is in the future; an assessment records a level already seen.")
        return day

    # -- what the database says now

    def history(self, person_ids: np.ndarray) -> History:
        """Every assessment of ``person_ids`` Steward holds, as arrays (read a page at a time)."""
        parts: list[np.ndarray] = []
        day_of: dict[Any, int] = {}
        after = 0
        while page := self.reader.rows(
            "SELECT id, person_id, skill_id, level, assessed_on FROM assessment WHERE id > :after ORDER BY id"
            " LIMIT :page",
            {"after": after, "page": HISTORY_PAGE},
        ):
            after = page[-1][0]
            ids, people, skills, levels, days = zip(*page, strict=True)
            table = np.array((ids, people, skills, levels, [_day_number(day, day_of) for day in days]), dtype=np.int64)
            parts.append(table[:, np.isin(table[1], person_ids)])
        table = np.concatenate(parts, axis=1) if parts else np.empty((5, 0), dtype=np.int64)
        return History(person=table[1], skill=table[2], level=table[3], day=table[4], order=table[0])


class History(NamedTuple):
    """Assessments as arrays: person, skill, level, date (as ``date.toordinal``) and the order they were made in."""

    person: np.ndarray
    skill: np.ndarray
    level: np.ndarray
    day: np.ndarray
    order: np.ndarray


def _day_number(value: Any, known: dict[Any, int]) -> int:
    """A stored date (text in SQLite) as its ``toordinal``; each distinct value is parsed once."""
    number = known.get(value)
    if number is None:
        number = known[value] = date.fromisoformat(str(value)[:10]).toordinal()
    return number


def remembered(parse: Callable[[Any], Found], *, limit: int = 100_000) -> Callable[[Any], Found]:
    """``parse``, remembering what it made of each value (and the problem it raised), for a file read in parts.

    A value is told apart by its type as well (``1``, ``1.0`` and ``True`` are not the same cell); at most
    ``limit`` values are remembered, so a file of a million different values cannot fill the memory.
    """
    known: dict[tuple[type, Any], Found] = {}
    refused: dict[tuple[type, Any], str] = {}

    def parse_once(value: Any) -> Found:
        key = (type(value), value)
        if key in known:
            return known[key]
        if key in refused:
            raise CellProblem(refused[key])  # a new one each time: raising one again would grow its traceback
        if len(known) + len(refused) >= limit:
            known.clear()
            refused.clear()
        try:
            found = known[key] = parse(value)
        except CellProblem as problem:
            refused[key] = str(problem)
            raise
        return found

    return parse_once


def parse_email(value: Any) -> str:
    text = cell_text(value)
    if not text:
        return ""
    email = text.lower()
    if not EMAIL_PATTERN.match(email):
        raise CellProblem(f"{text!r} is not an e-mail address.")
    return email


def parse_source(value: Any) -> str | None:
    text = cell_text(value)
    if not text:
        return None
    try:
        return AssessmentSource(text.casefold()).value
    except ValueError:
        choices = ", ".join(member.value for member in AssessmentSource)
        raise CellProblem(f"{text!r} is not a source of an assessment; use {choices}.") from None
