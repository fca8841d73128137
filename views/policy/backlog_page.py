"""A project's policy backlog: the ordered list of policy work, its filters, an item's detail and its feedback.

Top to bottom: a headline and the item actions (new, edit, delete, add
templates, move to a sprint, move up/down); the filters (text, status, owner
department, policy, sprint); the backlog in rank order, whose rows are dragged
to reorder (Ctrl+Up / Ctrl+Down do the same from the keyboard); and beside it
the selected item: its facts, acceptance criteria and stakeholder feedback
(add, change disposition). Open feedback shows on the row as well.

The table is never sorted by another column: the order *is* the priority.
Filtering hides rows but a drop still lands before the row it is dropped on.
Every write is a service call through ``run_edit``; all but deleting and
adding templates are undoable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.queries.backlog import ItemRow
from app.queries.policy import FeedbackRow
from models.enums import Disposition, ItemStatus, SprintState
from views.confirm import confirm
from views.context import AppContext
from views.full_text import show_full_text
from views.labels import tr
from views.policy import models
from views.policy.agile import RELEVANT_ENTITIES, AgileData, load_agile
from views.policy.agile_dialogs import ItemDialog
from views.policy.dialogs import FeedbackDialog
from views.policy.item_drag import DraggableItemsModel, ItemTable, points_text
from views.policy.wording import MISSING, RETIRED, name
from views.project_page import ProjectPage
from views.roles import RecordRole, SortRole
from views.selection import SelectionFollower
from views.tables import COMPACT_ROW_HEIGHT, read_only_table

if TYPE_CHECKING:
    from app.services.unit import Change

# Backlog columns.
POSITION, TITLE, KIND, POINTS, STATUS, SPRINT, OWNER, ASSIGNEE, POLICY, FEEDBACK = range(10)
NOT_IN_A_SPRINT = -1  # the sprint filter's "not in a sprint"


def _item_colour(item: ItemRow) -> Any:
    if item.status == ItemStatus.DONE:
        return RETIRED
    return MISSING if item.open_feedback else None


def _feedback_cell(item: ItemRow) -> str:
    if not item.feedback:
        return ""
    if item.open_feedback:
        return tr("{open} open of {total}").format(open=item.open_feedback, total=item.feedback)
    return tr("{total} resolved").format(total=item.feedback)


class _PositionedModel(DraggableItemsModel):
    """The backlog model with the rank position (1, 2, 3…) in its first column."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == POSITION and role in (Qt.ItemDataRole.DisplayRole, SortRole):
            return index.row() + 1
        if index.isValid() and index.column() == POSITION and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


def backlog_model(parent: Any = None) -> _PositionedModel:
    return _PositionedModel(
        [
            ("#", lambda row: None),  # the position, filled in by ``data``
            (tr("Item"), lambda row: row.title),
            (tr("Kind"), lambda row: name(row.kind)),
            (tr("Points"), lambda row: row.points),
            (tr("Status"), lambda row: name(row.status)),
            (tr("Sprint"), lambda row: row.sprint),
            (tr("Owner"), lambda row: row.owner_department),
            (tr("Assignee"), lambda row: row.assignee),
            (tr("Policy"), lambda row: row.policy),
            (tr("Feedback"), _feedback_cell),
        ],
        colour_of=_item_colour,
        parent=parent,
    )


class ItemFilter(QSortFilterProxyModel):
    """Which backlog rows show: by text, status, owner department, policy and sprint (None: any)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.status: str | None = None
        self.owner: str | None = None
        self.policy_id: int | None = None
        self.sprint_id: int | None = None  # NOT_IN_A_SPRINT for items in no sprint

    def set(self, **criteria: Any) -> None:
        self.beginFilterChange()
        for key, value in criteria.items():
            setattr(self, key, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        item: ItemRow | None = self.sourceModel().index(source_row, 0, source_parent).data(RecordRole)
        if item is None:
            return False
        if self.status is not None and item.status.value != self.status:
            return False
        if self.owner is not None and item.owner_department != self.owner:
            return False
        if self.policy_id is not None and item.policy_id != self.policy_id:
            return False
        if self.sprint_id == NOT_IN_A_SPRINT and item.sprint_id is not None:
            return False
        if self.sprint_id not in (None, NOT_IN_A_SPRINT) and item.sprint_id != self.sprint_id:
            return False
        text = self.text.casefold()
        return not text or any(
            text in value.casefold()
            for value in (item.title, item.acceptance_criteria, item.assignee, item.owner_department, item.policy)
        )


class BacklogPage(ProjectPage):
    """One project's policy backlog. ``status_message`` carries a line for the window's status bar."""

    _data: AgileData | None  # what the latest load read (ProjectPage keeps it)
    relevant_entities = RELEVANT_ENTITIES
    refusals_in_page = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent, message_name="backlogMessage", loading_text=tr("Loading the backlog…"))
        self.setObjectName("backlogPage")
        self._select_after_load: int | None = None
        # What the detail panel shows, (the item's id, how many are selected): it follows the selection.
        self._shown_selection: tuple[int | None, int] = (None, 0)
        self._templates_after_load = False  # open the template picker once the project has loaded

        self.summary = QLabel("", self)
        self.summary.setObjectName("backlogSummary")
        self.summary.setWordWrap(True)
        self.new_button = QPushButton(tr("New item…"), self)
        self.edit_button = QPushButton(tr("Edit…"), self)
        self.delete_button = QPushButton(tr("Delete"), self)
        self.delete_button.setToolTip(
            tr("Only an item that never moved and has no feedback can be deleted; the rest is history.")
        )
        self.templates_button = QPushButton(tr("Add templates…"), self)
        self.templates_button.setObjectName("addTemplatesButton")
        self.templates_button.setToolTip(
            tr(
                "Starter policy items with their framework references "
                "(NIST AI RMF, MITRE ATLAS), added to the end of the backlog."
            )
        )
        self.sprint_button = QPushButton(tr("Move to sprint"), self)
        self.sprint_button.setObjectName("moveToSprintButton")
        self.sprint_menu = QMenu(self.sprint_button)
        self.sprint_button.setMenu(self.sprint_menu)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        for button in (
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.templates_button,
            self.sprint_button,
        ):
            top.addWidget(button)

        # Filters.
        self.search = QLineEdit(self)
        self.search.setObjectName("backlogSearch")
        self.search.setPlaceholderText(tr("Find an item"))
        self.search.setClearButtonEnabled(True)
        self.status_filter = self._filter_combo("statusFilter", tr("Any status"))
        for status in ItemStatus:
            self.status_filter.addItem(name(status), status.value)
        self.owner_filter = self._filter_combo("ownerFilter", tr("Any owner"))
        self.policy_filter = self._filter_combo("policyFilter", tr("Any policy"))
        self.sprint_filter = self._filter_combo("sprintFilter", tr("Any sprint"))
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for combo in (self.status_filter, self.owner_filter, self.policy_filter, self.sprint_filter):
            filters.addWidget(combo, 1)

        # The backlog.
        self.model = backlog_model(self)
        self.filter = ItemFilter(self)
        self.filter.setSourceModel(self.model)
        self.table = ItemTable(self)
        self.table.setObjectName("backlogTable")
        self._dress_table()
        self.up_button = QPushButton(tr("Move up"), self)
        self.down_button = QPushButton(tr("Move down"), self)
        for button, keys in ((self.up_button, "Ctrl+Up"), (self.down_button, "Ctrl+Down")):
            button.setToolTip(tr("{action} ({keys}); or drag the row").format(action=button.text(), keys=keys))
        self.hint = QLabel(tr("Drag rows to set the order: the top is done first."), self)
        self.hint.setObjectName("backlogHint")
        order_row = QHBoxLayout()
        order_row.addWidget(self.hint, 1)
        order_row.addWidget(self.up_button)
        order_row.addWidget(self.down_button)
        backlog_box = QWidget(self)
        backlog_layout = QVBoxLayout(backlog_box)
        backlog_layout.setContentsMargins(0, 0, 0, 0)
        backlog_layout.addWidget(self.table, 1)
        backlog_layout.addLayout(order_row)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(backlog_box)
        self.splitter.addWidget(self._detail_panel())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([460, 280])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(self._status_row())

        self.search.textChanged.connect(lambda text: self.filter.set(text=text.strip()))
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.filter.set(status=self.status_filter.currentData())
        )
        self.owner_filter.currentIndexChanged.connect(lambda _i: self.filter.set(owner=self.owner_filter.currentData()))
        self.policy_filter.currentIndexChanged.connect(
            lambda _i: self.filter.set(policy_id=self.policy_filter.currentData())
        )
        self.sprint_filter.currentIndexChanged.connect(
            lambda _i: self.filter.set(sprint_id=self.sprint_filter.currentData())
        )
        for signal in (
            self.filter.modelReset,
            self.filter.layoutChanged,
            self.filter.rowsInserted,
            self.filter.rowsRemoved,
        ):
            signal.connect(self._update_counts)
        # Every action acts on the selected rows only (never on a row the current index merely moved to),
        # and is re-read whenever they may have changed: a click, a filter, a reload.
        self.item_selection = SelectionFollower(self.table)
        self.feedback_selection = SelectionFollower(self.feedback)
        self.item_selection.changed.connect(self._item_selection_changed)
        self.feedback_selection.changed.connect(self._update_actions)
        self.table.doubleClicked.connect(lambda _index: self.edit_item())
        self.table.items_dropped.connect(lambda ids, before: self.move_items(ids, before))
        self.new_button.clicked.connect(self.new_item)
        self.edit_button.clicked.connect(self.edit_item)
        self.delete_button.clicked.connect(lambda: self.delete_item())
        self.templates_button.clicked.connect(self.add_templates)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.add_feedback_button.clicked.connect(self.add_feedback)
        self.disposition_button.clicked.connect(
            lambda: self.set_disposition(Disposition(self.disposition_choice.currentData()))
        )
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", +1)):
            action = QAction(self.table)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _checked=False, step=step: self.move_selected(step))
            self.table.addAction(action)
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip
        self._show_nothing()

    def _filter_combo(self, object_name: str, any_text: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(object_name)
        combo.addItem(any_text, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        return combo

    def _dress_table(self) -> None:
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
        for column, width in (
            (POSITION, 34),
            (KIND, 84),
            (POINTS, 52),
            (STATUS, 84),
            (SPRINT, 70),
            (OWNER, 104),
            (ASSIGNEE, 116),
            (POLICY, 150),
            (FEEDBACK, 92),
        ):
            header.resizeSection(column, width)

    def _detail_panel(self) -> QWidget:
        panel = QWidget(self)
        self.detail_title = QLabel("", panel)
        self.detail_title.setObjectName("itemDetailTitle")
        self.detail_title.setWordWrap(True)
        self.detail_facts = QLabel("", panel)
        self.detail_facts.setObjectName("itemDetailFacts")
        self.detail_facts.setWordWrap(True)
        self.detail_facts.setTextFormat(Qt.TextFormat.RichText)
        self.criteria = QTextBrowser(panel)
        self.criteria.setObjectName("itemCriteria")
        self.feedback_caption = QLabel(tr("Stakeholder feedback"), panel)
        self.feedback_caption.setObjectName("listCaption")
        self.feedback_model = models.feedback_model(self)
        self.feedback = read_only_table(
            panel,
            self.feedback_model,
            name="itemFeedbackTable",
            row_height=COMPACT_ROW_HEIGHT,
            stretch_column=models.COMMENT,
        )
        header = self.feedback.horizontalHeader()
        for column, width in (
            (models.FEEDBACK_DEPARTMENT, 96),
            (models.FEEDBACK_PERSON, 110),
            (models.RECEIVED, 86),
            (models.DISPOSITION, 86),
        ):
            header.resizeSection(column, width)
        self.add_feedback_button = QPushButton(tr("Add feedback…"), panel)
        self.disposition_choice = QComboBox(panel)
        self.disposition_choice.setObjectName("itemDispositionChoice")
        for disposition in Disposition:
            self.disposition_choice.addItem(name(disposition), disposition.value)
        self.disposition_button = QPushButton(tr("Set"), panel)
        self.disposition_button.setToolTip(tr("Set the disposition of the selected feedback"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_feedback_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(tr("Disposition:"), panel))
        buttons.addWidget(self.disposition_choice)
        buttons.addWidget(self.disposition_button)
        about = QVBoxLayout()
        about.addWidget(self.detail_title)
        about.addWidget(self.detail_facts)
        about.addWidget(QLabel(tr("Acceptance criteria"), panel))
        about.addWidget(self.criteria, 1)
        said = QVBoxLayout()
        said.addWidget(self.feedback_caption)
        said.addWidget(self.feedback, 1)
        said.addLayout(buttons)
        layout = QHBoxLayout(panel)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(about, 1)
        layout.addLayout(said, 1)
        return panel

    # --- loading ---------------------------------------------------------------------
    def _loader(self, project_id: int) -> Callable[[], AgileData]:
        database = self.context.database
        return lambda: load_agile(database, project_id, charts=False)

    def _show_nothing(self) -> None:
        self.model.set_rows(())
        self.feedback_model.set_rows(())
        self.summary.setText(tr("No project selected."))
        self._show_item(None)
        self._update_actions()

    def _show(self, data: AgileData) -> None:
        ids = self.selected_ids()
        selected = self._select_after_load or (ids[0] if ids else None)
        self._select_after_load = None
        self.model.set_rows(data.items)
        self._refill(
            self.owner_filter,
            [(department, department) for department in sorted({item.owner_department for item in data.items} - {""})],
        )
        self._refill(self.policy_filter, [(policy.title, policy.id) for policy in data.policies])
        self._refill(
            self.sprint_filter,
            [(tr("Not in a sprint"), NOT_IN_A_SPRINT)]
            + [(f"{sprint.name} ({name(sprint.state).lower()})", sprint.id) for sprint in data.sprints],
        )
        self._fill_sprint_menu(data)
        self._update_counts()
        self.select_item(selected)
        self._item_selected()
        if self._templates_after_load:
            self._templates_after_load = False
            self.add_templates()

    def _refill(self, combo: QComboBox, entries: list[tuple[str, Any]]) -> None:
        """Refill a filter's choices, keeping the chosen one when it is still there."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, value in entries:
            combo.addItem(text, value)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if index < 0:  # the chosen value went away: the filter follows the combo
            combo.currentIndexChanged.emit(0)

    def _fill_sprint_menu(self, data: AgileData) -> None:
        self.sprint_menu.clear()
        for sprint in data.open_sprints():
            action = self.sprint_menu.addAction(
                tr("{name} ({state}, {start} – {end})").format(
                    name=sprint.name,
                    state=name(sprint.state).lower(),
                    start=sprint.start_on.isoformat(),
                    end=sprint.end_on.isoformat(),
                )
            )
            action.triggered.connect(lambda _checked=False, sprint_id=sprint.id: self.move_to_sprint(sprint_id))
        if data.open_sprints():
            self.sprint_menu.addSeparator()
        back = self.sprint_menu.addAction(tr("Back to the backlog (no sprint)"))
        back.triggered.connect(lambda _checked=False: self.move_to_sprint(None))

    def _update_counts(self, *_args: Any) -> None:
        data = self._data
        if data is None:
            return
        items = data.items
        unsprinted = [item for item in items if item.sprint_id is None and not item.done]
        open_feedback = sum(item.open_feedback for item in items)
        text = tr("{count} items, {points} · {waiting} waiting in the backlog ({waiting_points})").format(
            count=len(items),
            points=points_text(sum(item.points or 0 for item in items)),
            waiting=len(unsprinted),
            waiting_points=points_text(sum(item.points or 0 for item in unsprinted)),
        )
        if open_feedback:
            text += " · " + tr("{count} open feedback").format(count=open_feedback)
        shown = self.filter.rowCount()
        if shown != len(items):
            text += " · " + tr("{shown} shown").format(shown=shown)
        self.summary.setText(text)

    # --- reading -------------------------------------------------------------------
    def data(self) -> AgileData | None:
        return self._data

    def selected_ids(self) -> list[int]:
        """The selected items' ids, in backlog order."""
        return [item.id for item in self.item_selection.selected_records()]

    def selected_item(self) -> ItemRow | None:
        """The one selected item; None when none or several are selected."""
        item: ItemRow | None = self.item_selection.selected()
        return item

    def selected_feedback(self) -> FeedbackRow | None:
        feedback: FeedbackRow | None = self.feedback_selection.selected()
        return feedback

    def visible_ids(self) -> list[int]:
        return [self.filter.index(row, 0).data(RecordRole).id for row in range(self.filter.rowCount())]

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

    # --- showing -------------------------------------------------------------------
    def _selection_key(self) -> tuple[int | None, int]:
        item = self.selected_item()
        return (item.id if item is not None else None, len(self.selected_ids()))

    def _item_selection_changed(self) -> None:
        if self._selection_key() != self._shown_selection:
            self._item_selected()
        else:
            self._update_actions()

    def _item_selected(self) -> None:
        self._show_item(self.selected_item())
        self._update_actions()

    def _show_item(self, item: ItemRow | None) -> None:
        self._shown_selection = self._selection_key()
        if item is None or self._data is None:
            several = self._shown_selection[1]
            self.detail_title.setText(
                tr("{count} items selected: choose one to see its acceptance criteria and feedback.").format(
                    count=several
                )
                if several > 1
                else tr("Choose an item to see its acceptance criteria and feedback.")
            )
            self.detail_facts.setText("")
            self.criteria.setPlainText("")
            self.feedback_model.set_rows(())
            self.feedback_caption.setText(tr("Stakeholder feedback"))
            return
        self.detail_title.setText(f"<b>{_escape(item.title)}</b>")
        facts = [
            f"{name(item.kind)} · {points_text(item.points)} · {name(item.status)}",
            tr("Sprint: {sprint}").format(sprint=_escape(item.sprint) if item.sprint else tr("none")),
            tr("Owner: {owner} · Assignee: {assignee}").format(
                owner=_escape(item.owner_department) or "—", assignee=_escape(item.assignee) or "—"
            ),
        ]
        if item.policy:
            facts.append(tr("Policy: {policy}").format(policy=_escape(item.policy)))
        self.detail_facts.setText("<br>".join(facts))
        self.criteria.setPlainText(item.acceptance_criteria or tr("No acceptance criteria yet."))
        feedback = self._data.feedback.get(item.id, [])
        self.feedback_model.set_rows(feedback)
        open_count = sum(1 for row in feedback if row.disposition == Disposition.OPEN)
        self.feedback_caption.setText(
            tr("Stakeholder feedback: {total}, {open} open").format(total=len(feedback), open=open_count)
            if feedback
            else tr("Stakeholder feedback: none yet")
        )

    def _update_actions(self) -> None:
        loaded = self._data is not None
        ids = self.selected_ids() if loaded else []
        one = len(ids) == 1
        for widget in (self.new_button, self.templates_button):
            widget.setEnabled(loaded)
        self.edit_button.setEnabled(one)
        self.delete_button.setEnabled(one)
        self.sprint_button.setEnabled(bool(ids))
        self.up_button.setEnabled(bool(ids))
        self.down_button.setEnabled(bool(ids))
        self.add_feedback_button.setEnabled(one)
        has_feedback = self.selected_feedback() is not None and one
        self.disposition_choice.setEnabled(has_feedback)
        self.disposition_button.setEnabled(has_feedback)

    # --- writing -------------------------------------------------------------------
    def new_item(self) -> ItemDialog | None:
        if self._data is None:
            return None
        data = self._data
        dialog = ItemDialog(self, people=data.people, departments=data.departments, policies=data.policies)
        dialog.accepted.connect(lambda: self.create_item(dialog.values()))
        self._open(dialog)
        return dialog

    def create_item(self, values: dict[str, Any]) -> None:
        """Add an item to the end of the backlog; undo deletes it again."""
        from app.services import policy as services

        project_id = self._project_id
        assert project_id is not None
        database = self.context.database
        created: dict[str, int] = {}
        # When the user added it, once: a redo makes the item again as it was, not as of the redo.
        moment = datetime.now(UTC)

        def do() -> Change:
            change = services.create_item(database, project_id, **values, at=moment)
            created["id"] = change.ids[0]
            return change

        def done(change: Change) -> None:
            self._select_after_load = change.ids[0]
            self._say(tr("“{title}” added to the end of the backlog.").format(title=values["title"]))

        self._run(
            tr("Add {title}").format(title=values["title"]),
            do=do,
            undo=lambda: services.delete_item(database, created["id"]),
            on_success=done,
        )

    def edit_item(self) -> ItemDialog | None:
        item = self.selected_item()
        if item is None or self._data is None:
            return None
        data = self._data
        dialog = ItemDialog(self, item=item, people=data.people, departments=data.departments, policies=data.policies)
        dialog.accepted.connect(lambda: self.update_item(item, *dialog.changes()))
        self._open(dialog)
        return dialog

    def update_item(self, item: ItemRow, before: dict[str, Any], after: dict[str, Any]) -> None:
        from app.services import policy as services

        if not after:
            return
        database = self.context.database
        self._select_after_load = item.id
        self._run(
            tr("Edit {title}").format(title=item.title),
            do=lambda: services.update_item(database, item.id, after),
            undo=lambda: services.update_item(database, item.id, before),
        )

    def delete_item(self) -> None:
        """Delete the selected item after asking (only one that never moved and has no feedback; no undo)."""
        from app.services import policy as services

        item = self.selected_item()
        if item is None:
            return
        if not confirm(
            self,
            title=tr("Delete item"),
            text=tr("Delete “{title}” from the backlog?").format(title=item.title),
            detail=tr(
                "Only an item that never moved and has no feedback can be deleted; it is gone for good, with no undo."
            ),
            action=tr("Delete"),
            destructive=True,
        ):
            return
        database = self.context.database
        self._run(
            tr("Delete {title}").format(title=item.title),
            do=lambda: services.delete_item(database, item.id),
            undo=None,
            on_success=lambda _c: self._say(tr("“{title}” deleted.").format(title=item.title)),
        )

    def move_items(self, item_ids: list[int], before_item_id: int | None) -> None:
        """Reorder: the items, in backlog order, go just before ``before_item_id`` (None: the end)."""
        from app.services import policy as services

        if self._data is None or not item_ids:
            return
        order = [item.id for item in self._data.items]
        ids = sorted(item_ids, key=lambda item_id: order.index(item_id) if item_id in order else len(order))
        database = self.context.database
        ranks: dict[str, dict[int, float]] = {}

        def do() -> Change:
            change = services.move_items(database, ids, before_item_id=before_item_id)
            ranks["before"] = change.details.get("ranks_before", {})
            return change

        first = self._data.item(ids[0])
        text = (
            tr("Move {title}").format(title=first.title)
            if len(ids) == 1 and first
            else tr("Move {count} items").format(count=len(ids))
        )
        self._select_after_load = ids[0]
        self._run(text, do=do, undo=lambda: services.restore_ranks(database, ranks["before"]))

    def move_selected(self, step: int) -> None:
        """Move the selected items one visible row up (-1) or down (+1)."""
        ids = self.selected_ids()
        visible = self.visible_ids()
        if not ids or self._data is None:
            return
        if step < 0:
            above = [item_id for item_id in visible[: visible.index(ids[0])] if item_id not in ids]
            if not above:
                return
            self.move_items(ids, above[-1])
        else:
            below = [item_id for item_id in visible[visible.index(ids[-1]) + 1 :] if item_id not in ids]
            if not below:
                return
            # Before the item after the next one; at the end of the visible rows that is the next item's successor.
            order = [item.id for item in self._data.items if item.id not in ids]
            after_next = order.index(below[0]) + 1
            self.move_items(ids, order[after_next] if after_next < len(order) else None)

    def move_to_sprint(self, sprint_id: int | None) -> None:
        """Put the selected items into a planned or active sprint, or back into the backlog (None)."""
        from app.services import policy as services

        ids = self.selected_ids()
        if not ids or self._data is None:
            return
        database = self.context.database
        sprint = self._data.sprint(sprint_id)
        placements = dict.fromkeys(ids, (sprint_id, None))
        before: dict[str, Any] = {}

        def do() -> Change:
            change = services.place_items(database, placements)
            before["placements"] = change.details.get("before", {})
            return change

        where = sprint.name if sprint else tr("the backlog")
        if sprint is not None and sprint.state == SprintState.ACTIVE:
            where += " " + tr("(added mid-sprint: the scope grows from today)")
        self._select_after_load = ids[0]
        self._run(
            tr("Move {count} item(s) to {where}").format(count=len(ids), where=where),
            do=do,
            undo=lambda: services.place_items(database, before["placements"]),
            on_success=lambda change: self._say(
                tr("{count} item(s) moved to {where}.").format(count=len(change.ids), where=where)
            ),
        )

    def add_templates_for(self, project_id: int) -> None:
        """Open the template picker for ``project_id`` as soon as it is shown (at once when it already is)."""
        if self._data is not None and self._project_id == project_id and not self.is_loading():
            self.add_templates()
            return
        self._templates_after_load = True
        self.show_project(project_id)

    def add_templates(self) -> QDialog | None:
        """Choose starter items from the template library; they are added to the end of the backlog at once."""
        from app.services.policy import list_templates
        from views.policy.templates_dialog import TemplatesDialog

        if self._data is None:
            return None
        data = self._data
        present = {item.template_key for item in data.items if item.template_key}
        dialog = TemplatesDialog(
            self,
            templates=list_templates(),
            present_keys=present,
            project_name=data.project_name,
            suggested_categories=data.gap_categories,
        )
        dialog.accepted.connect(lambda: self.add_template_items(dialog.chosen_keys()))
        self._open(dialog)
        return dialog

    def add_template_items(self, keys: list[str]) -> None:
        from app.services import policy as services

        project_id = self._project_id
        if project_id is None or not keys:
            return
        database = self.context.database

        def done(change: Change) -> None:
            if change.ids:
                self._select_after_load = change.ids[0]
            self._say(services.template_summary(change))

        self._run(
            tr("Add {count} template item(s)").format(count=len(keys)),
            do=lambda: services.add_templates_to_backlog(database, project_id, keys),
            undo=None,
            on_success=done,
        )

    def add_feedback(self) -> FeedbackDialog | None:
        item = self.selected_item()
        if item is None or self._data is None:
            return None
        dialog = FeedbackDialog(self, version_title=item.title, people=self._data.people)
        dialog.accepted.connect(lambda: self.record_feedback(item, dialog.values()))
        self._open(dialog)
        return dialog

    def record_feedback(self, item: ItemRow, values: dict[str, Any]) -> None:
        """Record a stakeholder's comment on ``item``; open until disposed of (adding it cannot be undone)."""
        from app.services import policy as services

        database = self.context.database
        self._select_after_load = item.id
        self._run(
            tr("Feedback on {title}").format(title=item.title),
            do=lambda: services.add_feedback(database, item_id=item.id, **values),
            undo=None,
            on_success=lambda _c: self._say(tr("Feedback on “{title}” recorded, open.").format(title=item.title)),
        )

    def set_disposition(self, disposition: Disposition) -> None:
        from app.services import policy as services

        feedback = self.selected_feedback()
        item = self.selected_item()
        if feedback is None or item is None:
            return
        database = self.context.database
        old, old_day = feedback.disposition, feedback.resolved_on
        today = date.today()  # the day it was resolved, also after a redo on a later day
        self._select_after_load = item.id
        self._run(
            tr("Feedback {disposition}").format(disposition=name(disposition).lower()),
            do=lambda: services.set_disposition(database, feedback.id, disposition, resolved_on=today),
            undo=lambda: services.set_disposition(database, feedback.id, old, resolved_on=old_day),
        )


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
