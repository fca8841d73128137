"""Asking for a recorded justification before a project moves on past blocking governance gaps.

The service (``update_project``) refuses a move to a later life-cycle stage while
gaps that the governance rules mark as blocking are open; this dialog lists them
and takes the justification the edit is then saved with (it lands in the audit
trail as the event's reason). The text is required: OK stays disabled while it is blank.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.analysis.governance import GovernanceGap
from models.enums import Stage
from views.dialogs import ready_dialog
from views.form_layout import ok_button, ok_cancel
from views.labels import label, tr
from views.projects.governance_gaps import REASON, GovernanceGapsModel


class JustificationDialog(QDialog):
    """Lists the blocking gaps of a stage move and asks why the project should move on regardless."""

    def __init__(
        self, gaps: Sequence[GovernanceGap], *, project: str, stage: Stage, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        stage = Stage(stage)  # a combo box's data arrives as plain str
        self.setObjectName("justificationDialog")
        self.setWindowTitle(tr("Justify the move to {stage}").format(stage=label(stage)))
        self.resize(720, 460)

        intro = QLabel(
            tr(
                "{project} has {count} open governance gaps that the rules mark as blocking for {stage}. "
                "It can move on only with a justification, which is kept in the audit trail; or cancel, "
                "and close the gaps first."
            ).format(project=project, count=len(gaps), stage=label(stage)),
            self,
        )
        intro.setWordWrap(True)

        self.gaps_model = GovernanceGapsModel(self)
        self.gaps_model.set_gaps(gaps)
        self.gaps_view = QTableView(self)
        self.gaps_view.setObjectName("justificationGaps")
        self.gaps_view.setModel(self.gaps_model)
        self.gaps_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.gaps_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.gaps_view.setWordWrap(True)
        self.gaps_view.verticalHeader().hide()
        header = self.gaps_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self.gaps_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        caption = QLabel(tr("&Justification (required)"), self)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("justificationText")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(tr("Why the project moves on now, who agreed, and when the gaps will be closed."))
        caption.setBuddy(self.text)

        self.buttons = ok_cancel(self, tr("Move on with justification"))
        self.ok_button = ok_button(self.buttons)
        self.text.textChanged.connect(self._update_ok)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.gaps_view, 1)
        layout.addWidget(caption)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_ok()
        ready_dialog(self, first=self.text)

    def justification(self) -> str:
        return self.text.toPlainText().strip()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.justification()))

    def accept(self) -> None:
        if self.justification():  # Enter in an empty dialog does not slip past the requirement
            super().accept()
