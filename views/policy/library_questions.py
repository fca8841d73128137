"""What the policy library asks before an edit that cannot be undone: publishing and approving a version."""

from __future__ import annotations

from datetime import date

from app.queries.policy import PolicyRow, SignOffRow, VersionRow
from views.labels import tr


def publish_question(
    version: VersionRow, *, title: str, current: VersionRow | None, current_signed: int | None
) -> tuple[str, str]:
    """What publishing ``version`` asks, and what it says publishing freezes.

    ``current`` is the policy's current version and ``current_signed`` how many
    departments signed it off (None when the library is not loaded).
    """
    text = tr("Publish version {number} of {title} for review?").format(number=version.number, title=title)
    if current is not None and current_signed is not None:
        detail = tr(
            "It becomes the current version, which stakeholders sign off afresh; version {current} keeps its "
            "{signed} sign-off(s) as they are, no longer open to change, and the policy is in review until "
            "version {number} is approved. Publishing cannot be undone."
        ).format(current=current.number, signed=current_signed, number=version.number)
    else:
        detail = tr(
            "It becomes the current version, for the stakeholder departments to sign off, and the policy is "
            "in review until it is approved. Publishing cannot be undone."
        )
    return text, detail


def approval_prompt(policy: PolicyRow, version: VersionRow, *, owner_listed_first: bool) -> str:
    """What the approver picker asks; it says when the owner department's people are listed first."""
    prompt = tr("Who approves version {number} of {title}?").format(number=version.number, title=policy.title)
    if owner_listed_first:
        prompt += " " + tr("The people of {owner}, the owner department, are listed first.").format(
            owner=policy.owner_department
        )
    return prompt


def approval_question(
    policy: PolicyRow, version: VersionRow, approver: str, *, sign_offs: list[SignOffRow]
) -> tuple[str, str]:
    """What approving asks, and what it records and freezes (``sign_offs``: the version's, per department)."""
    from app.services.policy import add_months

    today = date.today()
    signed = sum(row.signed for row in sign_offs)
    text = tr("Approve version {number} of {title}, with {person} as the approver?").format(
        number=version.number, title=policy.title, person=approver
    )
    detail = tr(
        "{signed} of {total} stakeholder departments have signed it off. Approving records {person} as the "
        "approver on {today}, makes the policy approved and sets its next review to {review}. An approval "
        "cannot be undone or changed: a later change needs a new version."
    ).format(
        signed=signed,
        total=len(sign_offs),
        person=approver,
        today=today.isoformat(),
        review=add_months(today, policy.review_cadence_months).isoformat(),
    )
    return text, detail
