"""Policy versions and their sign-offs: adding, publishing and approving a version, signing it off.

A version's sign-offs belong to that version: publishing a newer version makes
it the policy's *current* version, which starts with none, while the older one
keeps its own (see :func:`~app.services.policy.rows.current_version_id`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.fields import snapshot
from app.services.policy.inputs import _date, _enum, _text, add_months
from app.services.policy.rows import _current_version, _person, _policy, _version
from app.services.unit import Unit, unit_of_work
from models.enums import PolicyStatus, StakeholderDepartment

# What the audit trail keeps of a sign-off, given and withdrawn.
SIGN_OFF_FIELDS = ("version_id", "department", "person_id", "signer_department", "signed_on", "comment")

# The stakeholder departments by name, as people's departments are written ("CISO office" is CISO's).
STAKEHOLDER_NAMES: dict[StakeholderDepartment, str] = {
    StakeholderDepartment.FINANCE: "Finance",
    StakeholderDepartment.LEGAL: "Legal",
    StakeholderDepartment.HR: "HR",
    StakeholderDepartment.END_USERS: "End users",
    StakeholderDepartment.CISO: "CISO",
}


def same_text(first: str | None, second: str | None) -> bool:
    """Whether two versions' Markdown reads the same: line endings and trailing spaces do not count."""

    def lines(text: str | None) -> list[str]:
        return [line.rstrip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")]

    return lines(first) == lines(second)


def _newest_version(unit: Unit, policy_id: int) -> Any:
    """The policy's highest-numbered version, published or not (None before its first)."""
    from sqlmodel import col, select

    from models.policy import PolicyVersion

    return unit.session.exec(
        select(PolicyVersion)
        .where(PolicyVersion.policy_id == policy_id)
        .order_by(col(PolicyVersion.number).desc())
        .limit(1)
    ).first()


def _refuse_as_a_next_version(policy: Any, newest: Any, *, text: str, summary: str) -> None:
    """A version after ``newest`` must read differently and say what changed."""
    if same_text(newest.text, text):
        raise UserError(
            f"The text is the same as version {newest.number} of {policy.title!r}; change it before "
            "adding a new version."
        )
    if not summary:
        raise UserError(
            f"Version {newest.number + 1} of {policy.title!r} needs a change summary: say in a few words "
            f"what changed since version {newest.number}."
        )


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
    from models.policy import PolicyVersion

    created = _date(created_on, what="version date") or date.today()
    summary = _text(change_summary, what="change summary")
    with unit_of_work(database) as unit:
        policy = _policy(unit, policy_id, editable=True)
        _person(unit, author_id)
        newest = _newest_version(unit, policy_id)
        if newest is not None:
            _refuse_as_a_next_version(policy, newest, text=text, summary=summary)
        version = PolicyVersion(
            policy_id=policy_id,
            number=(newest.number if newest is not None else 0) + 1,
            text=text or "",
            change_summary=summary,
            author_id=author_id,
            created_on=created,
        )
        return unit.create(
            Entity.POLICY_VERSION,
            version,
            after={
                "policy_id": policy_id,
                "number": version.number,
                "change_summary": version.change_summary,
                "author_id": author_id,
                "created_on": created,
            },
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
        return unit.record(
            Entity.POLICY_VERSION,
            version_id,
            Action.PUBLISHED,
            before={"published_on": None, "policy_status": before_status},
            after={"published_on": published, "policy_status": PolicyStatus.IN_REVIEW},
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
        return unit.record(
            Entity.POLICY_VERSION,
            version_id,
            Action.APPROVED,
            before=before,
            after={
                "approved_by_id": approver_id,
                "approved_on": approved,
                "policy_status": PolicyStatus.APPROVED,
                "next_review_on": policy.next_review_on,
            },
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
        return unit.create(
            Entity.SIGN_OFF,
            row,
            after=snapshot(row, SIGN_OFF_FIELDS),
            details={"version_id": version_id, "policy_id": version.policy_id},
        )


def withdraw_sign_off(database: Database, sign_off_id: int) -> Change:
    """Withdraw a department's sign-off on the current version (one on a superseded version stays as history)."""
    from models.policy import SignOff

    with unit_of_work(database) as unit:
        row = unit.get(SignOff, sign_off_id, what="sign-off")
        version = _version(unit, row.version_id)
        _signable(unit, version)
        return unit.delete(
            Entity.SIGN_OFF,
            sign_off_id,
            row,
            before=snapshot(row, SIGN_OFF_FIELDS),
            action=Action.WITHDRAWN,
            details={"version_id": version.id, "policy_id": version.policy_id},
        )
