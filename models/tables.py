"""Every table, imported in one place so the metadata is complete (Alembic, tests)."""

from __future__ import annotations

from sqlmodel import SQLModel

from models.audit import AuditEvent, Setting
from models.budget import BudgetLine, BudgetPlan
from models.people import Assessment, Certification, LevelDescriptor, Person, Skill, SkillArea
from models.policy import BacklogItem, Feedback, ItemHistory, Policy, PolicyVersion, SignOff, Sprint, SprintCommitment
from models.projects import Membership, Project, SkillRequirement

metadata = SQLModel.metadata

__all__ = [
    "Assessment",
    "AuditEvent",
    "BacklogItem",
    "BudgetLine",
    "BudgetPlan",
    "Certification",
    "Feedback",
    "ItemHistory",
    "LevelDescriptor",
    "Membership",
    "Person",
    "Policy",
    "PolicyVersion",
    "Project",
    "Setting",
    "SignOff",
    "Skill",
    "SkillArea",
    "SkillRequirement",
    "Sprint",
    "SprintCommitment",
    "metadata",
]
