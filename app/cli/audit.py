"""``steward audit``: the audit trail, newest first, in words or as JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from app.cli.common import JSON_INSTEAD_OF_TABLE, argument, command, day, opened
from app.services.change import Entity

# ``list_events``' keyword arguments, each an option of the command: (option, keyword, the option's argparse settings).
_FILTERS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("--since", "since", {"metavar": "DATE", "type": day, "help": "only events on or after this day (2026-12-01)"}),
    ("--entity", "entity", {"metavar": "E", "choices": [entity.value for entity in Entity], "help": "only this kind"}),
    ("--id", "entity_id", {"metavar": "N", "type": int, "help": "only events of this row (with --entity)"}),
    ("--action", "action", {"metavar": "A", "help": "only this action (created, updated, approved ...)"}),
    ("--actor", "actor", {"metavar": "NAME", "help": "only events made by this user"}),
    ("--limit", "limit", {"metavar": "N", "type": int, "help": "at most N events"}),
)


@command(
    "audit",
    help="the audit trail: who changed what and when, newest first",
    arguments=(
        *(argument(option, dest=keyword, **settings) for option, keyword, settings in _FILTERS),
        JSON_INSTEAD_OF_TABLE,
    ),
)
def cmd_audit(args: argparse.Namespace) -> int:
    from app.queries.audit import list_events

    database = opened(args)
    events = list_events(database.reader(), **{keyword: getattr(args, keyword) for _, keyword, _ in _FILTERS})
    if args.json:
        print(json.dumps([event.as_json() for event in events], indent=2, ensure_ascii=False))
        return 0
    if not events:
        print("No audit events match.")
        return 0
    for event in events:
        what = event.entity if event.entity_id is None else f"{event.entity} {event.entity_id}"
        line = f"{event.at:%Y-%m-%d %H:%M %Z}  {event.actor}  {what}  {event.action}"
        changes = event.changes()
        print(line + (f"  {changes}" if changes else "") + (f"  (why: {event.reason})" if event.reason else ""))
    return 0
