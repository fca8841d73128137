"""The ``steward`` commands: the headless face of the core.

``views.launch`` is the executable: it parses with ``build_parser`` and opens the
desktop app when no command is given, else calls ``run_command`` here. Kept light
at import (argparse only): the desktop app's start-up time starts here.
A ``UserError`` prints as one sentence on stderr with exit status 1; usage errors
exit 2 (argparse); anything else is a bug, logged with its traceback to a file
whose path is printed.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.errors import UserError
from app.services.change import Entity

if TYPE_CHECKING:
    from app.db.database import Database

log = logging.getLogger("steward.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="steward",
        description="Run MLOps projects securely as an organisation. Without a command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"steward {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="SQLite file or SQLAlchemy URL (default: $STEWARD_DB, else steward.db in the user data folder)",
    )
    parser.add_argument(
        "--exit-after-paint",
        action="store_true",
        help="diagnostic: open the desktop app, quit right after its first paint (start-up benchmark)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("init", help="create or upgrade the database")

    demo = commands.add_parser("demo", help="fill an EMPTY database with a demo organisation")
    demo.add_argument(
        "--scale",
        choices=("small", "large"),
        default="small",
        help="small: ~60 people, 4 projects; large: 5,000 people, 300 skills, 200 projects",
    )

    projects = commands.add_parser("projects", help="list projects with their profile")
    projects.add_argument("--json", action="store_true", help="print JSON instead of a table")

    audit = commands.add_parser("audit", help="the audit trail: who changed what and when, newest first")
    audit.add_argument("--since", metavar="DATE", type=_day, help="only events on or after this day (2026-12-01)")
    audit.add_argument("--entity", metavar="E", choices=[entity.value for entity in Entity], help="only this kind")
    audit.add_argument("--id", metavar="N", type=int, dest="entity_id", help="only events of this row (with --entity)")
    audit.add_argument("--action", metavar="A", help="only this action (created, updated, approved ...)")
    audit.add_argument("--actor", metavar="NAME", help="only events made by this user")
    audit.add_argument("--limit", metavar="N", type=int, help="at most N events")
    audit.add_argument("--json", action="store_true", help="print JSON instead of a table")

    backup = commands.add_parser("backup", help="copy the database while it is in use (SQLite online backup)")
    backup.add_argument("output", metavar="OUT.db", type=Path)

    commands.add_parser("check", help="check the database's integrity and schema")

    importer = commands.add_parser(
        "import", help="import a skills matrix or budget actuals (.csv or .xlsx), checked before anything is written"
    )
    importer.add_argument("file", metavar="FILE", type=Path)
    importer.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would change; write nothing"
    )
    importer.add_argument(
        "--source",
        choices=("self", "manager", "certified"),
        default="manager",
        help="who assessed the levels of a wide-layout file (default: manager)",
    )

    exporter = commands.add_parser("export-matrix", help="write the skills matrix in the wide layout (.csv or .xlsx)")
    exporter.add_argument("file", metavar="OUT", type=Path)

    report = commands.add_parser(
        "report", help="write a report (.pdf, .xlsx, .csv or .json, by the output's extension)"
    )
    _add_report_commands(report.add_subparsers(dest="report", metavar="REPORT", required=True))
    return parser


def _add_report_commands(reports: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``steward report gaps|policy|budget``: one sub-command per report."""
    gaps = reports.add_parser("gaps", help="a project's staffing gaps, candidates and team make-up")
    gaps.add_argument("--project", required=True, metavar="NAME")
    gaps.add_argument("-o", "--output", required=True, metavar="OUT", type=Path)
    gaps.add_argument(
        "--pseudonymise", action="store_true", help="replace names with stable codes, for wider circulation"
    )
    policy = reports.add_parser("policy", help="a project's policy work: sprints, versions, feedback, governance gaps")
    policy.add_argument("--project", required=True, metavar="NAME")
    policy.add_argument("--sprint", metavar="NAME", help="one sprint's review; default: every sprint of the project")
    policy.add_argument("-o", "--output", required=True, metavar="OUT", type=Path)
    budget = reports.add_parser("budget", help="a project's budget plan for sign-off")
    budget.add_argument("--project", required=True, metavar="NAME")
    budget.add_argument(
        "--plan", metavar="NAME", help="the plan (scenario); default: the approved plan of the latest year"
    )
    budget.add_argument(
        "--revision",
        metavar="N",
        type=int,
        help="that revision of the plan; default: its newest approved revision, else its newest",
    )
    budget.add_argument("-o", "--output", required=True, metavar="OUT", type=Path)


def main(argv: Sequence[str] | None = None) -> int:
    """The headless commands (``python -m app.cli``); ``steward`` itself is ``views.launch``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error("a command is needed here; run `steward` without one to open the desktop app")
    return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    """Run the parsed command: exit status 0, or 1 with one sentence on stderr."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    handler: Callable[[argparse.Namespace], int] = COMMANDS[args.command]
    try:
        return handler(args)
    except UserError as error:
        print(f"steward: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("steward: interrupted; nothing was written.", file=sys.stderr)
        return 130
    except Exception:
        log_path = _write_crash_log()
        print(f"steward: an unexpected error stopped the command (a bug); details are in {log_path}.", file=sys.stderr)
        return 1


def _write_crash_log() -> Path:
    import traceback
    from datetime import datetime

    from platformdirs import user_log_path

    folder = user_log_path("Steward", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}.log"
    path.write_text(traceback.format_exc(), encoding="utf-8")
    return path


def _database(args: argparse.Namespace) -> Database:
    from app.db.database import Database

    return Database(args.db)


def _opened(args: argparse.Namespace) -> Database:
    """The database, brought to the current schema (created when it is new)."""
    from app.services.setup import initialise

    database = _database(args)
    initialise(database)
    return database


def cmd_init(args: argparse.Namespace) -> int:
    from app.services.setup import initialise

    database = _database(args)
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


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo.generator import fill_demo

    database = _opened(args)
    summary = fill_demo(database, scale=args.scale)
    print(
        f"Filled {database.describe()} with a demo organisation: {summary.people:,} people, "
        f"{summary.skills:,} skills, {summary.projects:,} projects, {summary.assessments:,} assessments, "
        f"{summary.policies:,} policies, {summary.backlog_items:,} backlog items, {summary.sprints:,} sprints, "
        f"{summary.budget_plans:,} budget plans."
    )
    return 0


def cmd_projects(args: argparse.Namespace) -> int:
    from app.queries.projects import list_projects

    database = _opened(args)
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
    widths = [max(len(str(row[i])) for row in (headers, *rows)) for i in range(len(headers))]
    for row in (headers, *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day; write it as 2026-12-01") from None


def cmd_audit(args: argparse.Namespace) -> int:
    from app.queries.audit import list_events

    database = _opened(args)
    events = list_events(
        database.reader(),
        since=args.since,
        entity=args.entity,
        entity_id=args.entity_id,
        action=args.action,
        actor=args.actor,
        limit=args.limit,
    )
    if args.json:
        print(json.dumps([event.as_json() for event in events], indent=2, ensure_ascii=False))
        return 0
    if not events:
        print("No audit events match.")
        return 0
    for event in events:
        what = event.entity if event.entity_id is None else f"{event.entity} {event.entity_id}"
        line = f"{event.at:%Y-%m-%d %H:%M}  {event.actor}  {what}  {event.action}"
        changes = event.changes()
        print(line + (f"  {changes}" if changes else "") + (f"  (why: {event.reason})" if event.reason else ""))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from app.db.schema import backup_sqlite, current_revision

    database = _database(args)
    if database.sqlite_path is None:
        raise UserError("`steward backup` copies SQLite files; back up a database server with its own tools.")
    if not database.exists():
        raise UserError(f"There is no database at {database.sqlite_path} to back up.")
    current_revision(database)  # refuses a file that is not a Steward database
    if args.output.exists():
        raise UserError(f"{args.output} already exists; choose a new file name for the backup.")
    backup_sqlite(database.sqlite_path, args.output)
    print(f"Backed up {database.sqlite_path} to {args.output}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.db.migrations import HEAD, REVISIONS
    from app.db.schema import current_revision

    database = _database(args)
    if not database.exists():
        raise UserError(f"There is no database at {database.sqlite_path}.")
    revision = current_revision(database)
    reader = database.reader()
    problems: list[str] = []
    if database.is_sqlite:
        integrity = [row[0] for row in reader.rows("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity check: {'; '.join(integrity[:5])}")
        broken = reader.rows("PRAGMA foreign_key_check")
        if broken:
            problems.append(f"{len(broken)} rows refer to records that do not exist (first in table {broken[0][0]})")
    if revision != HEAD:
        problems.append(
            f"schema {revision} is older than this app's {HEAD}; run `steward init` to upgrade"
            if revision in REVISIONS
            else f"schema {revision} is unknown to this app"
        )
    if problems:
        raise UserError(f"{database.describe()} has problems: " + "; ".join(problems) + ".")
    print(f"{database.describe()} is healthy (schema {revision}).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """A file with amount and category columns is budget actuals; anything else a skills matrix."""
    from app.io.actuals_file import looks_like_actuals

    is_actuals = looks_like_actuals(args.file)
    database = _opened(args)
    if is_actuals:
        from app.io.actuals_file import apply_actuals_import, describe_actuals_plan, plan_actuals_import

        actuals = plan_actuals_import(database, args.file)
        if _checked(args, describe_actuals_plan(actuals), len(actuals.errors)):
            apply_actuals_import(database, actuals)
            print(f"Imported the actuals of {args.file}.")
        return 0
    from app.io.matrix_file import apply_import, describe_plan, plan_import

    matrix = plan_import(database, args.file)
    if _checked(args, describe_plan(matrix), len(matrix.errors)):
        apply_import(database, matrix, source=args.source)
        print(f"Imported {args.file}.")
    return 0


def _checked(args: argparse.Namespace, description: str, problems: int) -> bool:
    """Print what an import would do; refuse it when it has problems; True when it should be applied now."""
    print(description)
    if problems:
        what = "the problem" if problems == 1 else f"the {problems} problems"
        raise UserError(f"{args.file} was not imported: fix {what} above and run the import again.")
    if args.dry_run:
        print("Dry run: nothing was written.")
        return False
    return True


def cmd_export_matrix(args: argparse.Namespace) -> int:
    from app.io.matrix_file import export_matrix

    database = _opened(args)
    export_matrix(database, args.file)
    print(f"Wrote the skills matrix to {args.file}.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    database = _opened(args)
    if args.report == "policy":
        from app.reports.policy import write_policy_report

        written = write_policy_report(database, args.project, args.output, sprint_name=args.sprint)
        print(f"Wrote the policy-iteration report of {args.project} to {written}.")
        return 0
    if args.report == "budget":
        from app.reports.budget import choose_plan, write_budget_report

        # Chosen once, so the sentence names the very plan and revision written.
        plan = choose_plan(database, args.project, plan_name=args.plan, revision=args.revision)
        written = write_budget_report(database, args.project, args.output, plan_id=plan.plan_id)
        print(
            f"Wrote the budget report of {args.project} ({plan.name}, FY {plan.fiscal_year}, "
            f"revision {plan.revision}, {plan.state}) to {written}."
        )
        return 0
    from app.reports.gaps import write_gap_report

    written = write_gap_report(database, args.project, args.output, pseudonymise=args.pseudonymise)
    print(f"Wrote the staffing-gap report of {args.project} to {written}.")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init,
    "import": cmd_import,
    "export-matrix": cmd_export_matrix,
    "report": cmd_report,
    "demo": cmd_demo,
    "projects": cmd_projects,
    "backup": cmd_backup,
    "audit": cmd_audit,
    "check": cmd_check,
}


if __name__ == "__main__":
    sys.exit(main())
