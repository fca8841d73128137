"""The main window: the project list on the left, the selected project's pages on the right.

Services, dialogs and the demo are imported where they are used: this module is
on the start-up path, and none of them is needed for the first paint.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QWidget,
)

from app.db.database import Database
from app.queries.projects import ProjectProfile, list_projects, organisation_counts, project_overview
from app.services.change import Action, Entity
from views.changes import ChangeHub
from views.confirm import Unsaved, ask_unsaved
from views.context import AppContext
from views.dialogs import run_modal
from views.errors import show_user_error
from views.labels import tr
from views.lazy_page import LazyPage
from views.roles import IdRole, RecordRole
from views.undo import add_undone_by, run_edit
from views.window import file_actions
from views.window.menus import action, add_menu, show_about
from views.window.pages import PageStack, org_page, project_page
from views.window.sidebar import ORG_PAGES as ORG_PAGES  # re-exported: the pages of the sidebar
from views.window.sidebar import Sidebar
from views.worker import Operation

if TYPE_CHECKING:
    from app.services.change import Change
    from views.policy.backlog_page import BacklogPage
    from views.policy.heatmap_page import GovernanceHeatmapPage
    from views.project_page import ProjectPage
    from views.skills.matrix_page import MatrixPage
    from views.staffing.org_gaps_page import OrgGapsPage

log = logging.getLogger("steward.window")
StandardKey = QKeySequence.StandardKey


class _Refreshable(Protocol):
    """An organisation page: it reads the organisation afresh when shown."""

    def refresh(self) -> None: ...


class MainWindow(QMainWindow):
    def __init__(self, database: Database, *, settings: QSettings | None = None) -> None:
        super().__init__()
        self.database = database
        self.settings = settings or QSettings()
        self.hub = ChangeHub(self)
        self.context = AppContext(database, hub=self.hub)
        self.undo_stack = self.context.undo_stack
        self.undo_stack.parent_widget = self
        self.undo_stack.message.connect(self._show_status)
        self.setObjectName("mainWindow")
        self.resize(1280, 800)
        self._build_sidebar()
        self._build_pages()
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.pages)
        self.splitter.setCollapsible(0, False)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 1020])
        self.setCentralWidget(self.splitter)
        self._build_menus()
        self.database_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.database_label)
        self._connect_sidebar()
        self._connect_pages()
        self.hub.changed.connect(self._on_changed)
        self._restore_geometry()
        self.show_database()
        self.project_list.setFocus()

    # --- structure -----------------------------------------------------------------
    def _build_sidebar(self) -> None:
        self.sidebar = Sidebar(self)
        self.projects_model = self.sidebar.projects_model
        self.projects_proxy = self.sidebar.projects_proxy
        self.filter = self.sidebar.filter
        self.project_list = self.sidebar.project_list
        self.new_project_button = self.sidebar.new_project_button
        self.org_list = self.sidebar.org_list

    def _build_pages(self) -> None:
        self.pages = PageStack(
            self.context, project_page=self._make_project_page, org_page=self._make_org_page, parent=self
        )
        self.empty_state = self.pages.empty_state
        self.header = self.pages.header
        self.overview = self.pages.overview
        self.tabs = self.pages.tabs
        self.staffing_tab = self.pages.staffing_tab
        self.policy_tab = self.pages.policy_tab
        self.backlog_tab = self.pages.backlog_tab
        self.sprints_tab = self.pages.sprints_tab
        self.budget_tab = self.pages.budget_tab
        self._project_page = self.pages.project_page
        self.org_pages = self.pages.org_pages
        self._org_page: str | None = None

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.new_database_action = action(self, tr("&New database…"), partial(self.choose_database, create=True))
        self.open_database_action = action(
            self, tr("&Open database…"), partial(self.choose_database, create=False), shortcut=StandardKey.Open
        )
        self.backups_action = action(self, tr("&Backups…"), self.show_backups)
        self.check_action = action(self, tr("&Check database…"), partial(file_actions.check_database, self))
        self.export_all_action = action(self, tr("&Export everything…"), partial(file_actions.export_everything, self))
        self.import_all_action = action(self, tr("&Import everything…"), partial(file_actions.import_everything, self))
        quit_action = action(self, tr("&Quit"), self.close, shortcut=StandardKey.Quit)
        add_menu(
            bar,
            tr("&File"),
            self.new_database_action,
            self.open_database_action,
            None,
            self.backups_action,
            self.check_action,
            None,
            self.export_all_action,
            self.import_all_action,
            None,
            quit_action,
        )
        self.undo_action, self.redo_action = self.undo_stack.create_actions(self)
        self.shape_rules_action = action(self, tr("Skill &shape rules…"), self.edit_shape_rules)
        self.finance_settings_action = action(self, tr("&Finance settings…"), self.edit_finance_settings)
        add_menu(
            bar,
            tr("&Edit"),
            self.undo_action,
            self.redo_action,
            None,
            self.shape_rules_action,
            self.finance_settings_action,
        )
        self.new_project_action = action(self, tr("&New project…"), self.new_project, shortcut=StandardKey.New)
        self.delete_project_action = action(self, tr("&Delete project…"), self.delete_project)
        self.refresh_action = action(self, tr("&Refresh"), self.refresh, shortcut=StandardKey.Refresh)
        add_menu(bar, tr("&Project"), self.new_project_action, self.delete_project_action, self.refresh_action)
        add_menu(bar, tr("&Help"), action(self, tr("&About Steward"), partial(show_about, self)))

    def _connect_sidebar(self) -> None:
        self.project_list.selectionModel().currentChanged.connect(self._current_changed)
        # A click on the current project (back from an organisation page) shows it again; the list's current
        # row, not the clicked one, is what counts (a switch refused for an unsaved edit kept it).
        self.project_list.clicked.connect(lambda _index: self._current_changed(self.project_list.currentIndex()))
        self.org_list.itemClicked.connect(self._org_clicked)
        # The sidebar follows the keyboard: moving its highlight moves the page, Enter opens what it is on.
        self.org_list.currentItemChanged.connect(self._org_current_changed)
        self.org_list.itemActivated.connect(self._org_clicked)
        self.project_list.activated.connect(lambda _index: self._current_changed(self.project_list.currentIndex()))
        self.project_list.selectionModel().selectionChanged.connect(self._update_delete_action)
        self.new_project_button.clicked.connect(self.new_project)

    def _connect_pages(self) -> None:
        self.empty_state.new_button.clicked.connect(self.new_project)
        self.empty_state.demo_button.clicked.connect(self.load_demo)
        self.overview.save_requested.connect(self._save_profile)
        self.overview.edits_changed.connect(self._edits_changed)
        self.overview.templates_requested.connect(self.plan_gap_work)

    # --- reading -------------------------------------------------------------------
    def project_tabs(self) -> tuple[LazyPage, ...]:
        """The project's tabs that are pages of their own (built on first show), left to right."""
        return self.pages.project_tabs()

    def show_database(self) -> None:
        """Show everything of ``self.database`` afresh (start-up, or another database opened)."""
        self.undo_stack.clear()
        for page in (*self.org_pages.values(), *self.project_tabs()):
            if page.page is not None and hasattr(page.page, "refresh") and page.isVisible():
                page.page.refresh()
        # Qt adds " — Steward" (the application's display name) and shows [*] only while an edit is unsaved.
        self.setWindowTitle(f"{Path(self.database.describe()).name}[*]")
        self.database_label.setText(tr("Database: {path}").format(path=self.database.describe()))
        last_project = self.settings.value(self._last_project_key())
        self.refresh(select_id=int(last_project) if last_project is not None else None)

    def refresh(self, *, select_id: int | None = None) -> None:
        """Reload the project list and the current page, keeping the selection where possible."""
        keep_id = select_id if select_id is not None else self.current_project_id()
        self.projects_model.set_projects(list_projects(self.database.reader()))
        has_projects = self.projects_model.rowCount() > 0
        self._update_delete_action()
        if self._org_page is not None and select_id is None:
            return  # an organisation page is showing; it refreshes itself
        self._org_page = None
        self.org_list.clearSelection()
        self.pages.setCurrentWidget(self._project_page if has_projects else self.empty_state)
        if not has_projects:
            self.empty_state.demo_button.setVisible(not any(organisation_counts(self.database.reader()).values()))
            return
        row = self.projects_model.row_of(keep_id) if keep_id is not None else None
        proxy_index = self.projects_proxy.mapFromSource(self.projects_model.index(row if row is not None else 0, 0))
        if not proxy_index.isValid():
            proxy_index = self.projects_proxy.index(0, 0)
        unchanged = self.project_list.currentIndex() == proxy_index
        self.sidebar.set_current(proxy_index)
        if unchanged:  # no currentChanged signal: show the project afresh here (a new one shows through it)
            self._show_project(proxy_index.data(IdRole))

    def current_project_id(self) -> int | None:
        return self.sidebar.current_project_id()

    def select_project(self, project_id: int) -> None:
        if self.projects_model.row_of(project_id) is not None:
            self.sidebar.set_current(self.sidebar.index_of(project_id))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if not current.isValid():
            return
        shown = self.overview.profile()
        wanted = current.data(IdRole)
        if shown is not None and wanted != shown.id and self.overview.is_dirty():
            # The list has already moved: put it back on the edited project until the edit is saved or dropped.
            self._select_quietly(shown.id)
            self._leave_overview(lambda: self.select_project(wanted))
            return
        if current.isValid():
            self._org_page = None
            self.org_list.clearSelection()
            self.pages.setCurrentWidget(self._project_page)
            self._show_project(current.data(IdRole))

    def _select_quietly(self, project_id: int) -> None:
        """Make ``project_id`` the list's current project without showing it afresh."""
        if self.projects_model.row_of(project_id) is not None:
            self.sidebar.set_current(self.sidebar.index_of(project_id), quietly=True)

    def _leave_overview(self, then: Callable[[], object]) -> None:
        """Go on with ``then`` once the overview's unsaved edit is saved or discarded; stay if the user cancels.

        Saving runs on the worker: ``then`` follows only once the edit is in the database, so a
        refused save (a name already taken) leaves the user on the form to correct it.
        """
        profile = self.overview.profile()
        if profile is None or not self.overview.is_dirty():
            then()
            return
        answer = ask_unsaved(self, what=tr("The profile of {name}").format(name=profile.name))
        if answer is Unsaved.DISCARD:
            self.overview.revert()
            then()
        elif answer is Unsaved.SAVE:
            before, after = self.overview.changes()
            if self.overview.problem():
                show_user_error(self, self.overview.problem())
                return
            self._save_profile(profile.id, before, after, on_saved=then)

    def _edits_changed(self) -> None:
        """The window's title marks unsaved edits, as every desktop editor does."""
        self.setWindowModified(self.overview.is_dirty())

    def _show_project(self, project_id: int | None) -> None:
        if project_id is None:
            return
        overview = project_overview(self.database.reader(), project_id)
        if overview is None:  # deleted meanwhile, by another window or process
            self.refresh()
            return
        self.header.show_profile(overview.profile)
        self.overview.show_overview(overview)
        for tab in self.project_tabs():
            if tab.page is not None:
                cast("ProjectPage", tab.page).show_project(project_id)
        self.settings.setValue(self._last_project_key(), project_id)

    def _on_changed(self, change: Change) -> None:
        select_id = (
            change.ids[0]
            if change.entity is Entity.PROJECT and change.action is Action.CREATED and change.ids
            else None
        )
        self.refresh(select_id=select_id)

    def edit_shape_rules(self) -> None:
        from app.settings import load_staffing_settings
        from views.settings_dialog import ShapeRulesDialog

        run_modal(ShapeRulesDialog(self.context, load_staffing_settings(self.database.reader()), self))

    def edit_finance_settings(self) -> None:
        from app.settings import load_finance_settings
        from views.settings_dialog import FinanceSettingsDialog

        run_modal(FinanceSettingsDialog(self.context, load_finance_settings(self.database.reader()), self))

    # --- organisation pages ----------------------------------------------------------
    def _org_clicked(self, item: QListWidgetItem) -> None:
        self.show_org_page(item.data(Qt.ItemDataRole.UserRole))

    def _org_current_changed(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        """An arrow key moved the organisation list's highlight: show that page.

        Not when the list merely got a first current entry (focus came in by Tab: Qt puts it on the first
        entry), and not for the page already shown (``show_org_page`` moves the highlight itself).
        """
        if current is None or previous is None:
            return
        key = current.data(Qt.ItemDataRole.UserRole)
        if key != self._org_page:
            self.show_org_page(key)

    def _update_delete_action(self, *_arguments: object) -> None:
        """Delete project… acts on the highlighted project only: none is highlighted on an organisation page."""
        self.delete_project_action.setEnabled(self._highlighted_project() is not None)

    def _highlighted_project(self) -> ProjectProfile | None:
        return self.sidebar.highlighted_project()

    def show_org_page(self, key: str) -> QWidget:
        """Switch to an organisation-wide page (built on first use) and refresh it.

        With an unsaved edit on the overview, asks first; the switch follows once it is saved or dropped.
        """
        page = self.org_pages[key]
        if self.overview.is_dirty() and self._org_page is None:
            self._leave_overview(lambda: self.show_org_page(key))
            return page.page or page
        self._org_page = key
        self.sidebar.show_org_key(key)
        # Clear the highlight but keep the current index: a list view without one
        # picks its first item when it next gets focus, which would switch to that project.
        self.project_list.selectionModel().clearSelection()
        self.org_list.setFocus()
        self.pages.setCurrentWidget(page)
        real_page = page.ensure_page()
        cast("_Refreshable", real_page).refresh()
        return real_page

    def _make_org_page(self, key: str, parent: QWidget) -> QWidget:
        page = org_page(key, self.context, parent)
        if key == "matrix":
            cast("MatrixPage", page).status_message.connect(self._show_status)
        elif key == "governance":
            cast("GovernanceHeatmapPage", page).project_activated.connect(
                lambda project_id: self.open_project_tab(project_id, self.policy_tab)
            )
        elif key == "gaps":
            cast("OrgGapsPage", page).project_activated.connect(self.open_project_staffing)
        return page

    def _make_project_page(self, key: str, parent: QWidget) -> QWidget:
        """A project tab's page, built on first show and pointed at the selected project."""
        page = project_page(key, self.context, parent)
        page.status_message.connect(self._show_status)
        page.status_withdrawn.connect(self._withdraw_status)
        project_id = self.current_project_id()
        if project_id is not None:
            page.show_project(project_id)
        return page

    def _show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _withdraw_status(self, text: str) -> None:
        """A page's words went stale: off the status bar, unless something else is said there by now."""
        if self.statusBar().currentMessage() == text:
            self.statusBar().clearMessage()

    def open_project_staffing(self, project_id: int) -> None:
        self.open_project_tab(project_id, self.staffing_tab)

    def plan_gap_work(self, project_id: int) -> None:
        """The project's backlog, with the template picker open on the open gaps' policy areas."""
        self.tabs.setCurrentWidget(self.backlog_tab)
        cast("BacklogPage", self.backlog_tab.ensure_page()).add_templates_for(project_id)

    def open_project_tab(self, project_id: int, tab: QWidget) -> None:
        """Show ``project_id`` on ``tab`` (from an organisation page's row)."""
        self.select_project(project_id)
        self.project_list.setFocus()
        self._current_changed(self.project_list.currentIndex())
        self.tabs.setCurrentWidget(tab)

    # --- writing -------------------------------------------------------------------
    def _save_profile(
        self,
        project_id: int,
        before: dict[str, Any],
        after: dict[str, Any],
        justification: str | None = None,
        *,
        on_saved: Callable[[], object] | None = None,
    ) -> None:
        """Save the profile; a stage move refused for blocking governance gaps asks for a justification first."""
        from app.errors import UserError
        from app.services import projects as project_services
        from models.enums import Stage
        from views.errors import show_user_error

        name = self.overview.name.text().strip() or tr("project")
        database = self.database
        # Undoing a move back moves the project forward again: it returns to where it was, which the
        # audit trail records as the reason instead of asking for a justification a second time.
        undo_reason = tr("Undo of an earlier edit: the profile returns to what it was.")
        refusal: dict[str, Any] = {}

        def save() -> Change:
            try:
                return project_services.update_project(database, project_id, after, justification=justification)
            except UserError as error:  # kept for the GUI thread, which gets only the message
                refusal["error"] = error
                raise

        def refused(message: str) -> None:
            error = refusal.get("error")
            if isinstance(error, project_services.StageGateRefused):
                from views.projects.justification_dialog import JustificationDialog

                dialog = JustificationDialog(error.gaps, project=name, stage=Stage(after["stage"]), parent=self)
                if run_modal(dialog) == JustificationDialog.DialogCode.Accepted:
                    self._save_profile(
                        project_id, before, after, justification=dialog.justification(), on_saved=on_saved
                    )
            elif error is not None:
                show_user_error(self, message)
            # Anything else is a bug, which run_edit has already reported.

        def saved(_change: Change) -> None:
            if on_saved is not None:
                on_saved()

        run_edit(
            self.undo_stack,
            tr("Edit profile of {name}").format(name=name),
            do=save,
            undo=lambda: project_services.update_project(database, project_id, before, justification=undo_reason),
            hub=self.hub,
            parent=self,
            on_refused=refused,
            on_success=saved,
        )

    def new_project(self) -> None:
        if self.overview.is_dirty():  # the new project is shown once made, which would drop the edit
            self._leave_overview(self.new_project)
            return
        from app.services import projects as project_services
        from views.projects.new_project_dialog import NewProjectDialog

        taken = {
            self.projects_model.index(row, 0).data(RecordRole).name for row in range(self.projects_model.rowCount())
        }
        dialog = NewProjectDialog(self, taken_names=taken)
        if run_modal(dialog) != NewProjectDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        database = self.database
        create, delete_again = add_undone_by(
            lambda: project_services.create_project(database, **values),
            lambda project_id: project_services.delete_project(database, project_id),
        )
        run_edit(
            self.undo_stack,
            tr("Create project {name}").format(name=values["name"]),
            do=create,
            undo=delete_again,
            hub=self.hub,
            parent=self,
        )

    def delete_project(self) -> None:
        """Delete the highlighted project, after asking (it cannot be undone); never one merely current."""
        project = self._highlighted_project()
        if project is None:
            return
        from app.services import projects as project_services
        from views.confirm import confirm

        if not confirm(
            self,
            title=tr("Delete project"),
            text=tr("Delete {name}?").format(name=project.name),
            detail=tr(
                "This cannot be undone. A project that has policies, backlog, sprints or budgets cannot be "
                "deleted; set its stage to Retired instead."
            ),
            action=tr("Delete"),
            destructive=True,
        ):
            return
        database = self.database
        Operation(self, lambda: project_services.delete_project(database, project.id)).success(self.hub.publish).run()

    def load_demo(self) -> None:
        from app.demo.generator import fill_demo

        database = self.database
        self.empty_state.demo_button.setEnabled(False)
        self.statusBar().showMessage(tr("Loading the demo organisation…"))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

        def finished(_summary: Any) -> None:
            QApplication.restoreOverrideCursor()
            self.statusBar().showMessage(tr("Demo organisation loaded."), 5000)
            self.empty_state.demo_button.setEnabled(True)
            self.refresh()

        def failed(error: BaseException) -> None:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()
            self.empty_state.demo_button.setEnabled(True)
            from views.errors import report_error

            report_error(self, error)

        Operation(self, lambda: fill_demo(database)).success(finished).failure(failed).run()

    # --- databases -----------------------------------------------------------------
    def choose_database(self, *, create: bool) -> None:
        if self.overview.is_dirty():
            self._leave_overview(lambda: self.choose_database(create=create))
            return
        folder = str(Path(self.database.describe()).parent) if self.database.sqlite_path else ""
        if create:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("New Steward database"), folder, tr("Steward database (*.db)")
            )
        else:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("Open Steward database"), folder, tr("Steward database (*.db);;All files (*)")
            )
        if path:
            self.open_database(path)

    def open_database(self, target: str) -> None:
        """Switch to another database: checked, created or upgraded, and backed up first, on the worker."""
        from views.application import switch_database

        switch_database(self, Database(target), then=self.use_database)

    def use_database(self, database: Database) -> None:
        """Show ``database`` from now on (another one opened, or this one restored from a backup)."""
        if database is not self.database:
            self.database.dispose()
        self.database = database
        self.context.database = database
        self._org_page = None
        self.show_database()

    def show_backups(self) -> None:
        """File → Backups…: list, take and restore backups; after a restore the window shows it afresh."""
        from views.backups_dialog import show_backups

        show_backups(self, self.context, on_restored=lambda: self.use_database(self.database))

    # --- window state --------------------------------------------------------------
    def _last_project_key(self) -> str:
        return f"lastProject/{self.database.describe()}"

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.overview.is_dirty():
            # Asked and answered first; the window closes again (for real) once the edit is saved or dropped.
            event.ignore()
            self._leave_overview(self.close)
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        super().closeEvent(event)
