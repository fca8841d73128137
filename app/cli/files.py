"""``steward import`` and ``export-matrix``: files in, checked before anything is written, and files out."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import add_command, opened
from app.errors import UserError

if TYPE_CHECKING:
    from app.cli.common import Commands


def add_commands(commands: Commands) -> None:
    importer = add_command(
        commands,
        "import",
        cmd_import,
        help="import a skills matrix or budget actuals (.csv or .xlsx), checked before anything is written",
    )
    importer.add_argument("file", metavar="FILE", type=Path)
    importer.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would change; write nothing"
    )
    importer.add_argument(
        "--source",
        choices=("self", "manager", "certified"),
        default="manager",
        help="who assessed the levels of a wide-layout file (default: manager)",
    )
    exporter = add_command(
        commands, "export-matrix", cmd_export_matrix, help="write the skills matrix in the wide layout (.csv or .xlsx)"
    )
    exporter.add_argument("file", metavar="OUT", type=Path)


def cmd_import(args: argparse.Namespace) -> int:
    """A file with amount and category columns is budget actuals; anything else a skills matrix."""
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
    if _checked(args, describe_plan(matrix), len(matrix.errors)):
        apply_import(database, matrix, source=args.source)
        print(f"Imported {args.file}.")
    return 0


def _checked(args: argparse.Namespace, description: str, problems: int) -> bool:
    """Print what an import would do; refuse it when it has problems; True when it should be applied now."""
    print(description)
    if problems:
        what = "the problem" if problems == 1 else f"the {problems} problems"
        raise UserError(f"{args.file} was not imported: fix {what} above and run the import again.")
    if args.dry_run:
        print("Dry run: nothing was written.")
        return False
    return True


def cmd_export_matrix(args: argparse.Namespace) -> int:
    from app.io.matrix_file import export_matrix

    database = opened(args)
    export_matrix(database, args.file)
    print(f"Wrote the skills matrix to {args.file}.")
    return 0
