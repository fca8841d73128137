"""Erased people: nothing that identifies them may be left (``app.services.people.erase_person``).

The erasure replaces the person's name with "Erased person N", their e-mail with
``erased-N@invalid.example`` and their title with nothing, makes them inactive and
clears the field values of the audit events about them. What it leaves is anonymous
on purpose (assessments, memberships, feedback, sign-offs point at "Erased person N").
Besides checking that each of those steps holds, this looks where the name was
copied: a labour budget line's description is written from the member's name when
it is computed ("Priya Raman, 0.5 FTE"), and the audit events of budget plans and
lines keep those descriptions. A finding names the rows, never the identity.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from app.db.reader import Reader
from app.queries.consistency.findings import Finding, plan_words, plural, row_ids, rows_finding

# The words the erasure writes (app.services.people.erase_person).
ERASED_NAME = "Erased person {id}"
ERASED_EMAIL = "erased-{id}@invalid.example"
# Audit events that can copy a labour line's description: the line's own and its plan's.
_LINE_ENTITIES = ("budget_plan", "budget_line")
AUDIT_ADVICE = (
    "The audit trail is append-only and the erasure clears only the person's own events: tell whoever maintains "
    "Steward, and keep this database's copies (backups, exports) from leaving the organisation."
)
_REDO = (
    "Steward cannot re-run an erasure yet: restore the newest backup from before the erasure with "
    "`steward restore FILE` and erase person {id} again from People → Erase…"
)


def _erased(reader: Reader) -> list[tuple[int, str, str, str, int]]:
    return [
        (int(row[0]), str(row[1]), str(row[2]), str(row[3] or ""), int(row[4]))
        for row in reader.rows("SELECT id, name, email, title, active FROM person WHERE erased_on IS NOT NULL")
    ]


def people(reader: Reader) -> list[Finding]:
    """An erased person's row carries none of their identity, and the events about them no values."""
    findings = []
    for person_id, name, email, title, active in _erased(reader):
        kept = [
            field
            for field, wrong in (
                ("name", name != ERASED_NAME.format(id=person_id)),
                ("e-mail", email != ERASED_EMAIL.format(id=person_id)),
                ("title", title != ""),
                ("active flag", bool(active)),
            )
            if wrong
        ]
        if kept:
            findings.append(
                Finding(
                    "privacy.person",
                    f"Person {person_id} is marked erased but still has their own {', '.join(kept)}.",
                    f"table person, row {person_id}",
                    _REDO.format(id=person_id),
                    "person",
                    (person_id,),
                )
            )
    erased = {person_id for person_id, *_rest in _erased(reader)}
    for person_id in sorted(erased):
        events = row_ids(
            reader,
            "SELECT id FROM audit_event WHERE entity = 'person' AND entity_id = :id"
            " AND (before IS NOT NULL OR after IS NOT NULL) ORDER BY id",
            {"id": person_id},
        )
        if events:
            findings.append(
                rows_finding(
                    "privacy.audit",
                    f"{plural(len(events), 'audit event')} about erased person {person_id} still hold the values "
                    "that were changed (their name, e-mail or title among them).",
                    "audit_event",
                    events,
                    advice=_REDO.format(id=person_id),
                )
            )
    return findings


def labour_lines(reader: Reader) -> list[Finding]:
    """A labour line of an erased person was described with their name unless it was computed after the erasure."""
    lines: dict[tuple[int, int], list[int]] = {}
    plans: dict[int, tuple[str, int, int, str, str]] = {}
    for line_id, person_id, description, plan_id, *plan in reader.rows(
        """
        SELECT l.id, l.labour_person_id, l.description, b.id, b.name, b.fiscal_year, b.revision, b.state,
               coalesce(p.name, '?')
        FROM budget_line AS l JOIN person AS who ON who.id = l.labour_person_id
        JOIN budget_plan AS b ON b.id = l.plan_id LEFT JOIN project AS p ON p.id = b.project_id
        WHERE who.erased_on IS NOT NULL ORDER BY l.id
        """
    ):
        if not str(description).startswith(ERASED_NAME.format(id=person_id)):
            lines.setdefault((int(plan_id), int(person_id)), []).append(int(line_id))
            plans[int(plan_id)] = (str(plan[0]), int(plan[1]), int(plan[2]), str(plan[3]), str(plan[4]))
    findings = []
    for (plan_id, person_id), line_ids in sorted(lines.items()):
        name, year, revision, state, project = plans[plan_id]
        if state == "draft":
            advice = "Refresh the plan's labour lines (Budget page, Labour tab, Refresh from members)."
        else:
            advice = (
                f"The plan is {state} and read-only: make a revision of it on its Budget page and refresh the "
                "revision's labour lines (an erasure made by Steward from schema 0004 on rewrites them itself)."
            )
        findings.append(
            rows_finding(
                "privacy.labour_line",
                f"{plural(len(line_ids), 'labour line')} of erased person {person_id} are still described as before "
                "the erasure, with their name.",
                "budget_line",
                line_ids,
                advice=advice,
                then=f" of {plan_words(name, year, revision)} of project {project!r} (budget_plan {plan_id})",
            )
        )
    return findings


def dicts_in(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object inside ``value``, itself included."""
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from dicts_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from dicts_in(inner)


def _names_someone(values: Any, erased: set[int]) -> int | None:
    """The erased person whose labour line ``values`` describe with their old words, or None."""
    for line in dicts_in(values):
        person_id = line.get("labour_person_id")
        description = line.get("description")
        erased_words = ERASED_NAME.format(id=person_id)
        if person_id in erased and isinstance(description, str) and not description.startswith(erased_words):
            return int(person_id)
    return None


def audited_line_events(reader: Reader, erased: set[int]) -> dict[int, list[int]]:
    """Per erased person, the audit events of budget lines that describe their labour line with their name."""
    if not erased:
        return {}
    marks = ", ".join(f"'{entity}'" for entity in _LINE_ENTITIES)
    holding: dict[int, list[int]] = {}
    for event_id, before, after in reader.rows(
        f"SELECT id, before, after FROM audit_event WHERE entity IN ({marks})"
        " AND (before LIKE '%labour_person_id%' OR after LIKE '%labour_person_id%') ORDER BY id"
    ):
        for text in (before, after):
            try:
                person_id = _names_someone(json.loads(text), erased) if text else None
            except ValueError:
                person_id = None
            if person_id is not None:
                holding.setdefault(person_id, []).append(int(event_id))
                break
    return holding


def audited_lines(reader: Reader) -> list[Finding]:
    """Audit events of budget lines that still describe an erased person's labour line with their name."""
    erased = {person_id for person_id, *_rest in _erased(reader)}
    return [
        rows_finding(
            "privacy.audit_lines",
            f"{plural(len(events), 'audit event')} of budget lines still describe erased person {person_id}'s "
            "labour line with their name.",
            "audit_event",
            events,
            advice=AUDIT_ADVICE,
        )
        for person_id, events in sorted(audited_line_events(reader, erased).items())
    ]
