"""The demo's projects and their staffing: profiles, members with allocations, skill requirements.

At small scale the four projects of ``resources/demo/projects.json``; at large
scale projects drawn from its pools, each staffed from the active people.
"""

from __future__ import annotations

from datetime import date, timedelta

from app.demo.records import Member, Project, as_written, between, weighted
from app.demo.state import DemoState
from app.demo.writer import Row
from app.resources import read_json

# (skill id, minimum level, needed FTE, criticality): one skill requirement of a project.
Requirement = tuple[int, int, float, str]


def add_project(
    demo: DemoState,
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
    members: list[Member],
    requirements: list[Requirement],
    go_live_month: int | None = None,
) -> Project:
    project = Project(
        id=demo.writer.next_id("project"),
        name=name,
        stage=stage,
        business_unit=business_unit,
        members=members,
        go_live_month=go_live_month,
    )
    demo.pending["project"].append(
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
    demo.pending["membership"].extend(_membership(project.id, member) for member in members)
    demo.pending["skill_requirement"].extend(_requirement(project.id, need) for need in requirements)
    return project


def _membership(project_id: int, member: Member) -> Row:
    return {
        "project_id": project_id,
        "person_id": member.person.id,
        "role": member.role,
        "allocation": member.allocation,
    }


def _requirement(project_id: int, requirement: Requirement) -> Row:
    skill_id, min_level, needed_fte, criticality = requirement
    return {
        "project_id": project_id,
        "skill_id": skill_id,
        "min_level": min_level,
        "needed_fte": needed_fte,
        "criticality": criticality,
    }


def add_recipe_projects(demo: DemoState) -> dict[str, Project]:
    """The projects of ``resources/demo/projects.json``, by name."""
    projects_by_name: dict[str, Project] = {}
    for spec in read_json("demo/projects.json")["projects"]:
        members = [
            Member(demo.person_by_name[member["person"]], member["role"], member["allocation"])
            for member in spec["members"]
        ]
        requirements = [
            (demo.taxonomy.skill(need["skill"]), need["min_level"], need["needed_fte"], need["criticality"])
            for need in spec["requirements"]
        ]
        project = add_project(
            demo,
            **as_written(
                spec, "name", "description", "stage", "decision_mode", "model_origin", "personal_data", "business_unit"
            ),
            start_on=demo.today + timedelta(days=spec["start_days"]),
            end_on=None if spec["end_days"] is None else demo.today + timedelta(days=spec["end_days"]),
            members=members,
            requirements=requirements,
            go_live_month=spec.get("go_live_month"),
        )
        projects_by_name[project.name] = project
    return projects_by_name


def generate_projects(demo: DemoState, count: int) -> list[Project]:
    """``count`` projects with random profiles, six to fourteen members and five to nine needs."""
    rng = demo.rng
    pools = read_json("demo/projects.json")["large"]
    roles = {department["name"]: department["project_role"] for department in demo.organisation["departments"]}
    stages, stage_weights = weighted(pools["stage_mix"])
    origins, origin_weights = weighted(pools["origin_mix"])
    core_skill_ids = [
        skill_id for area_id in demo.taxonomy.core_area_ids for skill_id in demo.taxonomy.skills_in_area[area_id]
    ]
    names_taken: set[str] = set()
    projects: list[Project] = []
    for index in range(count):
        unit, use_case = rng.choice(pools["business_units"]), rng.choice(pools["use_cases"])
        name = f"{unit}: {use_case}"
        if name in names_taken:
            name = f"{name} ({index + 1})"
        names_taken.add(name)
        stage = rng.choices(stages, stage_weights)[0]
        start_on = demo.today - timedelta(days=rng.randint(30, 1_400))
        end_on = None
        if stage == "retired":
            end_on = between(demo.today - timedelta(days=rng.randint(1, 60)), start_on, demo.today)
        members = [
            Member(person, roles.get(person.department, "Team member"), rng.choice(pools["allocations"]))
            for person in rng.sample(demo.active_people, rng.randint(6, 14))
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
            add_project(
                demo,
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
