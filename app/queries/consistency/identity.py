"""An erased person's name or e-mail left in free text: notes, comments, titles, descriptions, the audit trail.

The erasure rewrites the person's own row and their own audit events; text that
others typed or Steward copied (an assessment's note, a feedback comment, a labour
line's description, an audit event of another row) keeps whatever it said. What the
person was called is known only where it survived: their row or their events when
the erasure was cut short, and the labour lines described before it (``privacy``
reports those sources themselves). Every free-text column is then searched for
those words. A finding names the rows and the erased person's number, never the words.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable

from app.db.reader import Reader
from app.queries.consistency.findings import Finding, plural, rows_finding
from app.queries.consistency.privacy import AUDIT_ADVICE, ERASED_EMAIL, ERASED_NAME, audited_line_events, dicts_in

# Free text that can name someone, by table. The person's own row and their own events are privacy's.
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "assessment": ("note",),
    "certification": ("name", "issuer"),
    "feedback": ("comment",),
    "sign_off": ("comment",),
    "membership": ("role",),
    "backlog_item": ("title", "acceptance_criteria"),
    "budget_line": ("description", "note"),
    "policy": ("title",),
    "policy_version": ("text", "change_summary"),
    "project": ("description",),
    "sprint": ("goal",),
    "audit_event": ("before", "after", "reason"),
}
# Shorter words would match inside ordinary text.
SHORTEST = 4
_LABOUR = re.compile(r"^(?P<who>.+), [0-9.]+ FTE$")
_ROLE = re.compile(r" \([^()]*\)$")


def labour_name(description: str) -> str | None:
    """The member's name a labour line was described with ("Ann Lee (Analyst), 0.5 FTE" -> "Ann Lee")."""
    match = _LABOUR.match(description)
    return _ROLE.sub("", match.group("who")) if match else None


def _person_words(reader: Reader, erased: set[int]) -> Iterable[tuple[int, str]]:
    for person_id, name, email in reader.rows("SELECT id, name, email FROM person WHERE erased_on IS NOT NULL"):
        if name != ERASED_NAME.format(id=person_id):
            yield int(person_id), str(name)
        if email != ERASED_EMAIL.format(id=person_id):
            yield int(person_id), str(email)
    for person_id, before, after in reader.rows(
        "SELECT entity_id, before, after FROM audit_event WHERE entity = 'person' AND (before IS NOT NULL OR after"
        " IS NOT NULL)"
    ):
        if person_id in erased:
            for values in (before, after):
                for found in dicts_in(_json(values)):
                    yield from ((int(person_id), str(found[key])) for key in ("name", "email") if found.get(key))


def _labour_words(reader: Reader, erased: set[int]) -> Iterable[tuple[int, str]]:
    for person_id, description in reader.rows(
        "SELECT labour_person_id, description FROM budget_line WHERE labour_person_id IS NOT NULL"
    ):
        name = labour_name(str(description)) if person_id in erased else None
        if name is not None:
            yield int(person_id), name
    for before, after in reader.rows(
        "SELECT before, after FROM audit_event"
        " WHERE before LIKE '%labour_person_id%' OR after LIKE '%labour_person_id%'"
    ):
        for values in (before, after):
            for line in dicts_in(_json(values)):
                person_id, description = line.get("labour_person_id"), line.get("description")
                if person_id in erased and isinstance(description, str):
                    name = labour_name(description)
                    if name is not None:
                        yield int(person_id), name


def _json(text: str | None) -> object:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def former_words(reader: Reader) -> dict[str, int]:
    """What erased people were called, where it survived: lower-cased words -> the person's id."""
    erased = {int(row[0]) for row in reader.rows("SELECT id FROM person WHERE erased_on IS NOT NULL")}
    if not erased:
        return {}
    words: dict[str, int] = {}
    for person_id, text in (*_person_words(reader, erased), *_labour_words(reader, erased)):
        cleaned = text.strip().casefold()
        if len(cleaned) >= SHORTEST and not cleaned.startswith(ERASED_NAME.format(id=person_id).casefold()):
            words.setdefault(cleaned, person_id)
    return words


def _sources(reader: Reader, erased: set[int]) -> set[tuple[str, int]]:
    """The rows ``privacy`` reports as where the words survived: not reported twice."""
    ids = ", ".join(str(person_id) for person_id in erased)
    audited = audited_line_events(reader, erased).values()
    return {
        *(("audit_event", event_id) for events in audited for event_id in events),
        *(
            ("budget_line", int(row[0]))
            for row in reader.rows(f"SELECT id FROM budget_line WHERE labour_person_id IN ({ids})")
        ),
        *(
            ("audit_event", int(row[0]))
            for row in reader.rows(f"SELECT id FROM audit_event WHERE entity = 'person' AND entity_id IN ({ids})")
        ),
    }


def identity_left(reader: Reader) -> list[Finding]:
    """Rows whose free text still holds what an erased person was called."""
    words = former_words(reader)
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    skipped = _sources(reader, set(words.values()))
    holding: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
    for table, columns in TEXT_COLUMNS.items():
        # A line break between the columns, written into the literal (SQLite's char() is PostgreSQL's chr()).
        texts = " || '\n' || ".join(f"coalesce({column}, '')" for column in columns)
        written = " OR ".join(f"{column} <> ''" for column in columns)
        for row_id, text in reader.rows(f"SELECT id, {texts} FROM {table} WHERE {written} ORDER BY id"):
            match = pattern.search(str(text)) if text else None
            if match is not None and (table, int(row_id)) not in skipped:
                holding[(words[match.group(0).casefold()], table)].append(int(row_id))
    findings = []
    for (person_id, table), rows in sorted(holding.items()):
        named = " or ".join(TEXT_COLUMNS[table])
        findings.append(
            rows_finding(
                "privacy.identity",
                f"The name or e-mail erased person {person_id} had still appears in the {named} of "
                f"{plural(len(rows), f'{table} row')}.",
                table,
                rows,
                advice=(
                    AUDIT_ADVICE
                    if table == "audit_event"
                    else f"Edit the {named} of those rows to leave it out, on the pages that show them."
                ),
            )
        )
    return findings
