"""The one question asked before an action that cannot be taken back, and before unsaved edits go."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.views.modal import answer_modal
from views.confirm import Unsaved, ask_unsaved, confirm


def test_the_action_button_confirms_and_cancel_or_escape_do_not(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    answer = answer_modal(qtbot, button="Approve")
    assert confirm(parent, title="Approve plan", text="Approve Baseline?", action="Approve")
    assert answer.text == "Approve Baseline?"
    answer_modal(qtbot, button="Cancel")
    assert not confirm(parent, title="Approve plan", text="Approve Baseline?", action="Approve")
    answer_modal(qtbot, key=Qt.Key.Key_Escape)
    assert not confirm(parent, title="Approve plan", text="Approve Baseline?", action="Approve")


def test_enter_on_a_destructive_question_cancels(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    answer_modal(qtbot, key=Qt.Key.Key_Return)
    assert not confirm(parent, title="Erase", text="Erase Ana Ruiz?", action="Erase", destructive=True)
    answer_modal(qtbot, key=Qt.Key.Key_Return)
    assert confirm(parent, title="Submit", text="Submit Baseline?", action="Submit")


def test_unsaved_edits_can_be_saved_discarded_or_kept(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    for button, expected in (("Save", Unsaved.SAVE), ("Discard", Unsaved.DISCARD), ("Cancel", Unsaved.CANCEL)):
        answer = answer_modal(qtbot, button=button)
        assert ask_unsaved(parent, what="The profile of Fraud scoring") == expected
        assert answer.text == "The profile of Fraud scoring has unsaved changes."
