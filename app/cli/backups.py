"""``steward backup``: copies of the database, taken while it is in use."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import add_command, database_of
from app.errors import UserError

if TYPE_CHECKING:
    from app.cli.common import Commands


def add_commands(commands: Commands) -> None:
    backup = add_command(
        commands, "backup", cmd_backup, help="copy the database while it is in use (SQLite online backup)"
    )
    backup.add_argument("output", metavar="OUT.db", type=Path)


def cmd_backup(args: argparse.Namespace) -> int:
    from app.db.schema import backup_sqlite, current_revision

    database = database_of(args)
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
