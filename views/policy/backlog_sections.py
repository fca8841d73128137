"""The sections of the backlog page, by what the user sees: the filter bar, the ranked table, the item's detail.

``FilterBar`` is the text search and the status, owner, policy and sprint pick
lists, each of which narrows the ``ItemFilter`` at once; ``BacklogList`` is the
table in rank order (rows dragged, or moved with Ctrl+Up / Ctrl+Down) with the
move up / down buttons; ``ItemDetail`` is the selected item's facts, acceptance
criteria and stakeholder feedback. Each builds its widgets and shows what it is
given; what is selected, loaded and edited stays with the page
(``views.policy.backlog_page``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.queries.backlog import ItemRow
from app.queries.policy import FeedbackRow
from models.enums import Disposition, ItemStatus
from views.labels import tr
from views.layouts import side_by_side, top_to_bottom
from views.policy import models
from views.policy.agile import AgileData
from views.policy.backlog_model import (
    ASSIGNEE,
    FEEDBACK,
    KIND,
    NOT_IN_A_SPRINT,
    OWNER,
    POINTS,
    POLICY,
    POSITION,
    SPRINT,
    STATUS,
    TITLE,
    ItemFilter,
)
from views.policy.item_drag import DraggableItemsModel, ItemTable, points_text
from views.policy.widgets import (
    add_shortcut,
    caption,
    feedback_list,
    named_label,
    refill_choices,
    set_widths,
)
from views.policy.wording import name
from views.tables import COMPACT_ROW_HEIGHT


class FilterBar(QWidget):
    """Find an item by its text, and narrow the backlog by status, owner department, policy and sprint."""

    def __init__(self, parent: QWidget, item_filter: ItemFilter) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setObjectName("backlogSearch")
        self.search.setPlaceholderText(tr("Find an item"))
        self.search.setClearButtonEnabled(True)
        self.status_filter = self._combo("statusFilter", tr("Any status"))
        for status in ItemStatus:
            self.status_filter.addItem(name(status), status.value)
        self.owner_filter = self._combo("ownerFilter", tr("Any owner"))
        self.policy_filter = self._combo("policyFilter", tr("Any policy"))
        self.sprint_filter = self._combo("sprintFilter", tr("Any sprint"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 2)
        for combo in (self.status_filter, self.owner_filter, self.policy_filter, self.sprint_filter):
            layout.addWidget(combo, 1)
        self.search.textChanged.connect(lambda text: item_filter.set(text=text.strip()))
        for combo, criterion in (
            (self.status_filter, "status"),
            (self.owner_filter, "owner"),
            (self.policy_filter, "policy_id"),
            (self.sprint_filter, "sprint_id"),
        ):
            combo.currentIndexChanged.connect(
                lambda _index, combo=combo, criterion=criterion: item_filter.set(**{criterion: combo.currentData()})
            )

    def _combo(self, object_name: str, any_text: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(object_name)
        combo.addItem(any_text, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        return combo

    def refill(self, data: AgileData) -> None:
        """Offer the owners, policies and sprints of what was loaded, keeping each chosen one that is still there."""
        owners = sorted({item.owner_department for item in data.items} - {""})
        refill_choices(self.owner_filter, [(department, department) for department in owners])
        refill_choices(self.policy_filter, [(policy.title, policy.id) for policy in data.policies])
        refill_choices(
            self.sprint_filter,
            [(tr("Not in a sprint"), NOT_IN_A_SPRINT)]
            + [(f"{sprint.name} ({name(sprint.state).lower()})", sprint.id) for sprint in data.sprints],
        )


class BacklogList(QWidget):
    """The backlog in rank order (``model`` through ``item_filter``), its rows dragged to reorder, move up / down below.

    ``move`` is called with -1 (up) or +1 (down) by the buttons and by Ctrl+Up / Ctrl+Down in the table.
    """

    def __init__(
        self, parent: QWidget, model: DraggableItemsModel, item_filter: ItemFilter, *, move: Callable[[int], None]
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.filter = item_filter
        self.table = ItemTable(self)
        self.table.setObjectName("backlogTable")
        self._dress_table()
        self.up_button = QPushButton(tr("Move up"), self)
        self.down_button = QPushButton(tr("Move down"), self)
        for button, keys in ((self.up_button, "Ctrl+Up"), (self.down_button, "Ctrl+Down")):
            button.setToolTip(tr("{action} ({keys}); or drag the row").format(action=button.text(), keys=keys))
        self.hint = QLabel(tr("Drag rows to set the order: the top is done first."), self)
        self.hint.setObjectName("backlogHint")
        top_to_bottom(self, (self.table, 1), side_by_side((self.hint, 1), self.up_button, self.down_button))
        self.up_button.clicked.connect(lambda: move(-1))
        self.down_button.clicked.connect(lambda: move(+1))
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", +1)):
            add_shortcut(self.table, keys, partial(move, step))

    def _dress_table(self) -> None:
        # Like views.tables.read_only_table, but several rows are selected at once (and dragged).
        table = self.table
        table.setModel(self.filter)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(COMPACT_ROW_HEIGHT + 4)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        set_widths(
            self.table,
            (
                (POSITION, 34),
                (KIND, 84),
                (POINTS, 52),
                (STATUS, 84),
                (SPRINT, 70),
                (OWNER, 104),
                (ASSIGNEE, 116),
                (POLICY, 150),
                (FEEDBACK, 92),
            ),
        )

    def select_item(self, item_id: int | None) -> None:
        row = self.model.row_of(item_id)
        if row < 0:
            self.table.clearSelection()
            return
        index = self.filter.mapFromSource(self.model.index(row, TITLE))
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.selectRow(index.row())
            self.table.scrollTo(index)


class ItemDetail(QWidget):
    """The selected item: its facts and acceptance criteria, beside its stakeholder feedback."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = named_label(self, "itemDetailTitle")
        self.facts = named_label(self, "itemDetailFacts", rich=True)
        self.criteria = QTextBrowser(self)
        self.criteria.setObjectName("itemCriteria")
        about = QVBoxLayout()
        about.addWidget(self.title)
        about.addWidget(self.facts)
        about.addWidget(QLabel(tr("Acceptance criteria"), self))
        about.addWidget(self.criteria, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(about, 1)
        layout.addLayout(self._feedback_list(), 1)

    def _feedback_list(self) -> QVBoxLayout:
        self.feedback_caption = caption(tr("Stakeholder feedback"), self)
        self.feedback_model = models.feedback_model(self)
        feedback = feedback_list(
            self,
            self.feedback_model,
            name="itemFeedbackTable",
            widths=(96, 110, 86, 86),
            choice_name="itemDispositionChoice",
            set_text=tr("Set"),
            label=tr("Disposition:"),
        )
        self.feedback, self.add_feedback_button = feedback.table, feedback.add_button
        self.disposition_choice, self.disposition_button = feedback.choice, feedback.set_button
        self.disposition_button.setToolTip(tr("Set the disposition of the selected feedback"))
        said = QVBoxLayout()
        said.addWidget(self.feedback_caption)
        said.addWidget(self.feedback, 1)
        said.addLayout(feedback.buttons)
        return said

    def show_nothing(self, *, selected: int) -> None:
        """No one item to show: ``selected`` items are (none, or several)."""
        self.title.setText(
            tr("{count} items selected: choose one to see its acceptance criteria and feedback.").format(count=selected)
            if selected > 1
            else tr("Choose an item to see its acceptance criteria and feedback.")
        )
        self.facts.setText("")
        self.criteria.setPlainText("")
        self.feedback_model.set_rows(())
        self.feedback_caption.setText(tr("Stakeholder feedback"))

    def show_item(self, item: ItemRow, feedback: list[FeedbackRow]) -> None:
        self.title.setText(f"<b>{escape(item.title)}</b>")
        facts = [
            f"{name(item.kind)} · {points_text(item.points)} · {name(item.status)}",
            tr("Sprint: {sprint}").format(sprint=escape(item.sprint) if item.sprint else tr("none")),
            tr("Owner: {owner} · Assignee: {assignee}").format(
                owner=escape(item.owner_department) or "—", assignee=escape(item.assignee) or "—"
            ),
        ]
        if item.policy:
            facts.append(tr("Policy: {policy}").format(policy=escape(item.policy)))
        self.facts.setText("<br>".join(facts))
        self.criteria.setPlainText(item.acceptance_criteria or tr("No acceptance criteria yet."))
        self.feedback_model.set_rows(feedback)
        open_count = sum(1 for row in feedback if row.disposition == Disposition.OPEN)
        self.feedback_caption.setText(
            tr("Stakeholder feedback: {total}, {open} open").format(total=len(feedback), open=open_count)
            if feedback
            else tr("Stakeholder feedback: none yet")
        )
