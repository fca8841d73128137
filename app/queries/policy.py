"""What the policy library page shows: a project's policies and the org-wide ones, their versions,
the sign-offs of a version per stakeholder department and the feedback on a version.

Plain SQL through ``Reader``; records are ``NamedTuple``s. A policy is *stale*
when its next review date has passed (a retired policy is never stale).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from app.db.reader import Reader, Row
from app.queries.records import Records
from app.queries.values import day, known_day, text
from models.enums import Disposition, PolicyCategory, PolicyStatus, StakeholderDepartment


class PolicyRow(NamedTuple):
    id: int
    # None for an org-wide policy.
    project_id: int | None
    title: str
    category: PolicyCategory
    owner_department: str
    status: PolicyStatus
    review_cadence_months: int
    next_review_on: date | None
    framework_refs: str
    versions: int
    # The newest published version's number, or None before the first is published.
    current_number: int | None
    stale: bool

    @property
    def org_wide(self) -> bool:
        return self.project_id is None


class VersionRow(NamedTuple):
    id: int
    policy_id: int
    number: int
    text: str
    change_summary: str
    author: str
    created_on: date
    published_on: date | None
    approved_by: str
    approved_on: date | None


class SignOffRow(NamedTuple):
    """One stakeholder department on a version: who signed and when, or missing (``id`` None).

    ``signer_department`` is the signer's own department when it is not the one
    signed for (someone from Payments signing for Finance), else "".
    """

    id: int | None
    version_id: int
    department: StakeholderDepartment
    person_id: int | None
    person: str
    signed_on: date | None
    comment: str
    signer_department: str = ""

    @property
    def signed(self) -> bool:
        return self.id is not None

    @property
    def for_another_department(self) -> bool:
        return bool(self.signer_department)


class FeedbackRow(NamedTuple):
    """A stakeholder's comment on a policy version (``version_id``) or on a backlog item (``item_id``)."""

    id: int
    version_id: int | None
    department: StakeholderDepartment
    person: str
    comment: str
    disposition: Disposition
    received_on: date
    resolved_on: date | None
    item_id: int | None = None


# What ``feedback_row`` reads: feedback ``f`` with its person ``p`` (on a version or on a backlog item).
FEEDBACK_COLUMNS = (
    "f.id, f.version_id, f.department, coalesce(p.name, ''), f.comment, f.disposition, "
    "f.received_on, f.resolved_on, f.item_id"
)
_FEEDBACK = Records(
    FeedbackRow, department=StakeholderDepartment, disposition=Disposition, received_on=known_day, resolved_on=day
)
_POLICIES = Records(
    PolicyRow,
    category=PolicyCategory,
    owner_department=text,
    status=PolicyStatus,
    next_review_on=day,
    framework_refs=text,
)
_VERSIONS = Records(VersionRow, text=text, change_summary=text, created_on=known_day, published_on=day, approved_on=day)
_SIGN_OFFS = Records(SignOffRow, department=StakeholderDepartment, signed_on=day, comment=text)


def feedback_row(row: Row) -> FeedbackRow:
    """A ``FeedbackRow`` from the ``FEEDBACK_COLUMNS`` of one feedback."""
    return _FEEDBACK.one(row)


def list_policies(reader: Reader, project_id: int | None, *, today: date | None = None) -> list[PolicyRow]:
    """The project's policies and the org-wide ones (all of them when ``project_id`` is None), by title."""
    today = today or date.today()
    rows = reader.rows(
        """
        SELECT p.id, p.project_id, p.title, p.category, p.owner_department, p.status, p.review_cadence_months,
               p.next_review_on, p.framework_refs, coalesce(v.versions, 0), v.current_number
        FROM policy AS p
        LEFT JOIN (SELECT policy_id, count(*) AS versions,
                          max(CASE WHEN published_on IS NOT NULL THEN number END) AS current_number
                   FROM policy_version GROUP BY policy_id) AS v ON v.policy_id = p.id
        WHERE CAST(:project AS INTEGER) IS NULL OR p.project_id IS NULL OR p.project_id = :project
        ORDER BY lower(p.title), p.id
        """,
        {"project": project_id},
    )
    policies = []
    for row in rows:
        status = PolicyStatus(row[5])
        next_review = day(row[7])
        policies.append(
            _POLICIES.one(row, stale=status != PolicyStatus.RETIRED and next_review is not None and next_review < today)
        )
    return policies


def list_versions(reader: Reader, policy_ids: list[int] | tuple[int, ...]) -> dict[int, list[VersionRow]]:
    """The versions of each of ``policy_ids``, newest first, by policy id."""
    found: dict[int, list[VersionRow]] = {policy_id: [] for policy_id in policy_ids}
    if not policy_ids:
        return found
    wanted = ", ".join(str(int(policy_id)) for policy_id in policy_ids)
    for row in reader.rows(
        f"""
        SELECT v.id, v.policy_id, v.number, v.text, v.change_summary, coalesce(a.name, ''), v.created_on,
               v.published_on, coalesce(b.name, ''), v.approved_on
        FROM policy_version AS v
        LEFT JOIN person AS a ON a.id = v.author_id
        LEFT JOIN person AS b ON b.id = v.approved_by_id
        WHERE v.policy_id IN ({wanted})
        ORDER BY v.policy_id, v.number DESC
        """
    ):
        found[row[1]].append(_VERSIONS.one(row))
    return found


def version_sign_offs(reader: Reader, version_id: int) -> list[SignOffRow]:
    """One row per stakeholder department, in the enum's order: the sign-off on ``version_id`` or a missing one."""
    signed = {
        sign_off.department: sign_off
        for sign_off in _SIGN_OFFS.all(
            reader.rows(
                """
                SELECT s.id, s.version_id, s.department, s.person_id, coalesce(p.name, ''), s.signed_on, s.comment,
                       coalesce(s.signer_department, '')
                FROM sign_off AS s LEFT JOIN person AS p ON p.id = s.person_id
                WHERE s.version_id = :version
                """,
                {"version": version_id},
            )
        )
    }
    return [
        signed[department]
        if department in signed
        else SignOffRow(
            id=None, version_id=version_id, department=department, person_id=None, person="", signed_on=None, comment=""
        )
        for department in StakeholderDepartment
    ]


def version_feedback(reader: Reader, version_id: int) -> list[FeedbackRow]:
    """The feedback on ``version_id``, oldest first."""
    return [
        feedback_row(row)
        for row in reader.rows(
            f"""
            SELECT {FEEDBACK_COLUMNS}
            FROM feedback AS f LEFT JOIN person AS p ON p.id = f.person_id
            WHERE f.version_id = :version
            ORDER BY f.received_on, f.id
            """,
            {"version": version_id},
        )
    ]
