"""Rows whose subject is gone where the schema cannot say so: audit events about rows, and settings.

An audit event names its row by entity and id, which no foreign key guards (the
trail outlives what it describes). Every service that removes a row records it
("deleted", or "retracted", "withdrawn", "merged"), so an event about a row that is
gone with no such record means the row was removed behind Steward's back. Only the
kinds of row that are removed as themselves are checked: lines, memberships and
requirements also go with their plan or project, audited there. Settings are one
JSON value under a key Steward knows; anything else is ignored, silently.
"""

from __future__ import annotations

from app.db.reader import Reader
from app.errors import UserError
from app.queries.consistency.findings import Finding, ids_text, plural, rows_finding
from app.settings import FINANCE_KEY, STAFFING_KEY, finance_from_json, staffing_from_json

# Entities whose rows are only ever removed by a service that audits the removal on the same entity and id.
AUDITED_ROWS = (
    "assessment",
    "backlog_item",
    "budget_plan",
    "person",
    "policy",
    "policy_version",
    "project",
    "skill",
    "skill_area",
    "sprint",
)
REMOVALS = ("deleted", "retracted", "withdrawn", "merged")
# Where the app edits each setting.
SETTINGS_MENU = {STAFFING_KEY: "Edit → Skill shape rules…", FINANCE_KEY: "Edit → Finance settings…"}
SETTINGS = {
    STAFFING_KEY: lambda text: staffing_from_json(text).shapes.check(),
    FINANCE_KEY: lambda text: finance_from_json(text).check(),
}


def audited_rows(reader: Reader) -> list[Finding]:
    """Audit events about a row that is gone without a record of its removal."""
    removals = ", ".join(f"'{action}'" for action in REMOVALS)
    findings = []
    for entity in AUDITED_ROWS:
        rows = reader.rows(
            f"""
            SELECT e.entity_id, min(e.id) FROM audit_event AS e
            WHERE e.entity = :entity AND e.entity_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM {entity} AS r WHERE r.id = e.entity_id)
            GROUP BY e.entity_id HAVING count(CASE WHEN e.action IN ({removals}) THEN 1 END) = 0
            ORDER BY e.entity_id
            """,
            {"entity": entity},
        )
        if rows:
            ids = [int(row[0]) for row in rows]
            first_events = [int(row[1]) for row in rows]
            findings.append(
                rows_finding(
                    "orphans.audit",
                    f"The audit trail describes {plural(len(ids), entity.replace('_', ' '))} that are gone with no "
                    "record of their removal: they were deleted outside Steward.",
                    entity,
                    ids,
                    then=f" (first named by audit {ids_text(first_events, noun='event')})",
                )
            )
    return findings


def _value_problem(key: str, text: str) -> str | None:
    import json

    try:
        json.loads(text)
    except ValueError:
        return "is not JSON"
    try:
        SETTINGS[key](text)
    except UserError as error:
        return f"holds values Steward refuses ({error})"
    return None


def settings(reader: Reader) -> list[Finding]:
    """Every setting is one Steward reads, holding JSON it accepts (else it falls back to defaults unseen)."""
    findings = []
    for key, value in reader.rows("SELECT key, value FROM setting ORDER BY key"):
        if key not in SETTINGS:
            findings.append(
                Finding(
                    "orphans.setting",
                    f"The setting {key!r} is not one this Steward reads, so it has no effect.",
                    f"table setting, key {key!r}",
                    "If a newer Steward wrote it, open the database with that one; otherwise it can be left, "
                    "or the database restored from a backup with `steward restore FILE`.",
                    "setting",
                )
            )
            continue
        problem = _value_problem(key, str(value))
        if problem is not None:
            findings.append(
                Finding(
                    "orphans.setting",
                    f"The {key} setting {problem}, so Steward uses its defaults instead.",
                    f"table setting, key {key!r}",
                    f"Open {SETTINGS_MENU[key]}, check the values and save them.",
                    "setting",
                )
            )
    return findings
