"""Is the database sound? SQLite's own checks, the schema revision and Steward's rules, read-only.

``check_database(database)`` reads through ``database.reader()`` (``query_only``, so
a check can never write) and returns a ``CheckReport``: every ``Finding`` with what
is wrong, where and what to do. A file that is missing or not a Steward database
is one ``UserError`` sentence instead. The checks by area:

- ``storage``: ``PRAGMA integrity_check``, ``foreign_key_check`` (SQLite), money as whole cents;
- ``budgets``: approvals, revision chains, approved plans' frozen lines and the lines their revisions copied;
- ``sprints``: sprint states, committed scope against the items' history, closed sprints;
- ``backlog``: items against their history, its order, ranks, sprints of another project;
- ``policies``: a policy's status from its current version, versions approved only once published,
  sign-offs on published versions only, feedback's dates;
- ``privacy``: erased people still identifiable (their row, audit events, labour lines);
- ``identity``: what an erased person was called, wherever it survived, found in every free text;
- ``orphans``: audit events about rows removed outside Steward, settings.

Steward's own checks run only on a database whose schema is this app's and, for a
SQLite file, which SQLite finds undamaged (broken foreign keys are listed, and the
rest still checked): on anything else their reads would mislead. On a PostgreSQL
server the references are checked by query (``storage.references``) and every
Steward check runs but the money one, whose column type already holds whole cents.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from app.errors import UserError
from app.queries.consistency import backlog, budgets, identity, orphans, policies, privacy, sprints, storage
from app.queries.consistency.findings import RESTORE, Finding

if TYPE_CHECKING:
    from app.db.database import Database
    from app.db.reader import Reader

__all__ = ["STEWARD_CHECKS", "CheckReport", "Finding", "check_database"]

Check = Callable[["Reader"], list[Finding]]

# Steward's own checks, in the order their findings are listed.
STEWARD_CHECKS: Sequence[Check] = (
    storage.money_storage,
    budgets.approvals,
    budgets.revision_chains,
    budgets.frozen_figures,
    budgets.revision_copies,
    sprints.states,
    sprints.commitments,
    sprints.closed_sprints,
    backlog.history,
    backlog.history_order,
    backlog.ranks,
    backlog.sprint_projects,
    policies.statuses,
    policies.versions,
    policies.sign_offs,
    policies.feedback,
    privacy.people,
    privacy.labour_lines,
    privacy.audited_lines,
    identity.identity_left,
    orphans.audited_rows,
    orphans.settings,
)


class CheckReport(NamedTuple):
    database: str  # the database in words (``Database.describe``)
    revision: str
    findings: tuple[Finding, ...]

    @property
    def healthy(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        if self.healthy:
            return f"{self.database} is healthy (schema {self.revision})."
        count = len(self.findings)
        problems = "1 problem" if count == 1 else f"{count} problems"
        return f"{self.database} has {problems} (schema {self.revision}): {self.findings[0].what}"

    def as_json(self) -> dict[str, object]:
        return {
            "database": self.database,
            "schema": self.revision,
            "healthy": self.healthy,
            "findings": [finding.as_json() for finding in self.findings],
        }


def _revision_finding(revision: str, where: str) -> Finding | None:
    from app.db.migrations import HEAD, REVISIONS

    if revision == HEAD:
        return None
    if revision in REVISIONS:
        return Finding(
            "schema",
            f"The schema is revision {revision}, older than this app's {HEAD}, so Steward's own checks were skipped.",
            where,
            "Run `steward init` to upgrade it (a backup is taken first), then check again.",
        )
    return Finding(
        "schema",
        f"The schema is revision {revision}, which this app does not know (a newer Steward made it?), so "
        "Steward's own checks were skipped.",
        where,
        "Check it with the Steward that made it, or restore a backup this app made with `steward restore FILE`.",
    )


def _run(check: Check, reader: Reader, *, where: str) -> list[Finding]:
    """One check's findings; a read the file refuses is itself a finding (the file is damaged)."""
    try:
        return check(reader)
    except sqlite3.DatabaseError as error:
        name = getattr(check, "__name__", "check")
        return [
            Finding(
                "unreadable", f"The {name.replace('_', ' ')} check could not read the file: {error}.", where, RESTORE
            )
        ]


def check_database(database: Database) -> CheckReport:
    """Every check's findings on ``database`` (read-only); ``UserError`` when it is missing or not Steward's."""
    from app.db.schema import current_revision

    if not database.exists():
        raise UserError(f"There is no database at {database.describe()}.")
    revision = current_revision(database)
    if revision is None:
        raise UserError(f"{database.describe()} is empty: it holds no Steward database yet (`steward init` makes one).")
    where = f"the file {database.sqlite_path}" if database.sqlite_path is not None else database.describe()
    findings: list[Finding] = []
    revision_finding = _revision_finding(revision, where)
    if database.is_sqlite:
        reader = database.reader()  # shared with the app's pages: left open
        try:
            findings += storage.integrity(reader, where=where)
            findings += storage.foreign_keys(reader)
        except sqlite3.DatabaseError as error:
            findings.append(Finding("unreadable", f"SQLite cannot read the file: {error}.", where, RESTORE))
        if revision_finding is None and not any(finding.check in ("integrity", "unreadable") for finding in findings):
            for check in STEWARD_CHECKS:
                findings += _run(check, reader, where=where)
    else:  # a database server keeps its own pages: its references and Steward's rules are checked here
        reader = database.reader()
        findings += storage.references(reader)
        if revision_finding is None:
            for check in STEWARD_CHECKS:
                if check is not storage.money_storage:  # a server's money columns hold whole numbers only
                    findings += check(reader)
    if revision_finding is not None:
        findings.append(revision_finding)
    return CheckReport(database.describe(), revision, tuple(findings))
