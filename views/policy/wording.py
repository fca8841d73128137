"""What the user reads for the policy enums and the colours of the library's badges, in one place."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QColor

from models.enums import (
    Disposition,
    ItemKind,
    ItemStatus,
    PolicyCategory,
    PolicyStatus,
    SprintState,
    StakeholderDepartment,
)
from views.labels import tr

_NAMES: dict[StrEnum, str] = {
    PolicyCategory.DATA_PRIVACY: "Data privacy",
    PolicyCategory.ACCESS_CONTROL: "Access control",
    PolicyCategory.ADVERSARIAL_ML: "Adversarial ML",
    PolicyCategory.MODEL_TRAINING: "Model training",
    PolicyCategory.BIAS_FAIRNESS: "Bias and fairness",
    PolicyCategory.THIRD_PARTY_IP: "Third-party and IP",
    PolicyCategory.HUMAN_OVERSIGHT: "Human oversight",
    PolicyCategory.INCIDENT_RESPONSE: "Incident response",
    PolicyCategory.EXIT_STRATEGY: "Exit strategy",
    PolicyCategory.AUDIT_COMPLIANCE: "Audit and compliance",
    PolicyStatus.DRAFT: "Draft",
    PolicyStatus.IN_REVIEW: "In review",
    PolicyStatus.APPROVED: "Approved",
    PolicyStatus.RETIRED: "Retired",
    StakeholderDepartment.FINANCE: "Finance",
    StakeholderDepartment.LEGAL: "Legal",
    StakeholderDepartment.HR: "HR",
    StakeholderDepartment.END_USERS: "End users",
    StakeholderDepartment.CISO: "CISO",
    Disposition.OPEN: "Open",
    Disposition.ACCEPTED: "Accepted",
    Disposition.DEFERRED: "Deferred",
    Disposition.REJECTED: "Rejected",
    ItemStatus.BACKLOG: "Backlog",
    ItemStatus.TODO: "To do",
    ItemStatus.IN_PROGRESS: "In progress",
    ItemStatus.IN_REVIEW: "In review",
    ItemStatus.DONE: "Done",
    ItemKind.NEW_POLICY: "New policy",
    ItemKind.REVISION: "Revision",
    ItemKind.REVIEW: "Review",
    ItemKind.CONTROL: "Control",
    ItemKind.TRAINING: "Training",
    SprintState.PLANNED: "Planned",
    SprintState.ACTIVE: "Active",
    SprintState.CLOSED: "Closed",
}

# Dark enough on the light table background for normal text (WCAG AA), and not told by hue alone:
# the stale badge also says "stale", a missing sign-off says "missing".
STALE = QColor("#a1251b")
MISSING = QColor("#8a4b00")
SIGNED = QColor("#1e6e45")
RETIRED = QColor("#6b7280")


def name(value: StrEnum) -> str:
    """The user-facing, translated name of a policy enum value."""
    return tr(_NAMES.get(value, value.value.replace("_", " ").capitalize()))
