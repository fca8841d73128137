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

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db.database import Database
from app.queries.projects import ProjectProfile, list_projects, organisation_counts, project_overview
from views.changes import ChangeHub
from views.confirm import Unsaved, ask_unsaved
from views.context import AppContext
from views.dialogs import run_modal
from views.errors import show_user_error
from views.full_text import show_full_text
from views.labels import STAGE_COLOURS, label, tr
from views.lazy_page import LazyPage
from views.projects.list_model import ProjectListModel
from views.projects.overview_page import OverviewPage
from views.roles import IdRole, RecordRole, SortRole
from views.undo import run_edit
from views.worker import Operation

if TYPE_CHECKING:
    from app.services.unit import Change
    from views.policy.backlog_page import BacklogPage
    from views.project_page import ProjectPage

log = logging.getLogger("steward.window")


class _Refreshable(Protocol):
    """An organisation page: it reads the organisation afresh when shown."""

    def refresh(self) -> None: ...


# The organisation-wide pages of the sidebar: (key, title).
ORG_PAGES = (
    ("matrix", "Skill matrix"),
    ("people", "People"),
    ("taxonomy", "Skills and levels"),
    ("gaps", "Staffing gaps"),
    ("governance", "Governance gaps"),
)


class EmptyState(QWidget):
    """What a new organisation sees: how to start, not a blank pane."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.title = QLabel(tr("No projects yet"), self)
        self.title.setObjectName("emptyTitle")
        self.text = QLabel(
            tr(
                "Create your first MLOps project to map its team, its policy work and its budget, "
                "or look around a demo organisation first."
            ),
            self,
        )
        self.text.setWordWrap(True)
        self.new_button = QPushButton(tr("New project…"), self)
        self.demo_button = QPushButton(tr("Load the demo organisation"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        # A word-wrapped label given an alignment in a layout gets a one-line
        # height and is cut off; centred between stretches at a fixed width, it wraps.
        self.text.setFixedWidth(460)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text_row = QHBoxLayout()
        text_row.addStretch(1)
        text_row.addWidget(self.text)
        text_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(text_row)
        layout.addLayout(buttons)
        layout.addStretch(2)


class ProjectHeader(QWidget):
    """The selected project's name with its stage as a coloured badge, and its profile in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel("", self)
        self.name.setObjectName("projectTitle")
        self.stage = QLabel("", self)
        self.stage.setObjectName("stageBadge")
        self.summary = QLabel("", self)
        self.summary.setObjectName("projectSummary")
        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addWidget(self.stage)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)

    def show_profile(self, profile: ProjectProfile) -> None:
        self.name.setText(profile.name)
        self.stage.setText(label(profile.stage))
        self.stage.setStyleSheet(f"background: {STAGE_COLOURS[profile.stage]};")
        personal = tr("handles personal data") if profile.personal_data else tr("no personal data")
        self.summary.setText(
            f"{label(profile.decision_mode)} · {label(profile.model_origin)} {tr('model')} · {personal}"
        )


class MainWindow(QMainWindow):
    def __init__(self, database: Database, *, settings: QSettings | None = None) -> None:
        super().__init__()
        self.database = database
        self.settings = settings or QSettings()
        self.hub = ChangeHub(self)
        self.context = AppContext(database, hub=self.hub)
        self.undo_stack = self.context.undo_stack
        self.undo_stack.parent_widget = self
        self.undo_stack.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.setObjectName("mainWindow")
        self.resize(1280, 800)

        self.projects_model = ProjectListModel(self)
        self.projects_proxy = QSortFilterProxyModel(self)
        self.projects_proxy.setSourceModel(self.projects_model)
        self.projects_proxy.setSortRole(SortRole)
        self.projects_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.projects_proxy.sort(0)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(tr("Filter projects"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.projects_proxy.setFilterFixedString)
        self.project_list = QListView(self)
        self.project_list.setObjectName("projectList")
        self.project_list.setModel(self.projects_proxy)
        self.project_list.setUniformItemSizes(True)
        self.new_project_button = QPushButton(tr("New project…"), self)
        sidebar = QWidget(self)
        sidebar.setObjectName("sidebar")
        sidebar_layout = QVBoxLayout(sidebar)
        sidebar_layout.setContentsMargins(8, 8, 8, 8)
        organisation_caption = QLabel(tr("Organisation"), sidebar)
        organisation_caption.setObjectName("sidebarCaption")
        self.org_list = QListWidget(sidebar)
        self.org_list.setObjectName("orgList")
        for key, text in ORG_PAGES:
            item = QListWidgetItem(tr(text), self.org_list)
            item.setData(Qt.ItemDataRole.UserRole, key)
        self.org_list.setFixedHeight(len(ORG_PAGES) * 31 + 6)
        sidebar_layout.addWidget(organisation_caption)
        sidebar_layout.addWidget(self.org_list)
        caption = QLabel(tr("Projects"), sidebar)
        caption.setObjectName("sidebarCaption")
        sidebar_layout.addWidget(caption)
        sidebar_layout.addWidget(self.filter)
        sidebar_layout.addWidget(self.project_list, 1)
        sidebar_layout.addWidget(self.new_project_button)

        self.empty_state = EmptyState(self)
        self.header = ProjectHeader(self)
        self.overview = OverviewPage(self)
        show_full_text(self.overview)  # its members, gaps and pick lists read whole when cut
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        overview_scroll = QScrollArea(self)
        overview_scroll.setWidget(self.overview)
        overview_scroll.setWidgetResizable(True)
        overview_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs.addTab(overview_scroll, tr("Overview"))
        self.staffing_tab = LazyPage(partial(self._make_project_page, "staffing"), self)
        self.tabs.addTab(self.staffing_tab, tr("Staffing"))
        self.policy_tab = LazyPage(partial(self._make_project_page, "policy"), self)
        self.tabs.addTab(self.policy_tab, tr("Policies"))
        self.backlog_tab = LazyPage(partial(self._make_project_page, "backlog"), self)
        self.tabs.addTab(self.backlog_tab, tr("Backlog"))
        self.sprints_tab = LazyPage(partial(self._make_project_page, "sprints"), self)
        self.tabs.addTab(self.sprints_tab, tr("Sprints"))
        self.budget_tab = LazyPage(partial(self._make_project_page, "budget"), self)
        self.tabs.addTab(self.budget_tab, tr("Budget"))
        project_page = QWidget(self)
        project_layout = QVBoxLayout(project_page)
        project_layout.setContentsMargins(8, 8, 8, 8)
        project_layout.addWidget(self.header)
        project_layout.addWidget(self.tabs, 1)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(project_page)
        self._project_page = project_page
        self.org_pages: dict[str, LazyPage] = {}
        for key, _text in ORG_PAGES:
            page = LazyPage(partial(self._make_org_page, key), self)
            self.org_pages[key] = page
            self.pages.addWidget(page)
        self._org_page: str | None = None

        # The sidebar keeps a readable width however much a page asks for; names that do not fit are
        # elided in the middle rather than scrolled, so names that begin alike ("Claims: document
        # classification (189)", "… (195)") still read apart, and the whole name is in the tooltip.
        sidebar.setMinimumWidth(230)
        for listing in (self.org_list, self.project_list):
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            listing.setTextElideMode(Qt.TextElideMode.ElideMiddle)
            show_full_text(listing)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(sidebar)
        self.splitter.addWidget(self.pages)
        self.splitter.setCollapsible(0, False)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 1020])
        self.setCentralWidget(self.splitter)

        self._build_menus()
        self.database_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.database_label)

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
        self.empty_state.new_button.clicked.connect(self.new_project)
        self.empty_state.demo_button.clicked.connect(self.load_demo)
        self.overview.save_requested.connect(self._save_profile)
        self.overview.edits_changed.connect(self._edits_changed)
        self.overview.templates_requested.connect(self.plan_gap_work)
        self.hub.changed.connect(self._on_changed)

        self._restore_geometry()
        self.show_database()
        self.project_list.setFocus()

    # --- structure -----------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(tr("&File"))
        self.new_database_action = QAction(tr("&New database…"), self)
        self.open_database_action = QAction(tr("&Open database…"), self)
        self.open_database_action.setShortcut(QKeySequence.StandardKey.Open)
        self.backup_action = QAction(tr("&Back up database…"), self)
        quit_action = QAction(tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        for action in (self.new_database_action, self.open_database_action, self.backup_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.new_database_action.triggered.connect(partial(self.choose_database, create=True))
        self.open_database_action.triggered.connect(partial(self.choose_database, create=False))
        self.backup_action.triggered.connect(self.back_up)
        quit_action.triggered.connect(self.close)

        edit_menu = self.menuBar().addMenu(tr("&Edit"))
        self.undo_action, self.redo_action = self.undo_stack.create_actions(self)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.shape_rules_action = QAction(tr("Skill &shape rules…"), self)
        self.shape_rules_action.triggered.connect(self.edit_shape_rules)
        edit_menu.addAction(self.shape_rules_action)
        self.finance_settings_action = QAction(tr("&Finance settings…"), self)
        self.finance_settings_action.triggered.connect(self.edit_finance_settings)
        edit_menu.addAction(self.finance_settings_action)

        project_menu = self.menuBar().addMenu(tr("&Project"))
        self.new_project_action = QAction(tr("&New project…"), self)
        self.new_project_action.setShortcut(QKeySequence.StandardKey.New)
        self.delete_project_action = QAction(tr("&Delete project…"), self)
        self.refresh_action = QAction(tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        for action in (self.new_project_action, self.delete_project_action, self.refresh_action):
            project_menu.addAction(action)
        self.new_project_action.triggered.connect(self.new_project)
        self.delete_project_action.triggered.connect(self.delete_project)
        self.refresh_action.triggered.connect(self.refresh)

        help_menu = self.menuBar().addMenu(tr("&Help"))
        about = QAction(tr("&About Steward"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # --- reading -------------------------------------------------------------------
    def project_tabs(self) -> tuple[LazyPage, ...]:
        """The project's tabs that are pages of their own (built on first show), left to right."""
        return (self.staffing_tab, self.policy_tab, self.backlog_tab, self.sprints_tab, self.budget_tab)

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
        source = self.projects_model.index(row if row is not None else 0, 0)
        proxy_index = self.projects_proxy.mapFromSource(source)
        if not proxy_index.isValid():
            proxy_index = self.projects_proxy.index(0, 0)
        unchanged = self.project_list.currentIndex() == proxy_index
        self.project_list.selectionModel().setCurrentIndex(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        if unchanged:  # no currentChanged signal: show the project afresh here (a new one shows through it)
            self._show_project(proxy_index.data(IdRole))

    def current_project_id(self) -> int | None:
        index = self.project_list.currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def select_project(self, project_id: int) -> None:
        row = self.projects_model.row_of(project_id)
        if row is None:
            return
        index = self.projects_proxy.mapFromSource(self.projects_model.index(row, 0))
        self.project_list.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

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
        row = self.projects_model.row_of(project_id)
        if row is None:
            return
        index = self.projects_proxy.mapFromSource(self.projects_model.index(row, 0))
        selection = self.project_list.selectionModel()
        selection.blockSignals(True)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        selection.blockSignals(False)
        self.project_list.viewport().update()

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
        select_id = change.ids[0] if change.entity == "project" and change.action == "created" and change.ids else None
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
        rows = self.project_list.selectionModel().selectedRows()
        project: ProjectProfile | None = rows[0].data(RecordRole) if len(rows) == 1 else None
        return project

    def show_org_page(self, key: str) -> QWidget:
        """Switch to an organisation-wide page (built on first use) and refresh it.

        With an unsaved edit on the overview, asks first; the switch follows once it is saved or dropped.
        """
        page = self.org_pages[key]
        if self.overview.is_dirty() and self._org_page is None:
            self._leave_overview(lambda: self.show_org_page(key))
            return page.page or page
        self._org_page = key
        for row in range(self.org_list.count()):
            if self.org_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.org_list.setCurrentRow(row)
        # Clear the highlight but keep the current index: a list view without one
        # picks its first item when it next gets focus, which would switch to that project.
        self.project_list.selectionModel().clearSelection()
        self.org_list.setFocus()
        self.pages.setCurrentWidget(page)
        real_page = page.ensure_page()
        cast("_Refreshable", real_page).refresh()
        return real_page

    def _make_org_page(self, key: str, parent: QWidget) -> QWidget:
        if key == "matrix":
            from views.skills.matrix_page import MatrixPage

            matrix = MatrixPage(self.context, parent)
            matrix.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            return matrix
        if key == "people":
            from views.people.people_page import PeoplePage

            return PeoplePage(self.context, parent)
        if key == "taxonomy":
            from views.taxonomy.taxonomy_page import TaxonomyPage

            return TaxonomyPage(self.context, parent)
        if key == "governance":
            from views.policy.heatmap_page import GovernanceHeatmapPage

            heatmap = GovernanceHeatmapPage(self.context, parent)
            heatmap.project_activated.connect(lambda project_id: self.open_project_tab(project_id, self.policy_tab))
            return heatmap
        from views.staffing.org_gaps_page import OrgGapsPage

        page = OrgGapsPage(self.context, parent)
        page.project_activated.connect(self.open_project_staffing)
        return page

    def _make_project_page(self, key: str, parent: QWidget) -> QWidget:
        """A project tab's page, built on first show and pointed at the selected project."""
        Page: Callable[[AppContext, QWidget], ProjectPage]
        if key == "staffing":
            from views.staffing.staffing_page import StaffingPage as Page
        elif key == "policy":
            from views.policy.library_page import PolicyLibraryPage as Page
        elif key == "backlog":
            from views.policy.backlog_page import BacklogPage as Page
        elif key == "sprints":
            from views.policy.sprints_page import SprintsPage as Page
        else:
            from views.budget.budget_page import BudgetPage as Page
        page = Page(self.context, parent)
        page.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        page.status_withdrawn.connect(self._withdraw_status)
        project_id = self.current_project_id()
        if project_id is not None:
            page.show_project(project_id)
        return page

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
        created: dict[str, int] = {}

        def create() -> Change:
            change = project_services.create_project(database, **values)
            created["id"] = change.ids[0]
            return change

        def delete_again() -> Change:
            return project_services.delete_project(database, created["id"])

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
        """Switch to another database (created or upgraded first, on the worker)."""
        from app.services.setup import initialise

        database = Database(target)

        def opened(_result: Any) -> None:
            self.database.dispose()
            self.database = database
            self.context.database = database
            self._org_page = None
            self.show_database()

        Operation(self, lambda: initialise(database)).success(opened).run()

    def back_up(self) -> None:
        from views.errors import show_user_error

        if self.database.sqlite_path is None:
            show_user_error(self, tr("Back up a database server with its own tools."))
            return
        from datetime import date

        suggestion = self.database.sqlite_path.with_name(f"{self.database.sqlite_path.stem}-backup-{date.today()}.db")
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Back up database"), str(suggestion), tr("Steward database (*.db)")
        )
        if not path:
            return
        from app.db.schema import backup_sqlite

        source = self.database.sqlite_path
        Operation(self, lambda: backup_sqlite(source, Path(path))).success(
            lambda _none: self.statusBar().showMessage(tr("Backed up to {path}.").format(path=path), 8000)
        ).run()

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

    def _about(self) -> None:
        from app import __version__

        QMessageBox.about(
            self,
            tr("About Steward"),
            tr(
                "<b>Steward {version}</b><p>Run MLOps projects securely as an organisation: the team's skills, "
                "policy made the agile way, and budgets for the whole life cycle.</p>"
            ).format(version=__version__),
        )
