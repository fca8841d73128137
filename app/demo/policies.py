"""The demo's policies: their versions, sign-offs and stakeholder feedback.

Each policy of ``resources/demo/policies.json`` is written version by version,
every version's text assembled from the sections as they stood then. Dates are
relative to ``today`` and never later than yesterday.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from app.demo.records import Project, between
from app.demo.state import DemoState
from app.services.policy import add_months, signer_department_of
from models.enums import StakeholderDepartment


def add_policy(
    demo: DemoState, spec: Mapping[str, Any], *, project: Project | None, title: str, day_factor: float = 1.0
) -> int:
    """A policy with its versions, sign-offs and version feedback; returns its id."""
    policy_id = demo.writer.next_id("policy")
    last_approved_on: date | None = None
    for number, version in enumerate(spec["versions"], start=1):
        approved_on = _add_version(
            demo, spec, version, policy_id=policy_id, number=number, project=project, title=title, day_factor=day_factor
        )
        last_approved_on = approved_on or last_approved_on
    status = spec["status"]
    # The next review is due one cadence after the last approval; drafts and retired policies have none.
    next_review_on = None
    if status in ("approved", "in_review") and last_approved_on is not None:
        next_review_on = add_months(last_approved_on, spec["review_cadence_months"])
    demo.pending["policy"].append(
        {
            "id": policy_id,
            "project_id": project.id if project else None,
            "title": title,
            "category": spec["category"],
            "owner_department": spec["owner_department"],
            "status": status,
            "review_cadence_months": spec["review_cadence_months"],
            "next_review_on": next_review_on,
            "framework_refs": spec["framework_refs"],
        }
    )
    return policy_id


def _add_version(
    demo: DemoState,
    spec: Mapping[str, Any],
    version: Mapping[str, Any],
    *,
    policy_id: int,
    number: int,
    project: Project | None,
    title: str,
    day_factor: float,
) -> date | None:
    """Version ``number`` of a policy with its sign-offs and feedback; returns the day it was approved, if it was."""
    owner = spec["owner_department"]
    created_on = min(demo.today + timedelta(days=round(version["days"] * day_factor)), demo.yesterday)
    published_on = approved_on = None
    if version["published"]:
        published_on = between(created_on + timedelta(days=4), created_on, demo.yesterday)
    approved_by_id = demo.person_id(version.get("approved_by"), department=owner, project=project)
    if approved_by_id is not None:
        approved_on = between(created_on + timedelta(days=11), created_on, demo.yesterday)
    version_id = demo.writer.next_id("policy_version")
    demo.pending["policy_version"].append(
        {
            "id": version_id,
            "policy_id": policy_id,
            "number": number,
            "text": policy_text(title, spec["sections"], number),
            "change_summary": version["change_summary"],
            "author_id": demo.person_id(version["author"], department=owner, project=project),
            "created_on": created_on,
            "published_on": published_on,
            "approved_by_id": approved_by_id,
            "approved_on": approved_on,
        }
    )
    _add_sign_offs(
        demo,
        version.get("sign_offs", {}),
        version_id=version_id,
        project=project,
        signed_from=created_on,
        signed_by=approved_on or demo.yesterday,
    )
    for index, feedback in enumerate(version.get("feedback", [])):
        received_on = between(created_on + timedelta(days=2 + index), created_on, demo.yesterday)
        add_feedback(demo, feedback, version_id=version_id, received_on=received_on, project=project)
    return approved_on


def _add_sign_offs(
    demo: DemoState,
    signers: Mapping[str, str],
    *,
    version_id: int,
    project: Project | None,
    signed_from: date,
    signed_by: date,
) -> None:
    """One sign-off per stakeholder group the recipe names, a day apart, between ``signed_from`` and ``signed_by``."""
    for index, (stakeholder, name) in enumerate(signers.items()):
        speaking_for = demo.org_department(stakeholder, project)
        signer_id = demo.person_id(name, department=speaking_for, project=project)
        signed_on = between(signed_from + timedelta(days=6 + index), signed_from, signed_by)
        # Someone of Payments signing for End users is recorded as such, by the service's own rule.
        own = "" if signer_id is None else demo.person_by_id[signer_id].department
        demo.pending["sign_off"].append(
            {
                "version_id": version_id,
                "department": stakeholder,
                "person_id": signer_id,
                "signer_department": signer_department_of(own, StakeholderDepartment(stakeholder)),
                "signed_on": signed_on,
                "comment": "",
            }
        )


def add_feedback(
    demo: DemoState,
    spec: Mapping[str, Any],
    *,
    received_on: date,
    project: Project | None,
    item_id: int | None = None,
    version_id: int | None = None,
) -> None:
    """A stakeholder's comment on a policy version or a backlog item, resolved a few days later unless open."""
    disposition = spec["disposition"]
    resolved_on = None
    if disposition != "open":
        resolved_on = between(received_on + timedelta(days=demo.rng.randint(1, 5)), received_on, demo.yesterday)
    speaking_for = demo.org_department(spec["department"], project)
    demo.pending["feedback"].append(
        {
            "item_id": item_id,
            "version_id": version_id,
            "department": spec["department"],
            "person_id": demo.person_id(spec.get("person"), department=speaking_for, project=project),
            "comment": spec["comment"],
            "disposition": disposition,
            "received_on": received_on,
            "resolved_on": resolved_on,
        }
    )


def policy_text(title: str, sections: Sequence[Mapping[str, Any]], number: int) -> str:
    """Version ``number`` of a policy in Markdown: every section as it stood at that version."""
    parts = [f"# {title}", ""]
    for section in sections:
        body = None
        for since, text in sorted(section["text"].items(), key=lambda entry: int(entry[0])):
            if int(since) <= number:
                body = text
        if body:
            parts += [f"## {section['heading']}", "", body, ""]
    return "\n".join(parts).rstrip() + "\n"
