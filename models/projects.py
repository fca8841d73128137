"""MLOps projects, who works on them and the skills they need."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import enum_column
from models.enums import Criticality, DecisionMode, ModelOrigin, Stage


class Project(SQLModel, table=True):
    __tablename__ = "project"
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint("end_on IS NULL OR start_on IS NULL OR end_on >= start_on", name="end_after_start"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    description: str = Field(default="")
    stage: Stage = enum_column(Stage, name="stage", default=Stage.IDEA)
    decision_mode: DecisionMode = enum_column(DecisionMode, name="decision_mode", default=DecisionMode.DECISION_SUPPORT)
    model_origin: ModelOrigin = enum_column(ModelOrigin, name="model_origin", default=ModelOrigin.IN_HOUSE)
    personal_data: bool = Field(default=False)
    start_on: date | None = Field(default=None)
    end_on: date | None = Field(default=None)


class Membership(SQLModel, table=True):
    """A person on a project, with the share of their time it takes."""

    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("project_id", "person_id"),
        CheckConstraint("allocation > 0 AND allocation <= 1", name="allocation_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", ondelete="RESTRICT", index=True)
    role: str = Field(default="", max_length=100)
    allocation: float = Field(default=1.0)


class SkillRequirement(SQLModel, table=True):
    __tablename__ = "skill_requirement"
    __table_args__ = (
        UniqueConstraint("project_id", "skill_id"),
        CheckConstraint("min_level BETWEEN 1 AND 4", name="min_level_range"),
        CheckConstraint("needed_fte > 0", name="needed_fte_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE")
    skill_id: int = Field(foreign_key="skill.id", ondelete="RESTRICT", index=True)
    min_level: int = Field(default=2)
    needed_fte: float = Field(default=1.0)
    criticality: Criticality = enum_column(Criticality, name="criticality", default=Criticality.MEDIUM)
