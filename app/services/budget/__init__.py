"""Writing budget plans and their lines: each call one transaction with one audit event.

A plan moves draft → submitted → approved → closed (and submitted → draft to
rework it). Only a draft can change; an approved or closed plan is changed by
revising it into a new draft. Actuals are the exception: finance records spending
against the approved budget, so ``set_actuals`` (and an ``update_line`` that only
sets the actual) works on any plan that is not closed.

The modules go by concept: ``plans`` (create, rename, delete a draft),
``approvals`` (its state, approval and revisions), ``lines`` (a draft's lines),
``actuals`` (spending recorded) over ``inputs`` (checking values) and ``rows``
(finding a plan, guarding its state). Every name is also here, so callers write
``from app.services import budget`` and ``budget.create_plan(...)``.
"""

from __future__ import annotations

from app.services.budget.actuals import set_actuals, set_actuals_of_plans
from app.services.budget.approvals import ALLOWED_MOVES, approve_plan, revise_plan, set_plan_state
from app.services.budget.inputs import LINE_FIELDS, ActualInput, LineInput
from app.services.budget.lines import (
    add_lines,
    delete_lines,
    edit_lines,
    refresh_labour_lines,
    update_line,
    update_lines,
)
from app.services.budget.plans import create_plan, delete_plan, rename_plan

__all__ = [
    "ALLOWED_MOVES",
    "LINE_FIELDS",
    "ActualInput",
    "LineInput",
    "add_lines",
    "approve_plan",
    "create_plan",
    "delete_lines",
    "delete_plan",
    "edit_lines",
    "refresh_labour_lines",
    "rename_plan",
    "revise_plan",
    "set_actuals",
    "set_actuals_of_plans",
    "set_plan_state",
    "update_line",
    "update_lines",
]
