"""The demo's people and their skills: the taxonomy they are assessed in, who they are, what they know.

At small scale people come from ``resources/demo/people.json``, each written with
the T-shape they should come out with (checked); at large scale they are drawn
from the recipe's departments, pay bands and shape mix. Each person's current
levels follow their intended shape; older, lower assessments and certificates
(some long expired) give the history.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np

from app.analysis.skills import area_scores, classify_shapes
from app.demo.records import Breadth, Person, Taxonomy, as_written, weighted
from app.demo.state import DemoState
from app.demo.writer import INSERT_CHUNK_ROWS, Row, cents
from app.money import from_cents
from app.resources import read_json
from app.services.policy import add_months
from app.settings import ShapeThresholds

# The T-shape rule of the design brief, with its default thresholds; the demo checks
# that every person of the small recipe comes out with the shape it was written for.
SHAPE_RULES = ShapeThresholds()
DEEP_LEVEL = SHAPE_RULES.deep_level
BROAD_LEVEL = SHAPE_RULES.broad_level


# --- the taxonomy ------------------------------------------------------------------------


def _add_skill(demo: DemoState, area_id: int, name: str, description: str) -> None:
    skill_id = demo.writer.next_id("skill")
    demo.pending["skill"].append(
        {"id": skill_id, "area_id": area_id, "name": name, "description": description, "retired": False}
    )
    demo.taxonomy.add_skill(skill_id, area_id, name)


def restore_default_taxonomy(demo: DemoState) -> None:
    """Put back default areas and skills that are missing, since the recipe names them.

    Someone may have edited the taxonomy before loading the demo.
    """
    default = read_json("taxonomy.json")
    for position, area_spec in enumerate(default["areas"]):
        if area_spec["name"] not in demo.taxonomy.area_ids:
            area_id = demo.writer.next_id("skill_area")
            demo.pending["skill_area"].append(
                {
                    "id": area_id,
                    "name": area_spec["name"],
                    "position": 100 + position,
                    "core_discipline": area_spec["core_discipline"],
                    "retired": False,
                }
            )
            demo.taxonomy.add_area(area_id, area_spec["name"], core=area_spec["core_discipline"])
        area_id = demo.taxonomy.area_ids[area_spec["name"]]
        for name, description in area_spec["skills"]:
            if name not in demo.taxonomy.skill_ids:
                _add_skill(demo, area_id, name, description)
    demo.flush("skill_area", "skill")


def grow_taxonomy(demo: DemoState) -> None:
    """Add the recipe's generated skills, round-robin across areas, up to its total."""
    recipe = read_json("demo/skills.json")
    taxonomy = demo.taxonomy
    candidates: list[tuple[int, list[str]]] = []
    for spec in recipe["areas"]:
        names = list(spec["topics"]) + [
            f"{topic} {context}" for context in spec["contexts"] for topic in spec["topics"]
        ]
        fresh_names = [name for name in names if name not in taxonomy.skill_ids]
        candidates.append((taxonomy.area(spec["area"]), fresh_names))
    position = 0
    while len(taxonomy.area_of_skill) < recipe["total_skills"]:
        added = False
        for area_id, names in candidates:
            if position < len(names) and len(taxonomy.area_of_skill) < recipe["total_skills"]:
                _add_skill(demo, area_id, names[position], "")
                added = True
        if not added:
            break
        position += 1
    demo.flush("skill")


# --- who people are ----------------------------------------------------------------------


def email_local_part(name: str) -> str:
    """``first.family`` in plain lower-case ASCII: "Chloé Martin" -> "chloe.martin"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    given, _, family = plain.partition(" ")

    def clean(text: str) -> str:
        return re.sub(r"[^a-z0-9-]", "", text.lower())

    return f"{clean(given)}.{clean(family)}" if family else clean(given)


def add_person(
    demo: DemoState,
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
) -> Person:
    local_part = email_local_part(name)
    demo.emails_taken[local_part] += 1
    if demo.emails_taken[local_part] > 1:
        local_part = f"{local_part}{demo.emails_taken[local_part]}"
    low, high = (cents(amount) for amount in demo.organisation["cost_bands"][seniority])
    person = Person(
        id=demo.writer.next_id("person"),
        name=name,
        email=f"{local_part}@{demo.organisation['email_domain']}",
        department=department,
        title=title,
        shape=shape,
        deep_skill_ids=deep_skill_ids,
        broad_area_ids=broad_area_ids,
        pins=pins,
        capacity_fte=capacity_fte,
        # Whole fifty-euro steps, as pay scales are written.
        cost_rate_cents=demo.rng.randrange(low, high + 1, 5_000),
        active=active,
    )
    demo.people.append(person)
    demo.person_by_id[person.id] = person
    demo.person_by_name.setdefault(name, person)
    if active:
        demo.active_people.append(person)
        demo.active_by_department[department].append(person)
    demo.pending["person"].append(
        {
            "id": person.id,
            "name": name,
            "email": person.email,
            "department": department,
            "title": title,
            "capacity_fte": capacity_fte,
            "cost_rate": from_cents(person.cost_rate_cents),
            "active": active,
            "erased_on": None,
        }
    )
    return person


def add_recipe_people(demo: DemoState) -> None:
    """The people of ``resources/demo/people.json``, as written there."""
    taxonomy = demo.taxonomy
    for entry in read_json("demo/people.json")["people"]:
        add_person(
            demo,
            **as_written(entry, "name", "department", "title", "seniority", "shape"),
            deep_skill_ids=tuple(taxonomy.skill(name) for name in entry["deep"]),
            broad_area_ids=tuple(taxonomy.area(name) for name in entry["broad"]),
            pins={taxonomy.skill(name): level for name, level in entry.get("pins", {}).items()},
            capacity_fte=entry.get("capacity", 1.0),
            active=entry.get("active", True),
        )


def generate_people(demo: DemoState, count: int) -> None:
    """``count`` people drawn from the departments, pay bands and shape mix of the recipe."""
    rng = demo.rng
    organisation = demo.organisation
    departments = organisation["departments"]
    department_weights = [department["large_weight"] for department in departments]
    mix = organisation["large_mix"]
    seniorities, seniority_weights = weighted(mix["seniority"])
    shapes, shape_weights = weighted(mix["shape"])
    capacities, capacity_weights = [float(fte) for fte in mix["part_time"]], list(mix["part_time"].values())
    given_names, family_names = organisation["large_names"]["given"], organisation["large_names"]["family"]
    for _ in range(count):
        department = rng.choices(departments, department_weights)[0]
        seniority = rng.choices(seniorities, seniority_weights)[0]
        shape = rng.choices(shapes, shape_weights)[0]
        home_area_ids = [demo.taxonomy.area(name) for name in department["home_areas"]]
        deep_skill_ids, broad_area_ids = _random_profile(demo, shape, home_area_ids)
        add_person(
            demo,
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


def _random_profile(demo: DemoState, shape: str, home_area_ids: list[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Deep skills and broad areas that give ``shape``; expertise lies in a home area."""
    rng = demo.rng
    all_area_ids = list(demo.taxonomy.area_ids.values())
    home = rng.choice(home_area_ids)
    if shape in ("t_shaped", "i_shaped"):
        deep_area_ids = [home]
    elif shape == "pi_shaped":
        deep_area_ids = [home, rng.choice([area_id for area_id in all_area_ids if area_id != home])]
    else:
        deep_area_ids = []
    deep_skill_ids = tuple(rng.choice(demo.taxonomy.skills_in_area[area_id]) for area_id in deep_area_ids)
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


# --- what people know --------------------------------------------------------------------


def shape_of(levels: Mapping[int, int], taxonomy: Taxonomy) -> str:
    """A person's T-shape from their current level per skill, by the analysis' own rule and default thresholds."""
    skill_ids = list(levels)
    area_index = {area_id: index for index, area_id in enumerate(taxonomy.skills_in_area)}
    scores = area_scores(
        np.array([[levels[skill_id] for skill_id in skill_ids]], dtype=np.int8),
        np.array([area_index[taxonomy.area_of_skill[skill_id]] for skill_id in skill_ids], dtype=np.int64),
        len(area_index),
    )
    return str(classify_shapes(scores, SHAPE_RULES)[0])


def _current_levels(demo: DemoState, person: Person, breadth: Breadth) -> dict[int, int]:
    """Each assessed skill's current level, following the person's intended shape."""
    rng = demo.rng
    taxonomy = demo.taxonomy
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
        anchor = rng.choice([skill_id for skill_id in skills if person.pins.get(skill_id, BROAD_LEVEL) >= BROAD_LEVEL])
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


def assess_people(demo: DemoState, breadth: Breadth, *, check_shapes: bool) -> None:
    """Assessments (current and older) and certifications of everyone, streamed in chunks."""
    demo.flush("person")
    catalogue: defaultdict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for certification in demo.organisation["certifications"]:
        if certification["skill"] in demo.taxonomy.skill_ids:
            catalogue[demo.taxonomy.skill_ids[certification["skill"]]].append(certification)
    batch: list[Row] = []
    for person in demo.people:
        levels = _current_levels(demo, person, breadth)
        if check_shapes and (shape := shape_of(levels, demo.taxonomy)) != person.shape:
            raise ValueError(
                f"the demo recipe describes {person.name} as {person.shape}, but the profile comes out {shape}"
            )
        certified_since = _certify(demo, person, levels, catalogue, share=breadth.certification_share)
        batch.extend(_assessment_rows(demo, person, levels, certified_since, breadth))
        if len(batch) >= INSERT_CHUNK_ROWS:
            demo.writer.insert("assessment", batch)
            batch = []
    demo.writer.insert("assessment", batch)
    demo.flush("certification")


def _certify(
    demo: DemoState,
    person: Person,
    levels: Mapping[int, int],
    catalogue: Mapping[int, list[Mapping[str, Any]]],
    *,
    share: float,
) -> dict[int, date]:
    """Certificates for some advanced skills (some long expired); returns when each skill was first certified."""
    rng = demo.rng
    certified_since: dict[int, date] = {}
    for skill_id, level in levels.items():
        if level < 3:
            continue
        for certification in catalogue.get(skill_id, ()):
            if rng.random() >= share:
                continue
            obtained_on = demo.today - timedelta(days=rng.randint(90, 2_000))
            years = certification["valid_years"]
            demo.pending["certification"].append(
                {
                    "person_id": person.id,
                    "skill_id": skill_id,
                    "name": certification["name"],
                    "issuer": certification["issuer"],
                    "obtained_on": obtained_on,
                    "expires_on": add_months(obtained_on, 12 * years) if years else None,
                }
            )
            certified_since[skill_id] = min(certified_since.get(skill_id, obtained_on), obtained_on)
    return certified_since


def _assessment(person: Person, skill_id: int, level: int, assessed_on: date, source: str) -> Row:
    return {
        "person_id": person.id,
        "skill_id": skill_id,
        "level": level,
        "assessed_on": assessed_on,
        "source": source,
        "note": "",
    }


def _assessment_rows(
    demo: DemoState, person: Person, levels: Mapping[int, int], certified_since: Mapping[int, date], breadth: Breadth
) -> list[Row]:
    """Current assessments, made at one to three reviews in the last year, plus older, lower ones."""
    rng = demo.rng
    days_ago = sorted(rng.sample(range(7, 330), rng.randint(1, 3)))
    review_dates = [demo.today - timedelta(days=days) for days in days_ago]
    review_sources = [rng.choice(("self", "manager", "manager")) for _ in review_dates]
    current: list[Row] = []
    grown: list[tuple[int, int, date]] = []
    for skill_id, level in levels.items():
        review = rng.randrange(len(review_dates))
        assessed_on = review_dates[review]
        since = certified_since.get(skill_id)
        certified = since is not None and since <= assessed_on
        current.append(
            _assessment(person, skill_id, level, assessed_on, "certified" if certified else review_sources[review])
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
                older.append(_assessment(person, skill_id, earlier_level - 1, earliest_on, "self"))
            older.append(_assessment(person, skill_id, earlier_level, earlier_on, rng.choice(("self", "manager"))))
    # Older first, so that ids follow time as they would have in real use.
    return older + current
