"""``steward check``: is the database sound?"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import add_command, database_of
from app.errors import UserError

if TYPE_CHECKING:
    from app.cli.common import Commands


def add_commands(commands: Commands) -> None:
    add_command(commands, "check", cmd_check, help="check the database's integrity and schema")


def cmd_check(args: argparse.Namespace) -> int:
    from app.db.migrations import HEAD, REVISIONS
    from app.db.schema import current_revision

    database = database_of(args)
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
