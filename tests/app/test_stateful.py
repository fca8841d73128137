"""A stateful property test of the whole write path: random sequences of Steward's operations against a model.

Hypothesis's ``RuleBasedStateMachine`` runs creates, edits (good and bad) and
deletes of people, assessments, projects, memberships, policies, versions,
backlog items, sprints, budget plans, lines and actuals through the real services
(``app/services``), on a SQLite file of its own; undoes the latest edits with the
reverse service calls the views build (checked against the edit's footprint, as
``views/undo.py`` does); imports a skills matrix and a sheet of actuals, exports
the matrix and a budget report; closes and reopens the database; backs it up
(``app.db.backups.take_backup``) and restores the newest backup, after which the
database must hold the model of the moment that backup was taken.
A plain in-memory model (``tests/app/stateful/model.py``) says what every table
should hold and whether each call must succeed or be refused with a ``UserError``.

After every step: the database holds exactly the model (the tables it covers,
each item's history rows and each sprint's committed scope), ``PRAGMA
integrity_check`` is ok and ``foreign_key_check`` finds nothing, the audit events
written since the last step are exactly those the step's changes must write
(none for a refused call or an export), and every plan's totals, as the budget
analysis computes them, are the sums of its lines in the model.

``make test`` runs 30 sequences of up to 30 steps. The long form:

    STEWARD_STATEFUL_EXAMPLES=1000 .venv/bin/pytest -p no:cacheprovider tests/app/test_stateful.py

(``STEWARD_STATEFUL_STEPS`` changes the steps per sequence.)
"""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis.stateful import initialize, multiple, precondition, rule

from app.db.backups import Reason, backups_folder, list_backups, restore_backup, take_backup
from app.db.database import Database
from app.services.setup import initialise
from tests.app.stateful.file_rules import FileRules
from tests.app.stateful.machine import StewardBase
from tests.app.stateful.policy_rules import PolicyRules


class StewardMachine(FileRules, PolicyRules):
    """Every sequence starts from a small organisation made through the same rules (two people, a project
    with a policy, three backlog items, a sprint and a draft plan with two lines), so that short sequences
    reach the edits that need all of these."""

    def teardown(self) -> None:
        shutil.rmtree(backups_folder(self.db), ignore_errors=True)
        super().teardown()

    def _seeded(self, key: str, make: Any) -> Any:
        if not hasattr(self, "_seeds"):
            self._seeds: dict[str, Any] = {}
        if key not in self._seeds:
            self._seeds[key] = make()
        return self._seeds[key]

    def _project(self) -> int:
        return self._seeded("project", lambda: self.create_project("Fraud scoring"))

    def _plan(self) -> int:
        return self._seeded("plan", lambda: self.create_plan(self._project(), "Baseline", 2026))

    def _person(self, key: str) -> int:
        name, email, department = {
            "ada": ("Ada Lovelace", "ada@example.org", "Finance"),
            "bo": ("Bo Chen", "bo@example.org", "Legal"),
        }[key]
        return self._seeded(key, lambda: self.create_person(name, email, department))

    @initialize(target=StewardBase.people)
    def seed_people(self) -> Any:
        return multiple(self._person("ada"), self._person("bo"))

    @initialize(target=StewardBase.projects)
    def seed_project(self) -> Any:
        return self._project()

    @initialize(target=StewardBase.plans)
    def seed_plan(self) -> Any:
        return self._plan()

    LINE: dict[str, Any] = {
        "description": "",
        "stage": "development",
        "actual": None,
        "note": "",
        "period_kind": "month",
    }

    @initialize(target=StewardBase.lines)
    def seed_lines(self) -> Any:
        hardware = {**self.LINE, "category": "hardware", "period_number": 1, "planned": Decimal("100.00")}
        training = {
            **self.LINE,
            "category": "training",
            "period_kind": "quarter",
            "period_number": 2,
            "planned": Decimal("2500.50"),
        }
        return multiple(*self.add_lines_now(self._plan(), [hardware, training]))

    @initialize(target=StewardBase.items)
    def seed_items(self) -> Any:
        return multiple(
            *(
                self.create_item(self._project(), title, points)
                for title, points in (("Data retention", 3), ("Model cards", None), ("Data retention", 8))
            )
        )

    @initialize(target=StewardBase.sprints)
    def seed_sprint(self) -> Any:
        return self.plan_sprint(self._project(), "Sprint 1", 0, 14)

    @initialize(target=StewardBase.plans)
    def seed_approved_plan(self) -> Any:
        """A second scenario, approved by Ada, so that revisions, closing and actuals on a final plan come early."""
        plan = self.create_plan(self._project(), "Stretch", 2026)
        self.add_lines_now(
            plan, [{**self.LINE, "category": "cloud_compute", "period_number": 3, "planned": Decimal("900.00")}]
        )
        self.move_plan_now(plan, "submitted")
        self.approve_plan(plan, self._person("ada"))
        return plan

    def _policy(self) -> int:
        return self._seeded("policy", lambda: self.create_policy("Data retention", "data_privacy", self._project()))

    @initialize(target=StewardBase.policies)
    def seed_policy(self) -> Any:
        return self._policy()

    @initialize(target=StewardBase.versions)
    def seed_version(self) -> Any:
        """The policy's first version, published."""
        version = self.add_version(self._policy(), "Keep data 30 days.", "")
        self.publish_version(version)
        return version

    @precondition(lambda self: bool(self.undo_stack))
    @rule()
    def undo(self) -> None:
        """Undo the newest step of the history; refused (and dropped) as stale when its rows moved since."""
        step = self.undo_stack.pop()
        self.undoing = step
        try:
            step.undo()
        finally:
            self.undoing = None

    @precondition(lambda self: bool(self.undo_stack))
    @rule()
    def hand_the_newest_edit_to_a_colleague(self) -> None:
        """The newest edit leaves this history as if a colleague had made it (in another window, or with the
        CLI): the step below it may now find its rows moved, and its undo must then be refused as stale."""
        self.undo_stack.pop()

    @rule()
    def reopen(self) -> None:
        """Close the database and open the file again, as the app does on start."""
        self.db.dispose()
        self.db = Database(self.path)
        initialise(self.db)
        self.remember_new_backups()

    def remember_new_backups(self) -> None:
        """Backups Steward took of its own accord (a daily one on opening) hold the state of that moment."""
        for backup in list_backups(self.db):
            self.backups.setdefault(backup.path.resolve(), (self.model.copy(), self.last_event))

    @rule()
    def back_up(self) -> None:
        """A manual backup (the online backup API): the model of this moment is what it holds."""
        path = take_backup(self.db, Reason.MANUAL).resolve()
        # Thinning deletes old backups, and a name freed in the same second is given again.
        self.backups = {known: state for known, state in self.backups.items() if known.exists() and known != path}
        self.backups[path] = (self.model.copy(), self.last_event)
        assert [file.name for file in path.parent.iterdir() if not file.name.endswith(".db")] == []

    @precondition(lambda self: bool(self.backups))
    @rule()
    def restore_the_newest_backup(self) -> None:
        """Restore the newest backup: the database (audit trail included) returns to the model of that moment,
        and the database it replaced is kept as a backup holding the model of now."""
        self.remember_new_backups()
        newest = list_backups(self.db)[0]
        assert newest.path.resolve() in self.backups, f"{newest.path.name} is a backup the test did not take"
        model, last_event = self.backups[newest.path.resolve()]
        restored = restore_backup(self.db, newest.path)
        assert restored.kept is not None
        self.backups[restored.kept.resolve()] = (self.model.copy(), self.last_event)
        self.model, self.last_event = model.copy(), last_event
        self.reopen()


StewardMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("STEWARD_STATEFUL_EXAMPLES", "30")),
    stateful_step_count=int(os.environ.get("STEWARD_STATEFUL_STEPS", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestSteward = StewardMachine.TestCase
