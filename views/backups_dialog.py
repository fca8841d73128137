"""File → Backups…: the database's backups, taking one, saving a copy, restoring one; and the damaged-file offer.

Every backup and restore runs on the worker (``views.worker``), so the window
keeps painting while a large file is copied. A restore asks first, naming the
backup's date and what it holds against what it replaces; afterwards the window
shows the restored database (``on_restored``). The rotation counts are the
organisation's backup settings, saved through ``app.services.settings``.

``offer_restore`` is the other way in: the database failed its check on open, so
it is moved aside and the newest good backup is offered (Restore it / Quit).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db.backups import BackupInfo, Contents, Reason, format_size
from app.settings import BackupSettings
from views.context import AppContext
from views.dialogs import ready_dialog
from views.form_layout import close_buttons
from views.labels import tr
from views.roles import RecordRole
from views.tuple_model import TupleTableModel
from views.undo import run_edit
from views.worker import Operation

if TYPE_CHECKING:
    from app.db.backups import DamagedDatabase, Restored
    from app.db.database import Database

REASONS = {
    Reason.DAILY: tr("daily"),
    Reason.BEFORE_UPGRADE: tr("before an upgrade"),
    Reason.BEFORE_RESTORE: tr("before a restore"),
    Reason.MANUAL: tr("taken by hand"),
}


def when(backup: BackupInfo) -> str:
    """The backup's time as the user's clock shows it."""
    return f"{backup.taken_at.astimezone():%Y-%m-%d %H:%M}"


def holds(contents: Contents | None) -> str:
    if contents is None:
        return tr("cannot be read")
    return tr("{people} people, {projects} projects, {policies} policies, {plans} budget plans").format(
        people=f"{contents.people:,}",
        projects=f"{contents.projects:,}",
        policies=f"{contents.policies:,}",
        plans=f"{contents.budget_plans:,}",
    )


def backups_model(parent: QWidget) -> TupleTableModel:
    """The table of backups: one row per ``BackupInfo``, newest first."""
    return TupleTableModel(
        [
            (tr("Date"), when),
            (tr("Size"), lambda backup: format_size(backup.size)),
            (tr("Reason"), lambda backup: REASONS[backup.reason] if backup.reason else tr("other file")),
            (tr("Holds"), lambda backup: holds(backup.contents)),
        ],
        parent,
    )


class BackupsDialog(QDialog):
    """The backups of the context's database, and what to do with them."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        on_restored: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle(tr("Backups"))
        self.context = context
        self._on_restored = on_restored
        self._current: BackupInfo | None = None  # the database itself, as a restore would replace it
        self._rotation: BackupSettings | None = None  # the counts as stored
        self._loading = 0
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = backups_model(self)
        self.view = QTableView(self)
        self.view.setObjectName("backupsTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.back_up_button = QPushButton(tr("&Back up now"), self)
        self.save_copy_button = QPushButton(tr("Save a &copy…"), self)
        self.restore_button = QPushButton(tr("&Restore…"), self)
        self.status = QLabel("", self)
        self.status.setObjectName("backupsStatus")
        self.status.setWordWrap(True)
        self.rotation = RotationForm(self)
        # Close is the accept button: Enter after typing a count keeps it (see accept), nothing else is undone.
        self.buttons, self.close_button = close_buttons(self)
        self._lay_out()
        self.back_up_button.clicked.connect(self.back_up_now)
        self.save_copy_button.clicked.connect(self.save_copy)
        self.restore_button.clicked.connect(self.restore_selected)
        self.rotation.save_button.clicked.connect(lambda _checked=False: self.save_rotation())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        ready_dialog(self, first=self.view, width=820, height=560)
        self.reload()

    def _lay_out(self) -> None:
        actions = QHBoxLayout()
        for button in (self.back_up_button, self.save_copy_button, self.restore_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.rotation)
        layout.addWidget(self.buttons)

    # --- reading -------------------------------------------------------------------------------
    def is_loading(self) -> bool:
        return self._loading > 0

    def reload(self) -> None:
        """Read the backups, the database and its rotation afresh (on the worker: each file is opened)."""
        from app.db.backups import backups_folder, describe_file, list_backups
        from app.settings import load_backup_settings

        database = self.context.database
        if database.sqlite_path is None:
            self.explanation.setText(tr("A database server is backed up with the server's own tools."))
            self._update_buttons()
            return
        path = database.sqlite_path
        self.explanation.setText(
            tr(
                "Steward backs up {name} the first time it opens it each day (when it changed), and before "
                "every upgrade and every restore. The backups are in {folder}."
            ).format(name=path.name, folder=backups_folder(database))
        )

        def load() -> tuple[list[BackupInfo], BackupInfo | None, BackupSettings]:
            current = describe_file(path) if database.exists() else None
            return list_backups(database), current, load_backup_settings(database.reader())

        self._loading += 1
        Operation(self, load).success(self._show).failure(self._failed).run()

    def _show(self, loaded: tuple[list[BackupInfo], BackupInfo | None, BackupSettings]) -> None:
        self._loading -= 1
        backups, self._current, rotation = loaded
        self.model.set_rows(backups)
        if self._rotation is None or self.rotation.settings() == self._rotation:  # never over the user's typing
            self.rotation.show_settings(rotation)
        self._rotation = rotation
        if backups:
            self.view.selectRow(0)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self._loading -= 1
        self._say_or_report(error)

    def _say_or_report(self, error: BaseException) -> None:
        from app.errors import UserError

        if isinstance(error, UserError):
            self.status.setText(str(error))
            return
        from views.errors import report_error

        report_error(self, error)

    def selected(self) -> BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(RecordRole) if rows else None

    def _update_buttons(self, *_arguments: object) -> None:
        is_file = self.context.database.sqlite_path is not None
        self.back_up_button.setEnabled(is_file)
        self.save_copy_button.setEnabled(is_file)
        self.restore_button.setEnabled(is_file and self.selected() is not None)

    # --- writing -------------------------------------------------------------------------------
    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], *, busy: str) -> None:
        """``work`` on the worker with the buttons off and ``busy`` said; ``done`` with its result."""
        for button in (self.back_up_button, self.save_copy_button, self.restore_button):
            button.setEnabled(False)
        self.status.setText(busy)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

        def finished(result: Any) -> None:
            QApplication.restoreOverrideCursor()
            done(result)
            self.reload()

        def failed(error: BaseException) -> None:
            QApplication.restoreOverrideCursor()
            self.status.setText("")
            self._say_or_report(error)
            self.reload()

        Operation(self, work).success(finished).failure(failed).run()

    def back_up_now(self) -> None:
        from app.db.backups import take_backup

        database = self.context.database
        self._run(
            lambda: take_backup(database, Reason.MANUAL),
            lambda path: self.status.setText(tr("Backed up to {path}.").format(path=path)),
            busy=tr("Backing up…"),
        )

    def save_copy(self) -> None:
        """A copy anywhere the user likes (``steward backup OUT``): outside the rotation, kept until they delete it."""
        from datetime import date

        source = self.context.database.sqlite_path
        if source is None:
            return
        suggestion = source.with_name(f"{source.stem}-copy-{date.today()}.db")
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save a copy of the database"), str(suggestion), tr("Steward database (*.db)")
        )
        if not path:
            return
        from app.db.backups import backup_sqlite

        self._run(
            lambda: backup_sqlite(source, Path(path)),
            lambda _none: self.status.setText(tr("Saved a copy to {path}.").format(path=path)),
            busy=tr("Saving a copy…"),
        )

    def restore_selected(self) -> None:
        """Put the selected backup in place of the database, after asking what it replaces with what."""
        from views.confirm import confirm

        backup = self.selected()
        database = self.context.database
        if backup is None or database.sqlite_path is None:
            return
        replaced = holds(self._current.contents) if self._current is not None else tr("nothing yet")
        if not confirm(
            self,
            title=tr("Restore backup"),
            text=tr("Restore the backup of {date}?").format(date=when(backup)),
            detail=tr(
                "It holds {holds}. It replaces {path}, which holds {replaced}; Steward backs that up first, "
                "so it stays in this list. The undo history is cleared."
            ).format(holds=holds(backup.contents), path=database.sqlite_path, replaced=replaced),
            action=tr("Restore"),
            destructive=True,
        ):
            return
        from app.db.backups import restore_backup

        self._run(lambda: restore_backup(database, backup.path), self._restored, busy=tr("Restoring…"))

    def _restored(self, restored: Restored) -> None:
        self.status.setText(
            tr("Restored the backup of {date}. The database it replaced is kept as {kept}.").format(
                date=when(restored.backup), kept=restored.kept
            )
        )
        if self._on_restored is not None:
            self._on_restored()

    def accept(self) -> None:
        """Close; counts changed and not saved yet are saved first, and a refused one keeps the dialog open."""
        if self._rotation is not None and self.rotation.settings() != self._rotation:
            self.save_rotation(then=super().accept)
            return
        super().accept()

    def save_rotation(self, *, then: Callable[[], object] | None = None) -> None:
        from app.services.settings import save_backup_settings

        database = self.context.database
        settings = self.rotation.settings()

        def saved(_change: object) -> None:
            self._rotation = settings
            self.status.setText(tr("Saved: the next backup keeps this many and lets the rest go."))
            if then is not None:
                then()

        def refused(message: str) -> None:
            self.status.setText(message)

        run_edit(
            self.context.undo_stack,
            tr("Change how many backups are kept"),
            do=lambda: save_backup_settings(database, settings),
            undo=None,  # a setting about copies, not about the organisation's work: saved, not a step
            hub=self.context.hub,
            parent=self,
            on_success=saved,
            on_refused=refused,
        )


class RotationForm(QGroupBox):
    """How many backups to keep: the newest, then one a day, a week, a month."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Backups kept"), parent)
        defaults = BackupSettings()
        self.keep_last = self._spin(1, defaults.keep_last, tr(" newest"))
        self.daily = self._spin(0, defaults.daily, tr(" days"))
        self.weekly = self._spin(0, defaults.weekly, tr(" weeks"))
        self.monthly = self._spin(0, defaults.monthly, tr(" months"))
        self.save_button = QPushButton(tr("&Save"), self)
        self.save_button.setAutoDefault(False)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(tr("Keep the"), self.keep_last)
        form.addRow(tr("then one a day for"), self.daily)
        form.addRow(tr("then one a week for"), self.weekly)
        form.addRow(tr("then one a month for"), self.monthly)
        form.addRow("", self.save_button)

    def _spin(self, low: int, value: int, suffix: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, 1000)
        spin.setValue(value)
        spin.setSuffix(suffix)
        spin.setMinimumWidth(120)
        return spin

    def _spins(self) -> tuple[QSpinBox, ...]:
        """The counts' spin boxes, in the order of ``BackupSettings``'s fields."""
        return (self.keep_last, self.daily, self.weekly, self.monthly)

    def show_settings(self, settings: BackupSettings) -> None:
        for spin, value in zip(self._spins(), settings, strict=True):
            spin.setValue(value)

    def settings(self) -> BackupSettings:
        return BackupSettings(*(spin.value() for spin in self._spins()))


# --- a damaged database on open ----------------------------------------------------------------
def offer_restore(parent: QWidget | None, database: Database, damaged: DamagedDatabase, *, leave: str) -> bool:
    """The database failed its check: set it aside and offer its newest good backup; True once restored.

    ``leave`` is the other button's words ("Quit" at start-up, "Cancel" when switching databases).
    Nothing is written to the damaged file; it stays beside the database under its new name.
    """
    from app.db.backups import move_aside, newest_good_backup, restore_backup
    from app.errors import UserError
    from views.errors import show_user_error

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        aside = move_aside(damaged.path)
        backup = newest_good_backup(database)
    except UserError as error:
        QApplication.restoreOverrideCursor()
        show_user_error(parent, error, title=tr("The database is damaged"))
        return False
    QApplication.restoreOverrideCursor()
    told = tr("{name} is damaged ({problem}). Steward opened nothing and moved it to {aside}.").format(
        name=damaged.path.name, problem=damaged.problem, aside=aside
    )
    if backup is None:
        show_user_error(parent, told + " " + tr("It has no backup to restore."), title=tr("The database is damaged"))
        return False
    box = QMessageBox(QMessageBox.Icon.Warning, tr("The database is damaged"), told, parent=parent)
    box.setObjectName("damagedBox")
    box.setInformativeText(
        tr("Its newest good backup is of {date} and holds {holds}. Restore it?").format(
            date=when(backup), holds=holds(backup.contents)
        )
    )
    restore = box.addButton(tr("Restore it"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(leave, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    box.deleteLater()
    if box.clickedButton() is not restore:
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        restore_backup(database, backup.path)
    except UserError as error:
        QApplication.restoreOverrideCursor()
        show_user_error(parent, error, title=tr("The backup was not restored"))
        return False
    QApplication.restoreOverrideCursor()
    return True


def show_backups(parent: QWidget, context: AppContext, *, on_restored: Callable[[], object]) -> None:
    """File → Backups…"""
    from views.dialogs import run_modal

    run_modal(BackupsDialog(context, parent, on_restored=on_restored))
