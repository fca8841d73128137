"""The rules of files: a small skills matrix and a sheet of actuals imported, the matrix and a budget report exported.

Imports go the way the CLI and the dialog take them: checked first
(``plan_import``, ``plan_actuals_import``: the model says whether the check finds a
problem and what it would add), then applied in one transaction. An export writes
nothing to the database (the invariants check that after the step), leaves no
temporary file beside it, and says what the model holds.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.stateful import rule

from app.io.actuals_file import apply_actuals_import, plan_actuals_import
from app.io.matrix_file import apply_import, export_matrix, plan_import
from app.services.change import Action, Entity
from tests.app.sheets import write_csv
from tests.app.stateful.budget_rules import AMOUNTS, CATEGORIES, PERIODS, BudgetRules
from tests.app.stateful.machine import StewardBase
from tests.app.stateful.model import new_assessment, new_person
from tests.app.stateful.people_rules import PeopleRules

MATRIX_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["ada@example.org", "bo@example.org", "eve@example.org", "fay@example.org"]),
        st.sampled_from(["Eve Ford", "Fay Gil", ""]),
        st.tuples(st.none() | st.integers(0, 4), st.none() | st.integers(0, 4)),
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda row: row[0],
)
ACTUALS_ROWS = st.lists(st.tuples(CATEGORIES, PERIODS, AMOUNTS), min_size=1, max_size=2, unique_by=lambda row: row[:2])


class FileRules(PeopleRules, BudgetRules):
    def leftovers(self) -> list[str]:
        """Files in the folder an atomic write would have left behind (temporary or partial)."""
        return sorted(path.name for path in self.folder.iterdir() if path.name.startswith(".") or ".tmp" in path.name)

    @rule(rows=MATRIX_ROWS)
    def import_matrix(self, rows: list[tuple[str, str, tuple[int | None, int | None]]]) -> None:
        skills = self.skills[:2]
        path = self.folder / "matrix.csv"
        write_csv(
            path,
            [["Name", "E-mail", "Department", *(f"{skill.area} / {skill.name}" for skill in skills)]]
            + [
                [name, email, "Data science", *("" if level is None else level for level in levels)]
                for email, name, levels in rows
            ],
        )
        plan = plan_import(self.db, path)
        new_people = [(email, name) for email, name, _ in rows if self.model.person_id_of(email) is None]
        if any(not name for _, name in new_people):
            assert not plan.ok, "a new person without a name must be a problem"
            self.call(lambda: apply_import(self.db, plan), refused="a new person needs a name")
            return
        assert plan.ok, plan.errors
        person_ids = {email: self.model.person_id_of(email) for email, _, _ in rows}
        next_person = self.model.next_id("person")
        for number, (email, _) in enumerate(new_people):
            person_ids[email] = next_person + number
        assessments = []
        for email, _, levels in rows:
            person = person_ids[email]
            for skill, level in zip(skills, levels, strict=True):
                current = None if person is None else self.model.current_level(person, skill.id)
                if level is not None and level != current:
                    assessments.append((person, skill.id, level))
        assert (len(plan.new_people), len(plan.new_assessments)) == (len(new_people), len(assessments))
        change = self.call(lambda: apply_import(self.db, plan))
        assert change is not None
        if not new_people and not assessments:
            assert change.action == Action.UNCHANGED
            return
        for email, name in new_people:
            person = person_ids[email]
            assert person is not None
            self.model["person"][person] = new_person(name, email, "Data science")
            self.expect(Entity.PERSON, Action.CREATED, person)
        next_assessment = self.model.next_id("assessment")
        for number, (person, skill_id, level) in enumerate(assessments):
            self.model["assessment"][next_assessment + number] = new_assessment(person, skill_id, level)
        self.expect(Entity.IMPORT, Action.APPLIED, None)

    @rule(plan=StewardBase.plans, rows=ACTUALS_ROWS)
    def import_actuals(self, plan: int, rows: list[tuple[str, tuple[str, int], Decimal]]) -> None:
        assume(plan in self.model["budget_plan"])
        named = self.model["budget_plan"][plan]
        project = self.model["project"][named["project_id"]]["name"]
        path = self.folder / "actuals.csv"
        codes = {"month": "M", "quarter": "Q"}
        write_csv(
            path,
            [["Project", "Plan", "Period", "Category", "Amount"]]
            + [
                [project, named["name"], f"{codes[kind]}{number}", category, str(amount)]
                for category, (kind, number), amount in rows
            ],
        )
        checked = plan_actuals_import(self.db, path)
        chosen = self.model.plan_for_actuals(named["project_id"], named["name"])
        assert chosen is not None
        if self.model["budget_plan"][chosen]["state"] == "closed":
            assert not checked.ok, "actuals for a closed plan must be a problem"
            self.call(lambda: apply_actuals_import(self.db, checked), refused="the chosen revision is closed")
            return
        assert checked.ok, checked.errors
        assert {actual.plan_id for actual in checked.actuals} == {chosen}
        changed = [
            (category, period, amount)
            for category, period, amount in rows
            if (line := self.model.matching_line(chosen, category, period)) is None
            or self.model["budget_line"][line]["actual"] != amount
        ]
        assert checked.changes == len(changed)
        change = self.call(lambda: apply_actuals_import(self.db, checked))
        assert change is not None
        if not changed:
            assert change.action == Action.UNCHANGED
            return
        created = list(change.details["created"])
        for category, period, amount in changed:
            self.record_actual(chosen, category, period, amount, created=created)
        self.expect(Entity.BUDGET_PLAN, Action.ACTUALS_SET, chosen)

    @rule()
    def export_the_matrix(self) -> None:
        path = self.folder / "export.csv"
        written = export_matrix(self.db, path)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
        assert self.leftovers() == []
        active = sorted(
            ((key, row) for key, row in self.model["person"].items() if row["active"]),
            key=lambda pair: (pair[1]["name"].casefold(), pair[1]["email"]),
        )
        assert (written.people, written.skills) == (len(active), len(self.skills))
        assert table[0][:3] == ["Name", "E-mail", "Department"]
        assert [heading.split(" / ")[-1] for heading in table[0][3:]] == [skill.name for skill in self.skills]
        expected = [
            [
                row["name"],
                row["email"],
                row["department"],
                *(
                    str(level) if (level := self.model.current_level(key, skill.id)) is not None else ""
                    for skill in self.skills
                ),
            ]
            for key, row in active
        ]
        assert table[1:] == expected
        again = plan_import(self.db, path)
        if not active:  # a matrix of no one is refused as a file with no rows, not planned as no change
            assert [problem.message for problem in again.errors] == ["export.csv has headings but no rows below them."]
            return
        assert again.ok and again.changes == 0, "importing the export again must change nothing"

    @rule(plan=StewardBase.plans)
    def export_a_budget_report(self, plan: int) -> None:
        from app.reports.budget import write_budget_report

        assume(plan in self.model["budget_plan"])
        row = self.model["budget_plan"][plan]
        path = self.folder / "budget.json"
        write_budget_report(self.db, self.model["project"][row["project_id"]]["name"], path, plan_id=plan)
        document = json.loads(path.read_text(encoding="utf-8"))
        assert self.leftovers() == []
        planned, actual = self.model.plan_totals(plan)
        assert (document["plan"]["name"], document["plan"]["state"], document["plan"]["revision"]) == (
            row["name"],
            row["state"],
            row["revision"],
        )
        assert (document["totals"]["planned"], document["totals"]["actual"]) == (str(planned), str(actual))
        lines = [self.model["budget_line"][line] for line in self.model.plan_lines(plan)]
        assert sorted((line["category"], line["planned"]) for line in document["lines"]) == sorted(
            (line["category"], str(line["planned"])) for line in lines
        )
