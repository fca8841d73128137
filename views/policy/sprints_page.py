"""A project's sprints: plan one, run it on a board, close it, read its charts, export its review.

Top: the sprint chooser with the sprint actions (plan a new one, edit a planned
one, start, close, export the review), then the chosen sprint's headline: goal,
dates, committed against capacity beside the team's average velocity, what is
done, added and removed, and the open feedback on its items. Below, three tabs:

- **Board**: a column per status; cards move by drag and drop, by Ctrl+Left /
  Ctrl+Right, or by their context menu. A closed sprint's board is read-only.
- **Plan**: the backlog beside the sprint; drag items in (or use the buttons)
  while the committed points are weighed against capacity and velocity. Adding
  to an active sprint is a scope change, which the burndown shows from that day.
- **Charts**: the sprint's burndown, the project's velocity and cumulative flow.

The headline, the board and the plan are section widgets
(``views.policy.sprint_sections``), the charts ``views.policy.sprint_charts``.

Every move is one service call (``place_items``) through ``run_edit``, undoable;
starting and closing are not (a closed sprint's figures are frozen).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QTabWidget, QWidget

from app.queries.backlog import ItemRow, SprintRow
from app.services.change import Action
from models.enums import ItemStatus, SprintState
from views.context import AppContext
from views.full_text import show_full_text
from views.labels import tr
from views.layouts import side_by_side, top_to_bottom
from views.policy.agile import AgileData
from views.policy.agile_dialogs import CloseSprintDialog, SprintDialog, next_sprint_defaults, usual_days
from views.policy.agile_page import AgilePage
from views.policy.dialogs import SubmitDialog, when_refused, when_saved
from views.policy.item_drag import CardList, points_text
from views.policy.sprint_sections import (
    BOARD_STATUSES,
    SprintBoard,
    SprintHeadline,
    SprintPlan,
    column_status,
    notes,
    span,
)
from views.policy.wording import name

if TYPE_CHECKING:
    from app.services.change import Change

__all__ = ["BOARD_STATUSES", "SprintsPage"]


class SprintsPage(AgilePage):
    """One project's sprints. ``status_message`` carries a line for the window's status bar."""

    reads_charts = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent, message_name="sprintsMessage", loading_text=tr("Loading sprints…"))
        self.setObjectName("sprintsPage")
        self._sprint_id: int | None = None  # the chosen sprint, kept across reloads
        self._shown_sprint_id: int | None = None  # the sprint the tabs show now
        top = self._build_actions()
        self._build_headline()
        self._build_tabs()
        top_to_bottom(self, top, self.sprint_headline, (self.tabs, 1), self._status_row(), margin=12)

        from views.policy.report_export import PolicyReportExporter

        self.exporter = PolicyReportExporter(context, self)
        self.exporter.finished.connect(self._say)
        self.exporter.busy.connect(lambda busy: self.export_button.setEnabled(not busy and self._data is not None))
        self.export_sprint_action.triggered.connect(lambda: self.export(all_sprints=False))
        self.export_all_action.triggered.connect(lambda: self.export(all_sprints=True))
        self.sprint_choice.currentIndexChanged.connect(lambda _index: self._sprint_chosen())
        self.new_button.clicked.connect(self.new_sprint)
        self.edit_button.clicked.connect(self.edit_sprint)
        self.start_button.clicked.connect(lambda: self.start_sprint())
        self.close_button.clicked.connect(self.close_sprint)
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip
        self._show_nothing()

    # --- building ------------------------------------------------------------------
    def _build_actions(self) -> QHBoxLayout:
        """The sprint chooser and the sprint actions."""
        self.sprint_choice = QComboBox(self)
        self.sprint_choice.setObjectName("sprintChoice")
        self.sprint_choice.setMinimumContentsLength(40)
        self.sprint_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.new_button = QPushButton(tr("Plan a sprint…"), self)
        self.edit_button = QPushButton(tr("Edit…"), self)
        self.start_button = QPushButton(tr("Start sprint"), self)
        self.start_button.setObjectName("startSprintButton")
        self.start_button.setToolTip(
            tr("Start the sprint: its items and their points now become its committed scope. Cannot be undone.")
        )
        self.close_button = QPushButton(tr("Close sprint…"), self)
        self.close_button.setObjectName("closeSprintButton")
        self.export_button = QPushButton(tr("Export report"), self)
        self.export_button.setObjectName("exportSprintReport")
        export_menu = QMenu(self.export_button)
        self.export_sprint_action = export_menu.addAction(tr("Sprint review of the chosen sprint…"))
        self.export_all_action = export_menu.addAction(tr("All sprints of the project…"))
        self.export_button.setMenu(export_menu)
        actions = (self.new_button, self.edit_button, self.start_button, self.close_button, self.export_button)
        return side_by_side(QLabel(tr("Sprint"), self), self.sprint_choice, 1, *actions)

    def _build_headline(self) -> None:
        self.sprint_headline = SprintHeadline(self)
        self.headline, self.figures = self.sprint_headline.headline, self.sprint_headline.figures
        self.capacity_label = self.sprint_headline.capacity_label
        self.capacity_bar = self.sprint_headline.capacity_bar

    def _build_tabs(self) -> None:
        """The board, the plan and the charts, their widgets under the names the page always had."""
        from views.policy.sprint_charts import SprintChartsPanel

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sprintTabs")
        self.board = SprintBoard(
            self, set_status=self.set_status, step_cards=self.step_cards, card_menu=self._card_menu
        )
        self.column_titles, self.columns = self.board.column_titles, self.board.columns
        self.column_models, self.board_note = self.board.column_models, self.board.note
        self.plan = SprintPlan(
            self,
            place=lambda ids, into_sprint: self.place(ids, self._sprint_id if into_sprint else None),
            selection_changed=self._update_actions,
        )
        self.plan_backlog_title, self.plan_backlog = self.plan.backlog_title, self.plan.backlog
        self.plan_backlog_model = self.plan.backlog_model
        self.plan_sprint_title, self.plan_sprint = self.plan.sprint_title, self.plan.sprint
        self.plan_sprint_model = self.plan.sprint_model
        self.add_button, self.remove_button = self.plan.add_button, self.plan.remove_button
        self.plan_note = self.plan.note
        self.tabs.addTab(self.board, tr("Board"))
        self.tabs.addTab(self.plan, tr("Plan"))
        self.charts = SprintChartsPanel(self)
        self.tabs.addTab(self.charts, tr("Charts"))

    # --- loading -------------------------------------------------------------------
    def _show_nothing(self) -> None:
        self.sprint_choice.blockSignals(True)
        self.sprint_choice.clear()
        self.sprint_choice.blockSignals(False)
        self.sprint_headline.show_nothing(tr("No project selected."))
        for model in (*self.column_models.values(), self.plan_backlog_model, self.plan_sprint_model):
            model.set_rows(())
        self.charts.set_data(None, None)
        self._update_actions()

    def _show(self, data: AgileData) -> None:
        wanted = self._sprint_id if data.sprint(self._sprint_id) else self._default_sprint(data)
        self.sprint_choice.blockSignals(True)
        self.sprint_choice.clear()
        for sprint in data.sprints:
            self.sprint_choice.addItem(
                tr("{name} — {state}, {span}").format(
                    name=sprint.name, state=name(sprint.state).lower(), span=span(sprint)
                ),
                sprint.id,
            )
        self.sprint_choice.setCurrentIndex(max(self.sprint_choice.findData(wanted), 0))
        self.sprint_choice.blockSignals(False)
        self._sprint_chosen(keep_tab=True)

    @staticmethod
    def _default_sprint(data: AgileData) -> int | None:
        """The active sprint, else the next planned one, else the last closed one."""
        active = data.active_sprint()
        if active is not None:
            return active.id
        planned = [sprint for sprint in data.sprints if sprint.state == SprintState.PLANNED]
        if planned:
            return planned[0].id
        return data.sprints[-1].id if data.sprints else None

    # --- reading -------------------------------------------------------------------
    def sprint(self) -> SprintRow | None:
        return self._data.sprint(self._sprint_id) if self._data is not None else None

    def choose_sprint(self, sprint_id: int) -> None:
        index = self.sprint_choice.findData(sprint_id)
        if index >= 0:
            self.sprint_choice.setCurrentIndex(index)

    def column_items(self, status: ItemStatus) -> list[ItemRow]:
        return list(self.column_models[status].rows())

    # --- showing -------------------------------------------------------------------
    def _sprint_chosen(self, *, keep_tab: bool = False) -> None:
        data = self._data
        previous = self._shown_sprint_id
        self._sprint_id = self._shown_sprint_id = self.sprint_choice.currentData()
        sprint = self.sprint()
        if data is None or sprint is None:
            self._show_empty(data)
            return
        items = data.items_in(sprint.id)
        self.board.show_cards(sprint, items)
        self.plan.show_items(sprint, backlog=[item for item in data.items_in(None) if not item.done], items=items)
        self.sprint_headline.show_sprint(
            sprint,
            items,
            today=data.today,
            figures=self._figures_of(sprint.id),
            average=data.analysis.velocity_average if data.analysis else None,
        )
        board_note, plan_note = notes(sprint)
        self.board_note.setText(board_note)
        self.plan_note.setText(plan_note)
        self.charts.set_data(data.analysis, sprint.id)
        if not keep_tab or previous != sprint.id:
            self.tabs.setCurrentIndex(1 if sprint.state == SprintState.PLANNED else 0)
        self._update_actions()

    def _show_empty(self, data: AgileData | None) -> None:
        for model in (*self.column_models.values(), self.plan_sprint_model):
            model.set_rows(())
        self.plan_backlog_model.set_rows([item for item in data.items_in(None) if not item.done] if data else [])
        self.charts.set_data(data.analysis if data else None, None)
        self.sprint_headline.show_nothing(
            tr("<b>{project}</b> has no sprints yet. Plan one to start working through its policy backlog.").format(
                project=data.project_name
            )
            if data is not None
            else None
        )
        self._update_actions()

    def _figures_of(self, sprint_id: int) -> Any:
        analysis = self._data.analysis if self._data is not None else None
        if analysis is None:
            return None
        return next((figures for figures in analysis.figures if figures.sprint_id == sprint_id), None)

    def _update_actions(self) -> None:
        sprint = self.sprint()
        loaded = self._data is not None
        self.new_button.setEnabled(loaded)
        self.edit_button.setEnabled(sprint is not None and sprint.state == SprintState.PLANNED)
        self.start_button.setEnabled(
            sprint is not None
            and sprint.state == SprintState.PLANNED
            and (self._data is not None and self._data.active_sprint() is None)
        )
        self.close_button.setEnabled(sprint is not None and sprint.state == SprintState.ACTIVE)
        self.export_button.setEnabled(loaded and bool(self._data and self._data.sprints))
        editable = sprint is not None and sprint.state != SprintState.CLOSED
        self.add_button.setEnabled(editable and bool(self.plan_backlog.selectionModel().selectedIndexes()))
        self.remove_button.setEnabled(editable and bool(self.plan_sprint.selectionModel().selectedIndexes()))
        active = self._data.active_sprint() if self._data is not None else None
        if sprint is not None and sprint.state == SprintState.PLANNED and active is not None:
            self.start_button.setToolTip(tr("{name} is still active; close it first.").format(name=active.name))

    def _card_menu(self, column: CardList, point: QPoint) -> None:
        sprint = self.sprint()
        cards = column.selected_items()
        if not cards or sprint is None or sprint.state == SprintState.CLOSED:
            return
        menu = QMenu(column)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # else the column keeps one per right-click
        for status in BOARD_STATUSES:
            action = menu.addAction(tr("Move to {status}").format(status=name(status)))
            action.setEnabled(any(column_status(card) != status for card in cards))
            action.triggered.connect(
                lambda _checked=False, status=status: self.set_status([card.id for card in cards], status)
            )
        menu.addSeparator()
        back = menu.addAction(tr("Back to the backlog"))
        back.triggered.connect(lambda _checked=False: self.place([card.id for card in cards], None))
        menu.popup(column.viewport().mapToGlobal(point))

    # --- writing -------------------------------------------------------------------
    def _placements(self, text: str, placements: dict[int, tuple[int | None, ItemStatus | None]], *, said: str) -> None:
        """Run ``place_items`` with an undo that puts every item back where it was."""
        from app.services import policy as services

        database = self.context.database
        before: dict[str, Any] = {}

        def do() -> Change:
            change = services.place_items(database, placements)
            before["placements"] = change.details.get("before", {})
            return change

        self._run(
            text,
            do=do,
            undo=lambda: services.place_items(database, before["placements"]),
            on_success=lambda change: self._say(said) if change.action is not Action.UNCHANGED else None,
        )

    def set_status(self, item_ids: list[int], status: ItemStatus) -> None:
        """Move cards to ``status`` (their sprint stays); the history records when."""
        sprint = self.sprint()
        if not item_ids or sprint is None or sprint.state == SprintState.CLOSED or self._data is None:
            return
        moving = [
            item_id
            for item_id in item_ids
            if (item := self._data.item(item_id)) is not None and (item.status != status or item.sprint_id != sprint.id)
        ]
        if not moving:
            return
        first = self._data.item(moving[0])
        what = first.title if len(moving) == 1 and first else tr("{count} items").format(count=len(moving))
        self._placements(
            tr("Move {what} to {status}").format(what=what, status=name(status)),
            dict.fromkeys(moving, (sprint.id, status)),
            said=tr("{what} moved to {status}.").format(what=what, status=name(status)),
        )

    def step_cards(self, status: ItemStatus, step: int) -> None:
        """The keyboard's move: the selected cards of a column go one column right (+1) or left (-1)."""
        position = BOARD_STATUSES.index(status) + step
        if not 0 <= position < len(BOARD_STATUSES):
            return
        cards = self.columns[status].selected_items()
        if cards:
            self.set_status([card.id for card in cards], BOARD_STATUSES[position])

    def place(self, item_ids: list[int], sprint_id: int | None) -> None:
        """Put items into the chosen sprint or back into the backlog (None)."""
        sprint = self._data.sprint(sprint_id) if self._data is not None else None
        if not item_ids or self._data is None or (sprint_id is not None and sprint is None):
            return
        where = sprint.name if sprint is not None else tr("the backlog")
        count = len(item_ids)
        self._placements(
            tr("Move {count} item(s) to {where}").format(count=count, where=where),
            dict.fromkeys(item_ids, (sprint_id, None)),
            said=tr("{count} item(s) moved to {where}.").format(count=count, where=where),
        )

    def new_sprint(self) -> SprintDialog | None:
        """Ask for a new sprint's plan; the dialog stays open until it is written (or says why not)."""
        if self._data is None:
            return None
        average = self._data.analysis.velocity_average if self._data.analysis else None
        dialog = SprintDialog(
            self,
            defaults=next_sprint_defaults(self._data.sprints, today=self._data.today, average=average),
            average=average,
            taken_names=[sprint.name for sprint in self._data.sprints],
            usual_days=usual_days(self._data.sprints),
        )
        dialog.submitted.connect(lambda values: self.add_sprint(values, dialog=dialog))
        self._open(dialog)
        return dialog

    def add_sprint(self, values: dict[str, Any], *, dialog: SubmitDialog | None = None) -> None:
        """A planned sprint; undo is not offered (a sprint is deleted by nothing), but it can be edited."""
        from app.services import policy as services

        project_id = self._project_id
        assert project_id is not None
        database = self.context.database

        def done(change: Change) -> None:
            self._sprint_id = change.ids[0]
            self._say(tr("{name} planned: drag items into it on the Plan tab.").format(name=values["name"]))

        self._run(
            tr("Plan {name}").format(name=values["name"]),
            do=lambda: services.plan_sprint(database, project_id, **values),
            undo=None,
            on_success=when_saved(dialog, done) if dialog is not None else done,
            on_refused=when_refused(dialog, self._say) if dialog is not None else None,
        )

    def edit_sprint(self) -> SprintDialog | None:
        sprint = self.sprint()
        if sprint is None or sprint.state != SprintState.PLANNED or self._data is None:
            return None
        average = self._data.analysis.velocity_average if self._data.analysis else None
        dialog = SprintDialog(
            self,
            sprint=sprint,
            average=average,
            taken_names=[other.name for other in self._data.sprints],
            usual_days=usual_days(self._data.sprints, leaving_out=sprint.id),
        )
        dialog.submitted.connect(lambda _values: self.update_sprint(sprint, *dialog.changes(), dialog=dialog))
        self._open(dialog)
        return dialog

    def update_sprint(
        self, sprint: SprintRow, before: dict[str, Any], after: dict[str, Any], *, dialog: SubmitDialog | None = None
    ) -> None:
        from app.services import policy as services

        if not after:
            if dialog is not None:
                dialog.saved()  # nothing changed: nothing to write
            return
        database = self.context.database
        self._run(
            tr("Edit {name}").format(name=sprint.name),
            do=lambda: services.update_sprint(database, sprint.id, after),
            undo=lambda: services.update_sprint(database, sprint.id, before),
            on_success=when_saved(dialog) if dialog is not None else None,
            on_refused=when_refused(dialog, self._say) if dialog is not None else None,
        )

    def start_question(self, sprint: SprintRow, *, today: date) -> tuple[str, str, str]:
        """What starting ``sprint`` asks: (question, what it records, the button's words).

        It says how many points are committed, and by how much they exceed the
        capacity; before the sprint's start date it says that the start moves to today.
        """
        assert self._data is not None
        items = self._data.items_in(sprint.id)
        points = sum(item.points or 0 for item in items)
        early = today < sprint.start_on
        text = tr("Start {name} with {count} item(s), {points} committed?").format(
            name=sprint.name, count=len(items), points=points_text(points)
        )
        capacity = sprint.capacity_points
        if capacity > 0 and points > capacity:
            text += " " + tr("{points} exceed its capacity of {capacity} by {over}.").format(
                points=points_text(points), capacity=capacity, over=points - capacity
            )
        if early:
            days = (sprint.start_on - today).days
            text += " " + tr(
                "It is planned to start on {start}, in {days} day(s): starting now moves its start to today, {today}."
            ).format(start=sprint.start_on.isoformat(), days=days, today=today.isoformat())
        detail = (
            tr("The committed scope is recorded now and the burndown starts from it today; it cannot be un-started.")
            if early
            else tr("The committed scope is recorded now and the burndown starts from it; it cannot be un-started.")
        )
        unestimated = sum(1 for item in items if item.points is None)
        if unestimated:
            detail += " " + tr("{count} item(s) have no points yet and count as 0.").format(count=unestimated)
        return text, detail, tr("Start today") if early else tr("Start sprint")

    def start_sprint(self) -> None:
        """Start the chosen planned sprint after asking; what it holds now becomes its committed scope (no undo).

        Before its start date, the question says so and starting moves the start
        date to today (in the same transaction); Cancel leaves the sprint as planned.
        """
        from app.services import policy as services

        sprint = self.sprint()
        if sprint is None or self._data is None or sprint.state != SprintState.PLANNED:
            return
        today = date.today()
        text, detail, action = self.start_question(sprint, today=today)
        early = today < sprint.start_on
        database = self.context.database

        def started(change: Change) -> None:
            said = tr("{name} started with {points} committed.").format(
                name=sprint.name, points=points_text(change.details.get("committed_points", 0))
            )
            if "start_on" in change.details:
                said += " " + tr("Its start moved to {day}.").format(day=change.details["start_on"].isoformat())
            self._say(said)

        self._confirm_then_run(
            tr("Start {name}").format(name=sprint.name),
            title=tr("Start {name}").format(name=sprint.name),
            text=text,
            detail=detail,
            action=action,
            do=lambda: services.start_sprint(database, sprint.id, move_start_to_today=early),
            on_success=started,
        )

    def close_sprint(self) -> CloseSprintDialog | None:
        sprint = self.sprint()
        if sprint is None or sprint.state != SprintState.ACTIVE or self._data is None:
            return None
        unfinished = [item for item in self._data.items_in(sprint.id) if not item.done]
        planned = [other for other in self._data.sprints if other.state == SprintState.PLANNED]
        dialog = CloseSprintDialog(self, sprint=sprint, unfinished=unfinished, planned=planned)
        dialog.accepted.connect(lambda: self.finish_sprint(sprint, dialog.target()))
        self._open(dialog)
        return dialog

    def finish_sprint(self, sprint: SprintRow, target: str | int) -> None:
        from app.services import policy as services

        database = self.context.database
        destination = self._data.sprint(target) if self._data is not None and isinstance(target, int) else None
        where = destination.name if destination is not None else tr("the backlog")

        def done(change: Change) -> None:
            moved = len(change.details.get("moved_items", ()))
            self._say(
                tr("{name} closed; {moved} unfinished item(s) moved to {where}.").format(
                    name=sprint.name, moved=moved, where=where
                )
            )

        self._run(
            tr("Close {name}").format(name=sprint.name),
            do=lambda: services.close_sprint(database, sprint.id, unfinished_to=target),
            undo=None,
            on_success=done,
        )

    def export(self, *, all_sprints: bool) -> None:
        sprint = self.sprint()
        if self._data is None or (sprint is None and not all_sprints):
            return
        self.exporter.ask_and_export(self._data.project_name, None if all_sprints or sprint is None else sprint.name)
