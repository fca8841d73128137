"""``steward server init`` and ``steward server user add|list|remove``: a team's PostgreSQL server and its logins.

An administrator runs them with a privileged login (one that may create roles). ``init``
brings the schema to the current revision and gives the database Steward's group roles
(``app.db.server_roles``); ``user add`` creates one person's own login in one of them. A
password is read from ``$STEWARD_NEW_PASSWORD`` or the prompt, sent to the server hashed
and never kept by Steward. On a SQLite file each says in one sentence that it needs a server.
"""

from __future__ import annotations

import argparse
import json
import os

from app.cli.common import JSON_INSTEAD_OF_TABLE, Command, Subcommands, argument, command, database_of, print_table
from app.errors import UserError

# The variable a script sets instead of typing the new login's password at the prompt.
PASSWORD_VARIABLE = "STEWARD_NEW_PASSWORD"

_USER_COMMANDS = (
    Command(
        "add",
        help="create a person's own login in one of Steward's roles",
        arguments=(
            argument("name", metavar="NAME", help="the login (lower-case letters, digits, underscores)"),
            argument(
                "--role",
                required=True,
                choices=("admin", "hr", "policy", "finance", "lead", "viewer"),
                help="what the login may do (see the README's table)",
            ),
            argument(
                "--project",
                dest="projects",
                action="append",
                default=[],
                metavar="P",
                help="a project the lead leads (repeat for several; leads only)",
            ),
        ),
    ),
    Command("list", help="every Steward login: name, role, the projects it leads", arguments=(JSON_INSTEAD_OF_TABLE,)),
    Command("remove", help="drop a Steward login", arguments=(argument("name", metavar="NAME"),)),
)

_SERVER_COMMANDS = (
    Command("init", help="bring the schema up to date and create Steward's roles (a privileged login)"),
    Command(
        "user",
        help="the people's logins",
        subcommands=Subcommands(dest="user_command", metavar="ACTION", commands=_USER_COMMANDS),
    ),
)


@command(
    "server",
    help="a team's PostgreSQL server: its roles and logins (an administrator's)",
    subcommands=Subcommands(dest="server_command", metavar="ACTION", commands=_SERVER_COMMANDS),
)
def cmd_server(args: argparse.Namespace) -> int:
    from app.db import server_roles

    database = database_of(args)
    if database.is_sqlite:
        raise UserError(server_roles.NEEDS_A_SERVER.format(where=database.describe()))
    if args.server_command == "init":
        return _init(args)
    if args.user_command == "add":
        login = server_roles.add_login(database, args.name, args.role, _new_password(args.name), args.projects)
        leads = f", leading {', '.join(login.projects)}" if login.projects else ""
        print(f"Created the login {login.name} in the {login.role} role{leads}; give its password to that person only.")
        return 0
    if args.user_command == "remove":
        login = server_roles.remove_login(database, args.name)
        print(f"Removed the login {login.name} ({login.role}).")
        return 0
    logins = server_roles.list_logins(database)
    if args.json:
        print(json.dumps([{"name": x.name, "role": x.role, "projects": list(x.projects)} for x in logins], indent=2))
    elif not logins:
        print("No Steward logins yet; add one with `steward server user add NAME --role ROLE`.")
    else:
        print_table(("Login", "Role", "Projects"), [(x.name, x.role, ", ".join(x.projects)) for x in logins])
    return 0


def _init(args: argparse.Namespace) -> int:
    from app.db.server_roles import GROUP_ROLES, apply_roles, group_name
    from app.services.setup import initialise

    database = database_of(args)
    schema = initialise(database).schema
    apply_roles(database)
    print(
        f"{database.describe()} is at schema {schema.after} with Steward's roles "
        f"({', '.join(group_name(role.name) for role in GROUP_ROLES)}); "
        "add each person's own login with `steward server user add NAME --role ROLE`."
    )
    return 0


def _new_password(name: str) -> str:
    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    import getpass

    password = getpass.getpass(f"Password for {name}: ")
    if getpass.getpass("The same again: ") != password:
        raise UserError(f"The two passwords differ; nothing was created for {name}.")
    return password
