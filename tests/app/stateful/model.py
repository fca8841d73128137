"""The plain in-memory model of what Steward's database should hold, kept by the stateful test.

Nothing here reads the database: every table the test covers is a dict of rows by id
holding the columns the services may change, written by the rules from what each
service is documented to do. The few rules of arithmetic the services follow (where a
moved backlog item's rank falls, the id SQLite gives the next row, which revision a
budget name speaks for) are written out again here from their docstrings, so that a
service that drifts from them is caught.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

# The tables the model covers, each a dict of rows (column -> value) by id.
TABLES = (
    "person",
    "assessment",
    "project",
    "membership",
    "policy",
    "policy_version",
    "backlog_item",
    "sprint",
    "budget_plan",
    "budget_line",
)
MIN_RANK_GAP = 1e-6  # as app.services.policy.ordering: below this gap the backlog is renumbered
ZERO = Decimal("0.00")


@dataclass
class Model:
    """What each table should hold; ``history`` counts each backlog item's history rows, ``commitments``
    holds the (sprint, item, points) snapshots taken when sprints started."""

    tables: dict[str, dict[int, dict[str, Any]]] = field(default_factory=lambda: {name: {} for name in TABLES})
    history: dict[int, int] = field(default_factory=dict)
    commitments: set[tuple[int, int, int | None]] = field(default_factory=set)

    def __getitem__(self, table: str) -> dict[int, dict[str, Any]]:
        return self.tables[table]

    def copy(self) -> Model:
        return copy.deepcopy(self)

    def row(self, table: str, row_id: int) -> dict[str, Any] | None:
        """A copy of one row as the model holds it, or None when it is not there."""
        found = self.tables[table].get(row_id)
        return None if found is None else dict(found)

    def next_id(self, table: str) -> int:
        """The id SQLite gives a row inserted without one: one more than the largest in the table."""
        return max(self.tables[table], default=0) + 1

    # --- people and skills

    def email_taken(self, email: str, *, other_than: int | None = None) -> bool:
        return any(row["email"] == email for key, row in self["person"].items() if key != other_than)

    def person_id_of(self, email: str) -> int | None:
        return next((key for key, row in self["person"].items() if row["email"] == email), None)

    def current_level(self, person_id: int, skill_id: int) -> int | None:
        """The newest assessment's level (latest date, then highest id), as ``NEWEST_ASSESSMENTS_SQL``."""
        mine = [
            (row["assessed_on"], key, row["level"])
            for key, row in self["assessment"].items()
            if row["person_id"] == person_id and row["skill_id"] == skill_id
        ]
        return max(mine)[2] if mine else None

    def person_history(self, person_id: int) -> list[str]:
        """What keeps a person from being deleted, among what the rules write."""
        held = []
        if any(row["person_id"] == person_id for row in self["assessment"].values()):
            held.append("assessments")
        if any(row["person_id"] == person_id for row in self["membership"].values()):
            held.append("memberships")
        if any(row["approved_by_id"] == person_id for row in self["budget_plan"].values()):
            held.append("approvals")
        return held

    # --- projects

    def project_name_taken(self, name: str, *, other_than: int | None = None) -> bool:
        return any(row["name"] == name for key, row in self["project"].items() if key != other_than)

    def project_history(self, project_id: int) -> list[str]:
        return [
            table
            for table in ("policy", "backlog_item", "sprint", "budget_plan")
            if any(row["project_id"] == project_id for row in self[table].values())
        ]

    # --- the backlog

    def backlog_order(self, project_id: int) -> list[int]:
        """A project's items in backlog order (rank, then id), as the services order them."""
        items = [(row["rank"], key) for key, row in self["backlog_item"].items() if row["project_id"] == project_id]
        return [key for _, key in sorted(items)]

    def end_rank(self, project_id: int) -> float:
        ranks = [row["rank"] for row in self["backlog_item"].values() if row["project_id"] == project_id]
        return float(int(max(ranks, default=0) or 0) + 1)

    def place(self, item_id: int, before_item_id: int | None) -> dict[int, float] | None:
        """Move an item just before another (None: the end); the ranks it changed, as they were (None: no move).

        The midpoint of the new neighbours; one rank below the first or one whole number past the last;
        the whole project renumbered 1, 2, 3… first when the neighbours are closer than ``MIN_RANK_GAP``.
        """
        items = self["backlog_item"]
        order = self.backlog_order(items[item_id]["project_id"])
        others = [key for key in order if key != item_id]
        position = len(others) if before_item_id is None else others.index(before_item_id)
        if order.index(item_id) == position:
            return None
        before = {key: items[key]["rank"] for key in order}
        lower = items[others[position - 1]]["rank"] if position > 0 else None
        upper = items[others[position]]["rank"] if position < len(others) else None
        if lower is not None and upper is not None and upper - lower < MIN_RANK_GAP:
            for number, key in enumerate(others, start=1):
                items[key]["rank"] = float(number)
            lower, upper = (float(position) if position > 0 else None), float(position + 1)
        if upper is None:
            assert lower is not None
            items[item_id]["rank"] = float(int(lower) + 1)
        elif lower is None:
            items[item_id]["rank"] = upper - 1.0
        else:
            items[item_id]["rank"] = (lower + upper) / 2
        return {key: rank for key, rank in before.items() if items[key]["rank"] != rank}

    def active_sprint(self, project_id: int) -> int | None:
        return next(
            (
                key
                for key, row in self["sprint"].items()
                if row["project_id"] == project_id and row["state"] == "active"
            ),
            None,
        )

    # --- budgets

    def plan_lines(self, plan_id: int) -> list[int]:
        return sorted(key for key, row in self["budget_line"].items() if row["plan_id"] == plan_id)

    def plan_totals(self, plan_id: int) -> tuple[Decimal, Decimal]:
        """The plan's planned and actual sums (a line with no actual counts as 0)."""
        lines = [self["budget_line"][key] for key in self.plan_lines(plan_id)]
        planned = sum((line["planned"] for line in lines), ZERO)
        actual = sum((line["actual"] or ZERO for line in lines), ZERO)
        return planned, actual

    def scenario_taken(self, project_id: int, name: str, fiscal_year: int, revision: int, *, other_than: int) -> bool:
        return any(
            (row["project_id"], row["name"], row["fiscal_year"], row["revision"])
            == (project_id, name, fiscal_year, revision)
            for key, row in self["budget_plan"].items()
            if key != other_than
        )

    def next_revision(self, plan_id: int) -> int:
        plan = self["budget_plan"][plan_id]
        revisions = [
            row["revision"]
            for row in self["budget_plan"].values()
            if (row["project_id"], row["name"], row["fiscal_year"])
            == (plan["project_id"], plan["name"], plan["fiscal_year"])
        ]
        return max(max(revisions), plan["revision"]) + 1

    def plan_for_actuals(self, project_id: int, name: str) -> int | None:
        """The revision of ``name`` actuals go to (``choose_among``): of its latest fiscal year, the newest
        approved revision, else the newest; None when the project has no plan of that name."""
        named = [
            (key, row)
            for key, row in self["budget_plan"].items()
            if row["project_id"] == project_id and row["name"].casefold() == name.casefold()
        ]
        if not named:
            return None
        year = max(row["fiscal_year"] for _, row in named)
        revisions = [(key, row) for key, row in named if row["fiscal_year"] == year]

        def approved(row: dict[str, Any]) -> bool:
            return row["state"] == "approved" or row["approved_on"] is not None

        return max(revisions, key=lambda pair: (approved(pair[1]), pair[1]["revision"], pair[0]))[0]

    def matching_line(self, plan_id: int, category: str, period: tuple[str, int]) -> int | None:
        """The first line (by id) an actual without a description goes to: same category and period."""
        return next(
            (
                key
                for key in self.plan_lines(plan_id)
                if self["budget_line"][key]["category"] == category
                and (self["budget_line"][key]["period_kind"], self["budget_line"][key]["period_number"]) == period
            ),
            None,
        )


def new_person(name: str, email: str, department: str, **details: Any) -> dict[str, Any]:
    return {
        "name": name,
        "email": email,
        "department": department,
        "title": details.get("title", ""),
        "capacity_fte": details.get("capacity_fte", 1.0),
        "cost_rate": details.get("cost_rate", ZERO),
        "active": details.get("active", True),
        "erased_on": None,
    }


def new_assessment(person_id: int, skill_id: int, level: int) -> dict[str, Any]:
    """An assessment a manager records today (a rule's or an import's)."""
    return {
        "person_id": person_id,
        "skill_id": skill_id,
        "level": level,
        "assessed_on": today(),
        "source": "manager",
        "note": "",
    }


def new_line(plan_id: int, values: dict[str, Any]) -> dict[str, Any]:
    return {"plan_id": plan_id, "labour_person_id": None, **values}


def today() -> date:
    return date.today()
