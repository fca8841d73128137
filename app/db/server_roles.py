"""Steward's roles on a team's PostgreSQL server: which group may do what to which table, and the SQL that says so.

The mapping is data (``GROUP_ROLES``): each group role, why it exists, and the tables it
may change; every group reads what the app shows, and the viewer reads the tables that
name people (people, labour budget lines, the audit trail's field values) only through
views without the names (``PSEUDONYM_VIEWS``). ``grant_statements`` turns it into the SQL that
``steward server init`` runs (as an administrator's privileged login, after the schema is
current): the group roles (``NOLOGIN``), ``REVOKE`` then ``GRANT`` per table (so running it
again after a change narrows as well as widens), the pseudonymising views, row-level
security where a role may change only part of a table (a lead's own projects; a setting
that is HR's or finance's), and a trigger that makes each audit event's actor the login
that wrote it. PostgreSQL enforces all of it, so a person who connects with ``psql`` under
their own login can do what Steward lets them do and no more.

A lead's projects are the rows of ``steward_project_lead`` (login, project), which the
row-level policies read. It is made here, not by a migration: it is the server's access
configuration, exists only where logins do, and is no part of the organisation's data
(a SQLite file, an export).

The audit trail is insert-only for every role (its triggers, revisions 0003 and 0004, bind
even the owner). The privacy erasure is the one sanctioned rewrite: admin and HR may clear
an audit event's two field-value columns (which the triggers still confine to erased
people) and re-describe an erased person's labour budget lines, and nothing else of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from app.errors import UserError
from models.tables import metadata

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from app.db.database import Database

# Every group role's name starts with this; a login is a Steward login when it is in one of them.
ROLE_PREFIX = "steward_"
# The table of a lead's projects, read by the row-level policies.
PROJECT_LEAD_TABLE = "steward_project_lead"
# The viewer's windows on the tables that name people, each a view without the names: a person is "Person N"
# (no e-mail or cost rate), a labour line "Person N (labour)", an audit event without its field values.
PSEUDONYM_VIEWS = {
    "person": (
        "person_pseudonym",
        "SELECT id, 'Person ' || id AS name, department, title, capacity_fte, active, erased_on FROM person",
    ),
    "budget_line": (
        "budget_line_pseudonym",
        "SELECT id, plan_id, category, CASE WHEN labour_person_id IS NULL THEN description"
        " ELSE 'Person ' || labour_person_id || ' (labour)' END AS description, period_kind, period_number, stage,"
        " planned, actual, note, labour_person_id FROM budget_line",
    ),
    "audit_event": (
        "audit_event_pseudonym",
        "SELECT id, at, actor, entity, entity_id, action, CAST(NULL AS TEXT) AS before, CAST(NULL AS TEXT) AS after,"
        " reason FROM audit_event",
    ),
}
PSEUDONYM_VIEW = PSEUDONYM_VIEWS["person"][0]

# Every table of the schema (``models.tables``), and Alembic's own.
# Every table of the schema, read from the models (a new table cannot be forgotten here), and Alembic's.
ALL_TABLES = ("alembic_version", *sorted(metadata.tables))

# What "may change" means for a table: every row change, and the audit trail's append.
CHANGE = "SELECT, INSERT, UPDATE, DELETE"
APPEND = "SELECT, INSERT"
# The privacy erasure's rewrite (``app.services.people.erase_person``): the columns it clears of an erased
# person's name, and the rows it may touch (the audit trail's own rows its triggers confine).
ERASURE_COLUMNS = {"audit_event": ("before", "after"), "budget_line": ("description",)}
ERASED_LABOUR_LINES = "labour_person_id IN (SELECT id FROM person WHERE erased_on IS NOT NULL)"


class GroupRole(NamedTuple):
    """One of Steward's group roles: a login is in exactly one."""

    name: str  # as typed after --role
    why: str
    changes: tuple[str, ...]  # the tables whose rows it may insert, update and delete
    reads_people: bool = True  # False: the tables that name people only through their views (PSEUDONYM_VIEWS)
    rewrites_erasures: bool = False  # may clear an erased person's field values in the audit trail
    appends_audit: bool = True  # writes audit events (everyone who changes anything)
    settings: tuple[str, ...] = ()  # the keys of ``setting`` it may change (row-level)
    own_projects_only: tuple[str, ...] = ()  # of ``changes``, the tables it may change only for its projects


_LEAD_TABLES = ("membership", "skill_requirement", "backlog_item", "item_history")

GROUP_ROLES: tuple[GroupRole, ...] = (
    GroupRole(
        "admin",
        "Runs the organisation's Steward: creates projects and may change every table, settings included.",
        changes=tuple(table for table in ALL_TABLES if table not in ("alembic_version", "audit_event", "setting")),
        rewrites_erasures=True,
        settings=("*",),
    ),
    GroupRole(
        "hr",
        "Holds the personal data: people, their assessments and certifications, who is on which project,"
        " the skill taxonomy and the staffing thresholds.",
        changes=("person", "assessment", "certification", "membership", "skill_area", "skill", "level_descriptor"),
        rewrites_erasures=True,
        settings=("staffing",),
    ),
    GroupRole(
        "policy",
        "Writes and governs policy: policies, versions, sign-offs, the policy backlog and its history,"
        " sprints, their commitments and stakeholder feedback.",
        changes=(
            "policy",
            "policy_version",
            "sign_off",
            "backlog_item",
            "item_history",
            "sprint",
            "sprint_commitment",
            "feedback",
        ),
    ),
    GroupRole(
        "finance",
        "Owns the money: budget plans, their lines and actuals, and the finance settings.",
        changes=("budget_plan", "budget_line"),
        settings=("finance",),
    ),
    GroupRole(
        "lead",
        "Runs their own projects: those projects' members, skill requirements and backlog, and no other project's.",
        changes=_LEAD_TABLES,
        own_projects_only=_LEAD_TABLES,
    ),
    GroupRole(
        "viewer",
        "Reads the organisation for oversight, with people pseudonymised, and changes nothing.",
        changes=(),
        reads_people=False,
        appends_audit=False,
    ),
)

ROLE_NAMES = tuple(role.name for role in GROUP_ROLES)

# How each table subject to a lead's limit finds its project.
_PROJECT_OF = {
    "membership": "project_id",
    "skill_requirement": "project_id",
    "backlog_item": "project_id",
    "item_history": "(SELECT backlog_item.project_id FROM backlog_item WHERE backlog_item.id = item_history.item_id)",
}
_TABLES_WITH_ROW_POLICIES = ("setting", "budget_line", *_LEAD_TABLES)

# A login's name: what PostgreSQL takes unquoted, so it is typed the same in a URL and in psql.
_LOGIN = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def group_name(role: str) -> str:
    """``hr`` → ``steward_hr``."""
    return ROLE_PREFIX + role


def valid_login(name: str) -> bool:
    """True when ``name`` may be a login: lower-case letters, digits and underscores, not starting with a digit."""
    return _LOGIN.fullmatch(name) is not None and not name.startswith(ROLE_PREFIX)


def _create_group(name: str) -> str:
    # Roles are the cluster's, not the database's: another database on the server may have made it already.
    return (
        "DO $$ BEGIN "
        f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN CREATE ROLE {name} NOLOGIN; END IF; "
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )


def _lead_projects(project: str) -> str:
    return f"{project} IN (SELECT project_id FROM {PROJECT_LEAD_TABLE} WHERE login = current_user)"


def grant_statements(database_name: str) -> list[str]:
    """The SQL that makes a current Steward database on a server enforce the roles; safe to run again."""
    groups = [group_name(role.name) for role in GROUP_ROLES]
    everyone = ", ".join(groups)
    statements = [_create_group(name) for name in groups]
    statements += [
        f'GRANT CONNECT ON DATABASE "{database_name}" TO {everyone}',
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        f"CREATE TABLE IF NOT EXISTS {PROJECT_LEAD_TABLE} ("
        " login TEXT NOT NULL, project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,"
        " PRIMARY KEY (login, project_id))",
        *(f"CREATE OR REPLACE VIEW {view} AS {query}" for view, query in PSEUDONYM_VIEWS.values()),
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {everyone}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {everyone}",
    ]
    for role in GROUP_ROLES:
        group = group_name(role.name)
        readable = [table for table in ALL_TABLES if role.reads_people or table not in PSEUDONYM_VIEWS]
        views = [view for view, _ in PSEUDONYM_VIEWS.values()]
        statements.append(f"GRANT SELECT ON {', '.join([*readable, PROJECT_LEAD_TABLE, *views])} TO {group}")
        for table in role.changes:
            statements.append(f"GRANT {CHANGE} ON {table} TO {group}")
            statements.append(_sequence_grant(table, group))
        if role.settings:
            statements.append(f"GRANT {CHANGE} ON setting TO {group}")
        if role.appends_audit:
            statements.append(f"GRANT {APPEND} ON audit_event TO {group}")
            statements.append(_sequence_grant("audit_event", group))
        if role.rewrites_erasures:
            for table, columns in ERASURE_COLUMNS.items():
                if table not in role.changes:
                    statements.append(f"GRANT UPDATE ({', '.join(columns)}) ON {table} TO {group}")
    statements += _row_policies()
    statements += ACTOR_IS_THE_LOGIN
    return statements


# The audit trail names the database login as the actor of every event a Steward login writes, whatever the
# client sends, so an event cannot be signed with a colleague's name from psql either. The administrator's own
# login (not in a Steward group: ``server init``, migrations) keeps the name Steward gives.
ACTOR_IS_THE_LOGIN = [
    "CREATE OR REPLACE FUNCTION audit_event_actor() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " IF EXISTS (SELECT 1 FROM pg_auth_members AS link JOIN pg_roles AS grp ON grp.oid = link.roleid"
    " JOIN pg_roles AS member ON member.oid = link.member"
    f" WHERE member.rolname = session_user AND grp.rolname LIKE '{ROLE_PREFIX}%')"
    " THEN NEW.actor := session_user; END IF; RETURN NEW; END $$",
    "DROP TRIGGER IF EXISTS audit_event_actor ON audit_event",
    "CREATE TRIGGER audit_event_actor BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_actor()",
]


def _sequence_grant(table: str, group: str) -> str:
    """The right to take ``table``'s next id, for a table keyed by a serial ``id`` (an empty statement otherwise)."""
    from models.tables import metadata

    columns = metadata.tables[table].c if table in metadata.tables else None
    if columns is None or "id" not in columns or not columns.id.primary_key or not columns.id.autoincrement:
        return "SELECT 1"
    return (
        "DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO "
        + group
        + "', pg_get_serial_sequence('"
        + table
        + "', 'id')); END $$"
    )


def _row_policies() -> list[str]:
    """Row-level security: everyone reads every row; a change is limited for the roles whose limit it is."""
    statements: list[str] = []
    everyone = ", ".join(group_name(role.name) for role in GROUP_ROLES)
    for table in _TABLES_WITH_ROW_POLICIES:
        statements.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        statements.append(f"DROP POLICY IF EXISTS steward_read ON {table}")
        statements.append(f"CREATE POLICY steward_read ON {table} FOR SELECT TO {everyone} USING (true)")
        for role in GROUP_ROLES:
            name = f"steward_{role.name}_changes"
            statements.append(f"DROP POLICY IF EXISTS {name} ON {table}")
            if table == "setting":
                if not role.settings:
                    continue
                rows = (
                    "true" if role.settings == ("*",) else "key IN (" + ", ".join(f"'{k}'" for k in role.settings) + ")"
                )
            elif table == "budget_line" and role.rewrites_erasures and table not in role.changes:
                statements.append(
                    f"CREATE POLICY {name} ON {table} FOR UPDATE TO {group_name(role.name)}"
                    f" USING ({ERASED_LABOUR_LINES}) WITH CHECK ({ERASED_LABOUR_LINES})"
                )
                continue
            elif table not in role.changes:
                continue
            elif table in role.own_projects_only:
                rows = _lead_projects(_PROJECT_OF[table])
            else:
                rows = "true"
            statements.append(
                f"CREATE POLICY {name} ON {table} FOR ALL TO {group_name(role.name)} USING ({rows}) WITH CHECK ({rows})"
            )
    return statements


class Login(NamedTuple):
    """A person's login on the server: its group role and, for a lead, the projects it leads here."""

    name: str
    role: str
    projects: tuple[str, ...]


NEEDS_A_SERVER = (
    "`steward server` manages the roles and logins of a PostgreSQL server; {where} is a SQLite file,"
    " which has none, so open the team's server with --db postgresql://…"
)


def _require_server(database: Database) -> None:
    if database.is_sqlite:
        raise UserError(NEEDS_A_SERVER.format(where=database.describe()))


def _refused(database: Database, error: Exception, doing: str) -> UserError:
    detail = str(getattr(error, "orig", error)).strip().splitlines()[0].rstrip(".")
    return UserError(f"The server {database.describe()} refused to {doing}: {detail}.")


def apply_roles(database: Database) -> None:
    """Create the group roles and their grants in a current database (``grant_statements``), in one transaction."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    _require_server(database)
    try:
        with database.engine.begin() as connection:
            name = connection.execute(text("SELECT current_database()")).scalar_one()
            for statement in grant_statements(str(name)):
                connection.execute(text(statement))
    except DBAPIError as error:
        raise _refused(database, error, "create Steward's roles (run it with a login that may create roles)") from error


def add_login(database: Database, name: str, role: str, password: str, projects: Sequence[str] = ()) -> Login:
    """``CREATE ROLE name LOGIN IN ROLE steward_<role>``, its password sent hashed; for a lead, its projects."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    _require_server(database)
    if not valid_login(name):
        raise UserError(
            f"{name!r} cannot be a login: use lower-case letters, digits and underscores,"
            f" starting with a letter, and not starting with {ROLE_PREFIX!r}."
        )
    if role not in ROLE_NAMES:
        raise UserError(f"There is no role {role!r}; choose one of {', '.join(ROLE_NAMES)}.")
    if role == "lead" and not projects:
        raise UserError("A lead leads at least one project: name it with --project.")
    if role != "lead" and projects:
        raise UserError(f"Only a lead is given projects; the {role} role reaches every project it may.")
    if not password:
        raise UserError(f"The login {name} needs a password; type one at the prompt or set STEWARD_NEW_PASSWORD.")
    try:
        with database.engine.begin() as connection:
            if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first():
                raise UserError(f"The server already has a role named {name}; choose another name.")
            if not connection.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": group_name(role)}
            ).first():
                raise UserError(f"{database.describe()} has no Steward roles yet; run `steward server init` first.")
            project_ids = [_project_id(connection, project) for project in projects]
            _create_login(connection, name, group_name(role), password)
            for project_id in project_ids:
                connection.execute(
                    text(f"INSERT INTO {PROJECT_LEAD_TABLE} (login, project_id) VALUES (:n, :p)"),
                    {"n": name, "p": project_id},
                )
    except DBAPIError as error:
        raise _refused(database, error, f"create the login {name}") from error
    return Login(name, role, tuple(projects))


def _project_id(connection: Connection, project: str) -> int:
    from sqlalchemy import text

    found = connection.execute(text("SELECT id FROM project WHERE name = :n"), {"n": project}).scalar()
    if found is None:
        raise UserError(f"There is no project named {project!r}; `steward projects` lists them.")
    return int(found)


def _create_login(connection: Connection, name: str, group: str, password: str) -> None:
    """``CREATE ROLE`` with the password as the server stores it (SCRAM-SHA-256), hashed here so it never travels."""
    from psycopg import sql

    driver = connection.connection.driver_connection  # psycopg's, in the same transaction
    verifier = driver.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")  # type: ignore[union-attr]
    statement = sql.SQL("CREATE ROLE {} LOGIN IN ROLE {} PASSWORD {}").format(
        sql.Identifier(name), sql.Identifier(group), sql.Literal(verifier.decode())
    )
    driver.execute(statement)  # type: ignore[union-attr]


_LOGINS = """
SELECT member.rolname AS login, substr(grp.rolname, :start) AS role
FROM pg_auth_members AS link
JOIN pg_roles AS member ON member.oid = link.member
JOIN pg_roles AS grp ON grp.oid = link.roleid
WHERE grp.rolname IN :groups AND member.rolcanlogin
ORDER BY member.rolname
"""


def list_logins(database: Database) -> list[Login]:
    """Every login in one of Steward's group roles, with the projects each leads in this database."""
    from sqlalchemy import bindparam, text

    _require_server(database)
    groups = [group_name(role) for role in ROLE_NAMES]
    with database.engine.connect() as connection:
        rows = connection.execute(
            text(_LOGINS).bindparams(bindparam("groups", expanding=True)),
            {"groups": groups, "start": len(ROLE_PREFIX) + 1},
        ).all()
        led: dict[str, list[str]] = {}
        if connection.execute(text("SELECT to_regclass(:t)"), {"t": PROJECT_LEAD_TABLE}).scalar() is not None:
            for login, project in connection.execute(
                text(
                    f"SELECT lead.login, project.name FROM {PROJECT_LEAD_TABLE} AS lead"
                    " JOIN project ON project.id = lead.project_id ORDER BY project.name"
                )
            ):
                led.setdefault(str(login), []).append(str(project))
    return [Login(str(login), str(role), tuple(led.get(str(login), ()))) for login, role in rows]


def remove_login(database: Database, name: str) -> Login:
    """Drop a Steward login and forget the projects it led; any other role is refused."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    found = next((login for login in list_logins(database) if login.name == name), None)
    if found is None:
        raise UserError(
            f"{name} is not a Steward login on {database.describe()}; `steward server user list` lists them."
        )
    try:
        with database.engine.begin() as connection:
            connection.execute(text(f"DELETE FROM {PROJECT_LEAD_TABLE} WHERE login = :n"), {"n": name})
            connection.execute(text(f"DROP ROLE {name}"))
    except DBAPIError as error:
        raise _refused(database, error, f"remove the login {name}") from error
    return found
