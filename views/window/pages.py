"""The main window's page stack: no projects yet, the selected project (header and tabs), or an organisation page.

Every page but the overview is a ``LazyPage``: the window's factories build it the first time it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from app.queries.projects import ProjectProfile
from views.context import AppContext
from views.empty_state import EmptyState
from views.full_text import show_full_text
from views.labels import STAGE_COLOURS, label, tr
from views.lazy_page import LazyPage
from views.projects.overview_page import OverviewPage
from views.window.sidebar import ORG_PAGES

if TYPE_CHECKING:
    from views.project_page import ProjectPage

# A page's factory: its key and the lazy page it goes in.
PageFactory = Callable[[str, QWidget], QWidget]


def org_page(key: str, context: AppContext, parent: QWidget) -> QWidget:
    """The organisation page ``key`` of ``ORG_PAGES``, imported on first show (the skill matrix pulls in numpy)."""
    if key == "matrix":
        from views.skills.matrix_page import MatrixPage

        return MatrixPage(context, parent)
    if key == "people":
        from views.people.people_page import PeoplePage

        return PeoplePage(context, parent)
    if key == "taxonomy":
        from views.taxonomy.taxonomy_page import TaxonomyPage

        return TaxonomyPage(context, parent)
    if key == "governance":
        from views.policy.heatmap_page import GovernanceHeatmapPage

        return GovernanceHeatmapPage(context, parent)
    if key == "audit":
        from views.audit_page import AuditLogPage

        return AuditLogPage(context, parent)
    from views.staffing.org_gaps_page import OrgGapsPage

    return OrgGapsPage(context, parent)


def project_page(key: str, context: AppContext, parent: QWidget) -> ProjectPage:
    """The project tab ``key``'s page, imported on first show (reports pull in reportlab)."""
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
    return Page(context, parent)


class NoProjects(EmptyState):
    """What a new organisation sees: how to start, not a blank pane."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            tr("No projects yet"),
            tr(
                "Create your first MLOps project to map its team, its policy work and its budget, "
                "or look around a demo organisation first."
            ),
            name="emptyState",
            parent=parent,
        )
        self.new_button = self.add_button(tr("New project…"))
        self.demo_button = self.add_button(tr("Load the demo organisation"))


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


class PageStack(QStackedWidget):
    """The right of the window: ``empty_state``, ``project_page`` (``header`` over ``tabs``) or ``org_pages``."""

    def __init__(
        self,
        context: AppContext,
        *,
        project_page: PageFactory,
        org_page: PageFactory,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.empty_state = NoProjects(self)
        self.header = ProjectHeader(self)
        self.overview = OverviewPage(self, context=context)
        show_full_text(self.overview)  # its members, gaps and pick lists read whole when cut
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        overview_scroll = QScrollArea(self)
        overview_scroll.setWidget(self.overview)
        overview_scroll.setWidgetResizable(True)
        overview_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs.addTab(overview_scroll, tr("Overview"))
        self.staffing_tab = self._project_tab(project_page, "staffing", tr("Staffing"))
        self.policy_tab = self._project_tab(project_page, "policy", tr("Policies"))
        self.backlog_tab = self._project_tab(project_page, "backlog", tr("Backlog"))
        self.sprints_tab = self._project_tab(project_page, "sprints", tr("Sprints"))
        self.budget_tab = self._project_tab(project_page, "budget", tr("Budget"))
        self.project_page = QWidget(self)
        project_layout = QVBoxLayout(self.project_page)
        project_layout.setContentsMargins(8, 8, 8, 8)
        project_layout.addWidget(self.header)
        project_layout.addWidget(self.tabs, 1)
        self.addWidget(self.empty_state)
        self.addWidget(self.project_page)
        self.org_pages: dict[str, LazyPage] = {}
        for key, _text in ORG_PAGES:
            page = LazyPage(partial(org_page, key), self)
            self.org_pages[key] = page
            self.addWidget(page)

    def _project_tab(self, factory: PageFactory, key: str, title: str) -> LazyPage:
        tab = LazyPage(partial(factory, key), self)
        self.tabs.addTab(tab, title)
        return tab

    def project_tabs(self) -> tuple[LazyPage, ...]:
        """The project's tabs that are pages of their own (built on first show), left to right."""
        return (self.staffing_tab, self.policy_tab, self.backlog_tab, self.sprints_tab, self.budget_tab)
