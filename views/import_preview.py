"""The shape every import dialog shares: choose a file, see what it would change, then import.

Nothing is written until the user presses Import, and a file with any problem
cannot be imported: its problems are listed with their row and column instead.
A subclass says which file it reads (``plan_file``), how to summarise and apply
the plan, and which tables show it; this class does the rest. A dialog answered
(and deleted) while its file is read or imported drops the result quietly.

A subclass whose import can be long (a million levels) sets ``shows_progress``: its
``apply_plan`` then hands ``self.import_progress`` to the service, which calls it
from the worker after each batch; a progress dialog shows how far it is, and its
Cancel makes the next call answer False, so the service rolls the one transaction
back and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from views.context import AppContext
from views.dialogs import ready_dialog
from views.labels import tr
from views.palette import ERROR
from views.tables import COMPACT_ROW_HEIGHT, read_only_table
from views.tuple_model import TupleTableModel
from views.undo import run_edit
from views.work_progress import WorkProgress
from views.worker import Operation

ERROR_STYLE = f"color: {ERROR};"


class ImportProgress(WorkProgress):
    """How far an import written on the worker is, in a progress dialog whose Cancel stops it.

    Called from the worker as ``progress(done, total)``; answers False once Cancel was pressed.
    """

    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent, title=title, text=tr("Importing…"), name="importProgress")

    def __call__(self, done: int, total: int) -> bool:
        """On the worker: show ``done`` of ``total``; False when the import should stop."""
        if not self._cancelled.is_set():
            try:
                self.advanced.emit(done, total)
            except RuntimeError:  # the dialog is gone (the window closed): no one to finish the import for
                self._cancelled.set()
        return not self._cancelled.is_set()

    def _cancelling(self) -> None:
        self.dialog.setLabelText(tr("Cancelling; nothing will be written…"))

    def _advanced(self, done: int, total: int) -> None:
        if self._finished or self._cancelled.is_set():
            return
        # The words first: a window-modal dialog's setValue delivers the next reports inside it.
        self.dialog.setLabelText(tr("Imported {done:,} of {total:,} levels…").format(done=done, total=total))
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)


class _Reading(QObject):
    """Carries "rows checked so far" from the worker to the dialog."""

    checked = Signal(int)


class ImportPreviewDialog(QDialog):
    """Base of the import dialogs; ``tabs`` are (title, model, rows of a plan), the problems tab comes last."""

    title = "Import"
    file_filter = "Spreadsheets (*.csv *.xlsx);;All files (*)"
    placeholder = ""
    shows_progress = False  # True: apply_plan passes self.import_progress on to the service

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        tabs: Sequence[tuple[str, TupleTableModel, Callable[[Any], Sequence[Any]]]],
        path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(self.title))
        self.context = context
        self.plan: Any = None
        self.import_progress: ImportProgress | None = None
        self._reading = _Reading(self)
        self._reading.checked.connect(self._show_rows_checked)
        file_row = self._build_file_row()
        self.summary = QLabel(tr("Choose a file to see what it would change."), self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self._build_tabs(tabs)
        self._build_buttons()
        self.form = QFormLayout()
        self.form.addRow(tr("File"), file_row)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(860, 520)
        ready_dialog(self)
        if path is not None:
            self.load(path)

    # --- structure -------------------------------------------------------------------
    def _build_file_row(self) -> QHBoxLayout:
        """The file's path (read only) and "Choose…"."""
        self.path = QLineEdit(self)
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(tr(self.placeholder))
        choose = QPushButton(tr("Choose…"), self)
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)
        return file_row

    def _build_tabs(self, tabs: Sequence[tuple[str, TupleTableModel, Callable[[Any], Sequence[Any]]]]) -> None:
        """A table per tab of the plan, and the problems (row, column, what is wrong) last."""
        self.problems_model = TupleTableModel(
            [
                (tr("Row"), lambda item: item.row),
                (tr("Column"), lambda item: item.column),
                (tr("Problem"), lambda item: item.message),
            ],
            self,
        )
        self._tabs = [*tabs, (tr("Problems"), self.problems_model, lambda plan: plan.errors)]
        self.tabs = QTabWidget(self)
        for title, model, _rows in self._tabs:
            self.tabs.addTab(
                read_only_table(
                    self,
                    model,
                    row_height=COMPACT_ROW_HEIGHT,
                    single_selection=False,
                    word_wrap=True,
                    highlight_header=True,
                    stretch_last=True,
                ),
                title,
            )

    def _build_buttons(self) -> None:
        """Import (enabled once a file without problems is read) and Cancel."""
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(tr("Import"))
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

    # --- what a subclass says ----------------------------------------------------------
    def plan_file(self, path: Path) -> Any:
        """Read and check ``path`` (on the worker); write nothing."""
        raise TypeError(f"{type(self).__name__} must say how it reads a file (override plan_file).")

    def describe(self, plan: Any) -> str:
        raise TypeError(f"{type(self).__name__} must say how it summarises a plan (override describe).")

    def apply_plan(self, plan: Any) -> Any:
        """Write ``plan`` (on the worker) and return the service's Change."""
        raise TypeError(f"{type(self).__name__} must say how it imports a plan (override apply_plan).")

    def shown(self, plan: Any) -> None:
        """A hook after a plan is shown (e.g. to enable options that apply to it)."""

    # --- the shared flow ---------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr(self.title), "", tr(self.file_filter))
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        """Plan the import of ``path`` on the worker; nothing is written."""
        self.path.setText(str(path))
        self.summary.setText(tr("Reading {name}…").format(name=path.name))
        self.summary.setStyleSheet("")
        self.import_button.setEnabled(False)
        self.plan = None
        Operation(self, lambda: self.plan_file(path)).success(self.show_plan).run()

    def rows_checked(self, rows: int) -> None:
        """From the worker, while a long file is read: how many of its rows are checked so far."""
        self._reading.checked.emit(rows)

    def _show_rows_checked(self, rows: int) -> None:
        if self.plan is None:  # else the plan is already shown
            name = Path(self.path.text()).name
            self.summary.setText(tr("Reading {name}… {rows:,} rows checked").format(name=name, rows=rows))

    def show_plan(self, plan: Any) -> None:
        if not isValid(self):
            return  # answered and deleted while the file was read
        self.plan = plan
        for index, (title, model, rows) in enumerate(self._tabs):
            items = rows(plan)
            model.set_rows(items)
            self.tabs.setTabText(index, f"{title} ({len(items):,})")
        if plan.errors:
            self.summary.setText(
                tr(
                    "{count:,} problems must be fixed in the file before it can be imported; nothing has been written."
                ).format(count=len(plan.errors))
            )
            self.summary.setStyleSheet(ERROR_STYLE)
            self.tabs.setCurrentIndex(len(self._tabs) - 1)
        else:
            self.summary.setStyleSheet("")
            self.summary.setText(self.describe(plan) + (tr(". Nothing to import.") if not plan.changes else "."))
            first = next((index for index, (_title, _model, rows) in enumerate(self._tabs[:-1]) if rows(plan)), 0)
            self.tabs.setCurrentIndex(first)
        self.shown(plan)
        self.import_button.setEnabled(plan.ok and plan.changes > 0)

    def apply(self) -> None:
        plan = self.plan
        if plan is None or not plan.ok:
            return
        self.import_button.setEnabled(False)
        progress = ImportProgress(self, tr(self.title)) if self.shows_progress else None
        self.import_progress = progress

        def over() -> None:
            if progress is not None and isValid(progress):
                progress.finish()
            self.import_progress = None

        def refused(message: str) -> None:
            if isValid(self):  # else answered and deleted while the import ran
                over()
                self.summary.setText(message)
                self.summary.setStyleSheet(ERROR_STYLE)
                self.import_button.setEnabled(True)  # cancelled, or refused: it may be tried again

        def imported(_change: Any) -> None:
            if isValid(self):
                over()
                self.accept()

        run_edit(
            self.context.undo_stack,
            tr("Import {name}").format(name=plan.path.name),
            do=lambda: self.apply_plan(plan),
            undo=None,
            hub=self.context.hub,
            parent=self,
            on_success=imported,
            on_refused=refused,
        )
