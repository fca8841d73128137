"""File → Check database…: ``steward check`` in a dialog, each problem with where it is and what to do.

The check (``app.queries.consistency.check_database``: SQLite's integrity and
foreign-key checks, the schema, Steward's own rules) reads the whole database, so
it runs on the worker (``views.worker``); the dialog says it is checking until the
findings arrive, then lists them (what is wrong, where, what to do) with the one
chosen shown in full below, or says the database is healthy. It only reads: the
advice is for the user to follow (restore a backup, refresh a plan's labour lines).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from views.context import AppContext
from views.dialogs import ready_dialog, run_modal
from views.form_layout import close_buttons
from views.labels import tr
from views.roles import RecordRole
from views.tuple_model import TupleTableModel
from views.worker import Operation

if TYPE_CHECKING:
    from app.queries.consistency import CheckReport, Finding


def findings_model(parent: QWidget) -> TupleTableModel:
    """One row per ``Finding``: what is wrong, where, what to do."""
    return TupleTableModel(
        [
            (tr("What is wrong"), lambda finding: finding.what),
            (tr("Where"), lambda finding: finding.where),
            (tr("What to do"), lambda finding: finding.advice),
        ],
        parent,
    )


def finding_text(finding: Finding) -> str:
    """A finding in full, as the details box and a copy to the clipboard show it."""
    lines = [finding.what]
    if finding.where:
        lines.append(tr("Where: {where}").format(where=finding.where))
    lines.append(tr("What to do: {advice}").format(advice=finding.advice))
    return "\n".join(lines)


class CheckDialog(QDialog):
    """The check of the context's database: running, then its findings or "healthy"."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkDialog")
        self.setWindowTitle(tr("Check database"))
        self.context = context
        self.report: CheckReport | None = None
        self._checking = 0
        self._closed = False  # a check still on the worker when the dialog closes shows nowhere
        self.explanation = QLabel(
            tr(
                "Steward checks {database}: SQLite's own integrity and references, the schema, and Steward's "
                "rules (budgets against their approval, sprints against their items' history, erased people, "
                "records removed outside Steward). Nothing is changed."
            ).format(database=context.database.describe()),
            self,
        )
        self.explanation.setWordWrap(True)
        self.status = QLabel("", self)
        self.status.setObjectName("checkStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = findings_model(self)
        self.view = self._findings_view()
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("findingDetails")
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(110)
        self.check_again_button = QPushButton(tr("Check &again"), self)
        # Reading the findings is all there is to do here: Enter closes, like Escape.
        self.buttons, self.close_button = close_buttons(self, self.check_again_button)
        self._lay_out()
        self.check_again_button.clicked.connect(self.run_check)
        self.view.selectionModel().selectionChanged.connect(self._show_details)
        ready_dialog(self, first=self.view, width=900, height=520)
        self.run_check()

    def _findings_view(self) -> QTableView:
        view = QTableView(self)
        view.setObjectName("findingsTable")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setWordWrap(True)
        view.verticalHeader().hide()
        for column in range(self.model.columnCount()):
            view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        return view

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.buttons)

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def is_checking(self) -> bool:
        return self._checking > 0

    def run_check(self) -> None:
        """Check the database afresh, on the worker."""
        from app.queries.consistency import check_database

        database = self.context.database
        self._checking += 1
        self.check_again_button.setEnabled(False)
        self.status.setText(tr("Checking {database}…").format(database=database.describe()))
        Operation(self, lambda: check_database(database)).success(self._show).failure(self._failed).run()

    def _done(self) -> bool:
        """One check fewer running; False when the dialog has gone meanwhile (closed and deleted)."""
        self._checking -= 1
        if self._closed or not isValid(self):
            return False
        self.check_again_button.setEnabled(not self.is_checking())
        return True

    def _show(self, report: CheckReport) -> None:
        if not self._done():
            return
        self.report = report
        self.model.set_rows(report.findings)
        self.details.clear()
        if report.healthy:
            self.status.setText(
                tr("{database} is healthy (schema {revision}): nothing wrong was found.").format(
                    database=report.database, revision=report.revision
                )
            )
            return
        count = len(report.findings)
        self.status.setText(
            (tr("1 problem found:") if count == 1 else tr("{count} problems found:").format(count=count))
            + " "
            + tr("each says where it is and what to do.")
        )
        self.view.selectRow(0)
        self.view.resizeRowsToContents()

    def _failed(self, error: BaseException) -> None:
        """A missing or foreign file is a sentence in the dialog; anything else is a bug."""
        from app.errors import UserError

        if not self._done():
            return
        self.model.set_rows(())
        self.details.clear()
        if isinstance(error, UserError):
            self.status.setText(str(error))
            return
        from views.errors import report_error

        report_error(self, error)

    def _show_details(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        finding = self.model.data(rows[0], RecordRole) if rows else None
        self.details.setPlainText(finding_text(finding) if finding is not None else "")


def show_check(parent: QWidget | None, context: AppContext) -> None:
    """File → Check database…: check the open database and show what was found."""
    run_modal(CheckDialog(context, parent))
