"""Actual spending from finance's spreadsheet, recorded against budget plans: checked first, then applied.

One row per amount: project, plan, period, category, amount and, optionally, a
description; CSV or XLSX, read by the same code as the skills matrix
(``app.io.matrix_file``), with problems reported the same way: one sentence per
cell, with its row and column.

- **project**: a project's name, any case.
- **plan**: a plan's name within that project. The actuals go to the revision
  approved for spending, chosen as the budget report chooses it
  (``app.analysis.budget.choose_among``): of that name's latest fiscal year, the
  newest approved revision, else (none approved yet) the newest. A draft revision
  2 made after an approved revision 1 takes no actuals until it is approved; a
  chosen revision that is closed is refused.
- **period**: "M3", "Q2" or a calendar month "2026-09", read against the plan's
  fiscal year and the fiscal year's first month (a finance setting).
- **category**: a category's value ("cloud_compute") or its name ("Cloud compute").
- **amount**: 1234.50, 1,234.50 or €1,234.50 (a dot before the cents, commas
  between thousands); a currency code must be the plan's.

``plan_actuals_import`` writes nothing: rows with the same plan, period,
category and description are added up, and each sum is compared with the
line it would set (or marked as a new unplanned line); each names the plan and
revision it goes to ("Baseline rev. 1"). ``apply_actuals_import``
writes a plan without problems in one transaction; with any problem nothing is
written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from app.db.database import Database
from app.db.reader import Reader
from app.errors import UserError
from app.io.cells import CellProblem, cell_text, count, fold
from app.io.grid import GridProblem, find_heading_row, read_headed_grid
from app.io.sheet import ImportProblem, Sheet, problem_lines
from app.money import CENT, format_money
from app.services.change import Action, Change, Entity
from models.enums import BudgetCategory, PlanState

if TYPE_CHECKING:
    from app.analysis.budget import LineRow, Period, PlanSummary

    # (plan id, period, category, folded description) -> rows, description as first written, sum
    Groups = dict[tuple[int, Period, str, str], tuple[list[int], str, Decimal]]

__all__ = [
    "ActualsPlan",
    "PlannedActual",
    "apply_actuals_import",
    "describe_actuals_plan",
    "looks_like_actuals",
    "plan_actuals_import",
]

# Headings are matched on letters and digits only, case-insensitively ("Cost category" = "costcategory").
ROLE_ALIASES: dict[str, frozenset[str]] = {
    "project": frozenset({"project", "projectname"}),
    "plan": frozenset({"plan", "planname", "budgetplan", "scenario"}),
    "period": frozenset({"period", "month", "fiscalperiod"}),
    "category": frozenset({"category", "budgetcategory", "costcategory"}),
    "amount": frozenset({"amount", "actual", "actuals", "actualamount", "spend", "spent"}),
    "description": frozenset({"description", "item", "details"}),
}
REQUIRED_ROLES = ("project", "plan", "period", "category", "amount")
ROLE_HEADINGS = {"project": "Project", "plan": "Plan", "period": "Period", "category": "Category", "amount": "Amount"}
HEADINGS_HELP = (
    "the first row should name the columns: Project, Plan, Period, Category, Amount and, optionally, Description"
)

# The design's names of the categories, besides the value with spaces ("cloud compute").
CATEGORY_NAMES: Mapping[str, BudgetCategory] = {
    "software and licences": BudgetCategory.SOFTWARE,
    "software and licenses": BudgetCategory.SOFTWARE,
    "training and upskilling": BudgetCategory.TRAINING,
    "legal and compliance": BudgetCategory.LEGAL_COMPLIANCE,
}
CURRENCY_SYMBOLS = "€$£"
AMOUNT_HINT = "write it as a number with a dot before the cents, such as 1234.50 or 1,234.50"
AMOUNT_PATTERN = re.compile(r"(?P<sign>[-+]?)(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?P<cents>\.\d{1,2})?")
# The summary names this many plans (and revisions) the actuals go to, then counts the rest.
LISTED_PLANS = 3
# A float from a workbook this close to whole cents is taken as those cents (1481.3999999999999 -> 1481.40).
FLOAT_SLACK = Decimal("0.000001")


# --- what a plan holds ------------------------------------------------------------------------


class PlannedActual(NamedTuple):
    """One actual the import would set: the sum of the file's rows with the same key."""

    rows: tuple[int, ...]  # the spreadsheet rows added up here
    project: str
    plan_id: int
    plan: str
    revision: int  # of the plan, the one approved for spending (else the newest)
    plan_state: str  # that revision's PlanState value
    currency: str
    period: Period
    period_label: str
    category: str
    description: str
    amount: Decimal
    line_id: int | None  # the line whose actual is set; None: a new unplanned line
    old_actual: Decimal | None  # that line's actual now (None: none recorded)
    planned: Decimal  # that line's planned amount (0 for a new line)

    @property
    def row(self) -> int:
        return self.rows[0]

    @property
    def plan_revision(self) -> str:
        """The plan and revision the actual goes to: "Baseline rev. 2"."""
        return revision_words(self.plan, self.revision)

    @property
    def unchanged(self) -> bool:
        return self.line_id is not None and self.old_actual == self.amount

    @property
    def change(self) -> str:
        """What importing this changes, in words."""
        if self.line_id is None:
            return "new unplanned line"
        if self.unchanged:
            return "unchanged"
        before = "none" if self.old_actual is None else format_money(self.old_actual, self.currency)
        return f"actual from {before} to {format_money(self.amount, self.currency)}"


@dataclass(frozen=True)
class ActualsPlan:
    """What importing ``path`` would change; nothing has been written yet."""

    path: Path
    file_type: str  # "csv", "xlsx", or "" when the file could not be read
    actuals: tuple[PlannedActual, ...] = ()
    errors: tuple[ImportProblem, ...] = ()
    rows: int = 0  # rows of amounts read

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> tuple[PlannedActual, ...]:
        return tuple(actual for actual in self.actuals if not actual.unchanged)

    @property
    def changes(self) -> int:
        return len(self.changed)

    @property
    def new_lines(self) -> int:
        return sum(1 for actual in self.actuals if actual.line_id is None)


# --- what Steward holds -----------------------------------------------------------------------


def revision_words(plan: str, revision: int) -> str:
    """A plan and its revision as the preview and the problems name them: "Baseline rev. 1"."""
    return f"{plan} rev. {revision}"


class _Steward:
    """The projects, plans and fiscal calendar an actuals file is checked against."""

    def __init__(self, reader: Reader) -> None:
        from app.settings import load_finance_settings

        self.reader = reader
        self.start_month = load_finance_settings(reader).fiscal_year_start_month
        self.projects: dict[str, tuple[int, str]] = {
            fold(name): (int(project_id), name) for project_id, name in reader.rows("SELECT id, name FROM project")
        }
        self._plans: dict[int, list[PlanSummary]] = {}
        self._chosen: dict[tuple[int, str], PlanSummary] = {}
        self._lines: dict[int, tuple[LineRow, ...]] = {}

    def project(self, text: str) -> tuple[int, str]:
        if not text:
            raise CellProblem("The project is missing.")
        found = self.projects.get(fold(text))
        if found is None:
            names = [name for _, name in self.projects.values()]
            close = get_close_matches(text, names, n=1, cutoff=0.8)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise CellProblem(f"{text!r} is not a project in Steward; correct the name{hint}.")
        return found

    def plans_of(self, project_id: int) -> list[PlanSummary]:
        if project_id not in self._plans:
            from app.analysis.budget import list_plans

            self._plans[project_id] = list_plans(self.reader, project_id)
        return self._plans[project_id]

    def plan(self, project_id: int, project: str, text: str) -> PlanSummary:
        """The revision of that name approved for spending, as the budget report chooses it; refused when closed."""
        if not text:
            raise CellProblem("The plan is missing.")
        key = (project_id, fold(text))
        if key not in self._chosen:
            self._chosen[key] = self._choose(project_id, project, text)
        return self._chosen[key]

    def _choose(self, project_id: int, project: str, text: str) -> PlanSummary:
        from app.analysis.budget import choose_among

        plans = self.plans_of(project_id)
        if not plans:
            raise CellProblem(f"{project} has no budget plan yet, so there is no plan {text!r} to record actuals in.")
        named = [plan for plan in plans if fold(plan.name) == fold(text)]
        if not named:
            names = ", ".join(sorted({plan.name for plan in plans}, key=str.casefold))
            raise CellProblem(f"{project} has no plan named {text!r}; its plans are {names}.")
        try:
            chosen = choose_among(plans, project, plan_name=named[0].name)
        except UserError as error:  # pragma: no cover - the name was found above
            raise CellProblem(str(error)) from None
        if chosen.state == PlanState.CLOSED:
            newer = sorted(
                plan.revision
                for plan in named
                if plan.fiscal_year == chosen.fiscal_year and plan.revision > chosen.revision
            )
            which = f"revision {chosen.revision}" + (", the approved one" if chosen.approved else "")
            way_out = (
                f"approve revision {newer[-1]} to record more"
                if newer
                else "make a revision of it and approve that to record more"
            )
            raise CellProblem(
                f"{project}'s plan {chosen.name!r} ({which}) is closed, so its actuals cannot change; {way_out}."
            )
        return chosen

    def period(self, plan: PlanSummary, text: str) -> Period:
        from app.analysis.budget import parse_period

        if not text:
            raise CellProblem("The period is missing.")
        try:
            return parse_period(text, fiscal_year=plan.fiscal_year, start_month=self.start_month)
        except UserError as error:
            raise CellProblem(str(error)) from None

    def lines(self, plan_id: int) -> tuple[LineRow, ...]:
        if plan_id not in self._lines:
            from app.analysis.budget import load_plan

            self._lines[plan_id] = tuple(load_plan(self.reader, plan_id).lines)
        return self._lines[plan_id]


def _category(value: Any) -> str:
    text = cell_text(value)
    if not text:
        raise CellProblem("The category is missing.")
    folded = fold(text)
    for category in BudgetCategory:
        if folded in (category.value, category.value.replace("_", " ")):
            return category.value
    named = CATEGORY_NAMES.get(folded)
    if named is not None:
        return named.value
    names = [category.value.replace("_", " ").capitalize() for category in BudgetCategory]
    raise CellProblem(f"{text!r} is not a budget category; use one of {', '.join(names)}.")


def _amount(value: Any) -> tuple[Decimal, str]:
    """The amount of a cell and the currency code written with it ("" when none)."""
    if isinstance(value, bool):
        raise CellProblem(f"{value} is not an amount; {AMOUNT_HINT}.")
    if isinstance(value, int):
        return Decimal(value).quantize(CENT), ""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellProblem(f"{value} is not an amount; {AMOUNT_HINT}.")
        exact = Decimal(repr(value))
        cents = exact.quantize(CENT)
        if abs(exact - cents) > FLOAT_SLACK:
            raise CellProblem(f"{value} has more than two decimal places; an amount is in whole cents.")
        return cents, ""
    if isinstance(value, Decimal):
        return _amount(str(value))
    text = cell_text(value)
    if not text:
        raise CellProblem("The amount is missing.")
    compact = re.sub(r"[\s\u00a0\u202f]", "", text)
    code = ""
    found = re.fullmatch(r"([A-Za-z]{3})?(.*?)([A-Za-z]{3})?", compact)
    if found and (found.group(1) or found.group(3)) and not (found.group(1) and found.group(3)):
        code = (found.group(1) or found.group(3)).upper()
        compact = found.group(2)
    sign = ""
    if compact.startswith(("-", "+")):
        sign, compact = compact[0], compact[1:]
    compact = compact.strip(CURRENCY_SYMBOLS)
    matched = AMOUNT_PATTERN.fullmatch(sign + compact)
    if matched is None:
        if re.fullmatch(r"[-+]?[\d,]*\.\d{3,}", compact):
            raise CellProblem(
                f"{text!r} has more than two decimal places; write thousands with commas and cents after a dot, "
                "such as 12,345.00."
            )
        if re.fullmatch(r"[-+]?\d{1,3}(?:\.\d{3})*,\d{1,2}", compact):
            raise CellProblem(f"{text!r} has a comma before the cents; {AMOUNT_HINT}.")
        raise CellProblem(f"{text!r} is not an amount; {AMOUNT_HINT}.")
    try:
        amount = Decimal(matched.group("whole").replace(",", "") + (matched.group("cents") or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise CellProblem(f"{text!r} is not an amount; {AMOUNT_HINT}.") from None
    return (-amount if matched.group("sign") == "-" else amount).quantize(CENT), code


# --- planning ---------------------------------------------------------------------------------


def _find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[str, int]] | None:
    """The heading row (0-based) with an amount and a category column, and the column of each field."""
    return find_heading_row(
        rows, ROLE_ALIASES, lambda index, roles: (index, roles) if {"amount", "category"} <= roles.keys() else None
    )


def looks_like_actuals(path: str | Path) -> bool:
    """Whether ``path``'s heading row has an amount and a category column (else it may be a skills matrix)."""
    return not isinstance(read_headed_grid(Path(path), _find_header, HEADINGS_HELP), GridProblem)


def _failed(path: Path, message: str, *, file_type: str = "", row: int | None = None) -> ActualsPlan:
    return ActualsPlan(path=path, file_type=file_type, errors=(ImportProblem(row, None, message),))


def _matching_line(lines: Sequence[LineRow], category: str, period: Period, description: str) -> LineRow | None:
    """The line ``set_actuals`` sets: the first with the same category and period, and the same description
    (ignoring case and surrounding spaces) when one is given."""
    wanted = description.strip().casefold()
    for line in lines:
        if str(line.category) != category or tuple(line.period) != tuple(period):
            continue
        if wanted and line.description.strip().casefold() != wanted:
            continue
        return line
    return None


def plan_actuals_import(database: Database, path: str | Path) -> ActualsPlan:
    """Read and check ``path`` (CSV or XLSX of actuals); write nothing.

    Every problem is collected (not just the first); a plan with any problem
    cannot be applied.
    """
    path = Path(path)
    opened = _open_sheet(path)
    if isinstance(opened, ActualsPlan):
        return opened
    sheet, roles = opened
    steward = _Steward(database.reader())
    plans, projects, groups = _group_rows(sheet, roles, steward)
    errors = sheet.errors()
    if errors:
        return ActualsPlan(path=path, file_type=sheet.file_type, errors=errors, rows=len(sheet.cells))
    actuals = _planned_actuals(sheet, roles, steward, plans, projects, groups)
    errors = sheet.errors()
    if errors:
        return ActualsPlan(path=path, file_type=sheet.file_type, errors=errors, rows=len(sheet.cells))
    actuals.sort(key=lambda actual: actual.rows[0])
    return ActualsPlan(path=path, file_type=sheet.file_type, actuals=tuple(actuals), rows=len(sheet.cells))


def _open_sheet(path: Path) -> tuple[Sheet, dict[str, int]] | ActualsPlan:
    """The rows below ``path``'s heading row and the column of each role; a failed plan when there are none."""
    headed = read_headed_grid(path, _find_header, HEADINGS_HELP)
    if isinstance(headed, GridProblem):
        return _failed(path, headed.message, file_type=headed.file_type, row=headed.row)
    grid, (header_index, roles) = headed
    missing = [ROLE_HEADINGS[role] for role in REQUIRED_ROLES if role not in roles]
    if missing:
        return _failed(
            path,
            f"The heading row has no {' or '.join(missing)} column; {HEADINGS_HELP}.",
            file_type=grid.file_type,
            row=header_index + 1,
        )
    sheet = Sheet(grid, header_index)
    if not len(sheet.cells):
        return _failed(path, f"{path.name} has headings but no rows below them.", file_type=grid.file_type)
    return sheet, roles


def _group_rows(
    sheet: Sheet, roles: dict[str, int], steward: _Steward
) -> tuple[dict[int, PlanSummary], dict[int, str], Groups]:
    """Every readable row added into its (plan, period, category, description) group; problems go to ``sheet``."""
    plans: dict[int, PlanSummary] = {}
    projects: dict[int, str] = {}
    groups: Groups = {}
    for index, cells in enumerate(sheet.cells.tolist()):
        row = int(sheet.row_numbers[index])

        def read(role: str, parse: Any, cells: list[Any] = cells, row: int = row) -> Any:
            """``parse`` of this row's cell of ``role``; None (and the problem reported) when it cannot be read."""
            try:
                return parse(cells[roles[role]])
            except CellProblem as problem:
                sheet.report(row, roles[role], str(problem))
                return None

        plan: PlanSummary | None = None
        project = read("project", lambda value: steward.project(cell_text(value)))
        if project is not None:
            plan = read("plan", lambda value, found=project: steward.plan(found[0], found[1], cell_text(value)))
        period = (
            None
            if plan is None
            else read("period", lambda value, chosen=plan: steward.period(chosen, cell_text(value)))
        )
        category = read("category", _category)
        amount = read("amount", _amount)
        if plan is not None and amount is not None and amount[1] and amount[1] != plan.currency:
            sheet.report(
                row,
                roles["amount"],
                f"The amount is in {amount[1]} but plan {plan.name!r} is kept in {plan.currency}; convert it first.",
            )
            amount = None
        description = cell_text(cells[roles["description"]]) if "description" in roles else ""
        if plan is None or period is None or category is None or amount is None:
            continue
        plans[plan.plan_id] = plan
        projects[plan.plan_id] = project[1]
        key = (plan.plan_id, period, category, fold(description))
        rows, written, total = groups.get(key, ([], description, Decimal("0.00")))
        rows.append(row)
        groups[key] = (rows, written, total + amount[0])
    return plans, projects, groups


def _planned_actuals(
    sheet: Sheet,
    roles: dict[str, int],
    steward: _Steward,
    plans: dict[int, PlanSummary],
    projects: dict[int, str],
    groups: Groups,
) -> list[PlannedActual]:
    """Each group as the actual it sets on its plan's line (or a new line); two groups on one line are a problem."""
    from app.analysis.budget import period_label

    actuals = []
    first_row_of_line: dict[int, int] = {}
    for (plan_id, period, category, _), (rows, description, total) in groups.items():
        plan = plans[plan_id]
        line = _matching_line(steward.lines(plan_id), category, period, description)
        if line is not None:
            # A row without a description and a row with the line's own description would both set it.
            first = first_row_of_line.setdefault(line.id, rows[0])
            if first != rows[0]:
                sheet.report(
                    rows[0],
                    roles.get("description", roles["category"]),
                    f"Row {first} sets the same line ({line.description or category}, "
                    f"{period_label(plan.fiscal_year, steward.start_month, period)}); "
                    "give both rows the same description so that they are added up.",
                )
                continue
        actuals.append(
            PlannedActual(
                rows=tuple(rows),
                project=projects[plan_id],
                plan_id=plan_id,
                plan=plan.name,
                revision=plan.revision,
                plan_state=str(plan.state),
                currency=plan.currency,
                period=period,
                period_label=period_label(plan.fiscal_year, steward.start_month, period),
                category=category,
                description=description,
                amount=total,
                line_id=None if line is None else line.id,
                old_actual=None if line is None else line.actual,
                planned=Decimal("0.00") if line is None else line.planned,
            )
        )
    return actuals


# --- describing and applying a plan -----------------------------------------------------------


def describe_actuals_plan(plan: ActualsPlan) -> str:
    """A short summary ("5 actuals to set, 1 new unplanned line, 2 unchanged"), or the problems, one per line."""
    if plan.errors:
        return problem_lines(plan.errors)
    new = plan.new_lines
    unchanged = len(plan.actuals) - plan.changes
    return (
        ", ".join(
            (
                count(plan.changes - new, "actual to set", "actuals to set"),
                count(new, "new unplanned line", "new unplanned lines"),
                f"{unchanged} unchanged",
            )
        )
        + f" (from {count(plan.rows, 'row', 'rows')}, for {_plans_words(plan.actuals)})"
    )


def _plans_words(actuals: Sequence[PlannedActual]) -> str:
    """Which plans and revisions the actuals go to: "Baseline rev. 1 of Fraud scoring", or "2 plans: … and …"."""
    named: dict[int, str] = {}
    for actual in actuals:
        named.setdefault(actual.plan_id, f"{actual.plan_revision} of {actual.project}")
    words = list(named.values())
    if not words:
        return "no plan"
    if len(words) == 1:
        return words[0]
    shown = words[:LISTED_PLANS]
    if len(words) > LISTED_PLANS:
        shown.append(count(len(words) - LISTED_PLANS, "more", "more"))
    return f"{len(words)} plans: {', '.join(shown[:-1])} and {shown[-1]}"


def apply_actuals_import(database: Database, plan: ActualsPlan) -> Change:
    """Set every changed actual of ``plan`` (``app.services.budget.set_actuals_of_plans``).

    A plan with problems is refused and nothing is written. A file for one budget
    plan, or several, is written in one transaction.
    """
    from app.services.budget import ActualInput, set_actuals_of_plans

    if plan.errors:
        more = len(plan.errors) - 1
        tail = f" (and {count(more, 'more problem', 'more problems')})" if more else ""
        first = str(plan.errors[0])
        raise UserError(f"Nothing was imported from {plan.path.name}: {first[0].lower()}{first[1:].rstrip('.')}{tail}.")
    by_plan: dict[int, list[Any]] = {}
    for actual in plan.changed:
        by_plan.setdefault(actual.plan_id, []).append(
            ActualInput(actual.category, actual.period, actual.amount, actual.description)
        )
    if not by_plan:
        return Change(entity=Entity.BUDGET_LINE, action=Action.UNCHANGED)
    return set_actuals_of_plans(database, by_plan, reason="import")
