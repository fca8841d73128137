"""The rules of budget plans, their lines, actuals, states and revisions (app.services.budget).

A plan moves draft → submitted → approved → closed (and back from submitted to
draft); only a draft's lines change, actuals change on any plan not closed; a
negative planned amount, a year outside 2000–2200 or a move the plan cannot make is
refused. The model holds every line, so the invariants can hold the plan's totals
and the budget analysis to the model's sums.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import multiple, rule

from app.analysis.budget import Period
from app.services import budget as budget_services
from app.services.change import Action, Entity
from tests.app.stateful.machine import StewardBase, refusal
from tests.app.stateful.model import new_line, today

AMOUNTS = st.sampled_from([Decimal("0.00"), Decimal("100.00"), Decimal("2500.50"), Decimal("-5.00")])
PERIODS = st.sampled_from([("month", 1), ("month", 3), ("quarter", 2)])
CATEGORIES = st.sampled_from(["hardware", "cloud_compute", "training"])
LINES = st.lists(st.tuples(CATEGORIES, st.sampled_from(["", "GPU hours"]), PERIODS, AMOUNTS), min_size=1, max_size=2)
ALLOWED_MOVES = {"draft": ("submitted",), "submitted": ("draft", "approved"), "approved": ("closed",), "closed": ()}


def line_input(values: dict[str, Any]) -> budget_services.LineInput:
    return budget_services.LineInput(
        values["category"],
        values["description"],
        Period(values["period_kind"], values["period_number"]),
        values["stage"],
        values["planned"],
        values["actual"],
        values["note"],
    )


class BudgetRules(StewardBase):
    def _plan_state(self, plan: int) -> str | None:
        row = self.model["budget_plan"].get(plan)
        return None if row is None else row["state"]

    @rule(
        target=StewardBase.plans,
        project=StewardBase.projects,
        name=st.sampled_from(["Baseline", "Stretch", " "]),
        year=st.sampled_from([2026, 2027, 1999]),
    )
    def create_plan(self, project: int, name: str, year: int) -> Any:
        why = refusal(
            (not name.strip(), "a plan needs a name"),
            (not 2000 <= year <= 2200, "the year is out of range"),
            (project not in self.model["project"], "no such project"),
            (self.model.scenario_taken(project, name, year, 1, other_than=0), "the scenario exists"),
        )
        return self.create(
            lambda: budget_services.create_plan(self.db, project, name=name, fiscal_year=year),
            refused=why,
            entity=Entity.BUDGET_PLAN,
            row={
                "project_id": project,
                "name": name,
                "fiscal_year": year,
                "currency": "EUR",
                "state": "draft",
                "revision": 1,
                "revision_of_id": None,
                "approved_by_id": None,
                "approved_on": None,
            },
            undo=("create plan", self.delete_plan_now),
        )

    @rule(plan=StewardBase.plans, name=st.sampled_from(["Baseline", "Stretch", "Lean", ""]))
    def rename_plan(self, plan: int, name: str) -> None:
        self.rename_plan_now(plan, name)

    def rename_plan_now(self, plan: int, name: str) -> None:
        row = self.model["budget_plan"].get(plan)
        same = row is not None and row["name"] == name
        taken = (
            row is not None
            and not same
            and self.model.scenario_taken(row["project_id"], name, row["fiscal_year"], row["revision"], other_than=plan)
        )
        why = refusal(
            (not name, "a plan needs a name"),
            (row is None, "no such plan"),
            (row is not None and row["state"] != "draft", "not a draft"),
            (taken, "the scenario exists"),
        )
        self.update(
            lambda: budget_services.rename_plan(self.db, plan, name),
            refused=why,
            entity=Entity.BUDGET_PLAN,
            entity_id=plan,
            values={"name": name},
            undo=("rename plan", lambda before: self.rename_plan_now(plan, before["name"])),
            action=Action.RENAMED,
        )

    @rule(plan=StewardBase.plans)
    def delete_plan(self, plan: int) -> None:
        self.delete_plan_now(plan)

    def delete_plan_now(self, plan: int) -> None:
        state = self._plan_state(plan)
        why = refusal((state is None, "no such plan"), (state not in (None, "draft"), "kept for the record"))
        deleted = self.delete(
            lambda: budget_services.delete_plan(self.db, plan), refused=why, entity=Entity.BUDGET_PLAN, entity_id=plan
        )
        if not deleted:
            return
        for line in self.model.plan_lines(plan):
            del self.model["budget_line"][line]
        for row in self.model["budget_plan"].values():
            if row["revision_of_id"] == plan:
                row["revision_of_id"] = None

    # --- lines

    @rule(target=StewardBase.lines, plan=StewardBase.plans, specs=LINES)
    def add_lines(self, plan: int, specs: list[tuple[str, str, tuple[str, int], Decimal]]) -> Any:
        values = [
            {
                "category": category,
                "description": description,
                "period_kind": period[0],
                "period_number": period[1],
                "stage": "development",
                "planned": planned,
                "actual": None,
                "note": "",
            }
            for category, description, period, planned in specs
        ]
        ids = self.add_lines_now(plan, values)
        return multiple(*ids)

    def add_lines_now(self, plan: int, values: list[dict[str, Any]]) -> tuple[int, ...]:
        state = self._plan_state(plan)
        why = refusal(
            (any(line["planned"] < 0 for line in values), "a negative planned amount"),
            (state is None, "no such plan"),
            (state not in (None, "draft"), "not a draft"),
        )
        inputs = [line_input(line) for line in values]
        change = self.call(lambda: budget_services.add_lines(self.db, plan, inputs), refused=why)
        if change is None:
            return ()
        for line_id, line in zip(change.ids, values, strict=True):
            self.model["budget_line"][line_id] = new_line(plan, line)
        self.expect(Entity.BUDGET_PLAN, Action.LINES_ADDED, plan)
        ids = tuple(change.ids)
        owned = [("budget_line", line_id) for line_id in ids] + [("budget_plan", plan)]
        self.push("add lines", lambda: self.delete_lines_now(ids), owned)
        return ids

    @rule(line=StewardBase.lines, field=st.sampled_from(["planned", "actual"]), amount=AMOUNTS)
    def update_line(self, line: int, field: str, amount: Decimal | None) -> None:
        self.update_line_now(line, field, amount)

    def update_line_now(self, line: int, field: str, amount: Decimal | None) -> None:
        row = self.model["budget_line"].get(line)
        state = None if row is None else self._plan_state(row["plan_id"])
        why = refusal(
            (row is None, "no such line"),
            (field == "actual" and state == "closed", "the plan is closed"),
            (field == "planned" and state not in (None, "draft"), "not a draft"),
            (field == "planned" and amount is not None and amount < 0, "a negative planned amount"),
        )
        self.update(
            lambda: budget_services.update_line(self.db, line, **{field: amount}),
            refused=why,
            entity=Entity.BUDGET_LINE,
            entity_id=line,
            values={field: amount},
            undo=("edit line", lambda before: self.update_line_now(line, field, before[field])),
        )

    @rule(line=StewardBase.lines)
    def delete_line(self, line: int) -> None:
        self.delete_lines_now((line,))

    def delete_lines_now(self, ids: tuple[int, ...]) -> None:
        rows = [self.model["budget_line"].get(line) for line in ids]
        plan = rows[0]["plan_id"] if rows[0] is not None else None
        why = refusal(
            (any(row is None for row in rows), "no such line"),
            (plan is not None and self._plan_state(plan) != "draft", "not a draft"),
        )
        if self.call(lambda: budget_services.delete_lines(self.db, ids), refused=why) is None or plan is None:
            return
        removed = [self.model["budget_line"].pop(line) for line in ids]
        self.expect(Entity.BUDGET_PLAN, Action.LINES_DELETED, plan)
        values = [
            {key: value for key, value in row.items() if key not in ("plan_id", "labour_person_id")} for row in removed
        ]
        owned = [("budget_line", line) for line in ids] + [("budget_plan", plan)]
        self.push("delete lines", lambda: self.add_lines_now(plan, values), owned)

    @rule(plan=StewardBase.plans, category=CATEGORIES, period=PERIODS, amount=AMOUNTS)
    def set_actual(self, plan: int, category: str, period: tuple[str, int], amount: Decimal) -> None:
        state = self._plan_state(plan)
        why = refusal((state is None, "no such plan"), (state == "closed", "the plan is closed"))
        actual = budget_services.ActualInput(category, Period(*period), amount)
        change = self.call(lambda: budget_services.set_actuals(self.db, plan, [actual]), refused=why)
        if change is None:
            return
        self.record_actual(plan, category, period, amount, created=list(change.details["created"]))
        self.expect(Entity.BUDGET_PLAN, Action.ACTUALS_SET, plan)

    def record_actual(
        self, plan: int, category: str, period: tuple[str, int], amount: Decimal, *, created: list[int]
    ) -> None:
        """An actual as ``set_actuals`` records it: on the first matching line, else on a new unplanned one
        (whose id is the next of ``created``, the new lines' ids in order)."""
        line = self.model.matching_line(plan, category, period)
        if line is not None:
            self.model["budget_line"][line]["actual"] = amount
            return
        line = created.pop(0)
        stage = self.model["project"][self.model["budget_plan"][plan]["project_id"]]["stage"]
        self.model["budget_line"][line] = new_line(
            plan,
            {
                "category": category,
                "description": "Unplanned spend",
                "period_kind": period[0],
                "period_number": period[1],
                "stage": stage,
                "planned": Decimal("0.00"),
                "actual": amount,
                "note": "",
            },
        )

    # --- states and revisions

    @rule(plan=StewardBase.plans, state=st.sampled_from(["submitted", "draft", "closed", "approved"]))
    def move_plan(self, plan: int, state: str) -> None:
        self.move_plan_now(plan, state)

    def move_plan_now(self, plan: int, state: str) -> None:
        current = self._plan_state(plan)
        why = refusal(
            (current is None, "no such plan"),
            (current is not None and state not in ALLOWED_MOVES[current], "a move the plan cannot make"),
            (state == "approved", "approving needs approve_plan"),
        )
        if self.call(lambda: budget_services.set_plan_state(self.db, plan, state), refused=why) is None:
            return
        self.model["budget_plan"][plan]["state"] = state
        self.expect(Entity.BUDGET_PLAN, Action.STATE_CHANGED, plan)
        if (current, state) in (("draft", "submitted"), ("submitted", "draft")):
            assert current is not None
            self.push("move plan", lambda: self.move_plan_now(plan, current), [("budget_plan", plan)])

    @rule(plan=StewardBase.plans, person=StewardBase.people)
    def approve_plan(self, plan: int, person: int) -> None:
        approver = self.model["person"].get(person)
        why = refusal(
            (self._plan_state(plan) is None, "no such plan"),
            (self._plan_state(plan) != "submitted", "not submitted"),
            (approver is None, "no such person"),
            (approver is not None and not approver["active"], "the approver is not active"),
        )
        change = self.call(lambda: budget_services.approve_plan(self.db, plan, approved_by_id=person), refused=why)
        if change is None:
            return
        self.model["budget_plan"][plan].update(state="approved", approved_by_id=person, approved_on=today())
        self.expect(Entity.BUDGET_PLAN, Action.STATE_CHANGED, plan)

    @rule(target=StewardBase.plans, plan=StewardBase.plans)
    def revise_plan(self, plan: int) -> Any:
        state = self._plan_state(plan)
        why = refusal((state is None, "no such plan"), (state not in (None, "approved", "closed"), "not final"))
        change = self.call(lambda: budget_services.revise_plan(self.db, plan), refused=why)
        if change is None:
            return multiple()
        draft = change.ids[0]
        original = self.model["budget_plan"][plan]
        revision = self.model.next_revision(plan)
        self.model["budget_plan"][draft] = {
            **original,
            "state": "draft",
            "revision": revision,
            "revision_of_id": plan,
            "approved_by_id": None,
            "approved_on": None,
        }
        copied = []
        for line in self.model.plan_lines(plan):
            copy = self.model.next_id("budget_line")
            self.model["budget_line"][copy] = {**self.model["budget_line"][line], "plan_id": draft}
            copied.append(copy)
        self.expect(Entity.BUDGET_PLAN, Action.REVISED, draft)
        owned = [("budget_plan", draft)] + [("budget_line", line) for line in copied]
        self.push("revise plan", lambda: self.delete_plan_now(draft), owned)
        return draft
