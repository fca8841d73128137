"""A project's overview: its profile (editable), headline counts, governance gaps and members.

The page reads the governance gaps itself through its ``AppContext`` when it
shows a project (a few small queries, on the worker). Its sections, by what the
user sees: the profile form (``profile_form``), the counts (``counts_panel``),
the governance gaps (``governance_gaps``) and the members (``members_panel``);
the names the tests use (``OptionalDate``, the gaps' columns) still import
from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from app.errors import UserError
from app.queries.projects import ProjectOverview, ProjectProfile
from views.context import AppContext
from views.date_field import OptionalDate as OptionalDate
from views.date_field import date_problem
from views.labels import tr
from views.projects.counts_panel import CountsPanel
from views.projects.governance_gaps import BLOCKING as BLOCKING
from views.projects.governance_gaps import CATEGORY as CATEGORY
from views.projects.governance_gaps import REASON as REASON
from views.projects.governance_gaps import STATUS as STATUS
from views.projects.governance_gaps import GovernanceGapsBox
from views.projects.members_panel import MembersPanel
from views.projects.profile_form import ProfileBox

if TYPE_CHECKING:
    from app.analysis.governance import GovernanceGap


class OverviewPage(QWidget):
    """Shows one project; ``save_requested`` carries the changed profile fields (before, after)."""

    save_requested = Signal(int, object, object)
    # The user asks for starter backlog items for the open gaps of the project (its id).
    templates_requested = Signal(int)
    # The form went from saved to edited, or back (the window marks its title).
    edits_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, context: AppContext | None = None) -> None:
        super().__init__(parent)
        self._profile: ProjectProfile | None = None
        self._was_dirty = False
        # The main window builds the page with itself as parent and holds the context.
        self._context = context if context is not None else getattr(parent, "context", None)
        # Made in this order for the Tab key: the form, then the members, then the gaps.
        self.profile_box = ProfileBox(self)
        self.counts_box = CountsPanel(self)
        self.members_box = MembersPanel(self)
        self.gaps_box = GovernanceGapsBox(self)
        self._name_section_parts()
        top = QHBoxLayout()
        top.addWidget(self.profile_box, 3)
        top.addWidget(self.counts_box, 2)
        # Full width, one above the other: side by side, the reasons and the members' roles were
        # squeezed into columns a few words wide.
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.gaps_box)
        layout.addWidget(self.members_box, 1)
        for signal in (
            self.name.textEdited,
            self.description.textChanged,
            self.stage.currentIndexChanged,
            self.decision_mode.currentIndexChanged,
            self.model_origin.currentIndexChanged,
            self.personal_data.toggled,
            self.start_on.edited,
            self.end_on.edited,
        ):
            signal.connect(self._update_buttons)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.plan_gaps_button.clicked.connect(self._request_templates)
        self._update_buttons()

    def _name_section_parts(self) -> None:
        """The sections' parts under the names the page has always given them."""
        form = self.profile_box
        self.name, self.description, self.stage = form.name, form.description, form.stage
        self.decision_mode, self.model_origin, self.personal_data = (
            form.decision_mode,
            form.model_origin,
            form.personal_data,
        )
        self.start_on, self.end_on = form.start_on, form.end_on
        self.save_button, self.revert_button, self.validation = form.save_button, form.revert_button, form.validation
        self.cards = self.counts_box.cards
        self.members_model, self.members_proxy = self.members_box.model, self.members_box.proxy
        self.members, self.members_summary = self.members_box.table, self.members_box.summary
        self.gaps_model, self.gaps_proxy, self.gaps = self.gaps_box.model, self.gaps_box.proxy, self.gaps_box.table
        self.gaps_summary, self.plan_gaps_button = self.gaps_box.summary, self.gaps_box.plan_button

    # --- showing -------------------------------------------------------------------
    def show_overview(self, overview: ProjectOverview) -> None:
        """Show ``overview``; unsaved edits of the same project are kept when only counts changed."""
        keep_edits = self._profile is not None and self._profile.id == overview.profile.id and self.is_dirty()
        self._profile = overview.profile
        if not keep_edits:
            self._fill_form(overview.profile)
        self.counts_box.show_counts(overview.counts)
        self.members_box.show_members(overview.members, fte=overview.counts.member_fte)
        self._show_gaps(overview.profile)
        self._update_buttons()

    def _show_gaps(self, profile: ProjectProfile) -> None:
        """Evaluate the governance rules on the worker, after the page has painted (start-up stays light)."""
        if self._context is None:
            self._gaps_loaded(profile, [])
            return
        from views.worker import Operation

        database = self._context.database
        if not self.gaps_summary.text():
            self.gaps_summary.setText(tr("Checking the governance rules…"))

        def load() -> list[GovernanceGap]:
            from app.analysis.governance import governance_gaps

            try:
                return governance_gaps(database.reader(), profile.id)
            except UserError:  # deleted meanwhile: the next refresh shows another project
                return []

        Operation(self, load).success(lambda gaps: self._gaps_loaded(profile, gaps)).run()

    def _gaps_loaded(self, profile: ProjectProfile, gaps: list[GovernanceGap]) -> None:
        """The open gaps (missing, past review) in the table; the covered areas named in the summary."""
        if self._profile is None or self._profile.id != profile.id:
            return  # the user has moved to another project meanwhile
        self.gaps_box.show_gaps(profile, gaps, can_plan=self._context is not None)

    def _request_templates(self) -> None:
        if self._profile is not None:
            self.templates_requested.emit(self._profile.id)

    def _fill_form(self, profile: ProjectProfile) -> None:
        widgets = (self.name, self.description, self.stage, self.decision_mode, self.model_origin, self.personal_data)
        for widget in widgets:
            widget.blockSignals(True)
        self.name.setText(profile.name)
        self.description.setPlainText(profile.description)
        self.stage.setCurrentIndex(self.stage.findData(profile.stage))
        self.decision_mode.setCurrentIndex(self.decision_mode.findData(profile.decision_mode))
        self.model_origin.setCurrentIndex(self.model_origin.findData(profile.model_origin))
        self.personal_data.setChecked(profile.personal_data)
        for widget in widgets:
            widget.blockSignals(False)
        self.start_on.set_value(profile.start_on)
        self.end_on.set_value(profile.end_on)
        self._update_buttons()

    # --- editing -------------------------------------------------------------------
    def form_values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "description": self.description.toPlainText().strip(),
            "stage": self.stage.currentData(),
            "decision_mode": self.decision_mode.currentData(),
            "model_origin": self.model_origin.currentData(),
            "personal_data": self.personal_data.isChecked(),
            "start_on": self.start_on.value(),
            "end_on": self.end_on.value(),
        }

    def changes(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The edited fields as (before, after); both empty when nothing changed."""
        if self._profile is None:
            return {}, {}
        after = {key: value for key, value in self.form_values().items() if getattr(self._profile, key) != value}
        before = {key: getattr(self._profile, key) for key in after}
        return before, after

    def is_dirty(self) -> bool:
        """Whether the form differs from the project: a changed field, or a date's text typed over that is
        not a date (its last date may still be the saved one, but what is shown is not what is stored)."""
        if self._profile is None:
            return False
        return bool(self.changes()[1]) or not (self.start_on.is_valid() and self.end_on.is_valid())

    def _problem(self) -> str:
        values = self.form_values()
        if not values["name"]:
            return tr("A project needs a name.")
        # A date field keeps its last date while its text is not one; saving that would save what nobody typed.
        dates = date_problem(self)
        if dates:
            return dates
        if values["start_on"] and values["end_on"] and values["end_on"] < values["start_on"]:
            return tr("The end date is before the start date.")
        return ""

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        problem = self._problem() if dirty else ""
        self.validation.setText(problem)
        self.save_button.setEnabled(dirty and not problem)
        self.revert_button.setEnabled(dirty)
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.edits_changed.emit()

    def profile(self) -> ProjectProfile | None:
        """The project the form shows (and edits)."""
        return self._profile

    def problem(self) -> str:
        """Why the form's edit cannot be saved as it stands ("" when it can)."""
        return self._problem()

    def save(self) -> None:
        before, after = self.changes()
        if self._profile is None or not after or self._problem():
            return
        self.save_requested.emit(self._profile.id, before, after)

    def revert(self) -> None:
        if self._profile is not None:
            self._fill_form(self._profile)
