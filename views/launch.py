"""The ``steward`` executable: a command runs headless, no command opens the desktop app.

It sits in ``views`` because it may start Qt; the commands themselves live in
``app.cli`` and import no Qt, so ``steward projects`` never loads PySide6.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app.cli import build_parser, run_command


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from views.application import run_desktop

        return run_desktop(db_target=args.db, exit_after_paint=args.exit_after_paint)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
