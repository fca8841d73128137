"""The state machine's base: a database on a temporary file, its model, the bundles of ids, the one way
every service is called, the undo history, and the invariants checked after every step.

Every service call goes through :func:`app.services.footprint.run_step`, as the app's
undo history runs edits, so each success leaves its footprint; an undo is the
reverse service call the views build, run through ``run_step`` with that footprint
expected (``views/undo.py`` minus Qt). The model says beforehand whether a call must
succeed, be refused with a ``UserError`` (and change nothing), or, for an undo, be
refused as stale because the rows it would reverse have moved since (judged on the
model's rows, not by asking Steward).
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import note
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, multiple

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.footprint import Footprint, StaleStep, run_step
from app.services.setup import initialise
from tests.app.stateful.database_view import (
    audit_events_after,
    commitments,
    connect,
    health,
    history_counts,
    latest_history,
    read_table,
)
from tests.app.stateful.model import TABLES, Model

Event = tuple[str, str, int | None]


@dataclass(frozen=True)
class SkillRow:
    id: int
    name: str
    area: str


@cache
def template() -> tuple[Path, tuple[SkillRow, ...]]:
    """A new, initialised database made once per test run (copied for each example: migrations are slow),
    and its seeded skills in the order the matrix export lists them."""
    folder = Path(tempfile.mkdtemp(prefix="steward-stateful-template-"))
    atexit.register(shutil.rmtree, folder, True)
    database = Database(folder / "template.db")
    initialise(database)
    database.dispose()
    with connect(folder / "template.db") as connection:
        skills = tuple(
            SkillRow(*row)
            for row in connection.execute(
                "SELECT s.id, s.name, a.name FROM skill AS s JOIN skill_area AS a ON a.id = s.area_id"
                " ORDER BY a.position, a.id, s.name, s.id"
            )
        )
    return folder / "template.db", skills


def copy_database(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()


@dataclass
class UndoStep:
    """An edit's reverse as the views build it: the reverse call (through the machine's operations), the
    footprint its ``do`` left, and the model's rows it wrote, as they were then."""

    text: str
    undo: Callable[[], Any]
    done: Footprint
    owned: dict[tuple[str, int], dict[str, Any] | None] = field(default_factory=dict)

    def is_stale(self, model: Model) -> bool:
        return any(model.row(table, key) != before for (table, key), before in self.owned.items())


class StewardBase(RuleBasedStateMachine):
    """The database, the model, and the checks; the rules live in the area mixins."""

    people = Bundle("people")
    projects = Bundle("projects")
    memberships = Bundle("memberships")
    assessments = Bundle("assessments")
    policies = Bundle("policies")
    versions = Bundle("versions")
    items = Bundle("items")
    sprints = Bundle("sprints")
    plans = Bundle("plans")
    lines = Bundle("lines")

    def __init__(self) -> None:
        super().__init__()
        source, self.skills = template()
        self.folder = Path(tempfile.mkdtemp(prefix="steward-stateful-"))
        self.path = self.folder / "steward.db"
        copy_database(source, self.path)
        self.db = Database(self.path)
        initialise(self.db)
        self.model = Model()
        self.pending: list[Event] = []  # the audit events the steps since the last check must have written
        with connect(self.path) as connection:
            self.last_event = connection.execute("SELECT coalesce(max(id), 0) FROM audit_event").fetchone()[0]
        self.undo_stack: list[UndoStep] = []
        self.undoing: UndoStep | None = None
        self.footprint: Footprint = {}
        self.backups: dict[Path, tuple[Model, int]] = {}  # each backup's path: the model and last audit event it holds

    def teardown(self) -> None:
        self.db.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- calling services

    def call(self, service: Callable[[], Change], *, refused: str | None = None) -> Change | None:
        """Run ``service`` as a step of the undo history; None when it was refused, as the model said it must be.

        ``refused`` is the model's reason for a ``UserError`` (None: the call must succeed). During an
        undo the step's footprint is expected, and a step whose rows the model shows moved must be
        refused as stale, whatever else holds.
        """
        step = self.undoing
        expect = step.done if step is not None else None
        if step is not None and step.is_stale(self.model):
            note(f"  undo of {step.text!r} must be refused as stale")
            with pytest.raises(StaleStep):
                run_step(self.db, service, expect=expect, refusal=f"Cannot undo {step.text}")
            return None
        if refused is not None:
            note(f"  must be refused: {refused}")
            with pytest.raises(UserError) as caught:
                run_step(self.db, service, expect=expect)
            assert not isinstance(caught.value, StaleStep), f"refused as stale, not for {refused}: {caught.value}"
            return None
        change, self.footprint = run_step(self.db, service, expect=expect)
        return change

    def expect(self, entity: Entity, action: Action, entity_id: int | None) -> None:
        self.pending.append((entity.value, action.value, entity_id))

    def push(self, text: str, undo: Callable[[], Any], owned: Iterable[tuple[str, int]]) -> None:
        """Make the edit just run a step of the undo history (not while undoing: there is no redo here)."""
        if self.undoing is not None:
            return
        rows = {(table, key): self.model.row(table, key) for table, key in owned}
        self.undo_stack.append(UndoStep(text, undo, self.footprint, rows))

    # --- the three shapes of an edit a rule checks against the model

    def create(
        self,
        service: Callable[[], Change],
        *,
        refused: str | None,
        entity: Entity,
        row: dict[str, Any],
        undo: tuple[str, Callable[[int], Any]] | None = None,
    ) -> Any:
        """Run a create: the new ``row`` joins the model (each entity's table is named as the entity), its
        "created" event is expected and, with ``undo`` (the step's text and the reverse call given the new
        id), the edit becomes a step of the history. What the rule gives its bundle: the new id, or no id
        (``multiple()``) when it was refused."""
        change = self.call(service, refused=refused)
        if change is None:
            return multiple()
        new_id: int = change.ids[0]
        self.model[entity.value][new_id] = row
        self.expect(entity, Action.CREATED, new_id)
        if undo is not None:
            text, reverse = undo
            self.push(text, lambda: reverse(new_id), [(entity.value, new_id)])
        return new_id

    def update(
        self,
        service: Callable[[], Change],
        *,
        refused: str | None,
        entity: Entity,
        entity_id: int,
        values: dict[str, Any],
        undo: tuple[str, Callable[[dict[str, Any]], Any]],
        action: Action = Action.UPDATED,
    ) -> dict[str, Any] | None:
        """Run an edit of one row to ``values`` (as the service stores them). When one differs the row takes
        them, the event is expected and the edit becomes a step whose reverse is ``undo``'s call given the
        old values; when none does the service must have answered UNCHANGED. The old values that changed,
        or None when nothing changed or it was refused."""
        row = self.model[entity.value].get(entity_id)
        change = self.call(service, refused=refused)
        if change is None or row is None:
            return None
        before = {key: row[key] for key, value in values.items() if row[key] != value}
        if not before:
            assert change.action == Action.UNCHANGED
            return None
        row.update(values)
        self.expect(entity, action, entity_id)
        text, reverse = undo
        self.push(text, lambda: reverse(before), [(entity.value, entity_id)])
        return before

    def delete(
        self,
        service: Callable[[], Change],
        *,
        refused: str | None,
        entity: Entity,
        entity_id: int,
        action: Action = Action.DELETED,
    ) -> bool:
        """Run a delete: the row leaves the model and its event is expected; False when it was refused."""
        if self.call(service, refused=refused) is None:
            return False
        del self.model[entity.value][entity_id]
        self.expect(entity, action, entity_id)
        return True

    # --- the invariants

    @invariant()
    def database_is_the_model(self) -> None:
        with connect(self.path) as connection:
            for table in TABLES:
                found = read_table(connection, table)
                expected = self.model[table]
                assert found == expected, _difference(table, found, expected)
            assert history_counts(connection) == self.model.history
            latest = latest_history(connection)
            for item_id, item in self.model["backlog_item"].items():
                assert latest[item_id] == (item["status"], item["sprint_id"], item["points"]), item_id
            assert commitments(connection) == self.model.commitments
            integrity, broken_keys = health(connection)
            assert integrity == ["ok"]
            assert broken_keys == []
            events = audit_events_after(connection, self.last_event)
        written = [(entity, action, entity_id) for _, entity, action, entity_id in events]
        assert written == self.pending, f"audit events written {written}, expected {self.pending}"
        if events:
            self.last_event = events[-1][0]
        self.pending = []

    @invariant()
    def budget_totals_add_up(self) -> None:
        from app.analysis.budget import list_plans, load_plan, rollup

        reader = self.db.reader()
        for project_id in {plan["project_id"] for plan in self.model["budget_plan"].values()}:
            for summary in list_plans(reader, project_id):
                assert (summary.planned, summary.actual) == self.model.plan_totals(summary.plan_id)
        for plan_id in self.model["budget_plan"]:
            planned, actual = self.model.plan_totals(plan_id)
            rolled = rollup(load_plan(reader, plan_id), today=date.today(), tolerance_percent=Decimal(10))
            assert (rolled.totals.planned, rolled.totals.actual) == (planned, actual)
            for rows in (rolled.by_category, rolled.by_stage, rolled.by_period):
                assert sum((row.planned for row in rows), Decimal(0)) == planned
                assert sum((row.actual for row in rows), Decimal(0)) == actual


def _difference(table: str, found: dict[int, Any], expected: dict[int, Any]) -> str:
    lines = [f"{table} differs from the model:"]
    for key in sorted(set(found) | set(expected)):
        if found.get(key) != expected.get(key):
            lines.append(f"  {key}: database {found.get(key)} / model {expected.get(key)}")
    return "\n".join(lines)


def refusal(*reasons: tuple[bool, str]) -> str | None:
    """The first reason that holds, or None: ``refusal((x < 0, "negative"), (taken, "duplicate"))``."""
    return next((why for holds, why in reasons if holds), None)


def raises_user_error(call: Callable[[], Any]) -> UserError:
    with pytest.raises(UserError) as caught:
        call()
    return caught.value
