"""What every ``steward`` command shares: how it is declared, the database it names, a day argument, a plain table."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from app.errors import UserError

if TYPE_CHECKING:
    from types import ModuleType
    from typing import TypeAlias

    from app.db.database import Database

    # The ``add_subparsers`` object the commands are added to.
    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

Handler = Callable[[argparse.Namespace], int]


class Argument(NamedTuple):
    """One option or positional of a command: the ``add_argument`` call it becomes, written down."""

    names: tuple[str, ...]
    settings: dict[str, Any]


def argument(*names: str, **settings: Any) -> Argument:
    """An option or positional in ``add_argument``'s words: ``argument("--json", action="store_true", help=...)``."""
    return Argument(names, settings)


# The option of every command that lists rows: the same rows as JSON, for a script to read.
JSON_INSTEAD_OF_TABLE = argument("--json", action="store_true", help="print JSON instead of a table")


class Command(NamedTuple):
    """A sub-command as ``steward --help`` lists it.

    A nested one (``steward report gaps``) has no handler: its parent's runs, reading which one from ``args``.
    """

    name: str
    help: str
    arguments: tuple[Argument, ...] = ()
    handler: Handler | None = None
    subcommands: Subcommands | None = None


class Subcommands(NamedTuple):
    """A command's own sub-commands, one of which is required; its name is in ``args.<dest>`` for the handler."""

    dest: str
    metavar: str
    commands: tuple[Command, ...]


# The commands each module declares, by module name, in the order they are declared.
_DECLARED: dict[str, list[Command]] = {}


def command(
    name: str, *, help: str, arguments: Sequence[Argument] = (), subcommands: Subcommands | None = None
) -> Callable[[Handler], Handler]:
    """Declare the handler below as ``steward <name>``, so a command's options sit beside the code that reads them.

    Nothing is built here: ``app.cli.build_parser`` adds each module's commands (``declared_in``)
    in the order of ``COMMAND_MODULES``, and a module's own in the order they are declared.
    """

    def declare(handler: Handler) -> Handler:
        declared = Command(name, help, tuple(arguments), handler, subcommands)
        _DECLARED.setdefault(handler.__module__, []).append(declared)
        return handler

    return declare


def declared_in(module: ModuleType) -> list[Command]:
    """The commands ``module`` declares with ``@command``, in its order."""
    return _DECLARED.get(module.__name__, [])


def add_command(commands: Commands, declared: Command) -> None:
    """Add ``declared`` and its own sub-commands to the parser of ``commands``; its parser carries its handler."""
    parser = commands.add_parser(declared.name, help=declared.help)
    if declared.handler is not None:
        parser.set_defaults(handler=declared.handler)
    for names, settings in declared.arguments:
        parser.add_argument(*names, **settings)
    if declared.subcommands is not None:
        nested = parser.add_subparsers(
            dest=declared.subcommands.dest, metavar=declared.subcommands.metavar, required=True
        )
        for subcommand in declared.subcommands.commands:
            add_command(nested, subcommand)


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
