"""What the project list and a project's overview page show.

Records are ``NamedTuple``s rather than dataclasses: this module is on the
desktop app's start-up path, and they are several times cheaper to define.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from app.db.reader import Reader
from app.money import from_cents
from app.queries.records import Records
from app.queries.values import day
from models.enums import DecisionMode, ItemStatus, ModelOrigin, SprintState, Stage


class ProjectProfile(NamedTuple):
    id: int
    name: str
    description: str
    stage: Stage
    decision_mode: DecisionMode
    model_origin: ModelOrigin
    personal_data: bool
    start_on: date | None
    end_on: date | None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "stage": self.stage.value,
            "decision_mode": self.decision_mode.value,
            "model_origin": self.model_origin.value,
            "personal_data": self.personal_data,
            "start_on": self.start_on.isoformat() if self.start_on else None,
            "end_on": self.end_on.isoformat() if self.end_on else None,
        }


class MemberRow(NamedTuple):
    membership_id: int
    person_id: int
    name: str
    department: str
    role: str
    allocation: float
    # The person's allocation summed over all their projects: over 1.0 is overbooked.
    total_allocation: float
    active: bool


class ApprovedPlan(NamedTuple):
    """A scenario's approved plan: the budget of record for its fiscal year (it may be closed since)."""

    plan_id: int
    fiscal_year: int
    name: str
    revision: int
    currency: str
    state: str  # "approved", or "closed" once the year is over
    planned: Decimal


class ProjectCounts(NamedTuple):
    members: int
    member_fte: float
    requirements: int
    policies: int
    stale_policies: int
    open_items: int
    open_points: int
    active_sprint: str | None
    open_feedback: int
    budget_plans: int
    # The approved plan of each scenario (its newest approved revision), newest fiscal year first, then by name.
    # Scenarios are alternatives: two approved for one year are two figures, never one sum.
    approved_plans: tuple[ApprovedPlan, ...]


class ProjectOverview(NamedTuple):
    profile: ProjectProfile
    members: tuple[MemberRow, ...]
    counts: ProjectCounts


_PROFILE_COLUMNS = "id, name, description, stage, decision_mode, model_origin, personal_data, start_on, end_on"


_PROFILES = Records(
    ProjectProfile,
    stage=Stage,
    decision_mode=DecisionMode,
    model_origin=ModelOrigin,
    personal_data=bool,
    start_on=day,
    end_on=day,
)
_MEMBERS = Records(MemberRow, allocation=float, total_allocation=float, active=bool)


def _one_profile(reader: Reader, condition: str, params: dict[str, object]) -> ProjectProfile | None:
    """The first project where ``condition`` (SQL over ``project``) holds, or None."""
    row = reader.one(f"SELECT {_PROFILE_COLUMNS} FROM project WHERE {condition}", params)
    return None if row is None else _PROFILES.one(row)


def list_projects(reader: Reader) -> list[ProjectProfile]:
    """Every project, by name."""
    return _PROFILES.all(reader.rows(f"SELECT {_PROFILE_COLUMNS} FROM project ORDER BY name"))


def project_name(reader: Reader, project_id: int) -> str | None:
    """The name of project ``project_id``; None when there is no such project (it may have been deleted)."""
    name = reader.scalar("SELECT name FROM project WHERE id = :id", {"id": project_id})
    return None if name is None else str(name)


def find_project(reader: Reader, name: str) -> ProjectProfile | None:
    """The project called ``name`` (exact, then case-insensitive)."""
    exact = _one_profile(reader, "name = :name", {"name": name})
    return exact or _one_profile(reader, "lower(name) = lower(:name)", {"name": name})


def require_project(reader: Reader, name: str) -> ProjectProfile:
    """The project called ``name``, as :func:`find_project` finds it; a ``UserError`` saying so when none is."""
    from app.errors import UserError

    profile = find_project(reader, name)
    if profile is None:
        raise UserError(f"No project is called {name!r}; `steward projects` lists them.")
    return profile


# -- budget plan approvals

# The move to approved as ``app.services.budget`` audits it (``json.dumps(..., sort_keys=True)``).
APPROVAL_PARAMS = {"approved_move": '%"state": "approved"%'}


def approval_columns(alias: str) -> str:
    """Two SQL columns of plan ``alias``: the day its approval was recorded, and (only for a plan approved before
    approvals were recorded) the time its audit trail shows the move to approved. Needs ``APPROVAL_PARAMS``."""
    return f"""{alias}.approved_on,
        CASE WHEN {alias}.approved_on IS NULL AND {alias}.state IN ('approved', 'closed') THEN
            (SELECT min(approval.at) FROM audit_event AS approval
             WHERE approval.entity = 'budget_plan' AND approval.entity_id = {alias}.id
               AND approval.action = 'state changed' AND approval.after LIKE :approved_move)
        END"""


def approval_of(state: str, approved_on: object, audited_at: object) -> tuple[bool, date | None]:
    """Whether a plan was approved, and on which day, from its state and ``approval_columns``.

    An approved plan is approved whatever the record says; a closed one only when its
    approval is recorded (closing keeps it) or audited: a plan closed without ever
    being approved is not final, and its report says so.
    """
    approved_day = day(approved_on) or day(audited_at)
    return str(state) == "approved" or approved_day is not None, approved_day


def _approved_plans(reader: Reader, project_id: int) -> tuple[ApprovedPlan, ...]:
    """Each scenario's newest approved revision, newest fiscal year first, then by scenario name."""
    rows = reader.rows(
        f"""
        SELECT b.id, b.fiscal_year, b.name, b.revision, b.currency, b.state,
               (SELECT coalesce(sum(l.planned), 0) FROM budget_line AS l WHERE l.plan_id = b.id),
               {approval_columns("b")}
        FROM budget_plan AS b
        WHERE b.project_id = :id AND b.state IN ('approved', 'closed')
        """,
        {"id": project_id, **APPROVAL_PARAMS},
    )
    newest: dict[tuple[int, str], ApprovedPlan] = {}
    for plan_id, fiscal_year, name, revision, currency, state, cents, approved_on, audited_at in rows:
        if not approval_of(state, approved_on, audited_at)[0]:
            continue
        plan = ApprovedPlan(
            plan_id, fiscal_year, name, revision, currency, str(state), from_cents(cents) or Decimal("0.00")
        )
        key = (fiscal_year, name.casefold())
        if key not in newest or plan.revision > newest[key].revision:
            newest[key] = plan
    return tuple(sorted(newest.values(), key=lambda plan: (-plan.fiscal_year, plan.name.casefold(), plan.plan_id)))


def project_overview(reader: Reader, project_id: int, *, today: date | None = None) -> ProjectOverview | None:
    """A project's profile, its members (with their load across projects) and headline counts."""
    profile = _one_profile(reader, "id = :id", {"id": project_id})
    if profile is None:
        return None
    members = _members(reader, project_id)
    return ProjectOverview(
        profile=profile, members=members, counts=_counts(reader, project_id, members, today=today or date.today())
    )


def _members(reader: Reader, project_id: int) -> tuple[MemberRow, ...]:
    """The project's members, most allocated first, each with their allocation summed over all projects."""
    return tuple(
        _MEMBERS.all(
            reader.rows(
                """
                SELECT m.id, p.id, p.name, p.department, m.role, m.allocation,
                       (SELECT sum(other.allocation) FROM membership AS other WHERE other.person_id = p.id),
                       p.active
                FROM membership AS m JOIN person AS p ON p.id = m.person_id
                WHERE m.project_id = :id
                ORDER BY m.allocation DESC, p.name
                """,
                {"id": project_id},
            )
        )
    )


def _counts(reader: Reader, project_id: int, members: tuple[MemberRow, ...], *, today: date) -> ProjectCounts:
    """The overview's headline counts, in one statement, and the approved plans."""
    params = {
        "id": project_id,
        "today": today.isoformat(),
        "done": ItemStatus.DONE.value,
        "active": SprintState.ACTIVE.value,
        "open": "open",
    }
    counts_row = reader.one(
        """
        SELECT
          (SELECT count(*) FROM skill_requirement WHERE project_id = :id),
          (SELECT count(*) FROM policy WHERE project_id = :id),
          (SELECT count(*) FROM policy WHERE project_id = :id AND status <> 'retired'
                                        AND next_review_on IS NOT NULL AND next_review_on < :today),
          (SELECT count(*) FROM backlog_item WHERE project_id = :id AND status <> :done),
          (SELECT coalesce(sum(points), 0) FROM backlog_item WHERE project_id = :id AND status <> :done),
          (SELECT name FROM sprint WHERE project_id = :id AND state = :active ORDER BY start_on DESC LIMIT 1),
          (SELECT count(*) FROM feedback AS f JOIN backlog_item AS i ON i.id = f.item_id
                WHERE i.project_id = :id AND f.disposition = :open)
          + (SELECT count(*) FROM feedback AS f JOIN policy_version AS v ON v.id = f.version_id
                JOIN policy AS pol ON pol.id = v.policy_id WHERE pol.project_id = :id AND f.disposition = :open),
          (SELECT count(*) FROM budget_plan WHERE project_id = :id)
        """,
        params,
    )
    assert counts_row is not None
    return ProjectCounts(
        members=len(members),
        member_fte=round(sum(member.allocation for member in members), 2),
        requirements=counts_row[0],
        policies=counts_row[1],
        stale_policies=counts_row[2],
        open_items=counts_row[3],
        open_points=counts_row[4],
        active_sprint=counts_row[5],
        open_feedback=counts_row[6],
        budget_plans=counts_row[7],
        approved_plans=_approved_plans(reader, project_id),
    )


def organisation_counts(reader: Reader) -> dict[str, int]:
    """How much the database holds, to tell an empty organisation from a used one."""
    row = reader.one(
        """
        SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM project),
               (SELECT count(*) FROM policy), (SELECT count(*) FROM backlog_item),
               (SELECT count(*) FROM budget_plan)
        """
    )
    assert row is not None
    return dict(zip(("people", "projects", "policies", "backlog_items", "budget_plans"), row, strict=True))
