"""What a plan could hold from the project's people: labour lines from its members' allocations and
cost rates, and the training and hiring lines that would close its staffing gaps.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal
from typing import NamedTuple

from app.analysis.budget.periods import Period
from app.analysis.budget.plans import ZERO
from app.db.reader import Reader
from app.errors import UserError
from app.money import CENT, from_cents
from app.settings import FinanceSettings
from models.enums import BudgetCategory, PeriodKind

# -- labour


class LabourLine(NamedTuple):
    person_id: int
    name: str
    category: str  # always "personnel"
    period: Period  # a quarter
    stage: str  # the project's stage
    planned: Decimal  # allocation x 3 months x monthly cost rate, to the cent
    description: str  # "<name> (<role>), <allocation> FTE"


def _allocation(value: float) -> Decimal:
    # Allocations are stored as floats; their shortest repr is what the user typed (0.1 stays 0.1).
    return Decimal(repr(float(value)))


# What a labour line's description says after the member's name: " (role)" if any, then ", 0.8 FTE".
_AFTER_NAME = re.compile(r"(?: \([^()]*\))?, [0-9.]+ FTE$")
ERASED_NAME = "Erased person {id}"


def erased_description(description: str, person_id: int) -> str:
    """A labour line's description once its member is erased: the name replaced, role and FTE kept.

    "Priya Raman (Lead data scientist), 0.8 FTE" becomes "Erased person 12 (Lead data
    scientist), 0.8 FTE"; a description of any other shape (edited by hand, so it may
    hold the name anywhere) becomes "Erased person 12" alone.
    """
    erased = ERASED_NAME.format(id=person_id)
    if description.startswith(erased):
        return description
    tail = _AFTER_NAME.search(description)
    return erased + (tail.group(0) if tail else "")


def labour_lines(reader: Reader, project_id: int, *, fiscal_year: int, start_month: int) -> list[LabourLine]:
    """One personnel line per active member per quarter of the fiscal year, by member name.

    Every quarter costs allocation x 3 x the person's monthly cost rate (the same in
    each quarter: memberships carry no dates); inactive members are left out.
    ``fiscal_year`` and ``start_month`` name the year the lines are for.
    """
    project = reader.one("SELECT stage FROM project WHERE id = :project_id", {"project_id": project_id})
    if project is None:
        raise UserError(f"Project {project_id} does not exist (it may have been deleted).")
    members = reader.rows(
        """
        SELECT person.id, person.name, membership.role, membership.allocation, person.cost_rate
        FROM membership JOIN person ON person.id = membership.person_id
        WHERE membership.project_id = :project_id AND person.active
        """,
        {"project_id": project_id},
    )
    members.sort(key=lambda row: (row[1].casefold(), row[0]))
    lines: list[LabourLine] = []
    for person_id, name, role, allocation, cost_rate in members:
        share = _allocation(allocation)
        planned = (share * 3 * (from_cents(cost_rate) or ZERO)).quantize(CENT, rounding=ROUND_HALF_EVEN)
        who = f"{name} ({role})" if role else name
        description = f"{who}, {share.normalize():f} FTE"
        lines.extend(
            LabourLine(
                person_id,
                name,
                BudgetCategory.PERSONNEL.value,
                Period(PeriodKind.QUARTER.value, quarter),
                project[0],
                planned,
                description,
            )
            for quarter in range(1, 5)
        )
    return lines


# -- cost of closing staffing gaps


class Proposal(NamedTuple):
    kind: str  # "training" | "hire"
    skill: str  # the requirement's skill
    description: str
    category: str  # "training" | "recruitment"
    amount: Decimal
    period: Period  # Q1: gaps are closed early in the year


def gap_cost_proposals(reader: Reader, project_id: int, settings: FinanceSettings) -> list[Proposal]:
    """Lines that would close the project's staffing gaps, in the staffing page's requirement order.

    A requirement with a gap and members one level short: train each of them one
    level (``training_cost_per_level`` each); with a gap and nobody one level short:
    hire the missing FTE at the area's yearly ``hire_cost`` (to the cent).
    """
    from app.analysis.skills import load_matrix
    from app.analysis.staffing import analyse_project, load_staffing_frame
    from app.settings import load_staffing_settings

    snapshot = load_matrix(reader, thresholds=load_staffing_settings(reader).shapes)
    staffing = analyse_project(snapshot, load_staffing_frame(reader), project_id)
    first_quarter = Period(PeriodKind.QUARTER.value, 1)
    proposals: list[Proposal] = []
    for requirement in staffing.requirements:
        if requirement.gap_fte <= 0:
            continue
        if requirement.training_candidates:
            proposals.extend(
                Proposal(
                    "training",
                    requirement.skill,
                    f"Train {member.name} in {requirement.skill} from level {member.level} to {requirement.min_level}",
                    BudgetCategory.TRAINING.value,
                    Decimal(settings.training_cost_per_level),
                    first_quarter,
                )
                for member in requirement.training_candidates
            )
            continue
        gap = _allocation(requirement.gap_fte)
        amount = (gap * settings.hire_cost(requirement.area)).quantize(CENT, rounding=ROUND_HALF_EVEN)
        proposals.append(
            Proposal(
                "hire",
                requirement.skill,
                f"Hire {gap.normalize():f} FTE for {requirement.skill} ({requirement.area})",
                BudgetCategory.RECRUITMENT.value,
                amount,
                first_quarter,
            )
        )
    return proposals
