"""What a service call changed, in one vocabulary: the kind of rows (``Entity``) and what happened (``Action``).

Every service returns a ``Change``; the views refresh the pages that show its
entity, matching members exactly (a page declares the set it shows). The same
members name the rows and actions of the audit trail, so the values are the
words stored in ``audit_event`` and must never change: a new word is a new member.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple


class Entity(StrEnum):
    """The kind of rows a change or an audit event is about."""

    ASSESSMENT = "assessment"
    BACKLOG_ITEM = "backlog_item"
    BUDGET_LINE = "budget_line"
    BUDGET_PLAN = "budget_plan"
    DEMO = "demo"  # audit only: the demo organisation was generated (before any page exists)
    FEEDBACK = "feedback"
    IMPORT = "import"  # a skill-matrix import applied as one change
    LEVEL_DESCRIPTOR = "level_descriptor"
    MEMBERSHIP = "membership"
    PERSON = "person"
    POLICY = "policy"
    POLICY_VERSION = "policy_version"
    PROJECT = "project"
    SETTING = "setting"
    SIGN_OFF = "sign_off"
    SKILL = "skill"
    SKILL_AREA = "skill_area"
    SKILL_REQUIREMENT = "skill_requirement"
    SPRINT = "sprint"
    TAXONOMY = "taxonomy"


class Action(StrEnum):
    """What happened to the rows. Some words predate this enum and keep their spelling (audit history)."""

    ACTUALS_SET = "actuals set"
    APPLIED = "applied"
    APPROVED = "approved"
    ASSIGNED = "assigned"
    CLOSED = "closed"
    CREATED = "created"
    DELETED = "deleted"
    DISPOSED = "disposed"
    EDITED = "edited"
    ERASED = "erased"
    IMPORTED = "imported"
    LABOUR_REFRESHED = "labour refreshed"
    LINES_ADDED = "lines added"
    LINES_DELETED = "lines deleted"
    LOADED = "loaded"
    MERGED = "merged"
    MOVED = "moved"
    PLACED = "placed"
    PUBLISHED = "published"
    RENAMED = "renamed"
    RESTORED = "restored"
    RETIRED = "retired"
    RETRACTED = "retracted"
    REVISED = "revised"
    SEEDED = "seeded"
    STARTED = "started"
    STATE_CHANGED = "state changed"
    STATUS_CHANGED = "status_changed"
    TEMPLATES_ADDED = "templates_added"
    UNASSIGNED = "unassigned"
    UNCHANGED = "unchanged"
    UPDATED = "updated"
    WITHDRAWN = "withdrawn"


class Change(NamedTuple):
    """What a service call changed: the views refresh what shows these entities."""

    entity: Entity
    action: Action
    ids: tuple[int, ...] = ()
    details: Mapping[str, Any] = MappingProxyType({})
