"""``steward init``, ``demo`` and ``projects``: create a database, fill it, see what it holds."""

from __future__ import annotations

import argparse
import json

from app.cli.common import JSON_INSTEAD_OF_TABLE, argument, command, database_of, opened, print_table


@command("init", help="create or upgrade the database")
def cmd_init(args: argparse.Namespace) -> int:
    from app.services.setup import initialise

    database = database_of(args)
    result = initialise(database)
    schema = result.schema
    where = database.describe()
    if schema.before is None:
        print(f"Created {where} (schema {schema.after}) with the default skill taxonomy.")
    elif schema.changed:
        print(
            f"Upgraded {where} from schema {schema.before} to {schema.after}; "
            f"the previous file is kept as {schema.backup}."
        )
    else:
        print(f"{where} is up to date (schema {schema.after}).")
    return 0


@command(
    "demo",
    help="fill an EMPTY database with a demo organisation",
    arguments=(
        argument(
            "--scale",
            choices=("small", "large"),
            default="small",
            help="small: ~60 people, 4 projects; large: 5,000 people, 300 skills, 200 projects",
        ),
    ),
)
def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo.generator import fill_demo

    database = opened(args)
    summary = fill_demo(database, scale=args.scale)
    print(
        f"Filled {database.describe()} with a demo organisation: {summary.people:,} people, "
        f"{summary.skills:,} skills, {summary.projects:,} projects, {summary.assessments:,} assessments, "
        f"{summary.policies:,} policies, {summary.backlog_items:,} backlog items, {summary.sprints:,} sprints, "
        f"{summary.budget_plans:,} budget plans."
    )
    return 0


@command("projects", help="list projects with their profile", arguments=(JSON_INSTEAD_OF_TABLE,))
def cmd_projects(args: argparse.Namespace) -> int:
    from app.queries.projects import list_projects

    database = opened(args)
    projects = list_projects(database.reader())
    if args.json:
        print(json.dumps([project.as_json() for project in projects], indent=2))
        return 0
    if not projects:
        print("No projects yet. Create one in the app, or fill an empty database with `steward demo`.")
        return 0
    headers = ("Project", "Stage", "Decision mode", "Model origin", "Personal data")
    rows = [
        (p.name, p.stage.value, p.decision_mode.value, p.model_origin.value, "yes" if p.personal_data else "no")
        for p in projects
    ]
    print_table(headers, rows)
    return 0
