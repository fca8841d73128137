"""What one consistency check found, and the words every check shares: rows, plans, the usual advice.

A ``Finding`` is one fact that is wrong, small enough to read on one or two lines:
what is wrong, where (the table, the row ids, and the project, plan or sprint by
name, so nobody needs a SQLite shell to find it), and what to do, as one sentence.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from app.db.reader import Reader

# The advice for damage Steward cannot have made: rows changed behind its back or a damaged file.
RESTORE = "Restore the newest good backup with `steward restore FILE` (`steward backups` lists them)."
# How many row ids a finding's "where" names before it says how many more there are.
SHOWN_IDS = 5


class Finding(NamedTuple):
    check: str  # which check found it, a stable key such as "budget.approval" (the JSON's and the tests' handle)
    what: str  # what is wrong, one sentence
    where: str  # the table, the rows and the project, plan or sprint they belong to, in words
    advice: str  # what to do, one sentence
    table: str | None = None
    row_ids: tuple[int, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "check": self.check,
            "what": self.what,
            "where": self.where,
            "advice": self.advice,
            "table": self.table,
            "row_ids": list(self.row_ids),
        }


def ids_text(ids: Sequence[int], *, noun: str = "row") -> str:
    """ "row 4", "rows 4, 7 and 9", "rows 4, 7, 9, 12, 15 and 3 more"."""
    shown = [str(row_id) for row_id in ids[:SHOWN_IDS]]
    if len(ids) == 1:
        return f"{noun} {shown[0]}"
    if len(ids) > SHOWN_IDS:
        return f"{noun}s {', '.join(shown)} and {len(ids) - SHOWN_IDS} more"
    return f"{noun}s {', '.join(shown[:-1])} and {shown[-1]}"


def rows_finding(
    check: str, what: str, table: str, ids: Sequence[int], *, advice: str = RESTORE, then: str = "", noun: str = "row"
) -> Finding:
    """A finding about the rows ``ids`` of ``table``: where is "table T, rows 4, 7 and 9" and ``then`` (their owner)."""
    return Finding(check, what, f"table {table}, {ids_text(ids, noun=noun)}{then}", advice, table, tuple(ids))


def plan_words(name: str, fiscal_year: int, revision: int) -> str:
    """A budget plan as its page names it: "plan 'Baseline' (2026)" or "(2026, revision 2)"."""
    if revision > 1:
        return f"plan {name!r} ({fiscal_year}, revision {revision})"
    return f"plan {name!r} ({fiscal_year})"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def row_ids(reader: Reader, sql: str, params: Mapping[str, Any] | None = None) -> list[int]:
    """The row ids ``sql`` lists in its first column, in its order: the rows a finding names."""
    return [int(row[0]) for row in reader.rows(sql, params)]


def grouped_ids(pairs: Iterable[Sequence[Any]]) -> list[tuple[int, list[int]]]:
    """(key, row id) pairs as each key (a project, a sprint) with its row ids in order, by key: a finding a key."""
    grouped: defaultdict[int, list[int]] = defaultdict(list)
    for key, row_id in pairs:
        grouped[int(key)].append(int(row_id))
    return sorted(grouped.items())


_NOT_JSON = object()


def audit_values(stored: str | None) -> Any:
    """An audit event's ``before`` or ``after`` as JSON, or ``NOT_JSON`` for none or text that is not JSON.

    Parsed here rather than with SQLite's ``json_valid`` and ``json_extract``, so the checks run on any backend.
    """
    if stored is None:
        return _NOT_JSON
    try:
        return json.loads(stored)
    except ValueError:
        return _NOT_JSON


def is_json(value: Any) -> bool:
    return value is not _NOT_JSON


def field(values: Any, name: str) -> Any:
    """``values[name]`` of a JSON object (as ``json_extract(..., '$.name')``), else None."""
    return values.get(name) if isinstance(values, dict) else None
