"""Enumerations of the domain, as stored in the database (their ``value``s).

Plain ``StrEnum``s with no ORM import, so the GUI can list them without loading
SQLModel. Display labels live in the views (they go through ``tr()``).
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Life-cycle stage of an MLOps project, in the order a project moves through."""

    IDEA = "idea"
    PROOF_OF_CONCEPT = "proof_of_concept"
    DEVELOPMENT = "development"
    PRE_PRODUCTION = "pre_production"
    PRODUCTION = "production"
    RETIRED = "retired"


class DecisionMode(StrEnum):
    DECISION_SUPPORT = "decision_support"
    AUTOMATED = "automated"


class ModelOrigin(StrEnum):
    IN_HOUSE = "in_house"
    THIRD_PARTY = "third_party"
    RESEARCH_TEAM = "research_team"


class AssessmentSource(StrEnum):
    SELF = "self"
    MANAGER = "manager"
    CERTIFIED = "certified"


class Criticality(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class PolicyCategory(StrEnum):
    DATA_PRIVACY = "data_privacy"
    ACCESS_CONTROL = "access_control"
    ADVERSARIAL_ML = "adversarial_ml"
    MODEL_TRAINING = "model_training"
    BIAS_FAIRNESS = "bias_fairness"
    THIRD_PARTY_IP = "third_party_ip"
    HUMAN_OVERSIGHT = "human_oversight"
    INCIDENT_RESPONSE = "incident_response"
    EXIT_STRATEGY = "exit_strategy"
    AUDIT_COMPLIANCE = "audit_compliance"


class PolicyStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    RETIRED = "retired"


class StakeholderDepartment(StrEnum):
    """The departments the brief asks to take part in policy work."""

    FINANCE = "finance"
    LEGAL = "legal"
    HR = "hr"
    END_USERS = "end_users"
    CISO = "ciso"


class ItemKind(StrEnum):
    NEW_POLICY = "new_policy"
    REVISION = "revision"
    REVIEW = "review"
    CONTROL = "control"
    TRAINING = "training"


class ItemStatus(StrEnum):
    BACKLOG = "backlog"
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    IN_REVIEW = "in_review"
    DONE = "done"


class SprintState(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    CLOSED = "closed"


class Disposition(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DEFERRED = "deferred"
    REJECTED = "rejected"


class PlanState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CLOSED = "closed"


class BudgetCategory(StrEnum):
    HARDWARE = "hardware"
    SOFTWARE = "software"
    CLOUD_COMPUTE = "cloud_compute"
    PERSONNEL = "personnel"
    RECRUITMENT = "recruitment"
    TRAINING = "training"
    DIGITAL_TWIN = "digital_twin"
    EXPERIMENTATION = "experimentation"
    SECURITY_TESTING = "security_testing"
    LEGAL_COMPLIANCE = "legal_compliance"
    CONTINGENCY = "contingency"


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
