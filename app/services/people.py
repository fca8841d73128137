"""Writing people: create, edit, deactivate, delete (only without history), erase.

A person's history is every row that refers to them through a foreign key of the
schema (read from the tables' metadata, so a new table cannot be forgotten): their
assessments, memberships, approvals of budget plans and policy versions, sign-offs,
feedback, authored versions, backlog assignments and so on. Someone with history is
deactivated (kept) or erased (a privacy request), never deleted; the refusal says
what holds the history.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.fields import snapshot
from app.services.inputs import Fields
from app.services.unit import Unit, missing, unit_of_work

if TYPE_CHECKING:
    from sqlalchemy import Column, Table
    from sqlmodel import Session

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PERSON_GONE = "Person {id} does not exist or has been erased."


def normalise_email(email: str) -> str:
    """An e-mail address as stored (trimmed, lower case), or ``UserError`` when it is not one."""
    cleaned = (email or "").strip().lower()
    if not EMAIL_PATTERN.match(cleaned):
        raise UserError(f"{email!r} is not an e-mail address.")
    return cleaned


def _stripped(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value).strip() or "0")
    except InvalidOperation:
        raise UserError(f"{value!r} is not an amount of money.") from None


# How each field of a person is checked.
_PERSON = Fields(
    {
        "name": _stripped,
        "email": normalise_email,
        "department": _stripped,
        "title": _stripped,
        "capacity_fte": float,
        "cost_rate": _money,
        "active": _stripped,
    },
    unknown="{key!r} is not a field of a person.",
)
PERSON_FIELDS = _PERSON.names


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = _PERSON.clean(values)
    if "name" in cleaned and not cleaned["name"]:
        raise UserError("A person needs a name.")
    return cleaned


def create_person(database: Database, *, name: str, email: str, department: str, **details: Any) -> Change:
    from models.people import Person

    values = _clean({"name": name, "email": email, "department": department, **details})
    with unit_of_work(database) as unit:
        return unit.create(Entity.PERSON, Person(**values), after=values)


def update_person(database: Database, person_id: int, changes: Mapping[str, Any]) -> Change:
    from models.people import Person

    values = _clean(changes)
    with unit_of_work(database) as unit:
        person = unit.get(Person, person_id, what="person", sentence=PERSON_GONE)
        if person.erased_on is not None:
            raise UserError(missing("person", person_id, sentence=PERSON_GONE))
        return unit.update(Entity.PERSON, person_id, person, values)


def deactivate_person(database: Database, person_id: int) -> Change:
    """Keep the person and their history but take them out of staffing."""
    return update_person(database, person_id, {"active": False})


# What a row that refers to a person says about them, by (table, column): the words for one and for
# many, and the column counted distinctly when one person can hold several rows for one thing (a
# sign-off per department of the same version). A reference without words here is still counted
# and named by its table (``_history_words``); tests/app/test_services.py asks for words for each.
HISTORY_WORDS: Mapping[tuple[str, str], tuple[str, str, str | None]] = {
    ("assessment", "person_id"): ("have {n} skill assessment", "have {n} skill assessments", None),
    ("certification", "person_id"): ("hold {n} certification", "hold {n} certifications", None),
    ("membership", "person_id"): ("are a member of {n} project", "are a member of {n} projects", None),
    ("budget_plan", "approved_by_id"): ("approved {n} budget plan", "approved {n} budget plans", None),
    ("budget_line", "labour_person_id"): (
        "are costed on {n} labour budget line",
        "are costed on {n} labour budget lines",
        None,
    ),
    ("policy_version", "author_id"): ("wrote {n} policy version", "wrote {n} policy versions", None),
    ("policy_version", "approved_by_id"): ("approved {n} policy version", "approved {n} policy versions", None),
    ("sign_off", "person_id"): ("signed {n} policy version", "signed {n} policy versions", "version_id"),
    ("feedback", "person_id"): ("gave {n} piece of feedback", "gave {n} pieces of feedback", None),
    ("backlog_item", "assignee_id"): ("are assigned {n} backlog item", "are assigned {n} backlog items", None),
}


def person_references() -> list[tuple[Table, Column[Any]]]:
    """Every (table, column) of the schema whose foreign key points at ``person.id`` and keeps a deletion
    from happening (not ON DELETE CASCADE or SET NULL), read from the tables' metadata: a table added later
    is counted without anyone remembering to list it. Known ones in ``HISTORY_WORDS``' order, then the rest."""
    from models.tables import metadata

    found = [
        (table, foreign_key.parent)
        for table in metadata.sorted_tables
        for foreign_key in table.foreign_keys
        if foreign_key.column.table.name == "person"
        and foreign_key.column.name == "id"
        and (foreign_key.ondelete or "").upper() not in ("CASCADE", "SET NULL")
    ]
    order = list(HISTORY_WORDS)

    def rank(reference: tuple[Table, Column[Any]]) -> tuple[int, str, str]:
        key = (reference[0].name, reference[1].name)
        return (order.index(key) if key in order else len(order), *key)

    return sorted(found, key=rank)


def _history_words(table: str, column: str, count: int) -> str:
    """What ``count`` rows of ``table`` naming the person in ``column`` say about them, after "they"."""
    words = HISTORY_WORDS.get((table, column))
    if words is None:  # a reference nobody has put into words yet: named by its table
        rows = "row" if count == 1 else "rows"
        return f"are named in {count} {table.replace('_', ' ')} {rows} ({column})"
    return (words[0] if count == 1 else words[1]).format(n=count)


def _and(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def person_history(session: Session, person_id: int) -> list[str]:
    """What holds the person's history, in words ("approved 2 budget plans"); empty when nothing does."""
    from sqlalchemy import distinct, func, select

    held = []
    for table, column in person_references():
        words = HISTORY_WORDS.get((table.name, column.name))
        counted = words[2] if words is not None else None
        what = func.count(distinct(table.c[counted])) if counted else func.count()
        count = session.execute(select(what).select_from(table).where(column == person_id)).scalar_one()
        if count:
            held.append(_history_words(table.name, column.name, int(count)))
    return held


def delete_person(database: Database, person_id: int) -> Change:
    """Delete someone entered by mistake. Anyone with history is refused, saying what holds it:
    deactivate or erase them instead. History is every row that refers to the person
    (``person_references``, read from the schema)."""
    from models.people import Person

    with unit_of_work(database) as unit:
        person = unit.get(Person, person_id, what="person", sentence="Person {id} does not exist.")
        held = person_history(unit.session, person_id)
        if held:
            raise UserError(
                f"{person.name} has history (they {_and(held)}); deactivate them instead, "
                "or erase them on a privacy request."
            )
        return unit.delete(Entity.PERSON, person_id, person, before=snapshot(person, PERSON_FIELDS))


def erase_person(database: Database, person_id: int, *, reason: str) -> Change:
    """A privacy request: replace what identifies the person, keep the anonymous history.

    Assessments, memberships and the rest stay (counts and gaps remain true) but
    point at "Erased person N". Earlier audit events of the person lose their
    field values too (they held the name and e-mail); the events themselves stay.
    """
    from sqlmodel import col, update

    from models.audit import AuditEvent
    from models.people import Person

    if not reason.strip():
        raise UserError("Say why the person is erased (for example the privacy request's reference).")
    with unit_of_work(database) as unit:
        person = unit.get(Person, person_id, what="person", sentence="Person {id} does not exist.")
        if person.erased_on is not None:
            raise UserError(f"Person {person_id} has already been erased.")
        person.name = f"Erased person {person_id}"
        person.email = f"erased-{person_id}@invalid.example"
        person.title = ""
        person.active = False
        person.erased_on = date.today()
        # Flushed first: the audit trail's trigger lets the events' values be cleared only of an erased person.
        unit.flush()
        unit.session.exec(
            update(AuditEvent)
            .where(col(AuditEvent.entity) == "person", col(AuditEvent.entity_id) == person_id)
            .values(before=None, after=None)
        )
        _erase_from_budgets(unit, person_id)
        unit.flush()
        return unit.record(Entity.PERSON, person_id, Action.ERASED, reason=reason.strip())


def _erase_from_budgets(unit: Unit, person_id: int) -> None:
    """The person's labour lines, and the budget audit events that hold them, lose the name (role and FTE kept).

    Approved plans too: the erasure is the one sanctioned rewrite of what is otherwise
    frozen, and the audit trail's trigger allows it for an erased person's labour lines only.
    """
    import json

    from sqlmodel import col, select, update

    from app.analysis.budget import erased_description
    from models.audit import AuditEvent
    from models.budget import BudgetLine

    for line in unit.session.exec(select(BudgetLine).where(col(BudgetLine.labour_person_id) == person_id)):
        line.description = erased_description(line.description, person_id)
    unit.flush()
    marker = f'"labour_person_id": {person_id}'
    events = unit.session.exec(
        select(AuditEvent.id, AuditEvent.before, AuditEvent.after).where(
            col(AuditEvent.entity).in_(("budget_line", "budget_plan")),
            col(AuditEvent.before).contains(marker) | col(AuditEvent.after).contains(marker),
        )
    ).all()
    for event_id, before, after in events:
        values = {
            column: json.dumps(_without_name(json.loads(stored), person_id), sort_keys=True)
            for column, stored in (("before", before), ("after", after))
            if stored
        }
        unit.session.exec(update(AuditEvent).where(col(AuditEvent.id) == event_id).values(**values))


def _without_name(value: Any, person_id: int) -> Any:
    """A stored audit value with every labour line of ``person_id`` in it described without the name."""
    from app.analysis.budget import erased_description

    if isinstance(value, dict):
        out = {key: _without_name(inner, person_id) for key, inner in value.items()}
        if value.get("labour_person_id") == person_id and isinstance(value.get("description"), str):
            out["description"] = erased_description(value["description"], person_id)
        return out
    if isinstance(value, list):
        return [_without_name(inner, person_id) for inner in value]
    return value
