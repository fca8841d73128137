"""The audit trail as people read it: who did what, when, and what changed, newest first.

``list_events`` filters by entity, action, actor, entity id and a first day;
``AuditRecord.changes`` says each changed field as ``field: old → new``, a stored
value by its label ("proof_of_concept" reads "Proof of concept"). Events are
stored in UTC; a record's ``at`` is the reader's local time, with its offset.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any, NamedTuple

from app.db.reader import Reader
from app.labels import field_kinds, label
from app.queries.records import Records
from app.queries.values import instant, text


class AuditRecord(NamedTuple):
    id: int
    at: datetime
    actor: str
    entity: str
    entity_id: int | None
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str

    def changes(self) -> str:
        """What changed, in words: ``name: 'Fraud scoring' → 'Card fraud scoring'``, one field after another."""
        before, after = self.before or {}, self.after or {}
        parts = []
        for field in dict.fromkeys([*before, *after]):
            kinds = field_kinds(self.entity, field)
            if field in before and field in after:
                parts.append(f"{field}: {_shown(before[field], kinds)} → {_shown(after[field], kinds)}")
            elif field in after:
                parts.append(f"{field}: {_shown(after[field], kinds)}")
            else:
                parts.append(f"{field} was {_shown(before[field], kinds)}")
        return "; ".join(parts)

    def as_json(self) -> dict[str, Any]:
        """The event as stored (values unchanged, for programs), its time with its UTC offset."""
        return {**self._asdict(), "at": self.at.isoformat()}


def _shown(value: Any, kinds: tuple[type[StrEnum], ...] = ()) -> str:
    """A stored value as a reader sees it: text quoted, an enum value by its label, lists as JSON."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        if kinds and any(value in {member.value for member in kind} for kind in kinds):
            return label(value, *kinds)
        return repr(value)
    return str(value)


def local_time(stored: object) -> datetime:
    """An event's stored UTC moment as the reader's local time, with its offset."""
    moment = instant(stored)
    if moment is None:
        return datetime.min.replace(tzinfo=UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def _stored_start_of(day: date) -> str:
    """The UTC moment, as events store it, at which the reader's local ``day`` begins."""
    start = datetime.combine(day, time()).astimezone(UTC).replace(tzinfo=None)
    return start.isoformat(sep=" ")


def _values(text: str | None) -> dict[str, Any] | None:
    return None if text is None else dict(json.loads(text))


_EVENTS = Records(AuditRecord, at=local_time, before=_values, after=_values, reason=text)


def list_events(
    reader: Reader,
    *,
    since: date | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
    action: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
) -> list[AuditRecord]:
    """The audit events that match every filter given, newest first."""
    where: list[str] = []
    params: dict[str, object] = {}
    for column, value in (("entity", entity), ("entity_id", entity_id), ("action", action), ("actor", actor)):
        if value is not None:
            where.append(f"{column} = :{column}")
            params[column] = value
    if since is not None:
        where.append("at >= :since")
        params["since"] = _stored_start_of(since)
    sql = "SELECT id, at, actor, entity, entity_id, action, before, after, reason FROM audit_event"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY at DESC, id DESC"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return _EVENTS.all(reader.rows(sql, params))
