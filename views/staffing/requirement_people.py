"""The staffing page's people for the selected requirement: who covers it, who is one level short, who else qualifies.

``PeopleList`` is one captioned table of people with a sentence in its place when
there is nobody; ``RequirementPeople`` holds the three lists under a sentence that
says what the requirement needs and how short it is, with "Add to project…" for an
internal candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape as _escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from views.labels import tr
from views.layouts import named_label
from views.palette import ALERT, coloured
from views.selection import SelectionFollower
from views.staffing.people_model import (
    CANDIDATE_NAME,
    DEPARTMENT,
    MEMBER_ALLOCATION,
    MEMBER_LEVEL,
    MEMBER_NAME,
    RANK,
    CandidatesModel,
    MembersLevelModel,
)
from views.staffing.requirements_model import FTE_EPSILON, level_text
from views.tables import ColumnFitter, read_only_table, sorted_proxy

if TYPE_CHECKING:
    from app.analysis.staffing import RequirementGap


def requirement_sentence(gap: RequirementGap, level_names: Sequence[str]) -> str:
    """The selected requirement in one sentence, each fact said once: what it needs, what covers it, what is short."""
    what = tr("<b>{skill}</b> at {level} or above").format(
        skill=_escape(gap.skill), level=level_text(gap.min_level, level_names)
    )
    if gap.gap_fte <= FTE_EPSILON:
        return tr("{what}: covered, with {covered:.2f} FTE for the {needed:.2f} FTE needed.").format(
            what=what, covered=gap.covered_fte, needed=gap.needed_fte
        )
    short = coloured(tr("<b>{gap:.2f} FTE short</b>").format(gap=gap.gap_fte), ALERT)
    if gap.covered_fte <= FTE_EPSILON:
        return tr("{what}: nobody on the team yet for the {needed:.2f} FTE needed, {short}.").format(
            what=what, needed=gap.needed_fte, short=short
        )
    return tr("{what}: {covered:.2f} FTE for the {needed:.2f} FTE needed, {short}.").format(
        what=what, covered=gap.covered_fte, needed=gap.needed_fte, short=short
    )


class PeopleList(QWidget):
    """A caption, a table of people, and a sentence in its place when there is nobody to list."""

    def __init__(
        self,
        caption: str,
        model: QAbstractItemModel,
        *,
        name: str,
        empty_text: str,
        roomy: int,
        tight: int | tuple[int, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("listCaption")
        self.model = model
        self.proxy = sorted_proxy(model, self)
        self.table = read_only_table(self, self.proxy, name=name, sortable=True)
        self.selection: SelectionFollower[Any] = SelectionFollower(self.table)
        self.columns = ColumnFitter(self.table, roomy=roomy, tight=tight)
        self.empty = QLabel(empty_text, self)
        self.empty.setObjectName("listEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.footer = QHBoxLayout()
        self.footer.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.caption)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self.footer)
        model.modelReset.connect(self._update)
        self._update()

    def set_empty_text(self, text: str) -> None:
        self.empty.setText(text)

    def _update(self) -> None:
        self.stack.setCurrentWidget(self.table if self.model.rowCount() else self.empty)
        self.columns.measure()

    def selected_record(self) -> Any:
        """The selected row's record: never one the current index merely moved to."""
        return self.selection.selected()


class RequirementPeople(QGroupBox):
    """The selected requirement's sentence over its three lists of people, or a sentence in their place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("People for the selected requirement"), parent)
        self.covering_model = MembersLevelModel(self)
        self.training_model = MembersLevelModel(self)
        self.candidates_model = CandidatesModel(self)
        self._build_lists()
        self._build_candidate_actions()
        self.detail_title = named_label(self, "detailTitle", rich=True)
        content = self._build_content()
        self.detail_empty = QLabel(self._select_one_text(), self)
        self.detail_empty.setObjectName("listEmpty")
        self.detail_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_empty.setWordWrap(True)
        self.detail_stack = QStackedWidget(self)
        self.detail_stack.addWidget(content)
        self.detail_stack.addWidget(self.detail_empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.detail_stack)

    def _build_lists(self) -> None:
        # Spare width goes to the names (the department for candidates); on a narrow page the level,
        # or the department, is cut short first.
        self.covering = self._members_list(
            tr("Covered by"),
            self.covering_model,
            name="coveringTable",
            empty_text=tr("Nobody on the team is at the minimum level yet."),
        )
        self.training = self._members_list(
            tr("Training candidates (one level short)"),
            self.training_model,
            name="trainingTable",
            empty_text=tr("No member is one level short."),
        )
        self.candidates = PeopleList(
            tr("Internal candidates"),
            self.candidates_model,
            name="candidatesTable",
            empty_text=tr("Nobody outside the team qualifies: train someone or hire."),
            roomy=DEPARTMENT,
            tight=(DEPARTMENT, CANDIDATE_NAME),
            parent=self,
        )
        self.candidates.table.sortByColumn(RANK, Qt.SortOrder.AscendingOrder)
        self.training.caption.setToolTip(tr("Already on the team: a course or mentoring would close the gap."))
        self.candidates.caption.setToolTip(
            tr(
                "People outside the team at or above the minimum level, ranked by "
                "level, then by free capacity across all their projects."
            )
        )

    def _members_list(self, caption: str, model: QAbstractItemModel, *, name: str, empty_text: str) -> PeopleList:
        """A list of team members, the most allocated first."""
        members = PeopleList(
            caption, model, name=name, empty_text=empty_text, roomy=MEMBER_NAME, tight=MEMBER_LEVEL, parent=self
        )
        members.table.sortByColumn(MEMBER_ALLOCATION, Qt.SortOrder.DescendingOrder)
        return members

    def _build_candidate_actions(self) -> None:
        self.add_candidate_button = QPushButton(tr("Add to project…"), self)
        self.add_candidate_button.setObjectName("addCandidate")
        self.add_candidate_button.setToolTip(tr("Put the selected candidate on this project's team."))
        self.candidates.footer.addStretch(1)
        self.candidates.footer.addWidget(self.add_candidate_button)
        self.add_candidate_action = QAction(tr("Add to project…"), self.candidates.table)
        self.candidates.table.addAction(self.add_candidate_action)
        self.candidates.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _build_content(self) -> QWidget:
        """The sentence over the team's two lists (left) beside the candidates (right)."""
        team_lists = QVBoxLayout()
        team_lists.setSpacing(8)
        team_lists.addWidget(self.covering, 1)
        team_lists.addWidget(self.training, 1)
        lists = QHBoxLayout()
        lists.setSpacing(12)
        team_lists_widget = QWidget(self)
        team_lists_widget.setLayout(team_lists)
        team_lists.setContentsMargins(0, 0, 0, 0)
        team_lists_widget.setMinimumWidth(250)
        lists.addWidget(team_lists_widget, 2)
        lists.addWidget(self.candidates, 3)
        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.detail_title)
        content_layout.addLayout(lists, 1)
        return content

    @staticmethod
    def _select_one_text() -> str:
        return tr(
            "Select a requirement to see who covers it, who is one level short and who "
            "else in the organisation qualifies."
        )

    def show_gap(self, gap: RequirementGap | None, *, level_names: Sequence[str], none_to_select: bool) -> None:
        """Who is there for ``gap``; without one, how to see someone (``none_to_select``: the project has none)."""
        if gap is None:
            for model in (self.covering_model, self.training_model, self.candidates_model):
                model.set_records(())
            if none_to_select:
                self.detail_empty.setText(
                    tr(
                        "Once the project has requirements, the people who cover each one, and "
                        "those who could, show here."
                    )
                )
            else:
                self.detail_empty.setText(self._select_one_text())
            self.detail_stack.setCurrentWidget(self.detail_empty)
            return
        self.covering_model.set_records(gap.covering_members, level_names=level_names)
        self.training_model.set_records(gap.training_candidates, level_names=level_names)
        self.candidates_model.set_records(gap.internal_candidates, level_names=level_names)
        self.detail_title.setText(requirement_sentence(gap, level_names))
        self.detail_stack.setCurrentIndex(0)
        if gap.internal_candidates:
            self.candidates.table.selectRow(0)
