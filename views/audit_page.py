"""The audit log: who changed what and when, newest first, filtered by kind, action, user, day and words.

The events come from ``app.queries.audit.list_events`` (the newest ``SHOWN``), read
on the worker while the page is shown and again after every change (every change
adds an event). The filters work on what was read, at once, as the user types.
The trail itself is append-only in the database; this page only reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.queries.audit import AuditRecord
from app.services.change import Entity
from views.context import AppContext
from views.date_field import OptionalDate
from views.filters import refill_choices
from views.labels import tr
from views.org_page import OrgPage
from views.roles import RecordRole
from views.tables import read_only_table, sorted_proxy
from views.tuple_model import TupleTableModel

# How many of the newest events the page reads; the summary says when there are more.
SHOWN = 10_000
EVERYTHING = ""


def entity_words(entity: str) -> str:
    """ "budget_plan" as a person reads it: "Budget plan"."""
    words = entity.replace("_", " ")
    return words[:1].upper() + words[1:]


def what_of(event: AuditRecord) -> str:
    what = entity_words(event.entity)
    return what if event.entity_id is None else f"{what} {event.entity_id}"


COLUMNS: tuple[tuple[str, Callable[[AuditRecord], Any]], ...] = (
    ("When", lambda event: f"{event.at:%Y-%m-%d %H:%M}"),
    ("Who", lambda event: event.actor),
    ("What", what_of),
    ("Action", lambda event: event.action),
    ("Changes", lambda event: event.changes()),
    ("Why", lambda event: event.reason),
)


CHANGES = 4


def load_events(database: Any) -> tuple[AuditRecord, ...]:
    """The newest ``SHOWN + 1`` events (worker thread): one more than shown tells that there are more."""
    from app.queries.audit import list_events

    return tuple(list_events(database.reader(), limit=SHOWN + 1))


def searchable(event: AuditRecord) -> str:
    """Every column of ``event`` as one folded text, for the words filter (made once per load)."""
    return " ".join(str(read(event)) for _title, read in COLUMNS).casefold()


def matching(
    events: Sequence[tuple[AuditRecord, str]],
    *,
    entity: str,
    action: str,
    actor: str,
    since: date | None,
    words: str,
) -> list[AuditRecord]:
    """The events (each with its ``searchable`` text) that pass every filter; an empty filter passes all."""
    folded = words.casefold().split()
    return [
        event
        for event, text in events
        if not (entity and event.entity != entity)
        and not (action and event.action != action)
        and not (actor and event.actor != actor)
        and not (since is not None and event.at.date() < since)
        and all(word in text for word in folded)
    ]


class AuditLogPage(OrgPage):
    """The organisation's audit trail as a table, with its filters above it."""

    # Every change adds an audit event: the page follows them all.
    relevant_entities = frozenset(Entity) - {Entity.DEMO}

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent, title=tr("Audit log"))
        self.setObjectName("auditLogPage")
        self._events: list[tuple[AuditRecord, str]] = []
        self.model = TupleTableModel([(tr(title), read) for title, read in COLUMNS], self)
        self.proxy = sorted_proxy(self.model, self)
        self.table = read_only_table(self, self.proxy, name="auditTable", sortable=False, stretch_column=CHANGES)
        layout = QVBoxLayout(self)
        layout.addLayout(self.heading())
        layout.addWidget(self.summary)
        self.summary.hide()
        layout.addLayout(self._build_filters())
        layout.addWidget(self.table, 1)

    def _build_filters(self) -> QHBoxLayout:
        self.entity_filter = self._choice(tr("All kinds"), "auditEntityFilter")
        self.action_filter = self._choice(tr("All actions"), "auditActionFilter")
        self.actor_filter = self._choice(tr("Everyone"), "auditActorFilter")
        self.since = OptionalDate(self, what=tr("first day"))
        self.since.setObjectName("auditSince")
        self.since.edited.connect(self._apply_filters)
        self.search = QLineEdit(self)
        self.search.setObjectName("auditSearch")
        self.search.setPlaceholderText(tr("Find in the changes, names and reasons…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filters)
        row = QHBoxLayout()
        for text, widget in (
            (tr("Kind"), self.entity_filter),
            (tr("Action"), self.action_filter),
            (tr("Who"), self.actor_filter),
            (tr("From"), self.since),
        ):
            row.addWidget(QLabel(text, self))
            row.addWidget(widget)
        row.addWidget(self.search, 1)
        return row

    def _choice(self, everything: str, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(everything, EVERYTHING)
        combo.currentIndexChanged.connect(self._apply_filters)
        return combo

    # --- loading and showing --------------------------------------------------------
    def _loader(self) -> Callable[[], Any]:
        database = self.context.database
        return lambda: load_events(database)

    def _show(self, data: tuple[AuditRecord, ...]) -> None:
        self._events = [(event, searchable(event)) for event in data[:SHOWN]]
        shown = data[:SHOWN]
        refill_choices(
            self.entity_filter, [(entity_words(value), value) for value in sorted({e.entity for e in shown})]
        )
        refill_choices(self.action_filter, [(value, value) for value in sorted({e.action for e in shown})])
        refill_choices(self.actor_filter, [(value, value) for value in sorted({e.actor for e in shown})])
        self._apply_filters()
        more = len(data) > SHOWN
        self.summary.setText(tr("The newest {count:,} events; `steward audit` lists them all.").format(count=SHOWN))
        self.summary.setVisible(more)

    def _apply_filters(self, *_arguments: object) -> None:
        rows = matching(
            self._events,
            entity=self.entity_filter.currentData() or EVERYTHING,
            action=self.action_filter.currentData() or EVERYTHING,
            actor=self.actor_filter.currentData() or EVERYTHING,
            since=self.since.value(),
            words=self.search.text(),
        )
        self.model.set_rows(rows)
        for column in range(len(COLUMNS)):
            if column != CHANGES:
                self.table.resizeColumnToContents(column)

    def shown_events(self) -> list[AuditRecord]:
        """The events the table shows, top to bottom (for tests)."""
        return [self.model.index(row, 0).data(RecordRole) for row in range(self.model.rowCount())]
