"""A project's policy backlog: the ordered list of policy work, its filters, an item's detail and its feedback.

Top to bottom: a headline and the item actions (new, edit, delete, add
templates, move to a sprint); the filters (text, status, owner department,
policy, sprint); the backlog in rank order, whose rows are dragged to reorder
(Ctrl+Up / Ctrl+Down and move up / down do the same from the keyboard); and
below it the selected item: its facts, acceptance criteria and stakeholder
feedback (add, change disposition). Open feedback shows on the row as well.
The sections are widgets of ``views.policy.backlog_sections``, the table's
model and filter are in ``views.policy.backlog_model``.

The table is never sorted by another column: the order *is* the priority.
Filtering hides rows but a drop still lands before the row it is dropped on.
Every write is a service call through ``run_edit``; all but deleting and
adding templates are undoable.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QHBoxLayout, QMenu, QPushButton, QWidget

from app.queries.backlog import ItemRow
from app.queries.policy import FeedbackRow
from models.enums import Disposition, SprintState
from views.context import AppContext
from views.full_text import show_full_text
from views.labels import tr
from views.layouts import side_by_side, split_vertically, top_to_bottom
from views.policy.agile import AgileData
from views.policy.agile_dialogs import ItemDialog
from views.policy.agile_page import AgilePage
from views.policy.backlog_model import FEEDBACK, NOT_IN_A_SPRINT, POSITION, TITLE, ItemFilter, backlog_model
from views.policy.backlog_sections import BacklogList, FilterBar, ItemDetail
from views.policy.dialogs import FeedbackDialog
from views.policy.item_drag import points_text
from views.policy.widgets import named_label
from views.policy.wording import name
from views.roles import RecordRole
from views.selection import SelectionFollower
from views.undo import add_undone_by

if TYPE_CHECKING:
    from app.services.change import Change

# The table's columns and model live in views.policy.backlog_model; their names are the page's too.
__all__ = ["FEEDBACK", "NOT_IN_A_SPRINT", "POSITION", "TITLE", "BacklogPage", "ItemFilter", "backlog_model"]


class BacklogPage(AgilePage):
    """One project's policy backlog. ``status_message`` carries a line for the window's status bar."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent, message_name="backlogMessage", loading_text=tr("Loading the backlog…"))
        self.setObjectName("backlogPage")
        self._select_after_load: int | None = None
        # What the detail panel shows, (the item's id, how many are selected): it follows the selection.
        self._shown_selection: tuple[int | None, int] = (None, 0)
        self._templates_after_load = False  # open the template picker once the project has loaded
        top = self._build_actions()
        self._build_sections()
        self.splitter = split_vertically(self, self.backlog_list, self.detail, shares=(3, 2), heights=[460, 280])
        top_to_bottom(self, top, self.filter_bar, (self.splitter, 1), self._status_row(), margin=12)
        self._connect()
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip
        self._show_nothing()

    # --- building ------------------------------------------------------------------
    def _build_actions(self) -> QHBoxLayout:
        """The headline and the item actions above the filters."""
        self.summary = named_label(self, "backlogSummary")
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
        actions = (self.new_button, self.edit_button, self.delete_button, self.templates_button, self.sprint_button)
        return side_by_side((self.summary, 1), *actions)

    def _build_sections(self) -> None:
        """The table, the filter bar over it and the item's detail, their widgets under the page's old names."""
        self.model = backlog_model(self)
        self.filter = ItemFilter(self)
        self.filter.setSourceModel(self.model)
        # Made in the order the Tab key visits them: the filters, then the table.
        self.filter_bar = FilterBar(self, self.filter)
        self.search = self.filter_bar.search
        self.status_filter, self.owner_filter = self.filter_bar.status_filter, self.filter_bar.owner_filter
        self.policy_filter, self.sprint_filter = self.filter_bar.policy_filter, self.filter_bar.sprint_filter
        self.backlog_list = BacklogList(self, self.model, self.filter, move=self.move_selected)
        self.table = self.backlog_list.table
        self.up_button, self.down_button = self.backlog_list.up_button, self.backlog_list.down_button
        self.hint = self.backlog_list.hint
        self.detail = ItemDetail(self)
        self.detail_title, self.detail_facts, self.criteria = self.detail.title, self.detail.facts, self.detail.criteria
        self.feedback_caption, self.feedback_model = self.detail.feedback_caption, self.detail.feedback_model
        self.feedback = self.detail.feedback
        self.add_feedback_button = self.detail.add_feedback_button
        self.disposition_choice, self.disposition_button = (
            self.detail.disposition_choice,
            self.detail.disposition_button,
        )

    def _connect(self) -> None:
        for signal in (
            self.filter.modelReset,
            self.filter.layoutChanged,
            self.filter.rowsInserted,
            self.filter.rowsRemoved,
        ):
            signal.connect(self._update_counts)
        # Every action acts on the selected rows only (never on a row the current index merely moved to),
        # and is re-read whenever they may have changed: a click, a filter, a reload.
        self.item_selection: SelectionFollower[ItemRow] = SelectionFollower(self.table)
        self.feedback_selection: SelectionFollower[FeedbackRow] = SelectionFollower(self.feedback)
        self.item_selection.changed.connect(self._item_selection_changed)
        self.feedback_selection.changed.connect(self._update_actions)
        self.table.doubleClicked.connect(lambda _index: self.edit_item())
        self.table.items_dropped.connect(lambda ids, before: self.move_items(ids, before))
        self.new_button.clicked.connect(self.new_item)
        self.edit_button.clicked.connect(self.edit_item)
        self.delete_button.clicked.connect(lambda: self.delete_item())
        self.templates_button.clicked.connect(self.add_templates)
        self.add_feedback_button.clicked.connect(self.add_feedback)
        self.disposition_button.clicked.connect(
            lambda: self.set_disposition(Disposition(self.disposition_choice.currentData()))
        )

    # --- loading ---------------------------------------------------------------------
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
        self.filter_bar.refill(data)
        self._fill_sprint_menu(data)
        self._update_counts()
        self.select_item(selected)
        self._item_selected()
        if self._templates_after_load:
            self._templates_after_load = False
            self.add_templates()

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
    def selected_ids(self) -> list[int]:
        """The selected items' ids, in backlog order."""
        return [item.id for item in self.item_selection.selected_records()]

    def selected_item(self) -> ItemRow | None:
        """The one selected item; None when none or several are selected."""
        return self.item_selection.selected()

    def selected_feedback(self) -> FeedbackRow | None:
        return self.feedback_selection.selected()

    def visible_ids(self) -> list[int]:
        return [self.filter.index(row, 0).data(RecordRole).id for row in range(self.filter.rowCount())]

    def select_item(self, item_id: int | None) -> None:
        self.backlog_list.select_item(item_id)

    # --- showing -------------------------------------------------------------------
    def _selection_key(self) -> tuple[int | None, int]:
        item = self.selected_item()
        return (item.id if item is not None else None, len(self.selected_ids()))

    def _item_selection_changed(self) -> None:
        self._follow_selection(self._selection_key(), self._shown_selection, show=self._item_selected)

    def _item_selected(self) -> None:
        self._show_item(self.selected_item())
        self._update_actions()

    def _show_item(self, item: ItemRow | None) -> None:
        self._shown_selection = self._selection_key()
        if item is None or self._data is None:
            self.detail.show_nothing(selected=self._shown_selection[1])
            return
        self.detail.show_item(item, self._data.feedback.get(item.id, []))

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
        # When the user added it, once: a redo makes the item again as it was, not as of the redo.
        moment = datetime.now(UTC)
        do, delete_again = add_undone_by(
            lambda: services.create_item(database, project_id, **values, at=moment),
            lambda item_id: services.delete_item(database, item_id),
        )

        def done(change: Change) -> None:
            self._select_after_load = change.ids[0]
            self._say(tr("“{title}” added to the end of the backlog.").format(title=values["title"]))

        self._run(
            tr("Add {title}").format(title=values["title"]),
            do=do,
            undo=delete_again,
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
        database = self.context.database
        self._confirm_then_run(
            tr("Delete {title}").format(title=item.title),
            title=tr("Delete item"),
            text=tr("Delete “{title}” from the backlog?").format(title=item.title),
            detail=tr(
                "Only an item that never moved and has no feedback can be deleted; it is gone for good, with no undo."
            ),
            action=tr("Delete"),
            destructive=True,
            do=lambda: services.delete_item(database, item.id),
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
