"""Policy versions, their sign-offs and stakeholder feedback: the order of publishing, signing and approving.

What must hold (``app.services.policy.versions`` and ``feedback``): a version is
approved only once published, on or after its publication, and names who approved
it; it is signed off only once published; feedback is open exactly while it has no
day it was resolved.
"""

from __future__ import annotations

from app.db.reader import Reader
from app.queries.consistency.findings import RESTORE, Finding, ids_text, plural

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
            Finding(
                "policies.sign_off",
                f"{plural(len(ids), 'sign-off')} were given on a version that was never published.",
                f"table sign_off, {ids_text(ids)} on policy_version {version_id}: {words}",
                RESTORE,
                "sign_off",
                tuple(ids),
            )
        )
    return findings


def feedback(reader: Reader) -> list[Finding]:
    """Feedback is open exactly while it has no day it was resolved."""
    ids = [
        int(row[0])
        for row in reader.rows(
            "SELECT id FROM feedback WHERE (disposition = 'open') <> (resolved_on IS NULL) ORDER BY id"
        )
    ]
    if not ids:
        return []
    return [
        Finding(
            "policies.feedback",
            f"{plural(len(ids), 'piece')} of feedback are open with a day resolved, or resolved without one.",
            f"table feedback, {ids_text(ids)}",
            "Set each one's disposition again where it is shown (the item on the Backlog page, the version in the "
            "policy library): Steward records the day with it.",
            "feedback",
            tuple(ids),
        )
    ]
