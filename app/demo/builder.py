"""The two demo scales, part by part: people and skills, projects, policies, backlogs, budgets.

``build_small`` writes the organisation of the recipe as written; ``build_large``
the same shape at benchmark size, drawn from the recipe's pools and templates.
Both take the parts in the same order, since each refers to the ones before.
"""

from __future__ import annotations

from app.demo.backlog import add_backlog, generated_backlog
from app.demo.budgets import add_budget
from app.demo.people import (
    add_recipe_people,
    assess_people,
    generate_people,
    grow_taxonomy,
    restore_default_taxonomy,
)
from app.demo.policies import add_policy
from app.demo.projects import add_recipe_projects, generate_projects
from app.demo.records import LARGE_BREADTH, SMALL_BREADTH
from app.demo.state import DemoState
from app.resources import read_json

LARGE_PEOPLE = 5_000
LARGE_PROJECTS = 200


def build_small(demo: DemoState) -> None:
    """The organisation of the recipe: its people, four projects, their policies, backlogs and budgets."""
    restore_default_taxonomy(demo)
    add_recipe_people(demo)
    assess_people(demo, SMALL_BREADTH, check_shapes=True)
    projects_by_name = add_recipe_projects(demo)

    policy_keys: dict[str, tuple[int, str]] = {}
    for spec in read_json("demo/policies.json")["policies"]:
        owner = projects_by_name[spec["project"]] if spec["project"] else None
        policy_keys[spec["key"]] = (add_policy(demo, spec, project=owner, title=spec["title"]), spec["title"])
    for project in projects_by_name.values():
        project.policies = policy_keys

    for spec in read_json("demo/backlog.json")["projects"]:
        add_backlog(demo, projects_by_name[spec["project"]], spec)

    budget = read_json("demo/budget.json")
    for spec in budget["projects"]:
        add_budget(
            demo, projects_by_name[spec["project"]], spec, scenarios=budget["scenarios"], spread=budget["spread"]
        )
    demo.flush()


def build_large(demo: DemoState) -> None:
    """The same shape, generated at benchmark size from the recipe's pools and templates."""
    restore_default_taxonomy(demo)
    grow_taxonomy(demo)
    generate_people(demo, LARGE_PEOPLE)
    assess_people(demo, LARGE_BREADTH, check_shapes=False)

    templates = [
        spec
        for spec in read_json("demo/policies.json")["policies"]
        if spec["project"] is None and spec["status"] != "retired"
    ]
    demo.policy_owners = {spec["key"]: spec["owner_department"] for spec in templates}
    for spec in templates:
        add_policy(demo, spec, project=None, title=spec["title"], day_factor=1.0)

    backlog = read_json("demo/backlog.json")["large"]
    budget = read_json("demo/budget.json")
    for project in generate_projects(demo, LARGE_PROJECTS):
        for spec in demo.rng.sample(templates, demo.rng.randint(2, 3)):
            title = f"{spec['title']} ({project.name})"
            policy_id = add_policy(demo, spec, project=project, title=title, day_factor=demo.rng.uniform(0.4, 1.0))
            # Items name the policy without the project: they are in its backlog already.
            project.policies[spec["key"]] = (policy_id, spec["title"])
        add_backlog(demo, project, generated_backlog(demo, project, backlog))
        if project.stage != "retired":
            add_budget(
                demo,
                project,
                budget["large"],
                scenarios=budget["scenarios"],
                spread=budget["spread"],
                scale_percent=demo.rng.randint(*budget["large"]["scale_range"]),
            )
    demo.flush()
