"""What every ``steward`` command shares: the database it names, a day argument, a plain table."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from app.errors import UserError

if TYPE_CHECKING:
    from typing import TypeAlias

    from app.db.database import Database

    # The ``add_subparsers`` object each command module adds its commands to.
    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

Handler = Callable[[argparse.Namespace], int]


def add_command(commands: Commands, name: str, handler: Handler, **options: Any) -> argparse.ArgumentParser:
    """A sub-command ``name`` run by ``handler``: the one way a command module registers one."""
    parser: argparse.ArgumentParser = commands.add_parser(name, **options)
    parser.set_defaults(handler=handler)
    return parser


def database_of(args: argparse.Namespace) -> Database:
    """The database ``--db`` (or its default) names, as it is: nothing created or upgraded."""
    from app.db.database import Database

    return Database(args.db)


def opened(args: argparse.Namespace) -> Database:
    """The database, brought to the current schema (created when it is new) and backed up once a day.

    A damaged file (``PRAGMA quick_check``) is refused before anything touches it. A backup that
    cannot be taken is a warning, not a reason to stop the command.
    """
    import logging

    from app.db.backups import check_not_damaged, daily_backup
    from app.services.setup import initialise

    database = database_of(args)
    check_not_damaged(database)
    if initialise(database).schema.before is not None:  # a new database has nothing to lose yet
        try:
            daily_backup(database)
        except UserError as error:
            logging.getLogger("steward.backups").warning("today's backup was not taken: %s", error)
    return database


def day(text: str) -> date:
    """An argument that is a day, written as ISO 8601 (2026-12-01)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day; write it as 2026-12-01") from None


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Rows under their headers, each column as wide as its widest cell."""
    widths = [max(len(str(row[i])) for row in (headers, *rows)) for i in range(len(headers))]
    for row in (headers, *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
