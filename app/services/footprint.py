"""What an edit left behind, so that undoing or redoing it can tell whether the state has moved on.

An undoable edit is a pair of service calls, ``do`` and ``undo``. Running
``undo`` is only truthful while the rows ``do`` wrote are still as ``do`` left
them: once a colleague, a later irreversible step (an approval) or the CLI has
changed them, the reverse would overwrite that work or be refused half-way.

So every step of the undo history runs through :func:`run_step`, in one
transaction with its check: it first compares the rows the previous run left
(its *footprint*: each written row's current values, or ``None`` for a row it
deleted) with what the database holds now, refuses with :class:`StaleStep`
when any differs, then runs the call and returns its ``Change`` with the new
footprint for the step after it. The footprint is collected by the unit of work
from what its session flushed and what it audited (``app.services.unit``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from app.errors import UserError

if TYPE_CHECKING:
    from app.db.database import Database
    from app.services.change import Change
    from app.services.unit import RowKey

# A written row's values as they stood when the step finished; ``None``: the step deleted it.
Footprint = Mapping["RowKey", tuple[Any, ...] | None]

# Appended to by every service and rewritten by an erasure, never reverted by an undo: not part of a step's state.
_NOT_STATE = frozenset({"audit_event"})


class StaleStep(UserError):
    """The rows a step would reverse have changed since it ran; the step can no longer be taken."""


def _tables() -> Mapping[str, Any]:
    from sqlmodel import SQLModel

    import models.tables  # noqa: F401  (every table in the metadata)

    return SQLModel.metadata.tables


def read_footprint(session: Any, keys: Iterable[RowKey]) -> Footprint:
    """The current values of ``keys``' rows (``None`` for a row that is not there), read in ``session``."""
    tables = _tables()
    by_table: dict[str, set[Any]] = {}
    for table_name, key in keys:
        if table_name in tables and table_name not in _NOT_STATE:
            by_table.setdefault(table_name, set()).add(key)
    footprint: dict[RowKey, tuple[Any, ...] | None] = {}
    for table_name, wanted in by_table.items():
        table = tables[table_name]
        (key_column,) = table.primary_key.columns
        position = list(table.columns).index(key_column)
        statement = table.select().where(key_column.in_(sorted(wanted, key=str)))
        found = {row[position]: tuple(row) for row in session.execute(statement)}
        for key in wanted:
            footprint[(table_name, key)] = found.get(key)
    return MappingProxyType(footprint)


def moved_rows(session: Any, expected: Footprint) -> list[RowKey]:
    """The rows of ``expected`` that no longer hold the values recorded there."""
    now = read_footprint(session, expected.keys())
    return sorted((key for key, values in expected.items() if now.get(key) != values), key=str)


def describe_rows(keys: Iterable[RowKey]) -> str:
    """The moved rows in words: "the budget plan", "3 budget lines and the project"."""
    counts: dict[str, int] = {}
    for table_name, _key in keys:
        counts[table_name] = counts.get(table_name, 0) + 1
    parts = []
    for table_name, count in counts.items():
        noun = table_name.replace("_", " ")
        parts.append(f"the {noun}" if count == 1 else f"{count} {_plural(noun)}")
    if len(parts) <= 1:
        return "".join(parts) or "what it changed"
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _plural(noun: str) -> str:
    if noun.endswith("y") and not noun.endswith(("ay", "ey", "oy")):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch")):
        return noun + "es"
    return noun + "s"


def run_step(
    database: Database,
    call: Callable[[], Change],
    *,
    expect: Footprint | None = None,
    refusal: str = "",
) -> tuple[Change, Footprint]:
    """Run ``call`` in one transaction, first checking that ``expect``'s rows are as recorded.

    ``refusal`` begins the sentence of a :class:`StaleStep` ("Cannot undo “Submit Baseline”").
    Returns the call's ``Change`` and the footprint of what it wrote.
    """
    from app.services.unit import unit_of_work

    with unit_of_work(database) as unit:
        if expect:
            moved = moved_rows(unit.session, expect)
            if moved:
                raise StaleStep(f"{refusal or 'Cannot take this step'}: {describe_rows(moved)} changed since.")
        change = call()
        return change, unit.footprint()


def check_footprint(database: Database, expected: Footprint) -> list[RowKey]:
    """The rows of ``expected`` that have moved on (read in a transaction of their own, writing nothing)."""
    from app.services.unit import unit_of_work

    if not expected:
        return []
    with unit_of_work(database) as unit:
        return moved_rows(unit.session, expected)
