"""Policy versions, their sign-offs and stakeholder feedback: the order of publishing, signing and approving.

What must hold (``app.services.policy.versions`` and ``feedback``): a policy's
status follows its current (newest published) version, draft before any is
published, in review until that one is approved, approved after (retired is the
user's, whatever the versions say); a version is
approved only once published, on or after its publication, and names who approved
it; it is signed off only once published; feedback is open exactly while it has no
day it was resolved.
"""

from __future__ import annotations

from app.db.reader import Reader
from app.queries.consistency.findings import RESTORE, Finding, plural, row_ids, rows_finding

_VERSION = """
    SELECT v.id, p.title, coalesce(project.name, ''), v.number FROM policy_version AS v
    JOIN policy AS p ON p.id = v.policy_id LEFT JOIN project ON project.id = p.project_id
"""


def _version_words(title: str, project: str, number: int) -> str:
    owner = f" of project {project!r}" if project else " (organisation-wide)"
    return f"version {number} of policy {title!r}{owner}"


def versions(reader: Reader) -> list[Finding]:
    """A version is approved only once published, not before its publication, and names its approver."""
    findings = []
    rules = (
        ("v.approved_on IS NOT NULL AND v.published_on IS NULL", "The version is approved but was never published."),
        (
            "v.approved_on IS NOT NULL AND v.published_on IS NOT NULL AND v.approved_on < v.published_on",
            "The version was approved before it was published.",
        ),
        (
            "(v.approved_on IS NULL) <> (v.approved_by_id IS NULL)",
            "The version records an approval day without its approver, or an approver without the day.",
        ),
    )
    for condition, problem in rules:
        for version_id, title, project, number in reader.rows(f"{_VERSION} WHERE {condition} ORDER BY v.id"):
            findings.append(
                Finding(
                    "policies.version",
                    problem,
                    f"table policy_version, row {version_id}: {_version_words(title, project, number)}",
                    RESTORE,
                    "policy_version",
                    (int(version_id),),
                )
            )
    return findings


def sign_offs(reader: Reader) -> list[Finding]:
    """Only a published version is signed off."""
    findings = []
    rows = reader.rows(
        """
        SELECT s.id, v.id, p.title, coalesce(project.name, ''), v.number
        FROM sign_off AS s JOIN policy_version AS v ON v.id = s.version_id
        JOIN policy AS p ON p.id = v.policy_id LEFT JOIN project ON project.id = p.project_id
        WHERE v.published_on IS NULL ORDER BY s.id
        """
    )
    by_version: dict[int, tuple[str, list[int]]] = {}
    for sign_off_id, version_id, title, project, number in rows:
        by_version.setdefault(int(version_id), (_version_words(title, project, number), []))[1].append(int(sign_off_id))
    for version_id, (words, ids) in sorted(by_version.items()):
        findings.append(
            rows_finding(
                "policies.sign_off",
                f"{plural(len(ids), 'sign-off')} were given on a version that was never published.",
                "sign_off",
                ids,
                then=f" on policy_version {version_id}: {words}",
            )
        )
    return findings


def feedback(reader: Reader) -> list[Finding]:
    """Feedback is open exactly while it has no day it was resolved."""
    ids = row_ids(reader, "SELECT id FROM feedback WHERE (disposition = 'open') <> (resolved_on IS NULL) ORDER BY id")
    if not ids:
        return []
    return [
        rows_finding(
            "policies.feedback",
            f"{plural(len(ids), 'piece')} of feedback are open with a day resolved, or resolved without one.",
            "feedback",
            ids,
            advice=(
                "Set each one's disposition again where it is shown (the item on the Backlog page, the version in "
                "the policy library): Steward records the day with it."
            ),
        )
    ]


def _status_problem(status: str, current: int | None, approved: bool) -> str | None:
    """What is wrong with a policy's status against its current (newest published) version, or None."""
    if status == "retired":
        return None
    expected = "draft" if current is None else "approved" if approved else "in_review"
    if status == expected:
        return None
    if current is None:
        return f"The policy is {status.replace('_', ' ')} but none of its versions was ever published."
    state = "approved" if approved else "published and not yet approved"
    return f"The policy is {status.replace('_', ' ')} but its current version {current} is {state}."


def statuses(reader: Reader) -> list[Finding]:
    """A policy's status follows its current version: draft before any is published, then in review or approved."""
    findings = []
    for policy_id, title, project, status, current, approved_on in reader.rows(
        """
        SELECT p.id, p.title, coalesce(project.name, ''), p.status, v.number, v.approved_on
        FROM policy AS p LEFT JOIN project ON project.id = p.project_id
        LEFT JOIN policy_version AS v ON v.id = (
            SELECT id FROM policy_version WHERE policy_id = p.id AND published_on IS NOT NULL
            ORDER BY number DESC LIMIT 1
        )
        ORDER BY p.id
        """
    ):
        problem = _status_problem(str(status), current, approved_on is not None)
        if problem is not None:
            owner = f" of project {project!r}" if project else " (organisation-wide)"
            findings.append(
                Finding(
                    "policies.status",
                    problem,
                    f"table policy, row {policy_id}: policy {title!r}{owner}",
                    f"{RESTORE[:-1]}; Steward sets a policy's status only from its versions.",
                    "policy",
                    (int(policy_id),),
                )
            )
    return findings
