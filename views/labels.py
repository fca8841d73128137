"""What the user reads for each enum value, in one place, through ``tr()``."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from models.enums import DecisionMode, ModelOrigin, Stage


def tr(text: str) -> str:
    return QCoreApplication.translate("Steward", text)


_LABELS: dict[StrEnum, str] = {
    Stage.IDEA: "Idea",
    Stage.PROOF_OF_CONCEPT: "Proof of concept",
    Stage.DEVELOPMENT: "Development",
    Stage.PRE_PRODUCTION: "Pre-production",
    Stage.PRODUCTION: "Production",
    Stage.RETIRED: "Retired",
    DecisionMode.DECISION_SUPPORT: "Decision support",
    DecisionMode.AUTOMATED: "Automated decision making",
    ModelOrigin.IN_HOUSE: "In-house",
    ModelOrigin.THIRD_PARTY: "Third-party",
    ModelOrigin.RESEARCH_TEAM: "Research team",
}

# Stage colours run from cool (early, exploratory) to warm/green (live); chosen
# to stay distinguishable for the common colour-vision deficiencies.
STAGE_COLOURS: dict[Stage, str] = {
    Stage.IDEA: "#8a8f98",
    Stage.PROOF_OF_CONCEPT: "#7b61c4",
    Stage.DEVELOPMENT: "#2f6fd1",
    Stage.PRE_PRODUCTION: "#c77a00",
    Stage.PRODUCTION: "#1e8e5a",
    Stage.RETIRED: "#5b5f66",
}


def label(value: StrEnum) -> str:
    """The user-facing, translated name of an enum value."""
    return tr(_LABELS.get(value, value.value.replace("_", " ").capitalize()))


def stage_colour(stage: Stage) -> QColor:
    return QColor(STAGE_COLOURS[stage])
