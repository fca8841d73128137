"""What the project list and a project's overview page show.

Records are ``NamedTuple``s rather than dataclasses: this module is on the
desktop app's start-up path, and they are several times cheaper to define.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from app.db.reader import Reader, Row
from app.money import from_cents
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
    # Planned totals of the approved plans, per currency: (("EUR", Decimal("1200.00")),)
    approved_planned: tuple[tuple[str, Decimal], ...]


class ProjectOverview(NamedTuple):
    profile: ProjectProfile
    members: tuple[MemberRow, ...]
    counts: ProjectCounts


_PROFILE_COLUMNS = "id, name, description, stage, decision_mode, model_origin, personal_data, start_on, end_on"


def _date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _profile(row: Row) -> ProjectProfile:
    return ProjectProfile(
        id=row[0],
        name=row[1],
        description=row[2],
        stage=Stage(row[3]),
        decision_mode=DecisionMode(row[4]),
        model_origin=ModelOrigin(row[5]),
        personal_data=bool(row[6]),
        start_on=_date(row[7]),
        end_on=_date(row[8]),
    )


def list_projects(reader: Reader) -> list[ProjectProfile]:
    """Every project, by name."""
    return [_profile(row) for row in reader.rows(f"SELECT {_PROFILE_COLUMNS} FROM project ORDER BY name")]


def find_project(reader: Reader, name: str) -> ProjectProfile | None:
    """The project called ``name`` (exact, then case-insensitive)."""
    row = reader.one(f"SELECT {_PROFILE_COLUMNS} FROM project WHERE name = :name", {"name": name})
    if row is None:
        row = reader.one(f"SELECT {_PROFILE_COLUMNS} FROM project WHERE lower(name) = lower(:name)", {"name": name})
    return None if row is None else _profile(row)


def require_project(reader: Reader, name: str) -> ProjectProfile:
    """The project called ``name``, as :func:`find_project` finds it; a ``UserError`` saying so when none is."""
    from app.errors import UserError

    profile = find_project(reader, name)
    if profile is None:
        raise UserError(f"No project is called {name!r}; `steward projects` lists them.")
    return profile


def project_overview(reader: Reader, project_id: int, *, today: date | None = None) -> ProjectOverview | None:
    """A project's profile, its members (with their load across projects) and headline counts."""
    row = reader.one(f"SELECT {_PROFILE_COLUMNS} FROM project WHERE id = :id", {"id": project_id})
    if row is None:
        return None
    today = today or date.today()
    members = tuple(
        MemberRow(
            membership_id=member[0],
            person_id=member[1],
            name=member[2],
            department=member[3],
            role=member[4],
            allocation=float(member[5]),
            total_allocation=float(member[6]),
            active=bool(member[7]),
        )
        for member in reader.rows(
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
    approved = tuple(
        (currency, from_cents(cents) or Decimal("0.00"))
        for currency, cents in reader.rows(
            """
            SELECT b.currency, sum(l.planned) FROM budget_line AS l JOIN budget_plan AS b ON b.id = l.plan_id
            WHERE b.project_id = :id AND b.state = :approved GROUP BY b.currency ORDER BY b.currency
            """,
            {"id": project_id, "approved": "approved"},
        )
    )
    counts = ProjectCounts(
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
        approved_planned=approved,
    )
    return ProjectOverview(profile=_profile(row), members=members, counts=counts)


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
