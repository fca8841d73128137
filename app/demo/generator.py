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
- Rows go in as SQLAlchemy Core bulk inserts, and the ids of rows that others
  refer to are handed out here (the next free id of each table), so that no insert
  has to wait for a generated key. That is what keeps the large scale to seconds;
  ORM objects would take minutes.
- One seeded ``random.Random`` and every date relative to ``today``: the same
  ``today`` gives the same database, row for row.
- A backlog item's story is generated as events (created, moved into a sprint,
  each status change) and its current columns are copied from the last event,
  because the burndown and flow charts read the history alone.

SQLAlchemy and the tables are imported only when a fill runs, so importing this
module (for ``DemoSummary``) costs the desktop app nothing.
"""

from __future__ import annotations

import logging
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from time import perf_counter
from typing import TYPE_CHECKING, Any

from app.db.database import Database
from app.errors import UserError
from app.resources import read_json

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

log = logging.getLogger("steward.demo")

SCALES = ("small", "large")
# Fixed, so that the same ``today`` always gives the same organisation.
DEMO_SEED = 20_240_531
LARGE_PEOPLE = 5_000
LARGE_PROJECTS = 200

Row = dict[str, Any]

# What counts as organisation data (table, one, many); the taxonomy and settings do not.
ORGANISATION_TABLES = (
    ("person", "person", "people"),
    ("project", "project", "projects"),
    ("policy", "policy", "policies"),
    ("backlog_item", "backlog item", "backlog items"),
    ("budget_plan", "budget plan", "budget plans"),
)
# Inserts run in this order so that every foreign key points at a row already written.
TABLE_ORDER = (
    "skill_area",
    "skill",
    "person",
    "assessment",
    "certification",
    "project",
    "membership",
    "skill_requirement",
    "policy",
    "policy_version",
    "sign_off",
    "sprint",
    "backlog_item",
    "item_history",
    "sprint_commitment",
    "feedback",
    "budget_plan",
    "budget_line",
)
INSERT_CHUNK_ROWS = 20_000

# The T-shape rule of the design brief, with its default thresholds; the demo checks
# that every person of the small recipe comes out with the shape it was written for.
DEEP_LEVEL = 4
BROAD_LEVEL = 2

STAGES = ("idea", "proof_of_concept", "development", "pre_production", "production", "retired")
FLOW = ("todo", "in_progress", "in_review", "done")
# Sprints start on a Monday and end on the Friday of the next week.
SPRINT_DAYS = 11
SPRINT_STARTS_AT = time(10, 0)
SPRINT_CLOSES_AT = time(16, 30)
PLANNING_AT = time(9, 0)
# Work is recorded between 09:00 and 15:59, so it all lands before the sprint review.
WORKDAY_STARTS_AT = time(9, 0)
WORKDAY_MINUTES = 7 * 60

# The large scale's backlog story per project: two closed sprints, an active and a
# planned one; None is an item that never left the backlog. The active sprint's
# "pick" status is drawn per project.
LARGE_PATHS: tuple[Mapping[str, Any] | None, ...] = (
    {"sprint": 1, "status": "done"},
    {"sprint": 1, "status": "done"},
    {"sprint": 2, "status": "done", "carried_from": [1]},
    {"sprint": 2, "status": "done"},
    {"sprint": 2, "status": "backlog", "removed_mid_sprint": True},
    {"sprint": 3, "status": "pick"},
    {"sprint": 3, "status": "in_progress", "carried_from": [2]},
    {"sprint": 4, "status": "todo"},
    None,
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
        builder = _DemoBuilder(connection, today=today, rng=random.Random(DEMO_SEED), scale=scale)
        if scale == "small":
            builder.build_small()
        else:
            builder.build_large()
        summary = builder.summary()
        unit.audit(
            entity="demo",
            entity_id=None,
            action="loaded",
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


# --- writing ---------------------------------------------------------------------------


class _Writer:
    """Bulk inserts on one connection: ids handed out here, rows counted per table."""

    def __init__(self, connection: Connection) -> None:
        from models.tables import metadata

        self._connection = connection
        self._tables = metadata.tables
        self._next_ids: dict[str, int] = {}
        self.counts: Counter[str] = Counter()

    def next_id(self, table: str) -> int:
        if table not in self._next_ids:
            from sqlalchemy import func, select

            highest = self._connection.execute(select(func.max(self._tables[table].c.id))).scalar()
            self._next_ids[table] = (highest or 0) + 1
        value = self._next_ids[table]
        self._next_ids[table] = value + 1
        return value

    def insert(self, table: str, rows: Sequence[Row]) -> None:
        from sqlalchemy import insert

        statement = insert(self._tables[table])
        for start in range(0, len(rows), INSERT_CHUNK_ROWS):
            self._connection.execute(statement, list(rows[start : start + INSERT_CHUNK_ROWS]))
        self.counts[table] += len(rows)


# --- dates and money ---------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, kept inside the target month (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def _between(day: date, earliest: date, latest: date) -> date:
    return max(earliest, min(day, latest))


def _active_sprint_start(today: date) -> date:
    """The Monday three to nine days back, so the active sprint has a few working days behind it."""
    days_back = today.weekday()
    if days_back < 3:
        days_back += 7
    return today - timedelta(days=days_back)


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _cents(amount: str) -> int:
    return int(Decimal(amount) * 100)


def _email_local_part(name: str) -> str:
    """``first.family`` in plain lower-case ASCII: "Chloé Martin" -> "chloe.martin"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    given, _, family = plain.partition(" ")

    def clean(text: str) -> str:
        return re.sub(r"[^a-z0-9-]", "", text.lower())

    return f"{clean(given)}.{clean(family)}" if family else clean(given)


def _shape_of(levels: Mapping[int, int], area_of_skill: Mapping[int, int]) -> str:
    """The design brief's T-shape of a person from their current level per skill."""
    best_by_area: dict[int, int] = {}
    for skill_id, level in levels.items():
        area_id = area_of_skill[skill_id]
        best_by_area[area_id] = max(best_by_area.get(area_id, 0), level)
    deep = sum(1 for best in best_by_area.values() if best >= DEEP_LEVEL)
    broad = sum(1 for best in best_by_area.values() if BROAD_LEVEL <= best < DEEP_LEVEL)
    if deep >= 2 and broad >= 3:
        return "pi_shaped"
    if deep >= 1 and broad >= 3:
        return "t_shaped"
    if deep >= 1:
        return "i_shaped"
    if broad >= 3:
        return "generalist"
    return "developing"


# --- the organisation in memory ----------------------------------------------------------


@dataclass
class _Taxonomy:
    """The skill areas and skills people are assessed in, as ids of the database."""

    area_ids: dict[str, int] = field(default_factory=dict)
    core_area_ids: list[int] = field(default_factory=list)
    skill_ids: dict[str, int] = field(default_factory=dict)
    area_of_skill: dict[int, int] = field(default_factory=dict)
    skills_in_area: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, connection: Connection) -> _Taxonomy:
        from sqlalchemy import text

        taxonomy = cls()
        for area_id, name, core in connection.execute(
            text("SELECT id, name, core_discipline FROM skill_area ORDER BY position, id")
        ):
            taxonomy.add_area(area_id, name, core=bool(core))
        for skill_id, area_id, name in connection.execute(text("SELECT id, area_id, name FROM skill ORDER BY id")):
            taxonomy.add_skill(skill_id, area_id, name)
        return taxonomy

    def add_area(self, area_id: int, name: str, *, core: bool) -> None:
        self.area_ids[name] = area_id
        self.skills_in_area.setdefault(area_id, [])
        if core:
            self.core_area_ids.append(area_id)

    def add_skill(self, skill_id: int, area_id: int, name: str) -> None:
        self.skill_ids.setdefault(name, skill_id)
        self.area_of_skill[skill_id] = area_id
        self.skills_in_area[area_id].append(skill_id)

    def skill(self, name: str) -> int:
        try:
            return self.skill_ids[name]
        except KeyError:
            raise ValueError(f"the demo recipe names a skill the taxonomy lacks: {name!r}") from None

    def area(self, name: str) -> int:
        try:
            return self.area_ids[name]
        except KeyError:
            raise ValueError(f"the demo recipe names a skill area the taxonomy lacks: {name!r}") from None


@dataclass(frozen=True)
class _Breadth:
    """How many skills a profile touches: a readable page at small scale, ~90 rows at large."""

    deep_area: tuple[int, int]  # further skills in an area of expertise
    broad_area: tuple[int, int]  # skills in each area of broad knowledge
    other_area: tuple[int, int]  # skills assessed at 0-1 elsewhere
    history: tuple[int, int]  # skills with an older, lower assessment
    history_share: float  # share of people who have any history
    certification_share: float  # chance that an advanced person holds a matching certificate


SMALL_BREADTH = _Breadth(
    deep_area=(2, 4),
    broad_area=(2, 3),
    other_area=(1, 2),
    history=(1, 4),
    history_share=0.5,
    certification_share=0.6,
)
LARGE_BREADTH = _Breadth(
    deep_area=(18, 24),
    broad_area=(12, 16),
    other_area=(7, 10),
    history=(6, 10),
    history_share=1.0,
    certification_share=0.2,
)


@dataclass
class _Person:
    id: int
    name: str
    email: str
    department: str
    title: str
    shape: str
    deep_skill_ids: tuple[int, ...]
    broad_area_ids: tuple[int, ...]
    pins: dict[int, int]
    capacity_fte: float
    cost_rate_cents: int
    active: bool


@dataclass
class _Member:
    person: _Person
    role: str
    allocation: float


@dataclass
class _Project:
    id: int
    name: str
    stage: str
    business_unit: str
    members: list[_Member]
    go_live_month: int | None = None
    policies: dict[str, tuple[int, str]] = field(default_factory=dict)  # recipe key -> (id, title)


@dataclass(frozen=True)
class _Sprint:
    id: int
    number: int
    name: str
    start_on: date
    end_on: date
    state: str
    started_at: datetime | None

    @property
    def working_days(self) -> list[date]:
        days = (self.start_on + timedelta(days=offset) for offset in range(SPRINT_DAYS + 1))
        return [day for day in days if day.weekday() < 5]


# (changed_at, status, sprint id, points): one event of a backlog item's history.
Event = tuple[datetime, str, int | None, int | None]


# --- the builder -------------------------------------------------------------------------


class _DemoBuilder:
    """Builds the demo organisation into one connection's transaction."""

    def __init__(self, connection: Connection, *, today: date, rng: random.Random, scale: str) -> None:
        self.writer = _Writer(connection)
        self.today = today
        self.yesterday = today - timedelta(days=1)
        self.rng = rng
        self.scale = scale
        self.taxonomy = _Taxonomy.load(connection)
        self.organisation = read_json("demo/organisation.json")
        self.pending: defaultdict[str, list[Row]] = defaultdict(list)
        self.people: list[_Person] = []
        self.person_by_name: dict[str, _Person] = {}
        self.person_by_id: dict[int, _Person] = {}
        self.active_by_department: defaultdict[str, list[_Person]] = defaultdict(list)
        self.active_people: list[_Person] = []
        self.emails_taken: Counter[str] = Counter()
        self.policy_owners: dict[str, str] = {}

    # -- the two scales

    def build_small(self) -> None:
        """The organisation of the recipe: its people, four projects, their policies, backlogs and budgets."""
        self._restore_default_taxonomy()
        for entry in read_json("demo/people.json")["people"]:
            self._add_person(
                name=entry["name"],
                department=entry["department"],
                title=entry["title"],
                seniority=entry["seniority"],
                shape=entry["shape"],
                deep_skill_ids=tuple(self.taxonomy.skill(name) for name in entry["deep"]),
                broad_area_ids=tuple(self.taxonomy.area(name) for name in entry["broad"]),
                pins={self.taxonomy.skill(name): level for name, level in entry.get("pins", {}).items()},
                capacity_fte=entry.get("capacity", 1.0),
                active=entry.get("active", True),
            )
        self._assess_people(SMALL_BREADTH, check_shapes=True)

        projects_by_name: dict[str, _Project] = {}
        for spec in read_json("demo/projects.json")["projects"]:
            members = [
                _Member(self.person_by_name[member["person"]], member["role"], member["allocation"])
                for member in spec["members"]
            ]
            requirements = [
                (self.taxonomy.skill(need["skill"]), need["min_level"], need["needed_fte"], need["criticality"])
                for need in spec["requirements"]
            ]
            project = self._add_project(
                name=spec["name"],
                description=spec["description"],
                stage=spec["stage"],
                decision_mode=spec["decision_mode"],
                model_origin=spec["model_origin"],
                personal_data=spec["personal_data"],
                start_on=self.today + timedelta(days=spec["start_days"]),
                end_on=None if spec["end_days"] is None else self.today + timedelta(days=spec["end_days"]),
                business_unit=spec["business_unit"],
                members=members,
                requirements=requirements,
                go_live_month=spec.get("go_live_month"),
            )
            projects_by_name[project.name] = project

        policy_keys: dict[str, tuple[int, str]] = {}
        for spec in read_json("demo/policies.json")["policies"]:
            owner = projects_by_name[spec["project"]] if spec["project"] else None
            policy_keys[spec["key"]] = (self._add_policy(spec, project=owner, title=spec["title"]), spec["title"])
        for project in projects_by_name.values():
            project.policies = policy_keys

        for spec in read_json("demo/backlog.json")["projects"]:
            self._add_backlog(projects_by_name[spec["project"]], spec)

        budget = read_json("demo/budget.json")
        for spec in budget["projects"]:
            self._add_budget(
                projects_by_name[spec["project"]], spec, scenarios=budget["scenarios"], spread=budget["spread"]
            )
        self._flush()

    def build_large(self) -> None:
        """The same shape, generated at benchmark size from the recipe's pools and templates."""
        self._restore_default_taxonomy()
        self._grow_taxonomy()
        self._generate_people(LARGE_PEOPLE)
        self._assess_people(LARGE_BREADTH, check_shapes=False)

        templates = [
            spec
            for spec in read_json("demo/policies.json")["policies"]
            if spec["project"] is None and spec["status"] != "retired"
        ]
        self.policy_owners = {spec["key"]: spec["owner_department"] for spec in templates}
        for spec in templates:
            self._add_policy(spec, project=None, title=spec["title"], day_factor=1.0)

        backlog = read_json("demo/backlog.json")["large"]
        budget = read_json("demo/budget.json")
        for project in self._generate_projects(LARGE_PROJECTS):
            for spec in self.rng.sample(templates, self.rng.randint(2, 3)):
                title = f"{spec['title']} ({project.name})"
                policy_id = self._add_policy(spec, project=project, title=title, day_factor=self.rng.uniform(0.4, 1.0))
                # Items name the policy without the project: they are in its backlog already.
                project.policies[spec["key"]] = (policy_id, spec["title"])
            self._add_backlog(project, self._generated_backlog(project, backlog))
            if project.stage != "retired":
                scale_percent = self.rng.randint(*budget["large"]["scale_range"])
                self._add_budget(
                    project,
                    budget["large"],
                    scenarios=budget["scenarios"],
                    spread=budget["spread"],
                    scale_percent=scale_percent,
                )
        self._flush()

    def summary(self) -> DemoSummary:
        counts = self.writer.counts
        return DemoSummary(
            people=counts["person"],
            skills=len(self.taxonomy.area_of_skill),
            projects=counts["project"],
            assessments=counts["assessment"],
            policies=counts["policy"],
            backlog_items=counts["backlog_item"],
            sprints=counts["sprint"],
            budget_plans=counts["budget_plan"],
            budget_lines=counts["budget_line"],
        )

    def _flush(self, *tables: str) -> None:
        """Write the pending rows of ``tables`` (default: all), parents before children."""
        for table in TABLE_ORDER:
            if (not tables or table in tables) and self.pending[table]:
                self.writer.insert(table, self.pending.pop(table))

    # -- taxonomy

    def _restore_default_taxonomy(self) -> None:
        """Put back default areas and skills that are missing, since the recipe names them.

        Someone may have edited the taxonomy before loading the demo.
        """
        default = read_json("taxonomy.json")
        for position, area_spec in enumerate(default["areas"]):
            if area_spec["name"] not in self.taxonomy.area_ids:
                area_id = self.writer.next_id("skill_area")
                self.pending["skill_area"].append(
                    {
                        "id": area_id,
                        "name": area_spec["name"],
                        "position": 100 + position,
                        "core_discipline": area_spec["core_discipline"],
                        "retired": False,
                    }
                )
                self.taxonomy.add_area(area_id, area_spec["name"], core=area_spec["core_discipline"])
            area_id = self.taxonomy.area_ids[area_spec["name"]]
            for name, description in area_spec["skills"]:
                if name not in self.taxonomy.skill_ids:
                    skill_id = self.writer.next_id("skill")
                    self.pending["skill"].append(
                        {"id": skill_id, "area_id": area_id, "name": name, "description": description, "retired": False}
                    )
                    self.taxonomy.add_skill(skill_id, area_id, name)
        self._flush("skill_area", "skill")

    def _grow_taxonomy(self) -> None:
        """Add the recipe's generated skills, round-robin across areas, up to its total."""
        recipe = read_json("demo/skills.json")
        candidates: list[tuple[int, list[str]]] = []
        for spec in recipe["areas"]:
            names = list(spec["topics"]) + [
                f"{topic} {context}" for context in spec["contexts"] for topic in spec["topics"]
            ]
            fresh_names = [name for name in names if name not in self.taxonomy.skill_ids]
            candidates.append((self.taxonomy.area(spec["area"]), fresh_names))
        position = 0
        while len(self.taxonomy.area_of_skill) < recipe["total_skills"]:
            added = False
            for area_id, names in candidates:
                if position < len(names) and len(self.taxonomy.area_of_skill) < recipe["total_skills"]:
                    skill_id = self.writer.next_id("skill")
                    self.pending["skill"].append(
                        {
                            "id": skill_id,
                            "area_id": area_id,
                            "name": names[position],
                            "description": "",
                            "retired": False,
                        }
                    )
                    self.taxonomy.add_skill(skill_id, area_id, names[position])
                    added = True
            if not added:
                break
            position += 1
        self._flush("skill")

    # -- people and their skills

    def _add_person(
        self,
        *,
        name: str,
        department: str,
        title: str,
        seniority: str,
        shape: str,
        deep_skill_ids: tuple[int, ...],
        broad_area_ids: tuple[int, ...],
        pins: dict[int, int],
        capacity_fte: float,
        active: bool,
    ) -> _Person:
        local_part = _email_local_part(name)
        self.emails_taken[local_part] += 1
        if self.emails_taken[local_part] > 1:
            local_part = f"{local_part}{self.emails_taken[local_part]}"
        low, high = (_cents(amount) for amount in self.organisation["cost_bands"][seniority])
        person = _Person(
            id=self.writer.next_id("person"),
            name=name,
            email=f"{local_part}@{self.organisation['email_domain']}",
            department=department,
            title=title,
            shape=shape,
            deep_skill_ids=deep_skill_ids,
            broad_area_ids=broad_area_ids,
            pins=pins,
            capacity_fte=capacity_fte,
            # Whole fifty-euro steps, as pay scales are written.
            cost_rate_cents=self.rng.randrange(low, high + 1, 5_000),
            active=active,
        )
        self.people.append(person)
        self.person_by_id[person.id] = person
        self.person_by_name.setdefault(name, person)
        if active:
            self.active_people.append(person)
            self.active_by_department[department].append(person)
        self.pending["person"].append(
            {
                "id": person.id,
                "name": name,
                "email": person.email,
                "department": department,
                "title": title,
                "capacity_fte": capacity_fte,
                "cost_rate": _money(person.cost_rate_cents),
                "active": active,
                "erased_on": None,
            }
        )
        return person

    def _generate_people(self, count: int) -> None:
        """``count`` people drawn from the departments, pay bands and shape mix of the recipe."""
        rng = self.rng
        organisation = self.organisation
        departments = organisation["departments"]
        department_weights = [department["large_weight"] for department in departments]
        mix = organisation["large_mix"]
        seniorities, seniority_weights = list(mix["seniority"]), list(mix["seniority"].values())
        shapes, shape_weights = list(mix["shape"]), list(mix["shape"].values())
        capacities, capacity_weights = [float(fte) for fte in mix["part_time"]], list(mix["part_time"].values())
        given_names, family_names = organisation["large_names"]["given"], organisation["large_names"]["family"]
        for _ in range(count):
            department = rng.choices(departments, department_weights)[0]
            seniority = rng.choices(seniorities, seniority_weights)[0]
            shape = rng.choices(shapes, shape_weights)[0]
            home_area_ids = [self.taxonomy.area(name) for name in department["home_areas"]]
            deep_skill_ids, broad_area_ids = self._random_profile(shape, home_area_ids)
            self._add_person(
                name=f"{rng.choice(given_names)} {rng.choice(family_names)}",
                department=department["name"],
                title=rng.choice(department["titles"][seniority]),
                seniority=seniority,
                shape=shape,
                deep_skill_ids=deep_skill_ids,
                broad_area_ids=broad_area_ids,
                pins={},
                capacity_fte=rng.choices(capacities, capacity_weights)[0],
                active=rng.random() >= mix["inactive_share"],
            )

    def _random_profile(self, shape: str, home_area_ids: list[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Deep skills and broad areas that give ``shape``; expertise lies in a home area."""
        rng = self.rng
        all_area_ids = list(self.taxonomy.area_ids.values())
        home = rng.choice(home_area_ids)
        if shape in ("t_shaped", "i_shaped"):
            deep_area_ids = [home]
        elif shape == "pi_shaped":
            deep_area_ids = [home, rng.choice([area_id for area_id in all_area_ids if area_id != home])]
        else:
            deep_area_ids = []
        deep_skill_ids = tuple(rng.choice(self.taxonomy.skills_in_area[area_id]) for area_id in deep_area_ids)
        broad_count = {
            "t_shaped": rng.randint(3, 4),
            "pi_shaped": rng.randint(3, 4),
            "i_shaped": rng.randint(0, 2),
            "generalist": rng.randint(3, 5),
            "developing": rng.randint(1, 2),
        }[shape]
        others = [area_id for area_id in all_area_ids if area_id not in deep_area_ids]
        if deep_area_ids:
            broad_area_ids = rng.sample(others, broad_count)
        else:
            broad_area_ids = [home, *rng.sample([area_id for area_id in others if area_id != home], broad_count - 1)]
        return deep_skill_ids, tuple(broad_area_ids)

    def _current_levels(self, person: _Person, breadth: _Breadth) -> dict[int, int]:
        """Each assessed skill's current level, following the person's intended shape."""
        rng = self.rng
        taxonomy = self.taxonomy
        developing = person.shape == "developing"
        levels: dict[int, int] = {}
        deep_area_ids: list[int] = []
        for skill_id in person.deep_skill_ids:
            levels[skill_id] = DEEP_LEVEL
            if taxonomy.area_of_skill[skill_id] not in deep_area_ids:
                deep_area_ids.append(taxonomy.area_of_skill[skill_id])
        for area_id in deep_area_ids:
            rest = [skill_id for skill_id in taxonomy.skills_in_area[area_id] if skill_id not in levels]
            for skill_id in rng.sample(rest, min(len(rest), rng.randint(*breadth.deep_area))):
                levels[skill_id] = rng.choice((1, 2, 2, 3, 3))
        for area_id in person.broad_area_ids:
            if area_id in deep_area_ids:
                continue
            skills = taxonomy.skills_in_area[area_id]
            # The skill that makes the area broad must not be one the recipe pins lower.
            anchor = rng.choice(
                [skill_id for skill_id in skills if person.pins.get(skill_id, BROAD_LEVEL) >= BROAD_LEVEL]
            )
            levels[anchor] = BROAD_LEVEL if developing else rng.choice((2, 3))
            rest = [skill_id for skill_id in skills if skill_id != anchor]
            for skill_id in rng.sample(rest, min(len(rest), rng.randint(*breadth.broad_area) - 1)):
                levels[skill_id] = rng.choice((0, 1, 1, 2) if developing else (0, 1, 2, 2, 3))
        for area_id in taxonomy.skills_in_area:
            if area_id in deep_area_ids or area_id in person.broad_area_ids:
                continue
            skills = taxonomy.skills_in_area[area_id]
            for skill_id in rng.sample(skills, min(len(skills), rng.randint(*breadth.other_area))):
                levels[skill_id] = rng.choice((0, 1))
        levels.update(person.pins)
        return levels

    def _assess_people(self, breadth: _Breadth, *, check_shapes: bool) -> None:
        """Assessments (current and older) and certifications of everyone, streamed in chunks."""
        self._flush("person")
        catalogue: defaultdict[int, list[Mapping[str, Any]]] = defaultdict(list)
        for certification in self.organisation["certifications"]:
            if certification["skill"] in self.taxonomy.skill_ids:
                catalogue[self.taxonomy.skill_ids[certification["skill"]]].append(certification)
        batch: list[Row] = []
        for person in self.people:
            levels = self._current_levels(person, breadth)
            if check_shapes and _shape_of(levels, self.taxonomy.area_of_skill) != person.shape:
                raise ValueError(
                    f"the demo recipe describes {person.name} as {person.shape}, but the profile comes out "
                    f"{_shape_of(levels, self.taxonomy.area_of_skill)}"
                )
            certified_since = self._certify(person, levels, catalogue, share=breadth.certification_share)
            batch.extend(self._assessment_rows(person, levels, certified_since, breadth))
            if len(batch) >= INSERT_CHUNK_ROWS:
                self.writer.insert("assessment", batch)
                batch = []
        self.writer.insert("assessment", batch)
        self._flush("certification")

    def _certify(
        self,
        person: _Person,
        levels: Mapping[int, int],
        catalogue: Mapping[int, list[Mapping[str, Any]]],
        *,
        share: float,
    ) -> dict[int, date]:
        """Certificates for some advanced skills (some long expired); returns when each skill was first certified."""
        rng = self.rng
        certified_since: dict[int, date] = {}
        for skill_id, level in levels.items():
            if level < 3:
                continue
            for certification in catalogue.get(skill_id, ()):
                if rng.random() >= share:
                    continue
                obtained_on = self.today - timedelta(days=rng.randint(90, 2_000))
                years = certification["valid_years"]
                self.pending["certification"].append(
                    {
                        "person_id": person.id,
                        "skill_id": skill_id,
                        "name": certification["name"],
                        "issuer": certification["issuer"],
                        "obtained_on": obtained_on,
                        "expires_on": _add_months(obtained_on, 12 * years) if years else None,
                    }
                )
                certified_since[skill_id] = min(certified_since.get(skill_id, obtained_on), obtained_on)
        return certified_since

    def _assessment_rows(
        self, person: _Person, levels: Mapping[int, int], certified_since: Mapping[int, date], breadth: _Breadth
    ) -> list[Row]:
        """Current assessments, made at one to three reviews in the last year, plus older, lower ones."""
        rng = self.rng
        days_ago = sorted(rng.sample(range(7, 330), rng.randint(1, 3)))
        review_dates = [self.today - timedelta(days=days) for days in days_ago]
        review_sources = [rng.choice(("self", "manager", "manager")) for _ in review_dates]
        current: list[Row] = []
        grown: list[tuple[int, int, date]] = []
        for skill_id, level in levels.items():
            review = rng.randrange(len(review_dates))
            assessed_on = review_dates[review]
            since = certified_since.get(skill_id)
            certified = since is not None and since <= assessed_on
            current.append(
                {
                    "person_id": person.id,
                    "skill_id": skill_id,
                    "level": level,
                    "assessed_on": assessed_on,
                    "source": "certified" if certified else review_sources[review],
                    "note": "",
                }
            )
            if level >= 1:
                grown.append((skill_id, level, assessed_on))
        older: list[Row] = []
        if grown and rng.random() < breadth.history_share:
            for skill_id, level, assessed_on in rng.sample(grown, min(len(grown), rng.randint(*breadth.history))):
                earlier_level = max(0, level - rng.choice((1, 1, 2)))
                earlier_on = assessed_on - timedelta(days=rng.randint(150, 480))
                if earlier_level >= 1 and rng.random() < 0.3:
                    earliest_on = earlier_on - timedelta(days=rng.randint(150, 400))
                    older.append(
                        {
                            "person_id": person.id,
                            "skill_id": skill_id,
                            "level": earlier_level - 1,
                            "assessed_on": earliest_on,
                            "source": "self",
                            "note": "",
                        }
                    )
                older.append(
                    {
                        "person_id": person.id,
                        "skill_id": skill_id,
                        "level": earlier_level,
                        "assessed_on": earlier_on,
                        "source": rng.choice(("self", "manager")),
                        "note": "",
                    }
                )
        # Older first, so that ids follow time as they would have in real use.
        return older + current

    # -- projects

    def _add_project(
        self,
        *,
        name: str,
        description: str,
        stage: str,
        decision_mode: str,
        model_origin: str,
        personal_data: bool,
        start_on: date | None,
        end_on: date | None,
        business_unit: str,
        members: list[_Member],
        requirements: list[tuple[int, int, float, str]],
        go_live_month: int | None = None,
    ) -> _Project:
        project = _Project(
            id=self.writer.next_id("project"),
            name=name,
            stage=stage,
            business_unit=business_unit,
            members=members,
            go_live_month=go_live_month,
        )
        self.pending["project"].append(
            {
                "id": project.id,
                "name": name,
                "description": description,
                "stage": stage,
                "decision_mode": decision_mode,
                "model_origin": model_origin,
                "personal_data": personal_data,
                "start_on": start_on,
                "end_on": end_on,
            }
        )
        for member in members:
            self.pending["membership"].append(
                {
                    "project_id": project.id,
                    "person_id": member.person.id,
                    "role": member.role,
                    "allocation": member.allocation,
                }
            )
        for skill_id, min_level, needed_fte, criticality in requirements:
            self.pending["skill_requirement"].append(
                {
                    "project_id": project.id,
                    "skill_id": skill_id,
                    "min_level": min_level,
                    "needed_fte": needed_fte,
                    "criticality": criticality,
                }
            )
        return project

    def _generate_projects(self, count: int) -> list[_Project]:
        """``count`` projects with random profiles, six to fourteen members and five to nine needs."""
        rng = self.rng
        pools = read_json("demo/projects.json")["large"]
        roles = {department["name"]: department["project_role"] for department in self.organisation["departments"]}
        stages, stage_weights = list(pools["stage_mix"]), list(pools["stage_mix"].values())
        origins, origin_weights = list(pools["origin_mix"]), list(pools["origin_mix"].values())
        core_skill_ids = [
            skill_id for area_id in self.taxonomy.core_area_ids for skill_id in self.taxonomy.skills_in_area[area_id]
        ]
        names_taken: set[str] = set()
        projects: list[_Project] = []
        for index in range(count):
            unit, use_case = rng.choice(pools["business_units"]), rng.choice(pools["use_cases"])
            name = f"{unit}: {use_case}"
            if name in names_taken:
                name = f"{name} ({index + 1})"
            names_taken.add(name)
            stage = rng.choices(stages, stage_weights)[0]
            start_on = self.today - timedelta(days=rng.randint(30, 1_400))
            end_on = None
            if stage == "retired":
                end_on = _between(self.today - timedelta(days=rng.randint(1, 60)), start_on, self.today)
            members = [
                _Member(person, roles.get(person.department, "Team member"), rng.choice(pools["allocations"]))
                for person in rng.sample(self.active_people, rng.randint(6, 14))
            ]
            requirements = [
                (
                    skill_id,
                    rng.choice((1, 2, 2, 3, 3, 4)),
                    rng.choice(pools["needed_fte"]),
                    rng.choice(("low", "medium", "medium", "high", "critical")),
                )
                for skill_id in rng.sample(core_skill_ids, rng.randint(5, 9))
            ]
            projects.append(
                self._add_project(
                    name=name,
                    description=pools["description"].format(use_case=use_case, unit=unit),
                    stage=stage,
                    decision_mode="automated" if rng.random() < pools["automated_share"] else "decision_support",
                    model_origin=rng.choices(origins, origin_weights)[0],
                    personal_data=rng.random() < pools["personal_data_share"],
                    start_on=start_on,
                    end_on=end_on,
                    business_unit=unit,
                    members=members,
                    requirements=requirements,
                )
            )
        return projects

    # -- who did it

    def _org_department(self, stakeholder: str, project: _Project | None) -> str | None:
        """The department that speaks for a stakeholder group; end users are the project's business unit."""
        department: str | None = self.organisation["stakeholder_departments"].get(stakeholder)
        if department is None and project is not None:
            return project.business_unit
        return department

    def _person_id(
        self, reference: str | int | None, *, department: str | None, project: _Project | None = None
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

    # -- policies

    def _add_policy(
        self, spec: Mapping[str, Any], *, project: _Project | None, title: str, day_factor: float = 1.0
    ) -> int:
        """A policy with its versions, sign-offs and version feedback; returns its id."""
        from app.services.policy import signer_department_of
        from models.enums import StakeholderDepartment

        policy_id = self.writer.next_id("policy")
        owner = spec["owner_department"]
        last_approved_on: date | None = None
        for number, version in enumerate(spec["versions"], start=1):
            created_on = min(self.today + timedelta(days=round(version["days"] * day_factor)), self.yesterday)
            published_on = approved_on = None
            if version["published"]:
                published_on = _between(created_on + timedelta(days=4), created_on, self.yesterday)
            approved_by_id = self._person_id(version.get("approved_by"), department=owner, project=project)
            if approved_by_id is not None:
                approved_on = _between(created_on + timedelta(days=11), created_on, self.yesterday)
            last_approved_on = approved_on or last_approved_on
            version_id = self.writer.next_id("policy_version")
            self.pending["policy_version"].append(
                {
                    "id": version_id,
                    "policy_id": policy_id,
                    "number": number,
                    "text": _policy_text(title, spec["sections"], number),
                    "change_summary": version["change_summary"],
                    "author_id": self._person_id(version["author"], department=owner, project=project),
                    "created_on": created_on,
                    "published_on": published_on,
                    "approved_by_id": approved_by_id,
                    "approved_on": approved_on,
                }
            )
            for index, (stakeholder, name) in enumerate(version.get("sign_offs", {}).items()):
                speaking_for = self._org_department(stakeholder, project)
                signer_id = self._person_id(name, department=speaking_for, project=project)
                signed_on = _between(created_on + timedelta(days=6 + index), created_on, approved_on or self.yesterday)
                # Someone of Payments signing for End users is recorded as such, by the service's own rule.
                own = "" if signer_id is None else self.person_by_id[signer_id].department
                self.pending["sign_off"].append(
                    {
                        "version_id": version_id,
                        "department": stakeholder,
                        "person_id": signer_id,
                        "signer_department": signer_department_of(own, StakeholderDepartment(stakeholder)),
                        "signed_on": signed_on,
                        "comment": "",
                    }
                )
            for index, feedback in enumerate(version.get("feedback", [])):
                received_on = _between(created_on + timedelta(days=2 + index), created_on, self.yesterday)
                self._add_feedback(feedback, version_id=version_id, received_on=received_on, project=project)
        status = spec["status"]
        # The next review is due one cadence after the last approval; drafts and retired policies have none.
        next_review_on = None
        if status in ("approved", "in_review") and last_approved_on is not None:
            next_review_on = _add_months(last_approved_on, spec["review_cadence_months"])
        self.pending["policy"].append(
            {
                "id": policy_id,
                "project_id": project.id if project else None,
                "title": title,
                "category": spec["category"],
                "owner_department": owner,
                "status": status,
                "review_cadence_months": spec["review_cadence_months"],
                "next_review_on": next_review_on,
                "framework_refs": spec["framework_refs"],
            }
        )
        return policy_id

    def _add_feedback(
        self,
        spec: Mapping[str, Any],
        *,
        received_on: date,
        project: _Project | None,
        item_id: int | None = None,
        version_id: int | None = None,
    ) -> None:
        disposition = spec["disposition"]
        resolved_on = None
        if disposition != "open":
            resolved_on = _between(received_on + timedelta(days=self.rng.randint(1, 5)), received_on, self.yesterday)
        speaking_for = self._org_department(spec["department"], project)
        self.pending["feedback"].append(
            {
                "item_id": item_id,
                "version_id": version_id,
                "department": spec["department"],
                "person_id": self._person_id(spec.get("person"), department=speaking_for, project=project),
                "comment": spec["comment"],
                "disposition": disposition,
                "received_on": received_on,
                "resolved_on": resolved_on,
            }
        )

    # -- backlog and sprints

    def _generated_backlog(self, project: _Project, recipe: Mapping[str, Any]) -> dict[str, Any]:
        """A large-scale project's backlog in the small recipe's format, from the templates."""
        rng = self.rng
        policies = list(project.policies.items())
        # A retired project keeps its backlog but runs no sprints any more.
        retired = project.stage == "retired"
        items = []
        for position, path in enumerate(LARGE_PATHS):
            if retired:
                path = None
            template = rng.choice(recipe["templates"])
            policy_key, (_, policy_title) = rng.choice(policies)
            if path is not None and path["status"] == "pick":
                path = {**path, "status": rng.choice(FLOW)}
            assignee = rng.choice(project.members).person.id if rng.random() < 0.85 else None
            items.append(
                {
                    "key": f"item{position}",
                    "title": template["title"].format(policy=policy_title),
                    "kind": template["kind"],
                    "points": rng.choice(template["points"]),
                    "owner_department": self.policy_owners[policy_key],
                    "assignee": assignee,
                    "policy": policy_key,
                    "acceptance": "The policy owner has reviewed the result and the evidence is filed.",
                    "path": path,
                }
            )
        stakeholders = list(self.organisation["stakeholder_departments"])
        feedback = [
            {
                "item": f"item{rng.randrange(len(items))}",
                "department": rng.choice(stakeholders),
                "person": "(stand-in)",
                "comment": rng.choice(recipe["comments"]),
                "disposition": rng.choice(("open", "accepted", "deferred", "rejected")),
            }
            for _ in range(2)
        ]
        return {
            "closed_sprints": None if retired else recipe["closed_sprints"],
            "capacity_points": rng.choice(recipe["capacity_points"]),
            "goals": recipe["goals"],
            "items": items,
            "feedback": feedback,
        }

    def _add_sprints(self, project: _Project, spec: Mapping[str, Any]) -> dict[int, _Sprint]:
        """Closed sprints back to back, then the active and the planned one; none without ``closed_sprints``."""
        closed_count = spec.get("closed_sprints")
        if closed_count is None:
            return {}
        active_start = _active_sprint_start(self.today)
        goals = spec.get("goals", [])
        sprints: dict[int, _Sprint] = {}
        for number in range(1, closed_count + 3):
            start_on = active_start + timedelta(weeks=2 * (number - closed_count - 1))
            end_on = start_on + timedelta(days=SPRINT_DAYS)
            state = "closed" if number <= closed_count else "active" if number == closed_count + 1 else "planned"
            started_at = datetime.combine(start_on, SPRINT_STARTS_AT, tzinfo=UTC) if state != "planned" else None
            sprint = _Sprint(
                self.writer.next_id("sprint"), number, f"Sprint {number}", start_on, end_on, state, started_at
            )
            sprints[number] = sprint
            self.pending["sprint"].append(
                {
                    "id": sprint.id,
                    "project_id": project.id,
                    "name": sprint.name,
                    "goal": goals[number - 1] if number <= len(goals) else "",
                    "start_on": start_on,
                    "end_on": end_on,
                    "state": state,
                    "capacity_points": spec["capacity_points"],
                    "started_at": started_at,
                    "closed_at": datetime.combine(end_on, SPRINT_CLOSES_AT, tzinfo=UTC) if state == "closed" else None,
                }
            )
        return sprints

    def _add_backlog(self, project: _Project, spec: Mapping[str, Any]) -> None:
        """A project's sprints and backlog items, with their histories, committed scopes and feedback."""
        sprints = self._add_sprints(project, spec)
        histories: dict[str, tuple[int, list[Event]]] = {}
        for position, item in enumerate(spec["items"]):
            item_id = self.writer.next_id("backlog_item")
            owner = item["owner_department"]
            events = self._item_events(
                item.get("path"),
                points=item["points"],
                first_points=item.get("points_at_creation", item["points"]),
                sprints=sprints,
                order=position,
                title=item["title"],
            )
            created_at = events[0][0]
            _, status, sprint_id, points = events[-1]
            policy = project.policies.get(item["policy"]) if item.get("policy") else None
            self.pending["backlog_item"].append(
                {
                    "id": item_id,
                    "project_id": project.id,
                    "title": item["title"],
                    "kind": item["kind"],
                    "points": points,
                    "rank": float(position + 1),
                    "status": status,
                    "owner_department": owner,
                    "assignee_id": self._person_id(item.get("assignee"), department=owner, project=project),
                    "acceptance_criteria": item["acceptance"],
                    "sprint_id": sprint_id,
                    "policy_id": policy[0] if policy else None,
                    "template_key": None,
                    "created_at": created_at,
                }
            )
            self.pending["item_history"].extend(
                {
                    "item_id": item_id,
                    "changed_at": changed_at,
                    "status": event_status,
                    "sprint_id": event_sprint,
                    "points": event_points,
                }
                for changed_at, event_status, event_sprint, event_points in events
            )
            histories[item["key"]] = (item_id, events)

        # Each started sprint's committed scope: what its history says was in it when it started.
        for sprint in sprints.values():
            if sprint.started_at is None:
                continue
            for item_id, events in histories.values():
                before_start = [event for event in events if event[0] <= sprint.started_at]
                if before_start and before_start[-1][2] == sprint.id:
                    self.pending["sprint_commitment"].append(
                        {"sprint_id": sprint.id, "item_id": item_id, "points": before_start[-1][3]}
                    )

        for feedback in spec.get("feedback", []):
            item_id, events = histories[feedback["item"]]
            reviews = [event[0].date() for event in events if event[1] == "in_review"]
            anchor = reviews[0] if reviews else events[-1][0].date()
            received_on = _between(anchor + timedelta(days=self.rng.randint(0, 2)), events[0][0].date(), self.yesterday)
            self._add_feedback(feedback, item_id=item_id, received_on=received_on, project=project)

    def _item_events(
        self,
        path: Mapping[str, Any] | None,
        *,
        points: int | None,
        first_points: int | None,
        sprints: Mapping[int, _Sprint],
        order: int,
        title: str,
    ) -> list[Event]:
        """The history of one backlog item, ending where its recipe ``path`` says."""
        rng = self.rng
        if path is None:
            created_at = self._moment_on(self.today - timedelta(days=rng.randint(4, 80)))
            return [(created_at, "backlog", None, points)]
        stints = [*path.get("carried_from", []), path["sprint"]]
        added_mid_sprint = path.get("added_mid_sprint", False) and len(stints) == 1
        first = sprints[stints[0]]
        if added_mid_sprint:
            created_at = datetime.combine(first.working_days[2], time(11, 0), tzinfo=UTC) + timedelta(minutes=order)
        elif first.state == "planned":
            created_at = self._moment_on(self.today - timedelta(days=rng.randint(3, 30)))
        else:
            created_at = self._moment_on(first.start_on - timedelta(days=rng.randint(3, 25)))
        events: list[Event] = [(created_at, "backlog", None, first_points)]
        status = "backlog"
        for index, number in enumerate(stints):
            sprint = sprints[number]
            last = index == len(stints) - 1
            if added_mid_sprint:
                entered_at = created_at + timedelta(minutes=20)
            elif sprint.state == "planned":
                entered_at = datetime.combine(self.yesterday, time(15, 0), tzinfo=UTC) + timedelta(minutes=order)
            else:
                entered_at = datetime.combine(sprint.start_on, PLANNING_AT, tzinfo=UTC) + timedelta(minutes=order)
            # An item enters a sprint as "to do" (or as it was, when carried over); estimates settle at planning.
            status = "todo" if status == "backlog" else status
            events.append((entered_at, status, sprint.id, points))
            if sprint.state == "planned":
                if path["status"] != "todo":
                    raise ValueError(f"demo recipe: {title!r} is in a planned sprint, so it can only be 'todo'")
                continue
            steps: list[tuple[str, int | None]]
            if last and path.get("removed_mid_sprint"):
                steps = [("in_progress", sprint.id)] if rng.random() < 0.5 else []
                steps.append(("backlog", None))
            else:
                target = path["status"] if last else "in_progress"
                if last and sprint.state == "closed" and target != "done":
                    raise ValueError(f"demo recipe: {title!r} ends in a closed sprint, so it must be done or removed")
                steps = [
                    (step, sprint.id) for step in FLOW if FLOW.index(status) < FLOW.index(step) <= FLOW.index(target)
                ]
                if last and path.get("reopened"):
                    steps += [("in_progress", sprint.id), ("in_review", sprint.id), ("done", sprint.id)]
            moments = self._moments_in(sprint, after=entered_at, count=len(steps), title=title)
            for (step, step_sprint), changed_at in zip(steps, moments, strict=True):
                events.append((changed_at, step, step_sprint, points))
                status = step
        return events

    def _moment_on(self, day: date) -> datetime:
        minutes = self.rng.randrange(WORKDAY_MINUTES)
        return datetime.combine(day, WORKDAY_STARTS_AT, tzinfo=UTC) + timedelta(minutes=minutes)

    def _moments_in(self, sprint: _Sprint, *, after: datetime, count: int, title: str) -> list[datetime]:
        """``count`` distinct working minutes of ``sprint`` after ``after`` and before today, in order."""
        if count == 0:
            return []
        days = [day for day in sprint.working_days if after.date() <= day < self.today]
        skipped = 0
        if days and days[0] == after.date():
            minutes_in = (after - datetime.combine(days[0], WORKDAY_STARTS_AT, tzinfo=UTC)) // timedelta(minutes=1)
            skipped = max(0, minutes_in + 1)
        slots = len(days) * WORKDAY_MINUTES - skipped
        if slots < count:
            raise ValueError(f"demo recipe: no room in {sprint.name} for the {count} changes of {title!r}")
        picks = sorted(self.rng.sample(range(slots), count))
        return [
            datetime.combine(days[(pick + skipped) // WORKDAY_MINUTES], WORKDAY_STARTS_AT, tzinfo=UTC)
            + timedelta(minutes=(pick + skipped) % WORKDAY_MINUTES)
            for pick in picks
        ]

    # -- budgets

    def _add_budget(
        self,
        project: _Project,
        spec: Mapping[str, Any],
        *,
        scenarios: Sequence[Mapping[str, Any]],
        spread: int,
        scale_percent: int = 100,
    ) -> None:
        """One plan per scenario for this fiscal year; actuals only where a period is over and the plan approved."""
        staffed = sorted(
            (member for member in project.members if member.person.active), key=lambda member: -member.allocation
        )[: spec["personnel_members"]]
        approver = self._budget_approver()
        for scenario in scenarios:
            plan_id = self.writer.next_id("budget_plan")
            approved = scenario["state"] == "approved"
            self.pending["budget_plan"].append(
                {
                    "id": plan_id,
                    "project_id": project.id,
                    "name": scenario["name"],
                    "fiscal_year": self.today.year,
                    "currency": "EUR",
                    "state": scenario["state"],
                    "revision": 1,
                    "revision_of_id": None,
                    # Approved by finance in the run-up to the fiscal year (it starts in January).
                    "approved_by_id": approver if approved else None,
                    "approved_on": date(self.today.year - 1, 12, 15) if approved else None,
                }
            )

            templates = list(spec["lines"]) + (list(spec["extra"]) if scenario["with_extras"] else [])
            for template in templates:
                kind = template["period"]
                planned_cents = _cents(template["amount"]) * scale_percent // 100
                for number in template.get("periods") or range(1, 13 if kind == "month" else 5):
                    self._add_budget_line(
                        project,
                        plan_id,
                        approved=approved,
                        spread=spread,
                        category=template["category"],
                        description=template["description"],
                        kind=kind,
                        number=number,
                        planned_cents=planned_cents,
                        note=template.get("note", ""),
                        stage=template.get("stage"),
                    )
            for member in staffed:
                quarterly = Decimal(member.person.cost_rate_cents) * Decimal(str(member.allocation)) * 3
                planned_cents = int(quarterly.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
                for quarter in range(1, 5):
                    self._add_budget_line(
                        project,
                        plan_id,
                        approved=approved,
                        spread=spread,
                        category="personnel",
                        description=f"{member.person.name}, {member.role}",
                        kind="quarter",
                        number=quarter,
                        planned_cents=planned_cents,
                        person_id=member.person.id,
                    )

    def _budget_approver(self) -> int | None:
        """Who approves the demo's budgets: the first active person of the finance department (its director in
        the recipe), else anyone active; chosen without the random generator, so the rest of the demo stays put."""
        finance = self.active_by_department.get(self._org_department("finance", None) or "")
        pool = finance or self.active_people
        return pool[0].id if pool else None

    def _add_budget_line(
        self,
        project: _Project,
        plan_id: int,
        *,
        approved: bool,
        spread: int,
        category: str,
        description: str,
        kind: str,
        number: int,
        planned_cents: int,
        note: str = "",
        stage: str | None = None,
        person_id: int | None = None,
    ) -> None:
        first_month, last_month = (number, number) if kind == "month" else (3 * number - 2, 3 * number)
        actual = None
        if approved and last_month < self.today.month:
            drift = self.rng.randint(-spread, spread)
            actual = _money(planned_cents + planned_cents * drift // 1_000)
        self.pending["budget_line"].append(
            {
                "plan_id": plan_id,
                "category": category,
                "description": description,
                "period_kind": kind,
                "period_number": number,
                "stage": stage or self._stage_in_month(project, first_month),
                "planned": _money(planned_cents),
                "actual": actual,
                "note": note,
                "labour_person_id": person_id,
            }
        )

    def _stage_in_month(self, project: _Project, month: int) -> str:
        """The project's stage in a month of this year: the next stage from its go-live month on."""
        if project.go_live_month and month >= project.go_live_month and project.stage != STAGES[-1]:
            return STAGES[STAGES.index(project.stage) + 1]
        return project.stage


def _policy_text(title: str, sections: Sequence[Mapping[str, Any]], number: int) -> str:
    """Version ``number`` of a policy in Markdown: every section as it stood at that version."""
    parts = [f"# {title}", ""]
    for section in sections:
        body = None
        for since, text in sorted(section["text"].items(), key=lambda entry: int(entry[0])):
            if int(since) <= number:
                body = text
        if body:
            parts += [f"## {section['heading']}", "", body, ""]
    return "\n".join(parts).rstrip() + "\n"
