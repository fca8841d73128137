"""``steward import`` and ``export-matrix``: files in, checked before anything is written, and files out.

``steward import`` tells the files apart by what they hold: a whole-database file (a JSON
document, or a workbook whose first sheet is About, as ``steward export`` writes them)
first, then budget actuals (amount and category columns), then a skills matrix.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import argument, command, database_of, opened
from app.errors import UserError

if TYPE_CHECKING:
    from app.db.database import Database


@command(
    "import",
    help="import a skills matrix or budget actuals (.csv or .xlsx), or a whole-database file of `steward export` "
    "(.json or .xlsx) into an empty database; checked before anything is written",
    arguments=(
        argument("file", metavar="FILE", type=Path),
        argument("--dry-run", action="store_true", help="check the file and say what would change; write nothing"),
        argument(
            "--source",
            choices=("self", "manager", "certified"),
            default="manager",
            help="who assessed the levels of a wide-layout file (default: manager)",
        ),
    ),
)
def cmd_import(args: argparse.Namespace) -> int:
    """A whole-database file first; then a file with amount and category columns is budget actuals; else a matrix."""
    from app.io.database_file import looks_like_database_file

    if looks_like_database_file(args.file):
        return _import_database(args)  # before the actuals' check, which loads pandas
    from app.io.actuals_file import looks_like_actuals

    is_actuals = looks_like_actuals(args.file)
    database = opened(args)
    if is_actuals:
        from app.io.actuals_file import apply_actuals_import, describe_actuals_plan, plan_actuals_import

        actuals = plan_actuals_import(database, args.file)
        if _checked(args, describe_actuals_plan(actuals), len(actuals.errors)):
            apply_actuals_import(database, actuals)
            print(f"Imported the actuals of {args.file}.")
        return 0
    from app.io.matrix_file import apply_import, describe_plan, plan_import

    matrix = plan_import(database, args.file)
    if _checked(args, describe_plan(matrix), matrix.problem_count):
        apply_import(database, matrix, source=args.source)
        print(f"Imported {args.file}.")
    return 0


def _import_database(args: argparse.Namespace) -> int:
    """Load a whole-database file into an empty database; a database this command created is removed on failure."""
    from app.io.database_file import import_database

    database = database_of(args)
    created = not database.exists()
    try:
        database = opened(args)
        summary = import_database(database, args.file, dry_run=args.dry_run)
    except BaseException:
        if created:
            _remove_new_database(database)
        raise
    if args.dry_run:
        if created:
            _remove_new_database(database)
        print(f"{args.file} can be imported: {summary.total_rows:,} rows of {len(summary.counts)} tables.")
        print("Dry run: nothing was written.")
        return 0
    print(
        f"Imported {summary.total_rows:,} rows of {len(summary.counts)} tables from {args.file} "
        f"(exported {summary.exported_at or 'at an unknown time'}) into {database.describe()}."
    )
    return 0


def _remove_new_database(database: Database) -> None:
    """Remove the SQLite file (and its journal files) that this command created, so a refused import leaves none."""
    database.dispose()
    if database.sqlite_path is None:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{database.sqlite_path}{suffix}").unlink(missing_ok=True)


def _checked(args: argparse.Namespace, description: str, problems: int) -> bool:
    """Print what an import would do; refuse it when it has problems; True when it should be applied now."""
    print(description)
    if problems:
        what = "the problem" if problems == 1 else f"the {problems:,} problems"
        raise UserError(f"{args.file} was not imported: fix {what} above and run the import again.")
    if args.dry_run:
        print("Dry run: nothing was written.")
        return False
    return True


@command(
    "export-matrix",
    help="write the skills matrix in the wide layout (.csv or .xlsx)",
    arguments=(argument("file", metavar="OUT", type=Path),),
)
def cmd_export_matrix(args: argparse.Namespace) -> int:
    from app.io.matrix_file import export_matrix

    database = opened(args)
    export_matrix(database, args.file)
    print(f"Wrote the skills matrix to {args.file}.")
    return 0
