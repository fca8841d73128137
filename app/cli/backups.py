"""``steward backup``, ``backups`` and ``restore``: copies of the database, the automatic ones, putting one back."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.common import JSON_INSTEAD_OF_TABLE, argument, command, database_of, print_table
from app.errors import UserError


@command(
    "backup",
    help="copy the database while it is in use (SQLite online backup); without OUT, into its backups folder",
    arguments=(argument("output", metavar="OUT.db", type=Path, nargs="?"),),
)
def cmd_backup(args: argparse.Namespace) -> int:
    from app.db.backups import Reason, backup_sqlite, take_backup
    from app.db.schema import current_revision

    database = database_of(args)
    if database.sqlite_path is None:
        raise UserError("`steward backup` copies SQLite files; back up a database server with its own tools.")
    if not database.exists():
        raise UserError(f"There is no database at {database.sqlite_path} to back up.")
    current_revision(database)  # refuses a file that is not a Steward database
    if args.output is None:
        written = take_backup(database, Reason.MANUAL)
    else:
        if args.output.exists():
            raise UserError(f"{args.output} already exists; choose a new file name for the backup.")
        backup_sqlite(database.sqlite_path, args.output)
        written = args.output
    print(f"Backed up {database.sqlite_path} to {written}.")
    return 0


@command(
    "backups",
    help="list the database's backups: date, size, reason, what each holds",
    arguments=(JSON_INSTEAD_OF_TABLE,),
)
def cmd_backups(args: argparse.Namespace) -> int:
    from app.db.backups import backups_folder, format_size, list_backups

    database = database_of(args)
    backups = list_backups(database)
    if args.json:
        print(json.dumps([backup.as_json() for backup in backups], indent=2))
        return 0
    if not backups:
        print(f"No backups of {database.describe()} yet (they go to {backups_folder(database)}).")
        return 0
    rows = [
        (
            f"{backup.taken_at.astimezone():%Y-%m-%d %H:%M}",
            format_size(backup.size),
            backup.reason.value if backup.reason is not None else "",
            backup.holds(),
            str(backup.path),
        )
        for backup in backups
    ]
    print_table(("Date", "Size", "Reason", "Holds", "Path"), rows)
    return 0


@command(
    "restore",
    help="put a backup in place of the database (checked first; the replaced file is kept as a backup)",
    arguments=(argument("file", metavar="FILE", type=Path),),
)
def cmd_restore(args: argparse.Namespace) -> int:
    from app.db.backups import restore_backup

    database = database_of(args)
    restored = restore_backup(database, args.file)
    backup = restored.backup
    print(
        f"Restored {restored.database} from {backup.path} "
        f"(taken {backup.taken_at.astimezone():%Y-%m-%d %H:%M}; {backup.holds()})."
    )
    if restored.upgraded_from is not None:
        print(f"It was upgraded from schema {restored.upgraded_from}.")
    if restored.kept is not None:
        print(f"The database it replaced is kept as {restored.kept}.")
    return 0
