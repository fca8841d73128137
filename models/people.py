"""People, the skill taxonomy, assessments and certifications."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import enum_column, money_column
from models.enums import AssessmentSource


class Person(SQLModel, table=True):
    """Someone in the organisation. Deactivated, never deleted once they have history;
    erased (name and e-mail replaced) on a privacy request."""

    __tablename__ = "person"
    __table_args__ = (
        UniqueConstraint("email"),
        CheckConstraint("capacity_fte > 0 AND capacity_fte <= 1", name="capacity_range"),
        CheckConstraint("cost_rate >= 0", name="cost_rate_not_negative"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    email: str = Field(max_length=320)
    department: str = Field(max_length=100, index=True)
    title: str = Field(default="", max_length=200)
    capacity_fte: float = Field(default=1.0)
    # Monthly cost in the organisation's currency; labour budget lines use it.
    cost_rate: Decimal = money_column(default=Decimal("0.00"))
    active: bool = Field(default=True)
    erased_on: date | None = Field(default=None)


class SkillArea(SQLModel, table=True):
    """A discipline (data science, cyber security ...) grouping skills."""

    __tablename__ = "skill_area"
    __table_args__ = (UniqueConstraint("name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    position: int = Field(default=0)
    # The brief's four core MLOps disciplines are marked so the discipline mix
    # does not depend on area names.
    core_discipline: bool = Field(default=False)
    retired: bool = Field(default=False)


class Skill(SQLModel, table=True):
    __tablename__ = "skill"
    __table_args__ = (UniqueConstraint("area_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    area_id: int = Field(foreign_key="skill_area.id", ondelete="RESTRICT", index=True)
    name: str = Field(max_length=100)
    description: str = Field(default="")
    retired: bool = Field(default=False)


class LevelDescriptor(SQLModel, table=True):
    """What each level of the 0–4 scale means; data, so HR can reword it."""

    __tablename__ = "level_descriptor"
    __table_args__ = (CheckConstraint("level BETWEEN 0 AND 4", name="level_range"), UniqueConstraint("label"))

    level: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    label: str = Field(max_length=50)
    description: str = Field(default="")


class Assessment(SQLModel, table=True):
    """One person's level in one skill at a date. History is kept: the newest wins."""

    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint("level BETWEEN 0 AND 4", name="level_range"),
        Index("ix_assessment_person_skill_date", "person_id", "skill_id", "assessed_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="RESTRICT")
    skill_id: int = Field(foreign_key="skill.id", ondelete="RESTRICT", index=True)
    level: int
    assessed_on: date
    source: AssessmentSource = enum_column(AssessmentSource, name="assessment_source", default=AssessmentSource.MANAGER)
    note: str = Field(default="")


class Certification(SQLModel, table=True):
    __tablename__ = "certification"
    __table_args__ = (CheckConstraint("expires_on IS NULL OR expires_on >= obtained_on", name="expiry_after_obtained"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="RESTRICT", index=True)
    skill_id: int | None = Field(default=None, foreign_key="skill.id", ondelete="SET NULL")
    name: str = Field(max_length=200)
    issuer: str = Field(default="", max_length=200)
    obtained_on: date
    expires_on: date | None = Field(default=None)
