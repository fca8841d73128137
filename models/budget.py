"""Budget plans (one scenario of one fiscal year) and their lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import enum_column, money_column
from models.enums import BudgetCategory, PeriodKind, PlanState, Stage


class BudgetPlan(SQLModel, table=True):
    __tablename__ = "budget_plan"
    __table_args__ = (
        UniqueConstraint("project_id", "name", "fiscal_year", "revision"),
        CheckConstraint("fiscal_year BETWEEN 2000 AND 2200", name="fiscal_year_range"),
        CheckConstraint("length(currency) = 3", name="currency_code"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="RESTRICT", index=True)
    name: str = Field(max_length=100)
    fiscal_year: int
    currency: str = Field(default="EUR", max_length=3)
    state: PlanState = enum_column(PlanState, name="plan_state", default=PlanState.DRAFT)
    revision: int = Field(default=1)
    revision_of_id: int | None = Field(default=None, foreign_key="budget_plan.id", ondelete="SET NULL")
    # Who approved the plan for the sign-off block (a person of the organisation), and when.
    approved_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="RESTRICT")
    approved_on: date | None = Field(default=None)


class BudgetLine(SQLModel, table=True):
    """One planned amount (and its actual) for a category, period and stage.

    The period is a month (1–12) or quarter (1–4) of the plan's fiscal year,
    counted from the fiscal year's first month (a setting).
    """

    __tablename__ = "budget_line"
    __table_args__ = (
        CheckConstraint(
            "(period_kind = 'month' AND period_number BETWEEN 1 AND 12)"
            " OR (period_kind = 'quarter' AND period_number BETWEEN 1 AND 4)",
            name="period_range",
        ),
        CheckConstraint("planned >= 0", name="planned_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="budget_plan.id", ondelete="CASCADE", index=True)
    category: BudgetCategory = enum_column(BudgetCategory, name="budget_category")
    description: str = Field(default="")
    period_kind: PeriodKind = enum_column(PeriodKind, name="period_kind", default=PeriodKind.MONTH)
    period_number: int
    stage: Stage = enum_column(Stage, name="line_stage", default=Stage.DEVELOPMENT)
    planned: Decimal = money_column(default=Decimal("0.00"))
    actual: Decimal | None = money_column(nullable=True)
    note: str = Field(default="")
    # Labour lines are computed from memberships; the person they came from.
    labour_person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="RESTRICT")
