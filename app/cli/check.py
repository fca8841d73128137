"""``steward check``: is the database sound? Each problem found, with what to do; exit status 1 if any."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from app.cli.common import argument, command, database_of

if TYPE_CHECKING:
    from app.queries.consistency import CheckReport


def print_report(report: CheckReport) -> None:
    """Each finding as what is wrong, where, and what to do; then the summary (on stderr when there are findings)."""
    for number, finding in enumerate(report.findings, start=1):
        print(f"{number}. {finding.what}")
        if finding.where:
            print(f"   where: {finding.where}")
        print(f"   to do: {finding.advice}")
    if report.healthy:
        print(report.summary())
    else:
        print(report.summary(), file=sys.stderr)


@command(
    "check",
    help="check the database: SQLite's integrity and foreign keys, the schema, Steward's own rules",
    arguments=(argument("--json", action="store_true", help="print the findings as JSON"),),
)
def cmd_check(args: argparse.Namespace) -> int:
    from app.queries.consistency import check_database

    report = check_database(database_of(args))
    if args.json:
        import json

        print(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        print_report(report)
    return 0 if report.healthy else 1
