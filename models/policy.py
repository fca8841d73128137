"""Policies and their versions, the policy backlog, sprints and stakeholder feedback."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import enum_column
from models.enums import (
    Disposition,
    ItemKind,
    ItemStatus,
    PolicyCategory,
    PolicyStatus,
    SprintState,
    StakeholderDepartment,
)


class Policy(SQLModel, table=True):
    """A policy, org-wide (no project) or tied to one project."""

    __tablename__ = "policy"
    __table_args__ = (
        CheckConstraint("review_cadence_months > 0", name="cadence_positive"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int | None = Field(default=None, foreign_key="project.id", ondelete="RESTRICT", index=True)
    title: str = Field(max_length=200)
    category: PolicyCategory = enum_column(PolicyCategory, name="policy_category")
    owner_department: str = Field(max_length=100)
    status: PolicyStatus = enum_column(PolicyStatus, name="policy_status", default=PolicyStatus.DRAFT)
    review_cadence_months: int = Field(default=12)
    next_review_on: date | None = Field(default=None)
    framework_refs: str = Field(default="")


class PolicyVersion(SQLModel, table=True):
    __tablename__ = "policy_version"
    __table_args__ = (
        UniqueConstraint("policy_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    policy_id: int = Field(foreign_key="policy.id", ondelete="RESTRICT")
    number: int
    text: str = Field(default="")
    change_summary: str = Field(default="")
    author_id: int | None = Field(default=None, foreign_key="person.id", ondelete="RESTRICT")
    created_on: date
    published_on: date | None = Field(default=None)
    approved_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="RESTRICT")
    approved_on: date | None = Field(default=None)


class SignOff(SQLModel, table=True):
    """A stakeholder department's sign-off on one policy version."""

    __tablename__ = "sign_off"
    __table_args__ = (UniqueConstraint("version_id", "department"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="policy_version.id", ondelete="RESTRICT")
    department: StakeholderDepartment = enum_column(StakeholderDepartment, name="sign_off_department")
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="RESTRICT")
    # The signer's own department when they signed, kept when it is not the one signed for
    # (someone from Payments signing for Finance); empty when they belong to it.
    signer_department: str = Field(default="", max_length=100)
    signed_on: date
    comment: str = Field(default="")


class Sprint(SQLModel, table=True):
    __tablename__ = "sprint"
    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        CheckConstraint("end_on >= start_on", name="end_after_start"),
        CheckConstraint("capacity_points >= 0", name="capacity_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="RESTRICT")
    name: str = Field(max_length=100)
    goal: str = Field(default="")
    start_on: date
    end_on: date
    state: SprintState = enum_column(SprintState, name="sprint_state", default=SprintState.PLANNED)
    capacity_points: int = Field(default=0)
    started_at: datetime | None = Field(default=None)
    closed_at: datetime | None = Field(default=None)


class BacklogItem(SQLModel, table=True):
    """A piece of policy work; ``rank`` orders the backlog (smaller comes first)."""

    __tablename__ = "backlog_item"
    __table_args__ = (
        CheckConstraint("points IS NULL OR points > 0", name="points_positive"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        Index("ix_backlog_item_project_rank", "project_id", "rank"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="RESTRICT")
    title: str = Field(max_length=300)
    kind: ItemKind = enum_column(ItemKind, name="item_kind", default=ItemKind.NEW_POLICY)
    points: int | None = Field(default=None)
    rank: float = Field(default=0.0)
    status: ItemStatus = enum_column(ItemStatus, name="item_status", default=ItemStatus.BACKLOG)
    owner_department: str = Field(default="", max_length=100)
    assignee_id: int | None = Field(default=None, foreign_key="person.id", ondelete="RESTRICT")
    acceptance_criteria: str = Field(default="")
    sprint_id: int | None = Field(default=None, foreign_key="sprint.id", ondelete="RESTRICT", index=True)
    policy_id: int | None = Field(default=None, foreign_key="policy.id", ondelete="SET NULL")
    template_key: str | None = Field(default=None, max_length=100)
    created_at: datetime


class ItemHistory(SQLModel, table=True):
    """The state of a backlog item from ``changed_at`` on: its status, sprint and points.

    One row per change; the charts (burndown, scope, flow) are computed from these
    rows alone, so editing an item later never rewrites what a closed sprint showed.
    """

    __tablename__ = "item_history"
    __table_args__ = (Index("ix_item_history_item_time", "item_id", "changed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="backlog_item.id", ondelete="RESTRICT")
    changed_at: datetime
    status: ItemStatus = enum_column(ItemStatus, name="history_status")
    sprint_id: int | None = Field(default=None, foreign_key="sprint.id", ondelete="RESTRICT", index=True)
    points: int | None = Field(default=None)


class SprintCommitment(SQLModel, table=True):
    """The scope a sprint committed to when it started (a snapshot, never edited)."""

    __tablename__ = "sprint_commitment"
    __table_args__ = (CheckConstraint("points IS NULL OR points > 0", name="points_positive"),)

    sprint_id: int = Field(foreign_key="sprint.id", ondelete="RESTRICT", primary_key=True)
    item_id: int = Field(foreign_key="backlog_item.id", ondelete="RESTRICT", primary_key=True)
    points: int | None = Field(default=None)


class Feedback(SQLModel, table=True):
    """A stakeholder's comment on a backlog item or on a policy version (one of the two)."""

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("(item_id IS NULL) <> (version_id IS NULL)", name="one_target"),
        CheckConstraint("length(trim(comment)) > 0", name="comment_not_blank"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int | None = Field(default=None, foreign_key="backlog_item.id", ondelete="RESTRICT", index=True)
    version_id: int | None = Field(default=None, foreign_key="policy_version.id", ondelete="RESTRICT", index=True)
    department: StakeholderDepartment = enum_column(StakeholderDepartment, name="feedback_department")
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="RESTRICT")
    comment: str
    disposition: Disposition = enum_column(Disposition, name="disposition", default=Disposition.OPEN)
    received_on: date
    resolved_on: date | None = Field(default=None)
