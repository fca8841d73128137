"""``steward server init`` and ``steward server user add|list|remove`` as an administrator types them.

A fresh database on the tests' server, the URL as a person types it. The logins made here
have names unique to the run and are dropped at the end (roles are the whole server's).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app.cli.server import _USER_COMMANDS
from app.db.server_roles import ROLE_NAMES
from tests.cli.test_cli import steward

if TYPE_CHECKING:
    from tests.postgres_server import PostgresServer

PASSWORD = secrets.token_urlsafe(12)


@pytest.fixture
def login_names(postgres_server: PostgresServer) -> Iterator[list[str]]:
    """Names for this test's logins; whichever exist at its end are dropped."""
    run = secrets.token_hex(3)
    names = [f"c{run}_{n}" for n in range(3)]
    yield names
    with postgres_server.admin() as connection:
        for name in names:
            connection.execute(f'DROP ROLE IF EXISTS "{name}"')


def test_init_twice_then_logins_are_added_listed_used_and_removed(
    server_url: str, login_names: list[str], tmp_path: Path
) -> None:
    first = steward("--db", server_url, "server", "init")
    assert first.returncode == 0, first.stderr
    assert "steward_finance" in first.stdout and make_url(server_url).password not in first.stdout
    again = steward("--db", server_url, "server", "init")
    assert again.returncode == 0, again.stderr
    assert steward("--db", server_url, "demo").returncode == 0
    project = json.loads(steward("--db", server_url, "projects", "--json").stdout)[0]["name"]
    checked = steward("--db", server_url, "check")  # the roles' table and views are no finding
    assert checked.returncode == 0 and "is healthy" in checked.stdout, checked.stdout + checked.stderr

    finance, lead, viewer = login_names
    env = {"STEWARD_NEW_PASSWORD": PASSWORD}
    added = steward("--db", server_url, "server", "user", "add", finance, "--role", "finance", env=env)
    assert added.returncode == 0 and f"Created the login {finance} in the finance role" in added.stdout, added.stderr
    made = steward("--db", server_url, "server", "user", "add", lead, "--role", "lead", "--project", project, env=env)
    assert made.returncode == 0, made.stderr
    listed = json.loads(steward("--db", server_url, "server", "user", "list", "--json").stdout)
    assert {"name": finance, "role": "finance", "projects": []} in listed
    assert {"name": lead, "role": "lead", "projects": [project]} in listed
    assert lead in steward("--db", server_url, "server", "user", "list").stdout

    # The finance login itself, in a URL: it reads the projects and may not change a person.
    own = make_url(server_url).set(username=finance, password=PASSWORD)
    assert json.loads(steward("--db", own.render_as_string(hide_password=False), "projects", "--json").stdout)
    with (
        psycopg.connect(own.render_as_string(hide_password=False)) as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        connection.execute("UPDATE person SET title = 'x'")

    # The same login through a PostgreSQL service file, so the URL holds no name or password at all.
    service_file = tmp_path / "pg_service.conf"
    service_file.write_text(
        f"[steward]\nhost={own.host}\nport={own.port}\ndbname={own.database}\nuser={finance}\npassword={PASSWORD}\n"
    )
    through_service = steward(
        "--db", "postgresql:///?service=steward", "projects", "--json", env={"PGSERVICEFILE": str(service_file)}
    )
    assert through_service.returncode == 0 and json.loads(through_service.stdout), through_service.stderr

    # A viewer reads the projects too, and changes nothing on the way (opening writes nothing to a current server).
    assert steward("--db", server_url, "server", "user", "add", viewer, "--role", "viewer", env=env).returncode == 0
    as_viewer = make_url(server_url).set(username=viewer, password=PASSWORD).render_as_string(hide_password=False)
    seen = steward("--db", as_viewer, "projects", "--json")
    assert seen.returncode == 0 and project in {p["name"] for p in json.loads(seen.stdout)}, seen.stderr

    removed = steward("--db", server_url, "server", "user", "remove", finance)
    assert removed.returncode == 0 and removed.stdout.strip() == f"Removed the login {finance} (finance)."
    assert finance not in steward("--db", server_url, "server", "user", "list").stdout
    gone = steward("--db", server_url, "server", "user", "remove", finance)
    assert gone.returncode == 1 and "is not a Steward login" in gone.stderr


def test_a_lead_needs_a_project_and_a_name_must_be_free(server_url: str, login_names: list[str]) -> None:
    assert steward("--db", server_url, "server", "init").returncode == 0
    env = {"STEWARD_NEW_PASSWORD": PASSWORD}
    name = login_names[0]
    no_project = steward("--db", server_url, "server", "user", "add", name, "--role", "lead", env=env)
    assert no_project.returncode == 1
    assert no_project.stderr.strip() == "steward: A lead leads at least one project: name it with --project."
    assert steward("--db", server_url, "server", "user", "add", name, "--role", "viewer", env=env).returncode == 0
    taken = steward("--db", server_url, "server", "user", "add", name, "--role", "hr", env=env)
    assert taken.returncode == 1 and "already has a role named" in taken.stderr
    not_ours = steward("--db", server_url, "server", "user", "remove", "postgres")
    assert not_ours.returncode == 1 and "is not a Steward login" in not_ours.stderr
    # A person's own login cannot give the database roles: one sentence saying which login is needed.
    as_viewer = make_url(server_url).set(username=name, password=PASSWORD).render_as_string(hide_password=False)
    not_privileged = steward("--db", as_viewer, "server", "init")
    assert not_privileged.returncode == 1, not_privileged.stdout
    assert "refused to create Steward's roles (run it with a login that may create roles)" in not_privileged.stderr
    assert not_privileged.stderr.count("\n") == 1 and PASSWORD not in not_privileged.stderr


@pytest.mark.parametrize("arguments", [("init",), ("user", "list"), ("user", "add", "sam", "--role", "hr")])
def test_on_a_sqlite_file_each_says_in_one_sentence_that_it_needs_a_server(
    tmp_path: Path, arguments: tuple[str, ...]
) -> None:
    result = steward("server", *arguments, db=tmp_path / "org.db", env={"STEWARD_NEW_PASSWORD": PASSWORD})
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "needs" not in result.stdout
    assert "manages the roles and logins of a PostgreSQL server" in result.stderr
    assert not (tmp_path / "org.db").exists()


def test_the_role_choices_are_the_roles_there_are() -> None:
    add = next(command for command in _USER_COMMANDS if command.name == "add")
    role = next(settings for names, settings in add.arguments if names == ("--role",))
    assert tuple(role["choices"]) == ROLE_NAMES
