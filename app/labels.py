"""The one vocabulary: what a reader sees for each stored value, in English, in one place.

The enum values in ``models.enums`` are what the database holds ("proof_of_concept");
these are the words for them ("Proof of concept"). The reports print them as they
are; the views wrap them in ``tr()`` (``views.labels``), so a translation starts
from the same words. Every table is keyed by the enum's members in the enum's own
order, and answers a plain stored string too (a ``StrEnum`` member is its value). A
member reads as its value's words ("in_review" -> "In review") unless its table
names other words for it ("pre_production" -> "Pre-production").

``label(value)`` names an enum member by its own enum (so "training", a backlog
item's kind, and "training", a budget category, keep their different words); a
plain string is looked up in the enums given, the first that has it. A value no
table names reads as its words: "in_review" -> "In review".

Besides the labels: the default names of the 0-4 skill levels (the database's level
descriptors replace them when it has its own), the skill shapes (keyed by
``app.analysis.skills.Shape``'s values), the order of the criticalities, and the
words a sentence uses for policy categories and stages ("human oversight",
"pre-production"), which differ from the labels of a table cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from models.enums import (
    AssessmentSource,
    BudgetCategory,
    Criticality,
    DecisionMode,
    Disposition,
    ItemKind,
    ItemStatus,
    ModelOrigin,
    PeriodKind,
    PlanState,
    PolicyCategory,
    PolicyStatus,
    SprintState,
    Stage,
    StakeholderDepartment,
)


def words(value: str) -> str:
    """A stored value no table names, as words: "in_review" -> "In review"."""
    return str(value).replace("_", " ").capitalize()


def _labels(kind: type[StrEnum], **named: str) -> Mapping[str, str]:
    """``kind``'s table, in its order: each member reads as its words ("in_review" -> "In review") unless ``named``
    (by member name) gives it others ("HR", "Pre-production")."""
    unknown = sorted(named.keys() - kind.__members__.keys())
    if unknown:
        raise TypeError(f"{kind.__name__} has no member {', '.join(unknown)}")
    return {member: named.get(member.name) or words(member) for member in kind}


STAGES: Final = _labels(Stage, PRE_PRODUCTION="Pre-production")
DECISION_MODES: Final = _labels(DecisionMode, AUTOMATED="Automated decision making")
MODEL_ORIGINS: Final = _labels(ModelOrigin, IN_HOUSE="In-house", THIRD_PARTY="Third-party")
ASSESSMENT_SOURCES: Final = _labels(AssessmentSource)
CRITICALITIES: Final = _labels(Criticality)
POLICY_CATEGORIES: Final = _labels(
    PolicyCategory,
    ADVERSARIAL_ML="Adversarial ML",
    BIAS_FAIRNESS="Bias and fairness",
    THIRD_PARTY_IP="Third-party and IP",
    AUDIT_COMPLIANCE="Audit and compliance",
)
POLICY_STATUSES: Final = _labels(PolicyStatus)
DEPARTMENTS: Final = _labels(StakeholderDepartment, HR="HR", CISO="CISO")
ITEM_KINDS: Final = _labels(ItemKind)
ITEM_STATUSES: Final = _labels(ItemStatus, TODO="To do")
SPRINT_STATES: Final = _labels(SprintState)
DISPOSITIONS: Final = _labels(Disposition)
PLAN_STATES: Final = _labels(PlanState)
# The design's own names for the budget categories: "Software and licences", "Training and upskilling".
BUDGET_CATEGORIES: Final = _labels(
    BudgetCategory,
    SOFTWARE="Software and licences",
    TRAINING="Training and upskilling",
    LEGAL_COMPLIANCE="Legal and compliance",
)
PERIOD_KINDS: Final = _labels(PeriodKind)

# A person's T-shape (``app.analysis.skills.Shape``, which imports numpy: keyed here by its values).
SHAPES: Final[Mapping[str, str]] = {
    "t_shaped": "T-shaped",
    "pi_shaped": "Π-shaped",
    "i_shaped": "I-shaped",
    "generalist": "Generalist",
    "developing": "Developing",
}
# A policy category's state in the governance analysis (``app.analysis.governance``), as the reports word it.
GOVERNANCE_STATUSES: Final[Mapping[str, str]] = {"covered": "Covered", "missing": "Missing", "stale": "Past review"}

# The default wording of the 0-4 scale; the database's level descriptors replace it when it has them.
LEVEL_NAMES: Final[tuple[str, ...]] = ("None", "Awareness", "Working", "Advanced", "Expert")

# Categories and stages as a sentence names them, for messages and reports ("needs a human oversight policy").
CATEGORY_WORDS: Final[Mapping[str, str]] = {
    PolicyCategory.DATA_PRIVACY: "data privacy",
    PolicyCategory.ACCESS_CONTROL: "access control",
    PolicyCategory.ADVERSARIAL_ML: "adversarial ML",
    PolicyCategory.MODEL_TRAINING: "model training and updating",
    PolicyCategory.BIAS_FAIRNESS: "bias and fairness",
    PolicyCategory.THIRD_PARTY_IP: "third-party models and IP",
    PolicyCategory.HUMAN_OVERSIGHT: "human oversight",
    PolicyCategory.INCIDENT_RESPONSE: "incident response",
    PolicyCategory.EXIT_STRATEGY: "exit strategy and data migration",
    PolicyCategory.AUDIT_COMPLIANCE: "audit and compliance",
}
_STAGE_WORDS: Final[Mapping[str, str]] = {
    Stage.PROOF_OF_CONCEPT: "proof of concept",
    Stage.PRE_PRODUCTION: "pre-production",
}

TABLES: Final[Mapping[type[StrEnum], Mapping[str, str]]] = {
    Stage: STAGES,
    DecisionMode: DECISION_MODES,
    ModelOrigin: MODEL_ORIGINS,
    AssessmentSource: ASSESSMENT_SOURCES,
    Criticality: CRITICALITIES,
    PolicyCategory: POLICY_CATEGORIES,
    PolicyStatus: POLICY_STATUSES,
    StakeholderDepartment: DEPARTMENTS,
    ItemKind: ITEM_KINDS,
    ItemStatus: ITEM_STATUSES,
    SprintState: SPRINT_STATES,
    Disposition: DISPOSITIONS,
    PlanState: PLAN_STATES,
    BudgetCategory: BUDGET_CATEGORIES,
    PeriodKind: PERIOD_KINDS,
}
_CRITICALITY_RANKS: Final[Mapping[str, int]] = {criticality.value: rank for rank, criticality in enumerate(Criticality)}


# The enums a field of that name holds, the likelier first ("status" is a policy's or an item's).
FIELD_KINDS: Final[dict[str, tuple[type[StrEnum], ...]]] = {
    "stage": (Stage,),
    "decision_mode": (DecisionMode,),
    "model_origin": (ModelOrigin,),
    "source": (AssessmentSource,),
    "criticality": (Criticality,),
    "category": (PolicyCategory, BudgetCategory),
    "status": (ItemStatus, PolicyStatus),
    "state": (SprintState, PlanState),
    "kind": (ItemKind,),
    "disposition": (Disposition,),
    "department": (StakeholderDepartment,),
    "owner_department": (StakeholderDepartment,),
    "period_kind": (PeriodKind,),
}
# Where the entity says which enum a shared field name holds.
ENTITY_KINDS: Final[dict[tuple[str, str], tuple[type[StrEnum], ...]]] = {
    ("policy", "status"): (PolicyStatus,),
    ("policy", "category"): (PolicyCategory,),
    ("budget_line", "category"): (BudgetCategory,),
    ("budget_plan", "state"): (PlanState,),
    ("sprint", "state"): (SprintState,),
}


def field_kinds(entity: str, field: str) -> tuple[type[StrEnum], ...]:
    """The enums whose values a stored field of ``entity`` holds (none for a free-text field)."""
    return ENTITY_KINDS.get((entity, field)) or FIELD_KINDS.get(field, ())


def label(value: StrEnum | str, *kinds: type[StrEnum]) -> str:
    """What a reader sees for ``value``: by its own enum, or (plain text) by the first of ``kinds`` that names it."""
    own = (type(value),) if isinstance(value, StrEnum) and type(value) in TABLES else ()
    for kind in own or kinds:
        table = TABLES[kind]
        if value in table:
            return table[value]
    return words(value)


def label_in(table: Mapping[str, str], value: str) -> str:
    """``value``'s label in one of the tables above (or any like it), else its words."""
    return table.get(value) or words(value)


def criticality_rank(value: str) -> int:
    """Low 0 … critical 3 (-1 for a value that is none of them): sorting by it puts the critical ones together."""
    return _CRITICALITY_RANKS.get(str(value), -1)


def category_words(category: PolicyCategory | str) -> str:
    """A policy category inside a sentence: "human oversight", "third-party models and IP"."""
    return CATEGORY_WORDS[PolicyCategory(category)]


def stage_words(stage: Stage | str) -> str:
    """A stage inside a sentence: "proof of concept", "pre-production", "production"."""
    return _STAGE_WORDS.get(Stage(stage), Stage(stage).value)


def sentence_case(text: str) -> str:
    """ "human oversight" -> "Human oversight": a sentence's words at the head of a table cell."""
    return text[:1].upper() + text[1:]


def policy_area(category: PolicyCategory | str) -> str:
    """A policy category as a table of governance gaps names it: "Third-party models and IP"."""
    return sentence_case(category_words(category))
