"""``steward export``: the whole database to one .json or .xlsx file (the way out, and back in by import)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import argument, command, database_of


@command(
    "export",
    help="write every table of the database, audit trail included, to .json or .xlsx (`steward import` reads it)",
    arguments=(argument("file", metavar="FILE", type=Path, help="FILE.json or FILE.xlsx"),),
)
def cmd_export(args: argparse.Namespace) -> int:
    from app.io.database_file import export_database

    database = database_of(args)  # read as it is: an export changes nothing, not even the schema
    summary = export_database(database, args.file)
    print(f"Wrote {summary.total_rows:,} rows of {len(summary.counts)} tables of {database.describe()} to {args.file}.")
    return 0
