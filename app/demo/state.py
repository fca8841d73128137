"""What every part of a demo build shares: the writer, the random generator, ``today``, the people so far.

``DemoState`` is handed to the builders of each part (``people``, ``projects``,
``policies``, ``backlog``, ``budgets``); rows wait in ``pending`` until ``flush``
writes them, parents before children. It also answers "who did it": the person a
recipe names, or at large scale a stand-in from the right department.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from app.demo.records import Person, Project, Taxonomy
from app.demo.writer import TABLE_ORDER, Row, Writer
from app.resources import read_json

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


class DemoState:
    """The demo organisation being built into one connection's transaction."""

    def __init__(self, connection: Connection, *, today: date, rng: random.Random, scale: str) -> None:
        self.writer = Writer(connection)
        self.today = today
        self.yesterday = today - timedelta(days=1)
        self.rng = rng
        self.scale = scale
        self.taxonomy = Taxonomy.load(connection)
        self.organisation: dict[str, Any] = read_json("demo/organisation.json")
        self.pending: defaultdict[str, list[Row]] = defaultdict(list)
        self.people: list[Person] = []
        self.person_by_name: dict[str, Person] = {}
        self.person_by_id: dict[int, Person] = {}
        self.active_by_department: defaultdict[str, list[Person]] = defaultdict(list)
        self.active_people: list[Person] = []
        self.emails_taken: Counter[str] = Counter()
        self.policy_owners: dict[str, str] = {}

    def flush(self, *tables: str) -> None:
        """Write the pending rows of ``tables`` (default: all), parents before children."""
        for table in TABLE_ORDER:
            if (not tables or table in tables) and self.pending[table]:
                self.writer.insert(table, self.pending.pop(table))

    def org_department(self, stakeholder: str, project: Project | None) -> str | None:
        """The department that speaks for a stakeholder group; end users are the project's business unit."""
        department: str | None = self.organisation["stakeholder_departments"].get(stakeholder)
        if department is None and project is not None:
            return project.business_unit
        return department

    def person_id(
        self, reference: str | int | None, *, department: str | None, project: Project | None = None
    ) -> int | None:
        """The person a recipe names (or an id, passed through).

        At large scale names are placeholders: someone active from ``department``
        (else from the project, else anyone) stands in.
        """
        if reference is None or isinstance(reference, int):
            return reference
        if self.scale == "small":
            try:
                return self.person_by_name[reference].id
            except KeyError:
                raise ValueError(f"the demo recipe names someone who is not in people.json: {reference!r}") from None
        pool = self.active_by_department.get(department or "")
        if not pool and project is not None:
            pool = [member.person for member in project.members]
        return self.rng.choice(pool or self.active_people).id
