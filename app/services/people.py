"""Writing people: create, edit, deactivate, delete (only without history), erase."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.services.unit import Change, unit_of_work

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PERSON_FIELDS = ("name", "email", "department", "title", "capacity_fte", "cost_rate", "active")


def normalise_email(email: str) -> str:
    """An e-mail address as stored (trimmed, lower case), or ``UserError`` when it is not one."""
    cleaned = (email or "").strip().lower()
    if not EMAIL_PATTERN.match(cleaned):
        raise UserError(f"{email!r} is not an e-mail address.")
    return cleaned


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        if key not in PERSON_FIELDS:
            raise UserError(f"{key!r} is not a field of a person.")
        if key == "email":
            value = normalise_email(value)
        elif key == "cost_rate":
            try:
                value = Decimal(str(value).strip() or "0")
            except InvalidOperation:
                raise UserError(f"{value!r} is not an amount of money.") from None
        elif key == "capacity_fte":
            value = float(value)
        elif isinstance(value, str):
            value = value.strip()
        cleaned[key] = value
    if "name" in cleaned and not cleaned["name"]:
        raise UserError("A person needs a name.")
    return cleaned


def create_person(database: Database, *, name: str, email: str, department: str, **details: Any) -> Change:
    from models.people import Person

    values = _clean({"name": name, "email": email, "department": department, **details})
    with unit_of_work(database) as unit:
        person = Person(**values)
        unit.session.add(person)
        unit.flush()
        assert person.id is not None  # the flush gave it its id
        unit.audit(entity="person", entity_id=person.id, action="created", after=values)
        return Change(entity="person", action="created", ids=(person.id,))


def update_person(database: Database, person_id: int, changes: Mapping[str, Any]) -> Change:
    from models.people import Person

    values = _clean(changes)
    with unit_of_work(database) as unit:
        person = unit.session.get(Person, person_id)
        if person is None or person.erased_on is not None:
            raise UserError(f"Person {person_id} does not exist or has been erased.")
        before = {key: getattr(person, key) for key in values if getattr(person, key) != values[key]}
        after = {key: values[key] for key in before}
        for key, value in after.items():
            setattr(person, key, value)
        unit.flush()
        if after:
            unit.audit(entity="person", entity_id=person_id, action="updated", before=before, after=after)
        return Change(entity="person", action="updated" if after else "unchanged", ids=(person_id,))


def deactivate_person(database: Database, person_id: int) -> Change:
    """Keep the person and their history but take them out of staffing."""
    return update_person(database, person_id, {"active": False})


def delete_person(database: Database, person_id: int) -> Change:
    """Delete someone entered by mistake. Anyone with history is refused: deactivate or erase them."""
    from sqlmodel import func, select

    from models.budget import BudgetLine
    from models.people import Assessment, Certification, Person
    from models.policy import BacklogItem, Feedback, PolicyVersion, SignOff
    from models.projects import Membership

    with unit_of_work(database) as unit:
        session = unit.session
        person = session.get(Person, person_id)
        if person is None:
            raise UserError(f"Person {person_id} does not exist.")
        uses = (
            (Assessment, Assessment.person_id, "assessments"),
            (Certification, Certification.person_id, "certifications"),
            (Membership, Membership.person_id, "project memberships"),
            (BacklogItem, BacklogItem.assignee_id, "assigned backlog items"),
            (PolicyVersion, PolicyVersion.author_id, "authored policy versions"),
            (SignOff, SignOff.person_id, "sign-offs"),
            (Feedback, Feedback.person_id, "feedback entries"),
            (BudgetLine, BudgetLine.labour_person_id, "labour budget lines"),
        )
        for table, column, what in uses:
            count = session.exec(select(func.count()).select_from(table).where(column == person_id)).one()
            if count:
                raise UserError(
                    f"{person.name} has {count} {what}; deactivate them to keep that history, "
                    "or erase them on a privacy request."
                )
        before = {key: getattr(person, key) for key in PERSON_FIELDS}
        session.delete(person)
        unit.flush()
        unit.audit(entity="person", entity_id=person_id, action="deleted", before=before)
        return Change(entity="person", action="deleted", ids=(person_id,))


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
        person = unit.session.get(Person, person_id)
        if person is None:
            raise UserError(f"Person {person_id} does not exist.")
        if person.erased_on is not None:
            raise UserError(f"Person {person_id} has already been erased.")
        person.name = f"Erased person {person_id}"
        person.email = f"erased-{person_id}@invalid.example"
        person.title = ""
        person.active = False
        person.erased_on = date.today()
        unit.session.exec(
            update(AuditEvent)
            .where(col(AuditEvent.entity) == "person", col(AuditEvent.entity_id) == person_id)
            .values(before=None, after=None)
        )
        unit.flush()
        unit.audit(entity="person", entity_id=person_id, action="erased", reason=reason.strip())
        return Change(entity="person", action="erased", ids=(person_id,))
