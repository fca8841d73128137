"""The one vocabulary (``app.labels``): every stored value has its words, listed in its enum's order."""

from __future__ import annotations

from enum import StrEnum

import pytest

from app import labels
from app.analysis.skills import Shape
from models import enums
from models.enums import BudgetCategory, Criticality, ItemKind, PolicyCategory, Stage, StakeholderDepartment

ENUMS = [
    value
    for value in vars(enums).values()
    if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
]


@pytest.mark.parametrize("kind", ENUMS, ids=lambda kind: kind.__name__)
def test_every_value_of_every_enum_has_its_own_words(kind: type[StrEnum]) -> None:
    # A value added without its words would reach the reports and the screen as "Proof_of_concept"; the
    # reports list categories, stages, departments and dispositions in the order of these tables.
    table = labels.TABLES[kind]
    assert list(table) == list(kind)
    assert all(labels.label(member) == table[member] for member in kind)


def test_the_same_stored_word_keeps_the_words_of_its_own_enum() -> None:
    # "training" is a backlog item's kind and a budget category: each reads as its own.
    assert labels.label(ItemKind.TRAINING) == "Training"
    assert labels.label(BudgetCategory.TRAINING) == "Training and upskilling"
    assert labels.label("training", BudgetCategory) == "Training and upskilling"
    assert labels.label("training", ItemKind, BudgetCategory) == "Training"


def test_plain_stored_text_is_looked_up_in_the_enums_given_else_read_as_words() -> None:
    assert labels.label("proof_of_concept", Stage) == "Proof of concept"
    assert labels.label("ciso", PolicyCategory, StakeholderDepartment) == "CISO"
    assert labels.label("some_new_value", Stage) == "Some new value"
    assert labels.label_in(labels.STAGES, "pre_production") == "Pre-production"


def test_the_shapes_are_the_analysis_shapes_in_their_order() -> None:
    assert list(labels.SHAPES) == [shape.value for shape in Shape]


def test_criticality_ranks_low_to_critical_and_anything_else_below() -> None:
    assert [labels.criticality_rank(value) for value in Criticality] == [0, 1, 2, 3]
    assert labels.criticality_rank("urgent") == -1


def test_sentence_words_and_table_words_of_a_policy_area() -> None:
    assert labels.category_words(PolicyCategory.THIRD_PARTY_IP) == "third-party models and IP"
    assert labels.policy_area("exit_strategy") == "Exit strategy and data migration"
    assert labels.stage_words(Stage.PRE_PRODUCTION) == "pre-production"
    assert labels.stage_words("production") == "production"
