"""The words the user reads for each stored value, through ``tr()``: one-liners over ``app.labels``.

The vocabulary itself (and its order) lives in the core, ``app.labels``, which the
reports print as it is; the views show the same words translated.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app import labels as vocabulary
from models.enums import Criticality, DecisionMode, ModelOrigin, Stage


def tr(text: str) -> str:
    return QCoreApplication.translate("Steward", text)


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
# The default names of the 0-4 scale, until the database's level descriptors are read.
LEVEL_NAMES = vocabulary.LEVEL_NAMES
SHAPES = vocabulary.SHAPES


def label(value: StrEnum | str) -> str:
    """The user-facing, translated name of an enum value (plain text: as a stage, decision mode or model origin)."""
    return tr(vocabulary.label(value, Stage, DecisionMode, ModelOrigin))


def criticality_label(value: str) -> str:
    """ "High", translated; a value that is no criticality stays as it is."""
    return label(Criticality(value)) if value in vocabulary.CRITICALITIES else value


def shape_label(shape: str) -> str:
    """A T-shape's name ("Π-shaped"), translated, by ``app.analysis.skills.Shape`` value."""
    return tr(vocabulary.label_in(vocabulary.SHAPES, str(shape)))


def source_label(source: str) -> str:
    """Who assessed a level ("Manager"), translated."""
    return tr(vocabulary.label_in(vocabulary.ASSESSMENT_SOURCES, str(source)))


def stage_colour(stage: Stage) -> QColor:
    return QColor(STAGE_COLOURS[stage])
