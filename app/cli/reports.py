"""``steward report gaps|policy|budget``: one sub-command per report, the format by the output's extension."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import Command, Subcommands, argument, command, opened

# Every report is of one project, written to one file.
_PROJECT = argument("--project", required=True, metavar="NAME")
_OUTPUT = argument("-o", "--output", required=True, metavar="OUT", type=Path)

# ``steward report <REPORT>``, each read by ``cmd_report`` from ``args.report``.
_REPORTS = (
    Command(
        "gaps",
        help="a project's staffing gaps, candidates and team make-up",
        arguments=(
            _PROJECT,
            _OUTPUT,
            argument(
                "--pseudonymise", action="store_true", help="replace names with stable codes, for wider circulation"
            ),
        ),
    ),
    Command(
        "policy",
        help="a project's policy work: sprints, versions, feedback, governance gaps",
        arguments=(
            _PROJECT,
            argument("--sprint", metavar="NAME", help="one sprint's review; default: every sprint of the project"),
            _OUTPUT,
        ),
    ),
    Command(
        "budget",
        help="a project's budget plan for sign-off",
        arguments=(
            _PROJECT,
            argument(
                "--plan", metavar="NAME", help="the plan (scenario); default: the approved plan of the latest year"
            ),
            argument(
                "--revision",
                metavar="N",
                type=int,
                help="that revision of the plan; default: its newest approved revision, else its newest",
            ),
            _OUTPUT,
        ),
    ),
)


@command(
    "report",
    help="write a report (.pdf, .xlsx, .csv or .json, by the output's extension)",
    subcommands=Subcommands(dest="report", metavar="REPORT", commands=_REPORTS),
)
def cmd_report(args: argparse.Namespace) -> int:
    database = opened(args)
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
