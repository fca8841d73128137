"""How declared commands reach `steward --help`: every module declaring some is listed, in the order users know."""

from __future__ import annotations

import argparse
import importlib
import pkgutil

import app.cli
from app.cli import COMMAND_MODULES, build_parser
from app.cli.common import declared_in


def test_every_module_that_declares_commands_is_listed() -> None:
    modules = [importlib.import_module(f"app.cli.{info.name}") for info in pkgutil.iter_modules(app.cli.__path__)]
    declaring = {module.__name__ for module in modules if declared_in(module)}
    assert declaring == {module.__name__ for module in COMMAND_MODULES}


def test_help_lists_the_commands_in_the_order_users_know() -> None:
    commands = next(action for action in build_parser()._actions if isinstance(action, argparse._SubParsersAction))
    assert list(commands.choices) == [
        *("init", "demo", "projects", "audit", "backup", "backups", "restore"),
        *("check", "import", "export-matrix", "export", "report", "server"),
    ]
