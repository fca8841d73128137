"""Writing the policy owner's data: policies and versions, the backlog, sprints, feedback, templates.

Every function is one transaction with its audit event and returns a ``Change``;
a refused call raises ``UserError`` and writes nothing.

Two rules hold the charts together. First, ``ItemHistory`` is the record: every
change of an item's status, sprint or points adds one row stamped with the time
of the change (creation writes the first), so a closed sprint's figures can be
recomputed from history up to its ``closed_at`` no matter what happens to the
items later. Second, a version's sign-offs belong to that version: publishing a
newer version makes it the policy's *current* version, which starts with none,
while the older one keeps its own (see :func:`current_version_id`).

Backlog order is a fractional ``rank`` per project: moving an item gives it the
midpoint of its new neighbours, so no other item's rank changes; only when two
neighbours are too close to split are the project's ranks renumbered 1, 2, 3…
in their current order.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple, TypeVar

from app.analysis.sprints import MAX_SPRINT_DAYS
from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.unit import Unit, unit_of_work
from models.enums import (
    Disposition,
    ItemKind,
    ItemStatus,
    PolicyCategory,
    PolicyStatus,
    SprintState,
    StakeholderDepartment,
)

TEMPLATES_RESOURCE = "policy_templates.json"
# Below this gap between two neighbours a midpoint is no longer a distinct float worth trusting.
MIN_RANK_GAP = 1e-6

# The stakeholder departments by name, as people's departments are written ("CISO office" is CISO's).
STAKEHOLDER_NAMES: dict[StakeholderDepartment, str] = {
    StakeholderDepartment.FINANCE: "Finance",
    StakeholderDepartment.LEGAL: "Legal",
    StakeholderDepartment.HR: "HR",
    StakeholderDepartment.END_USERS: "End users",
    StakeholderDepartment.CISO: "CISO",
}

EnumT = TypeVar("EnumT", bound=StrEnum)


# --- checking input ---------------------------------------------------------------------------


def _enum(kind: type[EnumT], value: Any, *, what: str) -> EnumT:
    try:
        return kind(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise UserError(f"{value!r} is not a valid {what}; use {choices}.") from None


def _date(value: date | str | None, *, what: str) -> date | None:
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(f"{value!r} is not a valid {what}; write a date such as 2026-03-31.") from None


def _moment(at: datetime | None) -> datetime:
    """The time a change is recorded for: now, or ``at`` when it is timezone-aware (kept in UTC)."""
    if at is None:
        return datetime.now(UTC)
    if at.tzinfo is None or at.utcoffset() is None:
        raise UserError(f"The time {at.isoformat()} has no time zone; give it in UTC.")
    return at.astimezone(UTC)


def _text(value: Any, *, what: str, required: bool = False) -> str:
    cleaned = str(value or "").strip()
    if required and not cleaned:
        raise UserError(f"A {what} is needed.")
    return cleaned


def _points(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise UserError(f"{value!r} is not a number of story points; use a positive whole number.")
    try:
        points = int(value)
    except ValueError:
        raise UserError(f"{value!r} is not a number of story points; use a positive whole number.") from None
    if points <= 0:
        raise UserError(f"{points} story points is not allowed; use a positive whole number or leave it empty.")
    return points


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the last day of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- looking rows up --------------------------------------------------------------------------


def _project(unit: Unit, project_id: int) -> Any:
    from models.projects import Project

    return unit.get(Project, project_id, what="project")


def _person(unit: Unit, person_id: int | None) -> int | None:
    from models.people import Person

    if person_id is None:
        return None
    person = unit.get(Person, person_id, what="person")
    if person.erased_on is not None:
        raise UserError(f"Person {person_id} has been erased and cannot be named here.")
    return person_id


def _policy(unit: Unit, policy_id: int, *, editable: bool = False) -> Any:
    from models.policy import Policy

    policy = unit.get(Policy, policy_id, what="policy")
    if editable and policy.status == PolicyStatus.RETIRED:
        raise UserError(f"The policy {policy.title!r} is retired, so it cannot be changed.")
    return policy


def _version(unit: Unit, version_id: int) -> Any:
    from models.policy import PolicyVersion

    return unit.get(PolicyVersion, version_id, what="policy version")


def _item(unit: Unit, item_id: int) -> Any:
    from models.policy import BacklogItem

    return unit.get(BacklogItem, item_id, what="backlog item")


def _sprint(unit: Unit, sprint_id: int) -> Any:
    from models.policy import Sprint

    return unit.get(Sprint, sprint_id, what="sprint")


def _current_version(unit: Unit, policy_id: int) -> Any:
    """The newest published version of a policy, or None before the first is published."""
    from sqlmodel import col, select

    from models.policy import PolicyVersion

    return unit.session.exec(
        select(PolicyVersion)
        .where(PolicyVersion.policy_id == policy_id, col(PolicyVersion.published_on).is_not(None))
        .order_by(col(PolicyVersion.number).desc())
        .limit(1)
    ).first()


def current_version_id(database: Database, policy_id: int) -> int | None:
    """The id of the policy's current version (newest published), whose sign-offs are the ones that count."""
    version_id: int | None = database.reader().scalar(
        "SELECT id FROM policy_version WHERE policy_id = :policy AND published_on IS NOT NULL "
        "ORDER BY number DESC LIMIT 1",
        {"policy": policy_id},
    )
    return version_id


# --- policies ---------------------------------------------------------------------------------

POLICY_FIELDS = (
    "title",
    "category",
    "owner_department",
    "review_cadence_months",
    "next_review_on",
    "framework_refs",
    "project_id",
)


def _clean_policy(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        if key not in POLICY_FIELDS:
            raise UserError(f"{key!r} is not a field of a policy you can edit.")
        if key == "title":
            value = _text(value, what="policy title", required=True)
        elif key == "category":
            value = _enum(PolicyCategory, value, what="policy category")
        elif key in ("owner_department", "framework_refs"):
            value = _text(value, what=key)
        elif key == "review_cadence_months":
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise UserError(f"{value!r} is not a review cadence; use a whole number of months above 0.")
        elif key == "next_review_on":
            value = _date(value, what="review date")
        cleaned[key] = value
    return cleaned


def create_policy(
    database: Database,
    *,
    title: str,
    category: PolicyCategory | str,
    owner_department: str = "",
    project_id: int | None = None,
    review_cadence_months: int = 12,
    framework_refs: str = "",
    next_review_on: date | str | None = None,
) -> Change:
    """A new draft policy, tied to ``project_id`` or org-wide when it is None."""
    from models.policy import Policy

    values = _clean_policy(
        {
            "title": title,
            "category": category,
            "owner_department": owner_department,
            "project_id": project_id,
            "review_cadence_months": review_cadence_months,
            "framework_refs": framework_refs,
            "next_review_on": next_review_on,
        }
    )
    with unit_of_work(database) as unit:
        if project_id is not None:
            _project(unit, project_id)
        policy = Policy(**values)
        unit.session.add(policy)
        unit.flush()
        assert policy.id is not None  # the flush gave it its id
        unit.audit(
            entity=Entity.POLICY, entity_id=policy.id, action=Action.CREATED, after={**values, "status": policy.status}
        )
        return Change(entity=Entity.POLICY, action=Action.CREATED, ids=(policy.id,), details={"project_id": project_id})


def update_policy(database: Database, policy_id: int, changes: Mapping[str, Any]) -> Change:
    """Change some of a policy's fields (not its status: that follows its versions); only differences are written."""
    values = _clean_policy(changes)
    with unit_of_work(database) as unit:
        policy = _policy(unit, policy_id, editable=True)
        if values.get("project_id") is not None:
            _project(unit, values["project_id"])
        before = {key: getattr(policy, key) for key in values if getattr(policy, key) != values[key]}
        after = {key: values[key] for key in before}
        if not after:
            return Change(entity=Entity.POLICY, action=Action.UNCHANGED, ids=(policy_id,))
        for key, value in after.items():
            setattr(policy, key, value)
        unit.flush()
        unit.audit(entity=Entity.POLICY, entity_id=policy_id, action=Action.UPDATED, before=before, after=after)
        return Change(entity=Entity.POLICY, action=Action.UPDATED, ids=(policy_id,), details=after)


def retire_policy(database: Database, policy_id: int) -> Change:
    """Retire a policy: kept with its versions for the record, no longer reviewed or edited."""
    with unit_of_work(database) as unit:
        policy = _policy(unit, policy_id, editable=True)
        before = {"status": policy.status, "next_review_on": policy.next_review_on}
        policy.status = PolicyStatus.RETIRED
        policy.next_review_on = None
        unit.flush()
        unit.audit(
            entity=Entity.POLICY,
            entity_id=policy_id,
            action=Action.RETIRED,
            before=before,
            after={"status": PolicyStatus.RETIRED, "next_review_on": None},
        )
        return Change(entity=Entity.POLICY, action=Action.RETIRED, ids=(policy_id,))


# --- versions and sign-offs -------------------------------------------------------------------


def same_text(first: str | None, second: str | None) -> bool:
    """Whether two versions' Markdown reads the same: line endings and trailing spaces do not count."""

    def lines(text: str | None) -> list[str]:
        return [line.rstrip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")]

    return lines(first) == lines(second)


def add_version(
    database: Database,
    policy_id: int,
    *,
    text: str,
    change_summary: str = "",
    author_id: int | None = None,
    created_on: date | str | None = None,
) -> Change:
    """The policy's next numbered version (a draft until published), with its Markdown text.

    A version after the first says what changed (``change_summary``) and reads
    differently from the newest one; the same text again is refused, since it
    would only ask the stakeholders to sign what they signed before.
    """
    from sqlmodel import col, select

    from models.policy import PolicyVersion

    created = _date(created_on, what="version date") or date.today()
    summary = _text(change_summary, what="change summary")
    with unit_of_work(database) as unit:
        policy = _policy(unit, policy_id, editable=True)
        _person(unit, author_id)
        newest = unit.session.exec(
            select(PolicyVersion)
            .where(PolicyVersion.policy_id == policy_id)
            .order_by(col(PolicyVersion.number).desc())
            .limit(1)
        ).first()
        if newest is not None and same_text(newest.text, text):
            raise UserError(
                f"The text is the same as version {newest.number} of {policy.title!r}; change it before "
                "adding a new version."
            )
        if newest is not None and not summary:
            raise UserError(
                f"Version {newest.number + 1} of {policy.title!r} needs a change summary: say in a few words "
                f"what changed since version {newest.number}."
            )
        version = PolicyVersion(
            policy_id=policy_id,
            number=(newest.number if newest is not None else 0) + 1,
            text=text or "",
            change_summary=summary,
            author_id=author_id,
            created_on=created,
        )
        unit.session.add(version)
        unit.flush()
        assert version.id is not None  # the flush gave it its id
        unit.audit(
            entity=Entity.POLICY_VERSION,
            entity_id=version.id,
            action=Action.CREATED,
            after={
                "policy_id": policy_id,
                "number": version.number,
                "change_summary": version.change_summary,
                "author_id": author_id,
                "created_on": created,
            },
        )
        return Change(
            entity=Entity.POLICY_VERSION,
            action=Action.CREATED,
            ids=(version.id,),
            details={"policy_id": policy.id, "number": version.number},
        )


def publish_version(database: Database, version_id: int, *, published_on: date | str | None = None) -> Change:
    """Publish a version for review: it becomes the current version, with no sign-offs yet; the policy is in review."""
    published = _date(published_on, what="publication date") or date.today()
    with unit_of_work(database) as unit:
        version = _version(unit, version_id)
        policy = _policy(unit, version.policy_id, editable=True)
        if version.published_on is not None:
            raise UserError(
                f"Version {version.number} of {policy.title!r} was already published on "
                f"{version.published_on.isoformat()}."
            )
        current = _current_version(unit, policy.id)
        if current is not None and current.number > version.number:
            raise UserError(
                f"Version {version.number} of {policy.title!r} is older than the published version "
                f"{current.number}; add a new version instead."
            )
        if current is not None and published < current.published_on:
            raise UserError(
                f"Version {version.number} cannot be published before version {current.number} "
                f"was ({current.published_on.isoformat()})."
            )
        if published < version.created_on:
            raise UserError(
                f"Version {version.number} cannot be published before it was written "
                f"({version.created_on.isoformat()})."
            )
        before_status = policy.status
        version.published_on = published
        policy.status = PolicyStatus.IN_REVIEW
        unit.flush()
        unit.audit(
            entity=Entity.POLICY_VERSION,
            entity_id=version_id,
            action=Action.PUBLISHED,
            before={"published_on": None, "policy_status": before_status},
            after={"published_on": published, "policy_status": PolicyStatus.IN_REVIEW},
        )
        return Change(
            entity=Entity.POLICY_VERSION,
            action=Action.PUBLISHED,
            ids=(version_id,),
            details={"policy_id": policy.id, "number": version.number},
        )


def approve_version(
    database: Database, version_id: int, *, approver_id: int, approved_on: date | str | None = None
) -> Change:
    """Approve the current version: the policy is approved and due for review ``review_cadence_months`` later."""
    approved = _date(approved_on, what="approval date") or date.today()
    with unit_of_work(database) as unit:
        version = _version(unit, version_id)
        policy = _policy(unit, version.policy_id, editable=True)
        _person(unit, approver_id)
        if version.published_on is None:
            raise UserError(f"Version {version.number} of {policy.title!r} is not published yet; publish it first.")
        if version.approved_on is not None:
            raise UserError(
                f"Version {version.number} of {policy.title!r} was already approved on "
                f"{version.approved_on.isoformat()}."
            )
        current = _current_version(unit, policy.id)
        if current.id != version.id:
            raise UserError(
                f"Version {version.number} of {policy.title!r} has been superseded by version "
                f"{current.number}; approve that one instead."
            )
        if approved < version.published_on:
            raise UserError(
                f"Version {version.number} cannot be approved before it was published "
                f"({version.published_on.isoformat()})."
            )
        before = {"policy_status": policy.status, "next_review_on": policy.next_review_on}
        version.approved_by_id = approver_id
        version.approved_on = approved
        policy.status = PolicyStatus.APPROVED
        policy.next_review_on = add_months(approved, policy.review_cadence_months)
        unit.flush()
        unit.audit(
            entity=Entity.POLICY_VERSION,
            entity_id=version_id,
            action=Action.APPROVED,
            before=before,
            after={
                "approved_by_id": approver_id,
                "approved_on": approved,
                "policy_status": PolicyStatus.APPROVED,
                "next_review_on": policy.next_review_on,
            },
        )
        return Change(
            entity=Entity.POLICY_VERSION,
            action=Action.APPROVED,
            ids=(version_id,),
            details={"policy_id": policy.id, "next_review_on": policy.next_review_on},
        )


def _signable(unit: Unit, version: Any) -> Any:
    """The policy of ``version`` when ``version`` is its current version; sign-offs of older ones are history."""
    policy = _policy(unit, version.policy_id, editable=True)
    if version.published_on is None:
        raise UserError(f"Version {version.number} of {policy.title!r} is not published yet; publish it first.")
    current = _current_version(unit, policy.id)
    if current.id != version.id:
        raise UserError(
            f"Version {version.number} of {policy.title!r} has been superseded by version "
            f"{current.number}; its sign-offs are kept as they were."
        )
    return policy


def speaks_for(department: str, stakeholder: StakeholderDepartment) -> bool:
    """Whether someone of ``department`` belongs to ``stakeholder``: its name, alone or followed by more
    words ("CISO office" speaks for CISO), in any case."""
    own = " ".join(department.split()).casefold()
    wanted = STAKEHOLDER_NAMES[stakeholder].casefold()
    return own == wanted or own.startswith(wanted + " ")


def signer_department_of(department: str, stakeholder: StakeholderDepartment) -> str:
    """What a sign-off for ``stakeholder`` keeps of its signer's own ``department``: "" when they belong to it
    (``speaks_for``), else their department as written ("Payments" signing for End users)."""
    return "" if speaks_for(department, stakeholder) else department.strip()


def sign_off(
    database: Database,
    version_id: int,
    *,
    department: StakeholderDepartment | str,
    person_id: int | None = None,
    comment: str = "",
    signed_on: date | str | None = None,
) -> Change:
    """A stakeholder department's sign-off on the current version of a policy.

    Someone may sign for a department that is not their own (a Payments lead for
    Finance); the sign-off then keeps their own department in ``signer_department``,
    so it reads "signed by N. N. (Payments) for Finance" ever after.
    """
    from models.people import Person
    from models.policy import SignOff

    department = _enum(StakeholderDepartment, department, what="stakeholder department")
    signed = _date(signed_on, what="sign-off date") or date.today()
    with unit_of_work(database) as unit:
        version = _version(unit, version_id)
        _signable(unit, version)
        _person(unit, person_id)
        signer_department = ""
        if person_id is not None:
            signer_department = signer_department_of(unit.session.get(Person, person_id).department or "", department)
        row = SignOff(
            version_id=version_id,
            department=department,
            person_id=person_id,
            signer_department=signer_department,
            signed_on=signed,
            comment=_text(comment, what="comment"),
        )
        unit.session.add(row)
        unit.flush()
        assert row.id is not None  # the flush gave it its id
        unit.audit(
            entity=Entity.SIGN_OFF,
            entity_id=row.id,
            action=Action.CREATED,
            after={
                "version_id": version_id,
                "department": department,
                "person_id": person_id,
                "signer_department": signer_department,
                "signed_on": signed,
                "comment": row.comment,
            },
        )
        return Change(
            entity=Entity.SIGN_OFF,
            action=Action.CREATED,
            ids=(row.id,),
            details={"version_id": version_id, "policy_id": version.policy_id},
        )


def withdraw_sign_off(database: Database, sign_off_id: int) -> Change:
    """Withdraw a department's sign-off on the current version (one on a superseded version stays as history)."""
    from models.policy import SignOff

    with unit_of_work(database) as unit:
        row = unit.get(SignOff, sign_off_id, what="sign-off")
        version = _version(unit, row.version_id)
        _signable(unit, version)
        before = {
            "version_id": row.version_id,
            "department": row.department,
            "person_id": row.person_id,
            "signer_department": row.signer_department,
            "signed_on": row.signed_on,
            "comment": row.comment,
        }
        unit.session.delete(row)
        unit.flush()
        unit.audit(entity=Entity.SIGN_OFF, entity_id=sign_off_id, action=Action.WITHDRAWN, before=before)
        return Change(
            entity=Entity.SIGN_OFF,
            action=Action.WITHDRAWN,
            ids=(sign_off_id,),
            details={"version_id": version.id, "policy_id": version.policy_id},
        )


# --- backlog ----------------------------------------------------------------------------------

ITEM_FIELDS = ("title", "kind", "points", "owner_department", "assignee_id", "acceptance_criteria", "policy_id")


def _clean_item(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        if key in ("status", "sprint_id", "rank"):
            raise UserError(f"An item's {key.replace('_id', '')} is changed with its own action, not as a field.")
        if key not in ITEM_FIELDS:
            raise UserError(f"{key!r} is not a field of a backlog item.")
        if key == "title":
            value = _text(value, what="title for the item", required=True)
        elif key == "kind":
            value = _enum(ItemKind, value, what="kind of item")
        elif key == "points":
            value = _points(value)
        elif key in ("owner_department", "acceptance_criteria"):
            value = _text(value, what=key)
        cleaned[key] = value
    return cleaned


def _check_item_links(unit: Unit, project_id: int, values: Mapping[str, Any]) -> None:
    if "assignee_id" in values:
        _person(unit, values["assignee_id"])
    if values.get("policy_id") is not None:
        policy = _policy(unit, values["policy_id"])
        if policy.project_id not in (None, project_id):
            raise UserError(
                f"The policy {policy.title!r} belongs to another project; link an org-wide policy "
                "or one of this project."
            )


def _record(unit: Unit, item: Any, at: datetime) -> None:
    """One history row: the item's status, sprint and points from ``at`` on."""
    from sqlmodel import col, select

    from models.policy import ItemHistory

    latest = unit.session.exec(
        select(ItemHistory.changed_at)
        .where(ItemHistory.item_id == item.id)
        .order_by(col(ItemHistory.changed_at).desc())
        .limit(1)
    ).first()
    # SQLite hands datetimes back without their zone; everything stored is UTC.
    if latest is not None and at < latest.replace(tzinfo=UTC):
        raise UserError(
            f"{item.title!r} last changed at {latest:%Y-%m-%d %H:%M}; a change cannot be recorded before that."
        )
    unit.session.add(
        ItemHistory(item_id=item.id, changed_at=at, status=item.status, sprint_id=item.sprint_id, points=item.points)
    )


def create_item(
    database: Database,
    project_id: int,
    *,
    title: str,
    kind: ItemKind | str = ItemKind.NEW_POLICY,
    points: int | None = None,
    owner_department: str = "",
    assignee_id: int | None = None,
    acceptance_criteria: str = "",
    policy_id: int | None = None,
    template_key: str | None = None,
    at: datetime | None = None,
) -> Change:
    """A new item at the end of the project's backlog, with the first row of its history."""
    from sqlmodel import func, select

    from models.policy import BacklogItem

    values = _clean_item(
        {
            "title": title,
            "kind": kind,
            "points": points,
            "owner_department": owner_department,
            "assignee_id": assignee_id,
            "acceptance_criteria": acceptance_criteria,
            "policy_id": policy_id,
        }
    )
    moment = _moment(at)
    with unit_of_work(database) as unit:
        _project(unit, project_id)
        _check_item_links(unit, project_id, values)
        last_rank = unit.session.exec(
            select(func.max(BacklogItem.rank)).where(BacklogItem.project_id == project_id)
        ).one()
        item = BacklogItem(
            project_id=project_id,
            rank=float(int(last_rank or 0) + 1),
            status=ItemStatus.BACKLOG,
            template_key=template_key,
            created_at=moment,
            **values,
        )
        unit.session.add(item)
        unit.flush()
        assert item.id is not None  # the flush gave it its id
        _record(unit, item, moment)
        unit.flush()
        unit.audit(
            entity=Entity.BACKLOG_ITEM,
            entity_id=item.id,
            action=Action.CREATED,
            after={
                **values,
                "project_id": project_id,
                "rank": item.rank,
                "status": item.status,
                "template_key": template_key,
                "created_at": moment,
            },
        )
        return Change(
            entity=Entity.BACKLOG_ITEM, action=Action.CREATED, ids=(item.id,), details={"project_id": project_id}
        )


def update_item(database: Database, item_id: int, changes: Mapping[str, Any], *, at: datetime | None = None) -> Change:
    """Change some of an item's fields; a change of points is also a row of its history."""
    values = _clean_item(changes)
    moment = _moment(at)
    with unit_of_work(database) as unit:
        item = _item(unit, item_id)
        _check_item_links(unit, item.project_id, values)
        before = {key: getattr(item, key) for key in values if getattr(item, key) != values[key]}
        after = {key: values[key] for key in before}
        if not after:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(item_id,))
        for key, value in after.items():
            setattr(item, key, value)
        if "points" in after:
            _record(unit, item, moment)
        unit.flush()
        unit.audit(entity=Entity.BACKLOG_ITEM, entity_id=item_id, action=Action.UPDATED, before=before, after=after)
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.UPDATED,
            ids=(item_id,),
            details={"project_id": item.project_id, **after},
        )


def _ordered_items(unit: Unit, project_id: int) -> list[Any]:
    from sqlmodel import col, select

    from models.policy import BacklogItem

    return list(
        unit.session.exec(
            select(BacklogItem)
            .where(BacklogItem.project_id == project_id)
            .order_by(col(BacklogItem.rank), col(BacklogItem.id))
        ).all()
    )


def move_item(database: Database, item_id: int, *, before_item_id: int | None = None) -> Change:
    """Put an item just before ``before_item_id`` in its project's backlog, or at the end when None."""
    with unit_of_work(database) as unit:
        item = _item(unit, item_id)
        if before_item_id == item_id:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(item_id,))
        if before_item_id is not None:
            anchor = _item(unit, before_item_id)
            if anchor.project_id != item.project_id:
                raise UserError("An item can only be moved among the items of its own project.")
        others = [row for row in _ordered_items(unit, item.project_id) if row.id != item_id]
        position = (
            len(others)
            if before_item_id is None
            else next(index for index, row in enumerate(others) if row.id == before_item_id)
        )
        ordered = _ordered_items(unit, item.project_id)
        if ordered.index(item) == position:  # already there: without it, the same neighbours
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(item_id,))
        old_rank = item.rank
        renumbered = False
        lower = others[position - 1].rank if position > 0 else None
        upper = others[position].rank if position < len(others) else None
        if lower is not None and upper is not None and upper - lower < MIN_RANK_GAP:
            for number, row in enumerate(others, start=1):
                row.rank = float(number)
            lower, upper = (float(position) if position > 0 else None), float(position + 1)
            renumbered = True
        if upper is None:
            assert lower is not None  # no item before the end means it is alone, and returned unchanged above
            item.rank = float(int(lower) + 1)
        elif lower is None:
            item.rank = upper - 1.0
        else:
            item.rank = (lower + upper) / 2
        unit.flush()
        unit.audit(
            entity=Entity.BACKLOG_ITEM,
            entity_id=item_id,
            action=Action.MOVED,
            before={"rank": old_rank},
            after={"rank": item.rank, "before_item_id": before_item_id, "renumbered": renumbered},
        )
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.MOVED,
            ids=(item_id,),
            details={"project_id": item.project_id, "renumbered": renumbered},
        )


def set_status(database: Database, item_id: int, status: ItemStatus | str, *, at: datetime | None = None) -> Change:
    """Move an item to ``status`` (done is allowed outside a sprint too), recorded in its history at ``at``."""
    status = _enum(ItemStatus, status, what="status")
    moment = _moment(at)
    with unit_of_work(database) as unit:
        item = _item(unit, item_id)
        if item.status == status:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(item_id,))
        if item.sprint_id is not None:
            sprint = _sprint(unit, item.sprint_id)
            if sprint.state == SprintState.CLOSED:
                raise UserError(
                    f"{item.title!r} belongs to the closed sprint {sprint.name!r}; move it to the "
                    "backlog or another sprint before changing its status."
                )
        before = item.status
        item.status = status
        _record(unit, item, moment)
        unit.flush()
        unit.audit(
            entity=Entity.BACKLOG_ITEM,
            entity_id=item_id,
            action=Action.STATUS_CHANGED,
            before={"status": before},
            after={"status": status, "changed_at": moment},
        )
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.STATUS_CHANGED,
            ids=(item_id,),
            details={"project_id": item.project_id, "status": status},
        )


def _move_to_sprint(unit: Unit, item: Any, sprint_id: int | None, moment: datetime) -> dict[str, Any]:
    """Put ``item`` in ``sprint_id`` (None: the backlog) with its history row; returns its state before, for the audit.

    An item entering a sprint from the backlog is "to do" (one carried over keeps
    its status); one leaving a sprint unfinished is back to "backlog".
    """
    before = {"sprint_id": item.sprint_id, "status": item.status}
    item.sprint_id = sprint_id
    if sprint_id is not None and item.status == ItemStatus.BACKLOG:
        item.status = ItemStatus.TODO
    elif sprint_id is None and item.status != ItemStatus.DONE:
        item.status = ItemStatus.BACKLOG
    _record(unit, item, moment)
    return before


def assign_to_sprint(database: Database, item_id: int, sprint_id: int, *, at: datetime | None = None) -> Change:
    """Put an item in a planned or active sprint of its project (a backlog item becomes "to do")."""
    moment = _moment(at)
    with unit_of_work(database) as unit:
        item = _item(unit, item_id)
        sprint = _sprint(unit, sprint_id)
        if sprint.project_id != item.project_id:
            raise UserError(f"The sprint {sprint.name!r} belongs to another project.")
        if sprint.state == SprintState.CLOSED:
            raise UserError(f"The sprint {sprint.name!r} is closed; choose a planned or active sprint.")
        if item.sprint_id == sprint_id:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(item_id,))
        before = _move_to_sprint(unit, item, sprint_id, moment)
        unit.flush()
        unit.audit(
            entity=Entity.BACKLOG_ITEM,
            entity_id=item_id,
            action=Action.ASSIGNED,
            before=before,
            after={"sprint_id": sprint_id, "status": item.status, "changed_at": moment},
        )
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.ASSIGNED,
            ids=(item_id,),
            details={"project_id": item.project_id, "sprint_id": sprint_id},
        )


def remove_from_sprint(database: Database, item_id: int, *, at: datetime | None = None) -> Change:
    """Take an item out of its sprint; unless done it goes back to the backlog status."""
    moment = _moment(at)
    with unit_of_work(database) as unit:
        item = _item(unit, item_id)
        if item.sprint_id is None:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(item_id,))
        before = _move_to_sprint(unit, item, None, moment)
        unit.flush()
        unit.audit(
            entity=Entity.BACKLOG_ITEM,
            entity_id=item_id,
            action=Action.UNASSIGNED,
            before=before,
            after={"sprint_id": None, "status": item.status, "changed_at": moment},
        )
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.UNASSIGNED,
            ids=(item_id,),
            details={"project_id": item.project_id, "sprint_id": before["sprint_id"]},
        )


def _project_items(unit: Unit, item_ids: Iterable[int]) -> list[Any]:
    """The items of ``item_ids`` (in that order, once each), which must all belong to one project."""
    items = [_item(unit, item_id) for item_id in dict.fromkeys(item_ids)]
    if not items:
        raise UserError("Choose at least one backlog item.")
    if len({item.project_id for item in items}) > 1:
        raise UserError("Items of different projects cannot be moved together.")
    return items


def move_items(database: Database, item_ids: Iterable[int], *, before_item_id: int | None = None) -> Change:
    """Put several items, in the given order, just before ``before_item_id`` (None: at the end), in one transaction.

    The Change's ``details["ranks_before"]`` holds every rank the move changed
    (a renumbering changes others too), so :func:`restore_ranks` undoes it exactly.
    """
    with unit_of_work(database) as unit:
        items = _project_items(unit, item_ids)
        project_id = items[0].project_id
        ranks_before = {row.id: row.rank for row in _ordered_items(unit, project_id)}
        moving = {item.id for item in items}
        # The anchor of a block dropped onto one of its own items is the first item after it that stays put.
        anchor = before_item_id
        if anchor in moving:
            order = [row.id for row in _ordered_items(unit, project_id)]
            anchor = next((item_id for item_id in order[order.index(anchor) :] if item_id not in moving), None)
        for item in items:
            move_item(database, item.id, before_item_id=anchor)
        unit.flush()
        changed = {
            row.id: ranks_before[row.id] for row in _ordered_items(unit, project_id) if row.rank != ranks_before[row.id]
        }
        if not changed:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=tuple(moving))
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.MOVED,
            ids=tuple(item.id for item in items),
            details={"project_id": project_id, "ranks_before": changed},
        )


def restore_ranks(database: Database, ranks: Mapping[int, float]) -> Change:
    """Give items back the ranks they had (the undo of :func:`move_items`)."""
    with unit_of_work(database) as unit:
        items = _project_items(unit, ranks)
        before = {item.id: item.rank for item in items}
        for item in items:
            item.rank = float(ranks[item.id])
        unit.flush()
        for item in items:
            unit.audit(
                entity=Entity.BACKLOG_ITEM,
                entity_id=item.id,
                action=Action.MOVED,
                before={"rank": before[item.id]},
                after={"rank": item.rank},
            )
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.MOVED,
            ids=tuple(item.id for item in items),
            details={"project_id": items[0].project_id, "ranks_before": before},
        )


def place_items(
    database: Database,
    placements: Mapping[int, tuple[int | None, ItemStatus | str | None]],
    *,
    at: datetime | None = None,
) -> Change:
    """Put each item in a sprint (None: the backlog) with a status (None: what the move implies), in one go.

    An item entering a sprint from the backlog becomes "to do", one leaving a
    sprint unfinished goes back to "backlog" (as :func:`assign_to_sprint` and
    :func:`remove_from_sprint`); an explicit status is set after the move. The
    Change's ``details["before"]`` maps each item to its (sprint, status) before,
    which is the placement that undoes this one. Closed sprints take no items.
    """
    moment = _moment(at)
    with unit_of_work(database) as unit:
        items = _project_items(unit, placements)
        before: dict[int, tuple[int | None, str]] = {}
        for item in items:
            sprint_id, status = placements[item.id]
            status = None if status is None else _enum(ItemStatus, status, what="status")
            for sprint_of_item in {item.sprint_id, sprint_id} - {None}:
                sprint = _sprint(unit, sprint_of_item)
                if sprint.project_id != item.project_id:
                    raise UserError(f"The sprint {sprint.name!r} belongs to another project.")
                if sprint.state == SprintState.CLOSED:
                    raise UserError(
                        f"The sprint {sprint.name!r} is closed; {item.title!r} cannot move "
                        f"{'into' if sprint.id == sprint_id else 'out of'} it."
                    )
            old = (item.sprint_id, item.status.value)
            if item.sprint_id != sprint_id:
                item.sprint_id = sprint_id
                if sprint_id is not None and item.status == ItemStatus.BACKLOG:
                    item.status = ItemStatus.TODO
                elif sprint_id is None and item.status != ItemStatus.DONE:
                    item.status = ItemStatus.BACKLOG
            if status is not None:
                item.status = status
            if (item.sprint_id, item.status.value) == old:
                continue
            before[item.id] = old
            _record(unit, item, moment)
            unit.flush()
            unit.audit(
                entity=Entity.BACKLOG_ITEM,
                entity_id=item.id,
                action=Action.PLACED,
                before={"sprint_id": old[0], "status": old[1]},
                after={"sprint_id": item.sprint_id, "status": item.status, "changed_at": moment},
            )
        if not before:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=tuple(item.id for item in items))
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.PLACED,
            ids=tuple(before),
            details={"project_id": items[0].project_id, "before": before},
        )


def delete_item(database: Database, item_id: int) -> Change:
    """Delete an item that never moved past its creation and has no feedback; otherwise it is history."""
    from sqlmodel import col, delete, func, select

    from models.policy import Feedback, ItemHistory, SprintCommitment

    with unit_of_work(database) as unit:
        session = unit.session
        item = _item(unit, item_id)
        changes = session.exec(
            select(func.count()).select_from(ItemHistory).where(ItemHistory.item_id == item_id)
        ).one()
        feedback = session.exec(select(func.count()).select_from(Feedback).where(Feedback.item_id == item_id)).one()
        committed = session.exec(
            select(func.count()).select_from(SprintCommitment).where(SprintCommitment.item_id == item_id)
        ).one()
        if changes > 1 or committed:
            raise UserError(
                f"{item.title!r} has a history of changes, so it is kept; mark it done or leave it "
                "in the backlog instead."
            )
        if feedback:
            raise UserError(f"{item.title!r} has stakeholder feedback, so it is kept for the record.")
        snapshot = {
            key: getattr(item, key)
            for key in (*ITEM_FIELDS, "project_id", "rank", "status", "template_key", "created_at")
        }
        session.exec(delete(ItemHistory).where(col(ItemHistory.item_id) == item_id))
        session.delete(item)
        unit.flush()
        unit.audit(entity=Entity.BACKLOG_ITEM, entity_id=item_id, action=Action.DELETED, before=snapshot)
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.DELETED,
            ids=(item_id,),
            details={"project_id": snapshot["project_id"]},
        )


# --- sprints ----------------------------------------------------------------------------------

SPRINT_FIELDS = ("name", "goal", "start_on", "end_on", "capacity_points")


def _clean_sprint(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        if key not in SPRINT_FIELDS:
            raise UserError(f"{key!r} is not a field of a sprint you can edit.")
        if key == "name":
            value = _text(value, what="sprint name", required=True)
        elif key == "goal":
            value = _text(value, what="goal")
        elif key in ("start_on", "end_on"):
            value = _date(value, what=key.replace("_on", " date"))
            if value is None:
                raise UserError(f"A sprint needs a {key.replace('_on', '')} date.")
        elif key == "capacity_points" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise UserError(f"{value!r} is not a capacity; use a whole number of points, 0 or more.")
        cleaned[key] = value
    return cleaned


def _check_dates(start_on: date, end_on: date) -> None:
    if end_on < start_on:
        raise UserError(f"A sprint cannot end ({end_on.isoformat()}) before it starts ({start_on.isoformat()}).")
    days = (end_on - start_on).days + 1
    if days > MAX_SPRINT_DAYS:
        raise UserError(
            f"A sprint from {start_on.isoformat()} to {end_on.isoformat()} would run {days} days; "
            f"a sprint runs at most {MAX_SPRINT_DAYS} days, so check the dates or plan several sprints."
        )


def plan_sprint(
    database: Database,
    project_id: int,
    *,
    name: str,
    start_on: date | str,
    end_on: date | str,
    goal: str = "",
    capacity_points: int = 0,
) -> Change:
    """A planned sprint of a project."""
    from models.policy import Sprint

    values = _clean_sprint(
        {"name": name, "goal": goal, "start_on": start_on, "end_on": end_on, "capacity_points": capacity_points}
    )
    _check_dates(values["start_on"], values["end_on"])
    with unit_of_work(database) as unit:
        _project(unit, project_id)
        sprint = Sprint(project_id=project_id, state=SprintState.PLANNED, **values)
        unit.session.add(sprint)
        unit.flush()
        assert sprint.id is not None  # the flush gave it its id
        unit.audit(
            entity=Entity.SPRINT, entity_id=sprint.id, action=Action.CREATED, after={**values, "project_id": project_id}
        )
        return Change(entity=Entity.SPRINT, action=Action.CREATED, ids=(sprint.id,), details={"project_id": project_id})


def update_sprint(database: Database, sprint_id: int, changes: Mapping[str, Any]) -> Change:
    """Change a planned sprint's name, goal, dates or capacity (a started sprint is fixed)."""
    values = _clean_sprint(changes)
    with unit_of_work(database) as unit:
        sprint = _sprint(unit, sprint_id)
        if sprint.state != SprintState.PLANNED:
            raise UserError(f"The sprint {sprint.name!r} is {sprint.state.value}; only a planned sprint can be edited.")
        _check_dates(values.get("start_on", sprint.start_on), values.get("end_on", sprint.end_on))
        before = {key: getattr(sprint, key) for key in values if getattr(sprint, key) != values[key]}
        after = {key: values[key] for key in before}
        if not after:
            return Change(entity=Entity.SPRINT, action=Action.UNCHANGED, ids=(sprint_id,))
        for key, value in after.items():
            setattr(sprint, key, value)
        unit.flush()
        unit.audit(entity=Entity.SPRINT, entity_id=sprint_id, action=Action.UPDATED, before=before, after=after)
        return Change(
            entity=Entity.SPRINT, action=Action.UPDATED, ids=(sprint_id,), details={"project_id": sprint.project_id}
        )


def start_sprint(
    database: Database, sprint_id: int, *, at: datetime | None = None, move_start_to_today: bool = False
) -> Change:
    """Start a planned sprint: its items and their points at this instant become its committed scope.

    A sprint started before its start date would be active while its burndown
    has not begun, so it is refused unless ``move_start_to_today``: then its start
    date becomes the day it starts (the local date of ``at``), in the same
    transaction, and its burndown runs from that day with the scope committed now.
    """
    from sqlmodel import col, select

    from models.policy import BacklogItem, Sprint, SprintCommitment

    moment = _moment(at)
    today = moment.astimezone().date()
    with unit_of_work(database) as unit:
        session = unit.session
        sprint = _sprint(unit, sprint_id)
        if sprint.state != SprintState.PLANNED:
            raise UserError(f"The sprint {sprint.name!r} is already {sprint.state.value}.")
        active = session.exec(
            select(Sprint).where(Sprint.project_id == sprint.project_id, Sprint.state == SprintState.ACTIVE)
        ).first()
        if active is not None:
            raise UserError(f"The sprint {active.name!r} is still active; close it before starting {sprint.name!r}.")
        planned_start = sprint.start_on
        if today < planned_start:
            if not move_start_to_today:
                raise UserError(
                    f"The sprint {sprint.name!r} is planned to start on {planned_start.isoformat()}; start it "
                    "then, or move its start to today."
                )
            _check_dates(today, sprint.end_on)
            sprint.start_on = today
        items = session.exec(
            select(BacklogItem)
            .where(BacklogItem.sprint_id == sprint_id)
            .order_by(col(BacklogItem.rank), col(BacklogItem.id))
        ).all()
        for item in items:
            session.add(SprintCommitment(sprint_id=sprint_id, item_id=item.id, points=item.points))
        sprint.state = SprintState.ACTIVE
        sprint.started_at = moment
        unit.flush()
        committed = sum(item.points or 0 for item in items)
        moved = {"start_on": sprint.start_on} if sprint.start_on != planned_start else {}
        unit.audit(
            entity=Entity.SPRINT,
            entity_id=sprint_id,
            action=Action.STARTED,
            before={"state": SprintState.PLANNED, **({"start_on": planned_start} if moved else {})},
            after={
                "state": SprintState.ACTIVE,
                "started_at": moment,
                "items": [item.id for item in items],
                "committed_points": committed,
                **moved,
            },
        )
        return Change(
            entity=Entity.SPRINT,
            action=Action.STARTED,
            ids=(sprint_id,),
            details={"project_id": sprint.project_id, "committed_points": committed, **moved},
        )


def close_sprint(
    database: Database, sprint_id: int, *, unfinished_to: str | int = "backlog", at: datetime | None = None
) -> Change:
    """Close the active sprint; unfinished items go to the backlog or to ``unfinished_to`` (a planned sprint's id).

    The moves are history rows stamped with the closing time, so what the sprint
    held until it closed is still there to compute its figures from.
    """
    from sqlmodel import col, select

    from models.policy import BacklogItem

    moment = _moment(at)
    with unit_of_work(database) as unit:
        sprint = _sprint(unit, sprint_id)
        if sprint.state != SprintState.ACTIVE:
            raise UserError(f"The sprint {sprint.name!r} is {sprint.state.value}; only an active sprint can be closed.")
        if sprint.started_at is not None and moment < sprint.started_at.replace(tzinfo=UTC):
            raise UserError(f"The sprint {sprint.name!r} cannot close before it started.")
        target: int | None
        if unfinished_to == "backlog":
            target = None
        elif isinstance(unfinished_to, int) and not isinstance(unfinished_to, bool):
            following = _sprint(unit, unfinished_to)
            if following.project_id != sprint.project_id or following.id == sprint.id:
                raise UserError("Unfinished items can only move on to another sprint of the same project.")
            if following.state != SprintState.PLANNED:
                raise UserError(
                    f"The sprint {following.name!r} is {following.state.value}; unfinished items can "
                    "only move on to a planned sprint."
                )
            target = following.id
        else:
            raise UserError(f"{unfinished_to!r} is not where unfinished items can go; use 'backlog' or a sprint.")
        unfinished = unit.session.exec(
            select(BacklogItem)
            .where(BacklogItem.sprint_id == sprint_id, BacklogItem.status != ItemStatus.DONE)
            .order_by(col(BacklogItem.rank), col(BacklogItem.id))
        ).all()
        for item in unfinished:
            _move_to_sprint(unit, item, target, moment)
        sprint.state = SprintState.CLOSED
        sprint.closed_at = moment
        unit.flush()
        moved = [item.id for item in unfinished]
        unit.audit(
            entity=Entity.SPRINT,
            entity_id=sprint_id,
            action=Action.CLOSED,
            before={"state": SprintState.ACTIVE},
            after={"state": SprintState.CLOSED, "closed_at": moment, "unfinished_to": target, "moved_items": moved},
        )
        return Change(
            entity=Entity.SPRINT,
            action=Action.CLOSED,
            ids=(sprint_id,),
            details={"project_id": sprint.project_id, "moved_items": tuple(moved), "unfinished_to": target},
        )


# --- feedback ---------------------------------------------------------------------------------


def add_feedback(
    database: Database,
    *,
    department: StakeholderDepartment | str,
    comment: str,
    item_id: int | None = None,
    version_id: int | None = None,
    person_id: int | None = None,
    received_on: date | str | None = None,
) -> Change:
    """A stakeholder's comment on exactly one of a backlog item or a policy version, open until disposed of."""
    from models.policy import Feedback

    if (item_id is None) == (version_id is None):
        raise UserError("Feedback is about either a backlog item or a policy version; give exactly one of them.")
    department = _enum(StakeholderDepartment, department, what="stakeholder department")
    text = _text(comment, what="comment for the feedback", required=True)
    received = _date(received_on, what="date received") or date.today()
    with unit_of_work(database) as unit:
        if item_id is not None:
            _item(unit, item_id)
        if version_id is not None:
            _version(unit, version_id)
        _person(unit, person_id)
        row = Feedback(
            item_id=item_id,
            version_id=version_id,
            department=department,
            person_id=person_id,
            comment=text,
            disposition=Disposition.OPEN,
            received_on=received,
        )
        unit.session.add(row)
        unit.flush()
        assert row.id is not None  # the flush gave it its id
        unit.audit(
            entity=Entity.FEEDBACK,
            entity_id=row.id,
            action=Action.CREATED,
            after={
                "item_id": item_id,
                "version_id": version_id,
                "department": department,
                "person_id": person_id,
                "comment": text,
                "received_on": received,
            },
        )
        return Change(
            entity=Entity.FEEDBACK,
            action=Action.CREATED,
            ids=(row.id,),
            details={"item_id": item_id, "version_id": version_id},
        )


def set_disposition(
    database: Database, feedback_id: int, disposition: Disposition | str, *, resolved_on: date | str | None = None
) -> Change:
    """Accept, defer or reject feedback (resolved on ``resolved_on``, default today), or reopen it."""
    from models.policy import Feedback

    disposition = _enum(Disposition, disposition, what="disposition")
    resolved = None if disposition == Disposition.OPEN else _date(resolved_on, what="date resolved") or date.today()
    with unit_of_work(database) as unit:
        row = unit.get(Feedback, feedback_id, what="feedback")
        if row.disposition == disposition and row.resolved_on == resolved:
            return Change(entity=Entity.FEEDBACK, action=Action.UNCHANGED, ids=(feedback_id,))
        if resolved is not None and resolved < row.received_on:
            raise UserError(f"Feedback received on {row.received_on.isoformat()} cannot be resolved before that.")
        before = {"disposition": row.disposition, "resolved_on": row.resolved_on}
        row.disposition = disposition
        row.resolved_on = resolved
        unit.flush()
        unit.audit(
            entity=Entity.FEEDBACK,
            entity_id=feedback_id,
            action=Action.DISPOSED,
            before=before,
            after={"disposition": disposition, "resolved_on": resolved},
        )
        return Change(
            entity=Entity.FEEDBACK,
            action=Action.DISPOSED,
            ids=(feedback_id,),
            details={"item_id": row.item_id, "version_id": row.version_id, "disposition": disposition},
        )


# --- templates --------------------------------------------------------------------------------


class Template(NamedTuple):
    """A starter backlog item from ``resources/policy_templates.json``."""

    key: str
    category: PolicyCategory
    kind: ItemKind
    title: str
    points: int
    owner_department: str
    acceptance_criteria: str
    framework_refs: tuple[str, ...]

    def criteria_with_references(self) -> str:
        """The acceptance criteria as stored on the item: the framework references follow them."""
        if not self.framework_refs:
            return self.acceptance_criteria
        return f"{self.acceptance_criteria}\n\nFramework references: {'; '.join(self.framework_refs)}."


@cache
def _templates() -> tuple[Template, ...]:
    from app.resources import read_json

    return tuple(
        Template(
            key=entry["key"],
            category=PolicyCategory(entry["category"]),
            kind=ItemKind(entry["kind"]),
            title=entry["title"],
            points=int(entry["points"]),
            owner_department=entry["owner_department"],
            acceptance_criteria=entry["acceptance_criteria"],
            framework_refs=tuple(entry.get("framework_refs", ())),
        )
        for entry in read_json(TEMPLATES_RESOURCE)["templates"]
    )


def list_templates(category: PolicyCategory | str | None = None) -> list[Template]:
    """The template library in file order, or the templates of one category."""
    wanted = None if category is None else _enum(PolicyCategory, category, what="policy category")
    return [template for template in _templates() if wanted is None or template.category == wanted]


def add_templates_to_backlog(database: Database, project_id: int, template_keys: Iterable[str]) -> Change:
    """Add template items to the end of a project's backlog in one transaction; ones already there are skipped.

    The Change's ``details`` say which keys were ``added`` and which ``skipped``.
    """
    from sqlmodel import col, select

    from models.policy import BacklogItem

    by_key = {template.key: template for template in _templates()}
    keys: list[str] = list(dict.fromkeys(template_keys))
    unknown = [key for key in keys if key not in by_key]
    if unknown:
        raise UserError(f"There is no template {unknown[0]!r} in the library.")
    if not keys:
        raise UserError("Choose at least one template to add.")
    with unit_of_work(database) as unit:
        _project(unit, project_id)
        present = set(
            unit.session.exec(
                select(BacklogItem.template_key).where(
                    BacklogItem.project_id == project_id, col(BacklogItem.template_key).is_not(None)
                )
            ).all()
        )
        skipped = tuple(key for key in keys if key in present)
        added: list[str] = []
        ids: list[int] = []
        for key in keys:
            if key in present:
                continue
            template = by_key[key]
            change = create_item(
                database,
                project_id,
                title=template.title,
                kind=template.kind,
                points=template.points,
                owner_department=template.owner_department,
                acceptance_criteria=template.criteria_with_references(),
                template_key=key,
            )
            ids.extend(change.ids)
            added.append(key)
        details = {"project_id": project_id, "added": tuple(added), "skipped": skipped}
        if not added:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(), details=details)
        unit.audit(
            entity=Entity.PROJECT,
            entity_id=project_id,
            action=Action.TEMPLATES_ADDED,
            after={"added": added, "skipped": list(skipped)},
        )
        return Change(entity=Entity.BACKLOG_ITEM, action=Action.CREATED, ids=tuple(ids), details=details)


def template_summary(change: Change) -> str:
    """What :func:`add_templates_to_backlog` did, in one sentence for the user."""
    added, skipped = len(change.details.get("added", ())), len(change.details.get("skipped", ()))
    parts = [f"Added {added} template item{'s' if added != 1 else ''} to the backlog"]
    if skipped:
        parts.append(f"skipped {skipped} already in it")
    return "; ".join(parts) + "."
