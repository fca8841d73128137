"""The sections of the sprints page, by what the user sees: the headline, the board's columns and the plan.

``SprintHeadline`` is the chosen sprint's name, dates and goal above its
figures and its committed points against capacity; ``SprintBoard`` is a column
of cards per status (drag and drop, Ctrl+Left / Ctrl+Right, Left / Right
between columns, a context menu); ``SprintPlan`` is the backlog beside the
sprint, with the buttons between them. Each builds its widgets and shows what
it is given; what is chosen, loaded and edited stays with the page
(``views.policy.sprints_page``), which each section calls back to move cards.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.queries.backlog import ItemRow, SprintRow
from models.enums import ItemStatus, SprintState
from views.labels import tr
from views.layouts import side_by_side, top_to_bottom
from views.palette import ALERT, OVER
from views.policy.item_drag import CardList, CardModel, points_text
from views.policy.widgets import add_shortcut, named_label
from views.policy.wording import name
from views.roles import RecordRole

# The board's columns, left to right.
BOARD_STATUSES = (ItemStatus.TODO, ItemStatus.IN_PROGRESS, ItemStatus.IN_REVIEW, ItemStatus.DONE)


def span(sprint: SprintRow) -> str:
    """The sprint's dates, the year said once when both are in the same one."""
    start, end = sprint.start_on, sprint.end_on
    if start.year == end.year:
        return f"{start:%-d %b} – {end:%-d %b %Y}"
    return f"{start:%-d %b %Y} – {end:%-d %b %Y}"


def column_status(item: ItemRow) -> ItemStatus:
    """The board column an item's card is in (an item not started is to do)."""
    return ItemStatus.TODO if item.status == ItemStatus.BACKLOG else item.status


def notes(sprint: SprintRow) -> tuple[str, str]:
    """What the board and the plan say under them about a sprint in its state: (board, plan)."""
    if sprint.state == SprintState.CLOSED:
        closed = sprint.closed_at.date().isoformat() if sprint.closed_at else ""
        return (
            tr("Closed on {day}: the sprint's figures are frozen; unfinished items moved on when it closed.").format(
                day=closed
            ),
            tr("A closed sprint takes no more items."),
        )
    if sprint.state == SprintState.PLANNED:
        return (
            tr("The sprint has not started: cards can move already, and its burndown begins when it starts."),
            tr("Drag items from the backlog into the sprint (or double-click them); the order follows the backlog."),
        )
    return (
        tr(
            "Drag a card to another column, or select it and press Ctrl+Left / "
            "Ctrl+Right; Left / Right move between columns."
        ),
        tr(
            "The sprint is under way: an item added now grows its scope from today; "
            "the burndown shows it on the scope line."
        ),
    )


class SprintHeadline(QWidget):
    """The chosen sprint's name, state, dates and goal, and below them its figures beside its capacity bar."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.headline = named_label(self, "sprintHeadline", rich=True)
        self.figures = named_label(self, "sprintFigures")
        # The words beside a thin bar: text drawn across a bar's edge changes colour mid-word.
        self.capacity_label = QLabel("", self)
        self.capacity_label.setObjectName("capacityLabel")
        self.capacity_bar = QProgressBar(self)
        self.capacity_bar.setObjectName("capacityBar")
        self.capacity_bar.setFixedSize(160, 10)
        self.capacity_bar.setTextVisible(False)
        figures_row = side_by_side((self.figures, 1), self.capacity_label, self.capacity_bar)
        top_to_bottom(self, self.headline, figures_row)

    def show_nothing(self, text: str | None) -> None:
        """``text`` in place of a sprint (no project, or one with no sprints; None keeps what it says), no figures."""
        if text is not None:
            self.headline.setText(text)
        self.figures.setText("")
        self.capacity_bar.hide()
        self.capacity_label.hide()

    def show_sprint(
        self, sprint: SprintRow, items: list[ItemRow], *, today: Any, figures: Any, average: float | None
    ) -> None:
        """The sprint of ``items`` on ``today``; ``figures`` are its analysis' (None before any)."""
        when = span(sprint)
        if sprint.state == SprintState.ACTIVE and sprint.start_on <= today <= sprint.end_on:
            when += " " + tr("(day {day} of {days})").format(day=(today - sprint.start_on).days + 1, days=sprint.days)
        goal = escape(sprint.goal) if sprint.goal else tr("<i>no goal written</i>")
        state = name(sprint.state).lower()
        self.headline.setText(f"<b>{escape(sprint.name)}</b> · {state} · {when}<br>{tr('Goal')}: {goal}")
        in_sprint = sum(item.points or 0 for item in items)
        self.figures.setText(" · ".join(self._figure_parts(sprint, items, figures=figures, average=average)))
        committed = (
            figures.committed_points if figures is not None and sprint.state != SprintState.PLANNED else in_sprint
        )
        self._show_capacity(sprint, committed)

    @staticmethod
    def _figure_parts(sprint: SprintRow, items: list[ItemRow], *, figures: Any, average: float | None) -> list[str]:
        in_sprint = sum(item.points or 0 for item in items)
        done = sum(item.points or 0 for item in items if item.done)
        parts: list[str] = []
        if sprint.state == SprintState.PLANNED:
            parts.append(
                tr("{points} planned against a capacity of {capacity}").format(
                    points=points_text(in_sprint), capacity=points_text(sprint.capacity_points)
                )
            )
        elif figures is not None:
            parts.append(
                tr("Committed {committed} · done {done} · added {added} · removed {removed}").format(
                    committed=figures.committed_points,
                    done=figures.completed_points if sprint.state == SprintState.CLOSED else done,
                    added=figures.added_points,
                    removed=figures.removed_points,
                )
            )
            if sprint.state == SprintState.CLOSED:
                parts.append(tr("carried over {points}").format(points=figures.carried_over_points))
        parts.append(
            tr("average velocity {average:.1f}").format(average=average)
            if average is not None
            else tr("no average velocity yet")
        )
        open_feedback = sum(item.open_feedback for item in items)
        parts.append(
            tr("{count} open feedback on its items").format(count=open_feedback)
            if open_feedback
            else tr("no open feedback")
        )
        return parts

    def _show_capacity(self, sprint: SprintRow, committed: int) -> None:
        capacity = sprint.capacity_points
        self.capacity_bar.setVisible(capacity > 0)
        self.capacity_label.setVisible(capacity > 0)
        self.capacity_bar.setRange(0, max(capacity, committed, 1))
        self.capacity_bar.setValue(committed)
        over = committed > capacity > 0
        verb = tr("planned") if sprint.state == SprintState.PLANNED else tr("committed")
        self.capacity_label.setText(
            tr("{committed} of {capacity} points {verb}{over}").format(
                committed=committed, capacity=capacity, verb=verb, over=tr(" — over capacity") if over else ""
            )
        )
        self.capacity_label.setStyleSheet(f"color: {ALERT}; font-weight: 600;" if over else "")
        self.capacity_bar.setStyleSheet(f"QProgressBar::chunk {{ background: {OVER}; }}" if over else "")


class SprintBoard(QWidget):
    """A column of cards per status, left to right, and a note under them.

    The page hears of a move through ``set_status(ids, status)`` (a drop),
    ``step_cards(status, step)`` (Ctrl+Left / Ctrl+Right) and ``card_menu(column, point)``.
    """

    def __init__(
        self,
        parent: QWidget,
        *,
        set_status: Callable[[list[int], ItemStatus], None],
        step_cards: Callable[[ItemStatus, int], None],
        card_menu: Callable[[CardList, QPoint], None],
    ) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.setHorizontalSpacing(8)
        self.column_titles: dict[ItemStatus, QLabel] = {}
        self.columns: dict[ItemStatus, CardList] = {}
        self.column_models: dict[ItemStatus, CardModel] = {}
        for position, status in enumerate(BOARD_STATUSES):
            title = QLabel(name(status), self)
            title.setObjectName("boardColumnTitle")
            column = CardList(self, name=f"boardColumn_{status.value}")
            model = CardModel(column)
            column.setModel(model)
            column.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            column.customContextMenuRequested.connect(lambda point, column=column: card_menu(column, point))
            column.items_dropped.connect(lambda ids, _before, status=status: set_status(ids, status))
            for keys, step in (("Ctrl+Right", +1), ("Ctrl+Left", -1)):
                add_shortcut(column, keys, partial(step_cards, status, step))
            for keys, step in (("Right", +1), ("Left", -1)):
                add_shortcut(column, keys, partial(self.focus_column, position + step))
            column.setAccessibleName(tr("{status} column").format(status=name(status)))
            column.setToolTip(tr("Drag a card to another column, or select it and press Ctrl+Left / Ctrl+Right."))
            grid.addWidget(title, 0, position)
            grid.addWidget(column, 1, position)
            grid.setColumnStretch(position, 1)
            self.column_titles[status] = title
            self.columns[status] = column
            self.column_models[status] = model
        self.note = named_label(self, "boardNote")
        grid.addWidget(self.note, 2, 0, 1, len(BOARD_STATUSES))
        grid.setRowStretch(1, 1)

    def show_cards(self, sprint: SprintRow, items: list[ItemRow]) -> None:
        """The sprint's ``items`` in their columns, movable unless the sprint is closed."""
        movable = sprint.state != SprintState.CLOSED
        for status, model in self.column_models.items():
            cards = [item for item in items if column_status(item) == status]
            model.draggable = movable
            model.set_rows(cards)
            self.columns[status].setAcceptDrops(movable)
            self.columns[status].setDragEnabled(movable)
            self.column_titles[status].setText(
                tr("{status} · {count} · {points}").format(
                    status=name(status), count=len(cards), points=points_text(sum(item.points or 0 for item in cards))
                )
            )

    def focus_column(self, position: int) -> None:
        if 0 <= position < len(BOARD_STATUSES):
            column = self.columns[BOARD_STATUSES[position]]
            column.setFocus()
            if column.model().rowCount() and not column.currentIndex().isValid():
                column.setCurrentIndex(column.model().index(0, 0))


class SprintPlan(QWidget):
    """The backlog (items in no sprint) beside the sprint, with add / back between them and a note below.

    ``place(ids, into_sprint)`` is called to move items into the sprint (True) or back to the backlog;
    ``selection_changed`` whenever either list's selection changes.
    """

    def __init__(
        self,
        parent: QWidget,
        *,
        place: Callable[[list[int], bool], None],
        selection_changed: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.backlog_title = QLabel(tr("Backlog (not in a sprint)"), self)
        self.backlog_title.setObjectName("boardColumnTitle")
        self.backlog = CardList(self, name="planBacklog")
        self.backlog_model = CardModel(self.backlog)
        self.backlog.setModel(self.backlog_model)
        self.sprint_title = QLabel("", self)
        self.sprint_title.setObjectName("boardColumnTitle")
        self.sprint = CardList(self, name="planSprint")
        self.sprint_model = CardModel(self.sprint)
        self.sprint.setModel(self.sprint_model)
        self.add_button = QPushButton(tr("Add to sprint →"), self)
        self.add_button.setObjectName("addToSprintButton")
        self.remove_button = QPushButton(tr("← Back to backlog"), self)
        self.remove_button.setObjectName("backToBacklogButton")
        self.note = named_label(self, "planNote")
        self._lay_out()
        self.sprint.items_dropped.connect(lambda ids, _before: place(ids, True))
        self.backlog.items_dropped.connect(lambda ids, _before: place(ids, False))
        self.add_button.clicked.connect(lambda: place([item.id for item in self.backlog.selected_items()], True))
        self.remove_button.clicked.connect(lambda: place([item.id for item in self.sprint.selected_items()], False))
        for view in (self.backlog, self.sprint):
            view.selectionModel().selectionChanged.connect(lambda *_args: selection_changed())
            view.doubleClicked.connect(
                lambda index, view=view: place([index.data(RecordRole).id], view is not self.sprint)
            )

    def _lay_out(self) -> None:
        middle = QVBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.add_button)
        middle.addWidget(self.remove_button)
        middle.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.backlog_title)
        left.addWidget(self.backlog, 1)
        right = QVBoxLayout()
        right.addWidget(self.sprint_title)
        right.addWidget(self.sprint, 1)
        lists = QHBoxLayout()
        lists.addLayout(left, 1)
        lists.addLayout(middle)
        lists.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(lists, 1)
        layout.addWidget(self.note)

    def show_items(self, sprint: SprintRow, *, backlog: list[ItemRow], items: list[ItemRow]) -> None:
        """The ``backlog`` beside the sprint's ``items``, movable unless the sprint is closed."""
        editable = sprint.state != SprintState.CLOSED
        self.backlog_model.set_rows(backlog)
        self.sprint_model.set_rows(items)
        for view, model in ((self.backlog, self.backlog_model), (self.sprint, self.sprint_model)):
            model.draggable = editable
            view.setAcceptDrops(editable)
            view.setDragEnabled(editable)
        self.sprint_title.setText(tr("In {name}").format(name=sprint.name))
