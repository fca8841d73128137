"""Budget plans: their approval, their revision chain, and the figures an approval froze.

What must hold (``app.services.budget``): an approved plan records who approved it
and when, and a draft or a submitted plan carries no approval; a revision copies an
approved or closed plan of the same project and fiscal year and has a higher
revision number, and only a revision names the plan it revises; once a plan is
approved its planned lines never change again (only actuals do), so no audit event
after the approval adds, deletes, re-plans or refreshes its lines, and it still holds
at least the lines a revision copied from it (the revision's audit event counts them).
"""

from __future__ import annotations

from typing import NamedTuple

from app.db.reader import Reader
from app.queries.consistency.findings import RESTORE, Finding, audit_values, field, ids_text, is_json, plan_words
from models.enums import PlanState

_APPROVED = PlanState.APPROVED.value
_FINAL = (PlanState.APPROVED.value, PlanState.CLOSED.value)
_OPEN = (PlanState.DRAFT.value, PlanState.SUBMITTED.value)
# Audit actions on a plan that change its planned lines, and the line fields an approved plan keeps.
_LINE_CHANGES = ("lines added", "lines deleted", "labour refreshed")
_UNFROZEN_FIELDS = frozenset({"actual"})


class _Plan(NamedTuple):
    id: int
    project: str
    project_id: int
    name: str
    fiscal_year: int
    revision: int
    state: str
    revision_of_id: int | None
    approved_by_id: int | None
    approved_on: str | None

    def words(self) -> str:
        return f"{plan_words(self.name, self.fiscal_year, self.revision)} of project {self.project!r}"


def _plans(reader: Reader) -> dict[int, _Plan]:
    rows = reader.rows(
        """
        SELECT b.id, coalesce(p.name, '?'), b.project_id, b.name, b.fiscal_year, b.revision, b.state,
               b.revision_of_id, b.approved_by_id, b.approved_on
        FROM budget_plan AS b LEFT JOIN project AS p ON p.id = b.project_id
        ORDER BY b.id
        """
    )
    return {row[0]: _Plan(*row) for row in rows}


def approvals(reader: Reader) -> list[Finding]:
    """An approved plan names its approver and day; a draft or submitted one names neither."""
    findings = []
    for plan in _plans(reader).values():
        where = f"table budget_plan, row {plan.id}: {plan.words()}"
        if plan.state == _APPROVED and (plan.approved_by_id is None or plan.approved_on is None):
            findings.append(
                Finding(
                    "budget.approval",
                    "The plan is approved but does not record who approved it or on which day.",
                    where,
                    f"{RESTORE[:-1]}; Steward always records the approver when it approves a plan.",
                    "budget_plan",
                    (plan.id,),
                )
            )
        elif plan.state in _OPEN and (plan.approved_by_id is not None or plan.approved_on is not None):
            findings.append(
                Finding(
                    "budget.approval",
                    f"The plan is {plan.state} but carries an approval (approver or day), so reports "
                    "may call it final.",
                    where,
                    f"{RESTORE[:-1]}; Steward never leaves an approval on a plan that is not approved.",
                    "budget_plan",
                    (plan.id,),
                )
            )
    return findings


def _chain_problem(plan: _Plan, plans: dict[int, _Plan]) -> str | None:
    """What is wrong with the plan's place in its revision chain, or None."""
    if plan.revision_of_id is None:
        return None if plan.revision == 1 else f"Revision {plan.revision} does not name the plan it revises."
    original = plans.get(plan.revision_of_id)
    if original is None:
        return f"The plan revises plan {plan.revision_of_id}, which does not exist."
    if plan.revision == 1:
        return f"The plan is revision 1 yet names plan {original.id} as the plan it revises."
    if (original.project_id, original.fiscal_year) != (plan.project_id, plan.fiscal_year):
        return f"The plan revises {original.words()}, of another project or fiscal year."
    if original.revision >= plan.revision:
        return f"The plan (revision {plan.revision}) revises {original.words()}, which is not an earlier revision."
    if original.state not in _FINAL:
        return f"The plan revises {original.words()}, which is {original.state}: only approved plans are revised."
    return None


def revision_chains(reader: Reader) -> list[Finding]:
    """Each revision points at an earlier, approved or closed revision of the same project and year."""
    plans = _plans(reader)
    findings = []
    for plan in plans.values():
        problem = _chain_problem(plan, plans)
        if problem is not None:
            findings.append(
                Finding(
                    "budget.revisions",
                    problem,
                    f"table budget_plan, row {plan.id}: {plan.words()}",
                    RESTORE,
                    "budget_plan",
                    (plan.id,),
                )
            )
    return findings


def _approval_events(reader: Reader) -> dict[int, int]:
    """The id of each plan's first approval event (events are append-only, so ids run in time order)."""
    first: dict[int, int] = {}
    for event_id, plan_id, after in reader.rows(
        "SELECT id, entity_id, after FROM audit_event WHERE entity = 'budget_plan' AND action = 'state changed'"
    ):
        if plan_id is not None and field(audit_values(after), "state") == "approved":
            first[int(plan_id)] = min(int(event_id), first.get(int(plan_id), int(event_id)))
    return first


def _line_events_after(reader: Reader, approved: dict[int, int]) -> dict[int, list[int]]:
    """Per approved plan, the audit events after its approval that changed its planned lines."""
    changed: dict[int, list[int]] = {}
    plan_marks = ", ".join(f"'{action}'" for action in _LINE_CHANGES)
    for event_id, plan_id in reader.rows(
        f"SELECT id, entity_id FROM audit_event WHERE entity = 'budget_plan' AND action IN ({plan_marks})"
    ):
        if plan_id in approved and event_id > approved[plan_id]:
            changed.setdefault(plan_id, []).append(int(event_id))
    for event_id, plan_id, before in reader.rows(
        """
        SELECT e.id, l.plan_id, e.before FROM audit_event AS e JOIN budget_line AS l ON l.id = e.entity_id
        WHERE e.entity = 'budget_line' AND e.action = 'updated'
        """
    ):
        values = audit_values(before)
        if not is_json(values) or plan_id not in approved or event_id < approved[plan_id]:
            continue
        fields = set(values)
        if fields - _UNFROZEN_FIELDS:
            changed.setdefault(plan_id, []).append(int(event_id))
    return changed


def frozen_figures(reader: Reader) -> list[Finding]:
    """An approved plan's planned lines stay as approved: no audit event after the approval changed them."""
    approved = _approval_events(reader)
    plans = _plans(reader)
    findings = []
    for plan_id, events in sorted(_line_events_after(reader, approved).items()):
        plan = plans.get(plan_id)
        if plan is None or plan.state not in _FINAL:
            continue
        events.sort()
        findings.append(
            Finding(
                "budget.frozen",
                "The plan's planned lines were changed after it was approved, so its figures are not the ones "
                "that were approved.",
                f"table budget_plan, row {plan.id}: {plan.words()}; audit {ids_text(events, noun='event')}",
                "Compare the plan with the audit trail (`steward audit --entity budget_plan`); to keep the approved "
                f"figures, {RESTORE[0].lower()}{RESTORE[1:]}",
                "budget_plan",
                (plan.id,),
            )
        )
    return findings


def revision_copies(reader: Reader) -> list[Finding]:
    """An approved plan loses no line: it holds at least the lines each revision of it copied (audited then)."""
    plans = _plans(reader)
    counts: dict[int, int] = {
        int(plan_id): int(count)
        for plan_id, count in reader.rows("SELECT plan_id, count(*) FROM budget_line GROUP BY plan_id")
    }
    findings = []
    for event_id, revision_id, after in reader.rows(
        "SELECT id, entity_id, after FROM audit_event WHERE entity = 'budget_plan' AND action = 'revised' ORDER BY id"
    ):
        values = audit_values(after)
        original_id, copied = field(values, "revision_of_id"), field(values, "lines")
        original = plans.get(original_id)
        if original is None or original.state not in _FINAL or not isinstance(copied, int):
            continue
        held = counts.get(original.id, 0)
        if held < copied:
            findings.append(
                Finding(
                    "budget.revision_copy",
                    f"The plan holds {held} lines, fewer than the {copied} its revision (budget_plan {revision_id}) "
                    "copied from it: lines of an approved plan were deleted.",
                    f"table budget_plan, row {original.id}: {original.words()}; audit event {event_id}",
                    RESTORE,
                    "budget_plan",
                    (original.id,),
                )
            )
    return findings
