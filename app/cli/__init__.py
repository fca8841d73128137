"""The ``steward`` commands: the headless face of the core.

``views.launch`` is the executable: it parses with ``build_parser`` and opens the
desktop app when no command is given, else calls ``run_command`` here. Kept light
at import (argparse only): the desktop app's start-up time starts here, so every
command module imports what its command needs inside the command.
Each module of this package declares its commands with ``@command`` on their
handlers (``app.cli.common``); a command's parser carries its handler. A
``UserError`` prints as one sentence on stderr with exit status 1; usage errors
exit 2 (argparse); anything else is a bug, logged with its traceback to a file
whose path is printed.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.cli import audit, backups, check, everyday, export, files, reports, server
from app.cli.common import Handler, add_command, declared_in
from app.errors import UserError

log = logging.getLogger("steward.cli")

# In the order ``steward --help`` lists their commands.
COMMAND_MODULES = (everyday, audit, backups, check, files, export, reports, server)


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
    for module in COMMAND_MODULES:
        for declared in declared_in(module):
            add_command(commands, declared)
    return parser


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
    handler: Handler = args.handler
    try:
        return handler(args)
    except UserError as error:
        print(f"steward: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`steward audit | head`): what it wanted it has; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("steward: interrupted; nothing was written.", file=sys.stderr)
        return 130
    except Exception as error:
        sentence = _storage_sentence(error, args)
        if sentence:  # a disk or a file that refused a read: the user's to fix, not a bug
            print(f"steward: {sentence}", file=sys.stderr)
            return 1
        log_path = _write_crash_log()
        print(f"steward: an unexpected error stopped the command (a bug); details are in {log_path}.", file=sys.stderr)
        return 1


def _storage_sentence(error: Exception, args: argparse.Namespace) -> str | None:
    """The sentence for a database that a disk or its file refused to read (a dropped share, a vanished file)."""
    from app.db.database import Database
    from app.services.unit import READ_FAILED, storage_problem

    try:
        where = Database(getattr(args, "db", None)).describe()
    except Exception:  # the target itself is what is wrong: say it as given
        where = str(getattr(args, "db", None) or "the database")
    return storage_problem(error, where, outcome=READ_FAILED)


def _write_crash_log() -> Path:
    import traceback
    from datetime import datetime

    from platformdirs import user_log_path

    folder = user_log_path("Steward", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}.log"
    path.write_text(traceback.format_exc(), encoding="utf-8")
    return path
