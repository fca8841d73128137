"""Checking what the skill services are given (levels, sources, dates, names); finding people, skills, areas."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from app.errors import UserError
from app.services.inputs import choice, refuse_control_characters
from app.services.people import PERSON_GONE
from app.services.unit import Unit, missing
from models.enums import AssessmentSource

MIN_LEVEL, MAX_LEVEL = 0, 4


def check_level(value: Any, *, lowest: int = MIN_LEVEL) -> int:
    """A level of the 0–4 scale as an int, or ``UserError`` saying why ``value`` is not one."""
    if isinstance(value, bool) or value is None:
        raise UserError(f"{value!r} is not a level; use a whole number from {lowest} to {MAX_LEVEL}.")
    number: Any = value
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text) if text else None
        except ValueError:
            raise UserError(f"{value!r} is not a level; use a whole number from {lowest} to {MAX_LEVEL}.") from None
    if not isinstance(number, int | float) or (isinstance(number, float) and not math.isfinite(number)):
        raise UserError(f"{value!r} is not a level; use a whole number from {lowest} to {MAX_LEVEL}.")
    if number != int(number):
        raise UserError(f"{value} is not a whole level; use a whole number from {lowest} to {MAX_LEVEL}.")
    level = int(number)
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise UserError(f"Level {level} is not on the scale {MIN_LEVEL}–{MAX_LEVEL}.")
    if level < lowest:
        raise UserError(f"A minimum level of {level} asks for nothing; use {lowest} to {MAX_LEVEL}.")
    return level


def check_source(value: Any) -> AssessmentSource:
    return choice(AssessmentSource, value, refusal="{value!r} is not a source of an assessment; use {choices}.")


def check_assessment_date(value: date | datetime | str | None, *, today: date | None = None) -> date:
    """The date an assessment is recorded for: today when ``None``; never in the future."""
    today = today or date.today()
    if value is None:
        return today
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise UserError(f"{value!r} is not a date; write it as {today.isoformat()}.") from None
    if value > today:
        raise UserError(f"An assessment cannot be dated in the future ({value.isoformat()}).")
    return value


def _name(value: str, *, what: str) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise UserError(f"A {what} needs a name.")
    return str(refuse_control_characters(cleaned, what=f"{what}'s name"))


def _person(unit: Unit, person_id: int) -> Any:
    from models.people import Person

    person = unit.get(Person, person_id, what="person", sentence=PERSON_GONE)
    if person.erased_on is not None:
        raise UserError(missing("person", person_id, sentence=PERSON_GONE))
    return person


def _skill(unit: Unit, skill_id: int, *, usable: bool = False) -> Any:
    from models.people import Skill

    skill = unit.get(Skill, skill_id, what="skill", sentence="Skill {id} does not exist.")
    if usable and skill.retired:
        raise UserError(f"The skill {skill.name!r} is retired; use the skill that replaced it.")
    return skill


def _area(unit: Unit, area_id: int) -> Any:
    from models.people import SkillArea

    area = unit.get(SkillArea, area_id, what="skill area", sentence="Skill area {id} does not exist.")
    return area
