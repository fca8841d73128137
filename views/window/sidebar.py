"""The main window's sidebar: the organisation's pages above the filtered list of projects."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.queries.projects import ProjectProfile
from views.full_text import show_full_text
from views.labels import tr
from views.projects.list_model import ProjectListModel
from views.roles import IdRole, RecordRole
from views.tables import sorted_proxy

# The organisation-wide pages of the sidebar: (key, title).
ORG_PAGES = (
    ("matrix", "Skill matrix"),
    ("people", "People"),
    ("taxonomy", "Skills and levels"),
    ("gaps", "Staffing gaps"),
    ("governance", "Governance gaps"),
    ("audit", "Audit log"),
)


class Sidebar(QWidget):
    """ "Organisation" with its pages, then "Projects": a filter box, the list and "New project…"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        # Qt paints a style sheet's background on a plain QWidget only; a subclass asks for it.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.projects_model = ProjectListModel(self)
        self.projects_proxy = projects = sorted_proxy(self.projects_model, self)
        projects.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        projects.sort(0)
        # Made in this order for the Tab key: the filter, the projects, the button, then the organisation's pages.
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(tr("Filter projects"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(projects.setFilterFixedString)
        self.project_list = QListView(self)
        self.project_list.setObjectName("projectList")
        self.project_list.setModel(projects)
        self.project_list.setUniformItemSizes(True)
        self.new_project_button = QPushButton(tr("New project…"), self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        organisation_caption = QLabel(tr("Organisation"), self)
        organisation_caption.setObjectName("sidebarCaption")
        self.org_list = QListWidget(self)
        self.org_list.setObjectName("orgList")
        for key, text in ORG_PAGES:
            item = QListWidgetItem(tr(text), self.org_list)
            item.setData(Qt.ItemDataRole.UserRole, key)
        self.org_list.setFixedHeight(len(ORG_PAGES) * 31 + 6)
        layout.addWidget(organisation_caption)
        layout.addWidget(self.org_list)
        caption = QLabel(tr("Projects"), self)
        caption.setObjectName("sidebarCaption")
        layout.addWidget(caption)
        layout.addWidget(self.filter)
        layout.addWidget(self.project_list, 1)
        layout.addWidget(self.new_project_button)
        # The sidebar keeps a readable width however much a page asks for; names that do not fit are
        # elided in the middle rather than scrolled, so names that begin alike ("Claims: document
        # classification (189)", "… (195)") still read apart, and the whole name is in the tooltip.
        self.setMinimumWidth(230)
        for listing in (self.org_list, self.project_list):
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            listing.setTextElideMode(Qt.TextElideMode.ElideMiddle)
            show_full_text(listing)

    def show_org_key(self, key: str) -> None:
        """Highlight the organisation page ``key`` in the list."""
        for row in range(self.org_list.count()):
            if self.org_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.org_list.setCurrentRow(row)

    # --- the project list --------------------------------------------------------------
    def index_of(self, project_id: int | None) -> QModelIndex:
        """Where ``project_id`` is in the (filtered) list; invalid when it is not there."""
        row = self.projects_model.row_of(project_id) if project_id is not None else None
        if row is None:
            return QModelIndex()
        return self.projects_proxy.mapFromSource(self.projects_model.index(row, 0))

    def current_project_id(self) -> int | None:
        index = self.project_list.currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def set_current(self, index: QModelIndex, *, quietly: bool = False) -> None:
        """Make ``index`` the current, highlighted row; ``quietly``: without saying so (nothing shows it afresh)."""
        selection = self.project_list.selectionModel()
        selection.blockSignals(quietly)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        selection.blockSignals(False)
        if quietly:
            self.project_list.viewport().update()

    def highlighted_project(self) -> ProjectProfile | None:
        """The one highlighted project: none on an organisation page, where the highlight is cleared."""
        rows = self.project_list.selectionModel().selectedRows()
        project: ProjectProfile | None = rows[0].data(RecordRole) if len(rows) == 1 else None
        return project
