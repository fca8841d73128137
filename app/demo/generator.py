"""Filling an empty database with the demo organisation, at two scales.

``fill_demo(database, scale="small")`` writes what someone sees the first time they
open Steward: about sixty people with believable skill profiles, four MLOps projects
with contrasting risk profiles, their policies, policy backlogs run in sprints,
stakeholder feedback and budgets. The story is told by the recipe in
``resources/demo/*.json``; this module only turns it into rows.
``scale="large"`` generates the same shape at benchmark size: 5,000 people,
300 skills, 200 projects and about 450,000 assessments.

How, and why so:

- Everything is one ``unit_of_work`` with one audit event: a half-loaded demo is
  worse than none. The database must hold no organisation data to begin with,
  which is checked again under the write lock.
- Rows go in as SQLAlchemy Core bulk inserts with ids handed out as they are
  built (``app.demo.writer``): that keeps the large scale to seconds.
- One seeded ``random.Random`` and every date relative to ``today``: the same
  ``today`` gives the same database, row for row.
- Each part has its module: ``people`` (the taxonomy, people and their skills),
  ``projects`` (profiles and staffing), ``policies``, ``backlog`` (sprints and
  item histories) and ``budgets``; ``builder`` runs them for each scale over the
  shared ``state.DemoState``.

SQLAlchemy, the tables and the builders are imported only when a fill runs, so
importing this module (for ``DemoSummary``) costs the desktop app nothing.
"""

from __future__ import annotations

import logging
import random
from dataclasses import asdict, dataclass
from datetime import date
from time import perf_counter
from typing import TYPE_CHECKING

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Entity

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from app.demo.state import DemoState

log = logging.getLogger("steward.demo")

SCALES = ("small", "large")
# Fixed, so that the same ``today`` always gives the same organisation.
DEMO_SEED = 20_240_531
# What counts as organisation data (table, one, many); the taxonomy and settings do not.
ORGANISATION_TABLES = (
    ("person", "person", "people"),
    ("project", "project", "projects"),
    ("policy", "policy", "policies"),
    ("backlog_item", "backlog item", "backlog items"),
    ("budget_plan", "budget plan", "budget plans"),
)


@dataclass(frozen=True)
class DemoSummary:
    """How much ``fill_demo`` wrote; ``skills`` is the size of the taxonomy it used."""

    people: int
    skills: int
    projects: int
    assessments: int
    policies: int
    backlog_items: int
    sprints: int
    budget_plans: int
    budget_lines: int


def fill_demo(database: Database, *, scale: str = "small", today: date | None = None) -> DemoSummary:
    """Fill ``database`` (schema initialised, no organisation data yet) with the demo organisation.

    Raises ``UserError`` for an unknown scale, or for a database that already holds
    people, projects, policies, backlog items or budget plans; nothing is written then.
    """
    if scale not in SCALES:
        raise UserError(f"{scale!r} is not a demo size; use 'small' or 'large'.")
    today = today or date.today()
    from sqlalchemy.exc import OperationalError

    from app.db.postgres import advance_id_sequences
    from app.demo.builder import build_large, build_small
    from app.demo.state import DemoState
    from app.demo.writer import TABLE_ORDER
    from app.services.setup import seed_default_taxonomy
    from app.services.unit import unit_of_work

    # Checked before the taxonomy is seeded, so that a refused database stays exactly as it was.
    try:
        with database.engine.connect() as connection:
            _refuse_unless_empty(connection, database)
    except OperationalError as error:
        raise UserError(f"{database.describe()} has no Steward tables yet; run 'steward init' first.") from error
    seed_default_taxonomy(database)  # only when there is no taxonomy at all
    started = perf_counter()
    with unit_of_work(database) as unit:
        connection = unit.session.connection()
        _refuse_unless_empty(connection, database)  # again, now under the write lock
        demo = DemoState(connection, today=today, rng=random.Random(DEMO_SEED), scale=scale)
        if scale == "small":
            build_small(demo)
        else:
            build_large(demo)
        advance_id_sequences(connection, TABLE_ORDER)  # the demo gave its rows their ids
        summary = _summary(demo)
        unit.audit(
            entity=Entity.DEMO,
            entity_id=None,
            action=Action.LOADED,
            after=asdict(summary),
            reason=f"{scale} demo as of {today.isoformat()}",
        )
    log.info("loaded the %s demo into %s in %.1f s: %s", scale, database.describe(), perf_counter() - started, summary)
    return summary


def _refuse_unless_empty(connection: Connection, database: Database) -> None:
    from sqlalchemy import text

    counts = {
        table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
        for table, _, _ in ORGANISATION_TABLES
    }
    if not any(counts.values()):
        return
    held = [
        f"{counts[table]} {one if counts[table] == 1 else many}"
        for table, one, many in ORGANISATION_TABLES
        if table in ("person", "project") or counts[table]
    ]
    raise UserError(
        f"{database.describe()} already holds data ({', '.join(held)}); the demo only fills an empty database."
    )


def _summary(demo: DemoState) -> DemoSummary:
    counts = demo.writer.counts
    return DemoSummary(
        people=counts["person"],
        skills=len(demo.taxonomy.area_of_skill),
        projects=counts["project"],
        assessments=counts["assessment"],
        policies=counts["policy"],
        backlog_items=counts["backlog_item"],
        sprints=counts["sprint"],
        budget_plans=counts["budget_plan"],
        budget_lines=counts["budget_line"],
    )
